"""The chrome around a text: point in time, article timeline, resolution pages, permalink names."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import get_args

from governance.gate.works import Work
from governance.records.resolutions import load_resolution
from governance.site.anchors import permalink_name
from governance.site.builder import build_site
from governance.site.embedding import expand
from governance.site.messages import message
from governance.site.record_views import RecordView, Signature
from governance.text import redline
from tests.testing import site_works as w

MEETING = """id: BD-2026-007
body: board-of-directors
date: 2026-09-20
form: meeting
attendance:
  members: 9
  present: 7
votes:
  for: 6
  against: 1
  abstain: 0
decisions:
  - regulation: bribery-prevention
    action: amend
    digest: {digest}
    effective: 2026-10-01
recorded_by: Hanako Sato, Board Secretary
"""


def site(records: dict[str, RecordView] | None = None, *, signed: bool = True) -> dict[str, str]:
    built = build_site(
        w.everything(), w.TODAY, body_names=w.BODY_NAMES, records=records, signatures_required=signed
    )
    return {page.uri: w.prose(expand(page.content)) for page in built.pages}


def record(signature: Signature) -> RecordView:
    text = MEETING.format(digest=w.digest(w.AMENDED))
    resolution = load_resolution(text, "resolutions/BD-2026-007.yml")
    return RecordView(resolution, "resolutions/BD-2026-007.yml", text, w.digest(text), signature)


def test_permalinks_are_named_after_the_provision_in_the_language_of_the_text() -> None:
    assert permalink_name("en", "article-5") == "Link to Article 5"
    assert permalink_name("en", "article-5-2") == "Link to Article 5, paragraph 2"
    assert permalink_name("en", "article-2-1-3-a") == "Link to Article 2, paragraph 1, item 3(a)"
    assert permalink_name("ja", "article-5-2") == "第5条第2項へのリンク"
    assert permalink_name("en", "scope") == "Link to this section"


def test_the_text_on_a_date_lists_the_periods_for_the_script_and_the_reader() -> None:
    page = site()["regulations/bribery-prevention/on.md"]
    found = re.search(r'<script type="application/json" id="governance-periods">(.*?)</script>', page)
    assert found is not None
    data = json.loads(found[1])
    assert data["periods"] == [
        {"from": "2026-04-01", "to": "2026-09-30", "url": "../2026-04-01/"},
        {"from": "2026-10-01", "to": "2027-05-31", "url": "../2026-10-01/"},
        {"from": "2027-06-01", "to": None, "url": "../2027-06-01/"},
    ]
    assert data["rescinded"] is None
    assert (
        "| 2026-10-01 to 2027-05-31 | [2026-10-01](2026-10-01/index.md) | BD-2026-007 (2026-09-20) |" in page
    )
    rescinded = site()["regulations/gift-register/on.md"]
    assert '"rescinded": "2026-11-01"' in rescinded and "rescinded with effect from 2026-11-01" in rescinded


def test_the_history_has_a_timeline_of_each_article_and_the_text_marks_coming_changes() -> None:
    pages = site()
    history = pages["regulations/bribery-prevention/history.md"]
    assert "## Changes by article { #article-timeline }" in history
    assert (
        "| Article 6. Supervision of partners | [2026-10-01](2026-10-01/redline.md#article-6) amended (BD-2026-007) |"
        in history
    )
    assert "[2027-06-01](2027-06-01/redline.md#article-8) amended, not yet in force (BD-2027-002)" in history
    main = pages["regulations/bribery-prevention/index.md"]
    note = main[main.index('id="article-8"') :]
    assert note.index('!!! warning "Adopted, not yet in force"') < note.index("These regulations apply")
    assert "amended with effect from 2027-06-01 by resolution BD-2027-002" in note
    assert "Adopted, not yet in force" not in main[: main.index('id="article-8"')].split("About this text")[1]


def test_a_resolution_page_gives_the_record_its_signature_and_the_exact_versions() -> None:
    verified = Signature("verified", signer="hanako.sato@example.com", key="SHA256:abc")
    pages = site({"BD-2026-007": record(verified)})
    page = pages["resolutions/BD-2026-007/index.md"]
    for fact in (
        "| **Body** | Board of Directors |",
        "| **Form** | Meeting |",
        "| **Attendance** | 7 of 9 members present |",
        "| **Votes** | 6 for, 1 against, 0 abstaining |",
        "| **Recorded by** | Hanako Sato, Board Secretary |",
        "Signed and verified: key SHA256:abc of hanako.sato@example.com",
        "[the version of 2026-10-01](../../regulations/bribery-prevention/2026-10-01/index.md)",
        "[its changes](../../regulations/bribery-prevention/2026-10-01/redline.md)",
    ):
        assert fact in page, fact
    assert pages["resolutions/BD-2026-007/BD-2026-007.yml.txt"].startswith("id: BD-2026-007")
    history = pages["regulations/bribery-prevention/history.md"]
    assert "[BD-2026-007](../../resolutions/BD-2026-007/index.md) (Board of Directors)" in history
    assert "signed by its secretary" in pages["index.md"]


def test_a_resolution_page_shows_the_steps_beyond_the_vote() -> None:
    opinion = "sha256:" + "a" * 64
    steps = (
        "consultations:\n  - representative: 過半数代表者　山田太郎\n    date: 2026-09-22\n"
        f"    opinion: resolutions/意見書/BD-2026-007.pdf\n    digest: {opinion}\n"
        "notifications:\n  - office: 渋谷労働基準監督署\n    date: 2026-09-25\n"
    )
    text = MEETING.format(digest=w.digest(w.AMENDED)).replace("recorded_by:", steps + "recorded_by:")
    resolution = load_resolution(text, "resolutions/BD-2026-007.yml")
    view = RecordView(resolution, "resolutions/BD-2026-007.yml", text, w.digest(text), Signature("verified"))
    page = site({"BD-2026-007": view})["resolutions/BD-2026-007/index.md"]
    assert (
        "| **Consultation** | opinion of 過半数代表者　山田太郎, 2026-09-22: `resolutions/意見書/BD-2026-007.pdf`, "
        f'digest <code class="governance-digest">{opinion}</code> |'
    ) in page
    assert "| **Notification** | 渋谷労働基準監督署, 2026-09-25 |" in page


def test_without_signatures_nothing_is_called_signed() -> None:
    pages = site({"BD-2026-007": record(Signature("not-required"))}, signed=False)
    page = pages["resolutions/BD-2026-007/index.md"]
    assert "Not signed: this repository does not sign records" in page
    assert "signed" not in pages["index.md"].replace("does not sign", "")
    assert date(2027, 1, 15) == w.TODAY


def test_any_two_versions_are_compared_on_one_page_from_each_versions_parts() -> None:
    pages = site()
    history = pages["regulations/bribery-prevention/history.md"]
    assert "## Compare any two versions { #compare }" in history
    assert "[Compare any two versions](compare.md)" in history
    assert "**Compare:** [any two versions](compare.md)" in pages["regulations/bribery-prevention/index.md"]
    assert "**Compare:**" not in pages["regulations/bribery-prevention.ja/index.md"]  # one version only
    # No page per pair: the old pages' addresses are small static redirects (test_browser_compare.py).
    assert [uri for uri in pages if "/since-" in uri] == [
        "regulations/bribery-prevention/2027-06-01/since-2026-04-01/index.html"
    ]
    compare = pages["regulations/bribery-prevention/compare.md"]
    assert 'title: "Bribery Prevention Regulations: compare two versions"' in compare
    for name in ("from", "to"):
        assert f'<label for="governance-compare-{name}">' in compare
        assert f'<select id="governance-compare-{name}" name="{name}">' in compare
    config = json.loads(
        re.search(r'<script type="application/json" id="governance-compare">(.*?)</script>', compare, re.S)[1]  # type: ignore[index]
    )
    assert [v["slug"] for v in config["versions"]] == ["2026-04-01", "2026-10-01", "2027-06-01"]
    assert config["versions"][0]["data"] == "../2026-04-01/parts.json"
    assert config["versions"][1]["redline"] == "../2026-10-01/redline/"
    assert config["token"] == redline.TOKEN_PATTERN and config["table"] is None
    assert '<script src="../../../governance/compare.js" defer></script>' in compare
    assert "governance/compare.js" in pages  # one script for every regulation
    # Each version's parts: the renderer's HTML without ids, and the lineage its articles keep.
    first = json.loads(pages["regulations/bribery-prevention/2026-04-01/parts.json"])
    last = json.loads(pages["regulations/bribery-prevention/2027-06-01/parts.json"])
    assert [p["lineage"] for p in first["parts"]] == [f"2026-04-01/{p['key']}" for p in first["parts"]]
    assert [p["lineage"] for p in last["parts"]] == [p["lineage"] for p in first["parts"]]
    article_6 = next(p for p in last["parts"] if p["key"] == "article-6")
    assert article_6["number"] == "Article 6" and " id=" not in article_6["body"]
    assert article_6["body"].startswith("<p>") and "##" not in article_6["body"]
    assert first["front"].startswith("title: ")
    # A text of one version has nothing to compare: no page, no parts.
    assert not [
        uri for uri in pages if uri.startswith("regulations/bribery-prevention.ja/") and "parts" in uri
    ]
    assert "regulations/bribery-prevention.ja/compare.md" not in pages


def test_every_version_of_a_long_history_is_comparable_with_pages_linear_in_the_versions() -> None:
    work = "long-history"
    versions = [
        w.version(
            work,
            w.SEED.replace("thorough research", f"thorough research ({n})"),
            "amend" if n else "enact",
            w.approval(f"BD-2026-{n:03d}", (date(2020, 1, 1) + timedelta(days=40 * n)).isoformat()),
        )
        for n in range(15)
    ]
    built = build_site([Work(work, f"regulations/{work}.md", versions)], w.TODAY)
    pages = {page.uri: page.content for page in built.pages if page.uri.startswith(f"regulations/{work}/")}
    compare = pages[f"regulations/{work}/compare.md"]
    assert compare.count("<option ") == 2 * 15  # the oldest too: no window of the latest
    assert len([uri for uri in pages if uri.endswith("/parts.json")]) == 15
    # The regulation's main, history, on-a-date and compare pages; per version: its page, its source, its
    # parts and (but the first) its redline. Nothing per pair but the old since-pages' addresses, a small
    # static redirect each, for the pairs up to eleven versions apart the old site had: at most ten a
    # version, so still linear in the versions.
    redirects = [uri for uri in pages if "/since-" in uri]
    assert all(uri.endswith("/index.html") for uri in redirects)
    assert len(redirects) == sum(15 - gap for gap in range(2, 12)) < 10 * 15
    assert len(pages) - len(redirects) == 4 + 4 * 15 - 1
    first = json.loads(pages[f"regulations/{work}/{versions[0].approval.effective}/parts.json"])
    last = json.loads(pages[f"regulations/{work}/{versions[-1].approval.effective}/parts.json"])
    assert [p["lineage"] for p in last["parts"]] == [p["lineage"] for p in first["parts"]]


def test_every_kind_of_change_a_redline_reports_has_words_in_both_languages() -> None:
    for status in get_args(redline.Status):
        assert message("en", f"timeline_{status}") and message("ja", f"timeline_{status}")

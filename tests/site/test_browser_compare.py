"""Any two versions compared in a real browser (Chromium), on the static site as `mkdocs build` made it:
an old pair far apart in the history, checked against the Python redline of the same pair (the oracle),
in English (inline) and Japanese (新旧対照表), with the keyboard, at phone width, printed, and by axe-core."""

from __future__ import annotations

import html
import itertools
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from governance.text import redline
from tests.testing import site_works as w
from tests.testing.browser import (
    axe_violations,
    dates_and_ids_broken_over_lines,
    no_sideways_scroll,
    served,
    shot,
)
from tests.testing.governed import JA, REGULATION, SEED, TRANSLATION, governed_copy, record_text
from tests.testing.sshkeys import Keys

WORK = "regulations/bribery-prevention/compare/"
WORK_JA = "regulations/bribery-prevention.ja/compare/"

# Five versions: reworded under a title holding what an HTML parser reads as markup, an article inserted
# (old 9 becomes 10), an article deleted (8 becomes 7 and so on) with a paragraph reworded, a scope widened
# and a whole paragraph deleted, and a link sent elsewhere.
TITLE = "Bribery <!--<script <img src=x onerror=alert(1)> Prevention & *Regulations*"
V2 = SEED.replace("title: Bribery Prevention Regulations", f"title: {TITLE}").replace(
    "thorough research", "thorough and documented [research](https://a.example/research)"
)
V3 = V2.replace(
    "## Article 9. Amendments and rescissions",
    "## Article 9. Whistleblowing\n\nEveryone may report suspected bribery to the compliance department.\n\n"
    "## Article 10. Amendments and rescissions",
)
V4 = (
    V3.replace(
        "## Article 7. Disciplinary measures\n\nCorporate officers or employees who breach these regulations "
        "will incur disciplinary measures based on the employment rules.\n\n",
        "",
    )
    .replace("## Article 8. Scope", "## Article 7. Scope")
    .replace("## Article 9. Whistleblowing", "## Article 8. Whistleblowing")
    .replace("## Article 10. Amendments", "## Article 9. Amendments")
    .replace("appropriately promulgate the prohibition", "promulgate and train on the prohibition")
)
V5 = V4.replace(
    "These regulations apply to the entire IIJ Group.",
    "These regulations apply to the entire IIJ Group and its agents.",
).replace("Words and expressions used in these regulations have the meanings defined below.\n\n", "")
# Only where a link leads: the redline and the comparison show both addresses, or the change is invisible.
V5 = V5.replace("https://a.example/research", "https://evil.example/research")
VERSIONS = [
    ("BD-2026-011", V2, "2026-03-01"),
    ("BD-2026-012", V3, "2026-05-01"),
    ("BD-2026-013", V4, "2026-07-01"),
    ("BD-2026-014", V5, "2026-09-01"),
]
JA_2 = JA.replace("内部統制の枠組みを構築しなければならない。", "内部統制の枠組みを整備しなければならない。")
JA_3 = JA_2.replace("第7条の本文。", "第7条の本文（改正）。")
assert len({SEED, V2, V3, V4, V5}) == 5 and len({JA, JA_2, JA_3}) == 3


@dataclass(frozen=True)
class Built:
    public: Path


@pytest.fixture(scope="module")
def base_url(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    gov = governed_copy(tmp_path_factory.mktemp("compare"), keys, tmp_path_factory)
    for ident, text, day in VERSIONS:
        gov.branch(ident)
        gov.repo.write(REGULATION, text)
        gov.record(ident, record_text(ident, [("bribery-prevention", "amend", w.digest(text))], date=day))
        gov.repo.commit(f"Amend ({ident})")
        gov.merge(ident)
    for ident, text, day in [("CD-2026-011", JA_2, "2026-04-01"), ("CD-2026-012", JA_3, "2026-06-01")]:
        gov.branch(ident)
        gov.repo.write(TRANSLATION, text)
        gov.approve(
            ident, "bribery-prevention.ja", "amend", text, body=w.COMPLIANCE, date=day,
            members=1, present=1, votes_for=1,
        )  # fmt: skip
        gov.repo.commit(f"Correct the translation ({ident})")
        gov.merge(ident)
    assert w.mkdocs_build(gov.path) == []
    BUILT.append(gov.path / "public")
    with served(gov.path / "public") as url:
        yield url


BUILT: list[Path] = []  # the module's built site, for the checks that read its files


_MARK = re.compile(r"<(ins|del)>(.*?)</\1>", re.DOTALL)


def _marks(markup: str, tag: str) -> list[str]:
    """The words in <ins> (or <del>); a mark of blanks alone is not shown as a change in the browser."""
    found = [" ".join(html.unescape(text).split()) for kind, text in _MARK.findall(markup) if kind == tag]
    return [text for text in found if text]


Shown = tuple[str, str, list[str], list[str], str, str, list[str]]
_PARAGRAPH = re.compile(r"<p(?:\s[^>]*)?>(.*?)</p>", re.DOTALL)


def _oracle(old: str, new: str) -> list[Shown]:
    """(status, renumbering, inserted, deleted, text after, text before, paragraphs) of each change of the
    Python redline of the pair: the texts are the part as read without what was deleted (inserted); the
    paragraphs as read, what was deleted and inserted in them (a paragraph deleted whole is one)."""
    out: list[Shown] = []
    for change in redline.redline(old, new):
        said = f"{change.number_before} → {change.number_after}" if change.number_before else ""
        marked = change.heading_html + " " + change.html
        after, before = (
            _read(re.sub(rf"<{tag}>.*?</{tag}>", "", marked, flags=re.S)) for tag in ("del", "ins")
        )
        paragraphs = [_read(paragraph) for paragraph in _PARAGRAPH.findall(change.html)]
        out.append(
            (change.status, said, _marks(marked, "ins"), _marks(marked, "del"), after, before, paragraphs)
        )
    return out


def _read(markup: str) -> str:
    """The words as read, blanks left out (where blocks meet, the two sides lay blanks differently)."""
    return "".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def _shown(page: object) -> list[Shown]:
    return [
        (
            status,
            said,
            [" ".join(t.split()) for t in ins],
            [" ".join(t.split()) for t in dels],
            after,
            before,
            paragraphs,
        )
        for status, said, ins, dels, after, before, paragraphs in page.locator(  # type: ignore[attr-defined]
            ".governance-compare-result [data-status]"
        ).evaluate_all(
            """boxes => boxes.map(box => {
                const without = tag => {
                    const copy = box.cloneNode(true);
                    copy.querySelectorAll(tag + ', .governance-redline-status').forEach(e => e.remove());
                    return copy.textContent.replace(/\\s+/g, '');
                };
                return [
                    box.dataset.status,
                    (((box.querySelector('.governance-redline-status') || {}).textContent || '')
                        .match(/renumbered: (.*)\\)/) || ['', ''])[1],
                    [...box.querySelectorAll('ins')].map(e => e.textContent).filter(t => t.trim()),
                    [...box.querySelectorAll('del')].map(e => e.textContent).filter(t => t.trim()),
                    without('del'),
                    without('ins'),
                    [...box.querySelectorAll('p')].map(p => p.textContent.replace(/\\s+/g, '')),
                ];
            })"""
        )
    ]


SLUGS = ["2026-01-05", "2026-03-01", "2026-05-01", "2026-07-01", "2026-09-01"]
TEXTS = [SEED, V2, V3, V4, V5]
PAIRS = [(a, b) for a in range(len(SLUGS)) for b in range(a + 1, len(SLUGS))]


@pytest.mark.parametrize(
    ("before", "after", "old", "new"),
    [(SLUGS[a], SLUGS[b], TEXTS[a], TEXTS[b]) for a, b in PAIRS],
    ids=[f"{SLUGS[a]}-{SLUGS[b]}" for a, b in PAIRS],  # every pair, the oldest three amendments apart
)
def test_any_two_versions_show_what_the_python_redline_of_the_pair_shows(
    page: object, base_url: str, before: str, after: str, old: str, new: str
) -> None:
    p = page
    p.set_viewport_size({"width": 1280, "height": 900})  # type: ignore[attr-defined]
    p.goto(f"{base_url}{WORK}?from={before}&to={after}", wait_until="load")  # type: ignore[attr-defined]
    p.wait_for_selector(".governance-compare-result h2")  # type: ignore[attr-defined]
    expected = _oracle(old, new)
    assert _shown(p) == expected
    assert expected  # every pair differs
    result = p.locator(".governance-compare-result").inner_text()  # type: ignore[attr-defined]
    assert "##" not in result and "***" not in result and "End of text" not in result
    shot(p, f"compare-{before}-{after}", full_page=True)


def test_the_old_pair_says_inserted_deleted_and_renumbered_as_drafters_do(
    page: object, base_url: str
) -> None:
    p = page
    p.goto(f"{base_url}{WORK}?from=2026-01-05&to=2026-07-01", wait_until="load")  # type: ignore[attr-defined]
    p.wait_for_selector(".governance-compare-result h2")  # type: ignore[attr-defined]
    heading = p.locator(".governance-compare-result h2").inner_text()  # type: ignore[attr-defined]
    assert heading == "Changes from the version of 2026-01-05 to the version of 2026-07-01"
    intro = p.locator(".governance-compare-result p").first.inner_text()  # type: ignore[attr-defined]
    assert "BD-2026-011, BD-2026-012, BD-2026-013" in intro and "BD-2026-014" not in intro
    statuses = p.locator(".governance-redline-status").all_inner_texts()  # type: ignore[attr-defined]
    assert "(deleted)" in statuses and "(inserted)" in statuses
    assert "(renumbered: Article 8 → Article 7)" in statuses
    assert "(renumbered: Article 9 → Article 10)" not in statuses  # it went back to 9: unchanged here
    assert p.locator("#governance-compare-from").input_value() == "2026-01-05"  # type: ignore[attr-defined]
    assert p.locator("#governance-compare-to").input_value() == "2026-07-01"  # type: ignore[attr-defined]
    # Printed: the comparison without the form.
    p.emulate_media(media="print")  # type: ignore[attr-defined]
    assert p.locator(".governance-compare-form").is_hidden()  # type: ignore[attr-defined]
    assert p.locator(".governance-compare-result ins").first.is_visible()  # type: ignore[attr-defined]
    p.pdf(path=str(w.ROOT / "test-artifacts" / "site-compare-print.pdf"))  # type: ignore[attr-defined]
    p.emulate_media(media="screen")  # type: ignore[attr-defined]


def test_a_title_holding_markup_is_shown_as_written_and_every_script_still_runs(
    page: object, base_url: str
) -> None:
    # `<!--` in a title printed raw by the theme (header, navigation) opened a comment that swallowed the
    # rest of the page: no text, no script. The page's data for its script is inert JSON whatever it holds.
    p = page
    p.goto(f"{base_url}{WORK}?from=2026-01-05&to=2026-09-01", wait_until="load")  # type: ignore[attr-defined]
    p.wait_for_selector(".governance-compare-result h2")  # type: ignore[attr-defined]
    assert p.locator("h1").inner_text() == f"{TITLE}: compare two versions"  # type: ignore[attr-defined]
    topic = p.locator("[data-md-component=header-topic]").inner_text()  # type: ignore[attr-defined]
    assert TITLE in topic
    assert p.title().startswith("Changes from the version of 2026-01-05")  # type: ignore[attr-defined]
    assert p.locator("footer").count() >= 1  # type: ignore[attr-defined]  # the page is whole
    p.goto(f"{base_url}regulations/bribery-prevention/on/?date=2026-06-30", wait_until="load")  # type: ignore[attr-defined]
    p.wait_for_url("**/regulations/bribery-prevention/2026-05-01/")  # type: ignore[attr-defined]
    assert TITLE in p.locator("[data-md-component=header-topic]").inner_text()  # type: ignore[attr-defined]


def test_the_form_works_with_the_keyboard_and_refuses_what_is_not_a_pair(page: object, base_url: str) -> None:
    p = page
    p.goto(base_url + WORK, wait_until="load")  # type: ignore[attr-defined]
    assert p.locator(".governance-compare-result").inner_text() == ""  # type: ignore[attr-defined]
    p.locator("#governance-compare-from").focus()  # type: ignore[attr-defined]
    p.keyboard.press("ArrowUp")  # type: ignore[attr-defined]  # the options are newest first
    p.keyboard.press("Tab")  # type: ignore[attr-defined]
    p.keyboard.press("Tab")  # type: ignore[attr-defined]
    p.keyboard.press("Enter")  # type: ignore[attr-defined]
    p.wait_for_url("**/compare/?from=2026-03-01&to=2026-09-01")  # type: ignore[attr-defined]
    p.wait_for_selector(".governance-compare-result h2")  # type: ignore[attr-defined]
    assert _shown(p) == _oracle(V2, V5)
    p.goto(f"{base_url}{WORK}?from=2026-09-01&to=2026-03-01", wait_until="load")  # type: ignore[attr-defined]
    p.wait_for_selector(".governance-compare-result h2")  # type: ignore[attr-defined]
    assert _shown(p) == _oracle(V2, V5)  # earlier to later, whichever way the address says it
    p.goto(f"{base_url}{WORK}?from=2026-05-01", wait_until="load")  # type: ignore[attr-defined]
    p.wait_for_selector(".governance-compare-result h2")  # type: ignore[attr-defined]
    assert _shown(p) == _oracle(V3, V5)  # to the latest when only one side is named
    for query, said in [
        ("?from=2026-03-01&to=2026-03-01", "Choose two different versions."),
        ("?from=1999-01-01&to=2026-03-01", "There is no version 1999-01-01"),
    ]:
        p.goto(base_url + WORK + query, wait_until="load")  # type: ignore[attr-defined]
        assert said in p.locator(".governance-compare-status").inner_text()  # type: ignore[attr-defined]
        assert p.locator(".governance-compare-result").inner_text() == ""  # type: ignore[attr-defined]


def test_a_japanese_text_is_compared_in_a_shinkyu_taishohyo(page: object, base_url: str) -> None:
    p = page
    p.goto(f"{base_url}{WORK_JA}?from=2026-01-05&to=2026-06-01", wait_until="load")  # type: ignore[attr-defined]
    p.wait_for_selector(".governance-compare-result table.governance-comparison")  # type: ignore[attr-defined]
    assert p.locator("html").get_attribute("lang") == "ja"  # type: ignore[attr-defined]
    assert p.locator("label[for=governance-compare-from]").inner_text() == "比較元の版"  # type: ignore[attr-defined]
    rows = p.locator(".governance-compare-result tbody tr").evaluate_all(  # type: ignore[attr-defined]
        """rows => rows.map(row => [
            [...row.cells[0].querySelectorAll('ins')].map(e => e.textContent),
            [...row.cells[1].querySelectorAll('del')].map(e => e.textContent),
        ])"""
    )
    expected = [[_marks(row.after, "ins"), _marks(row.before, "del")] for row in redline.comparison(JA, JA_3)]
    assert rows == expected and len(rows) == 2
    shot(p, "compare-ja", full_page=True)


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_the_comparison_has_no_axe_violation_and_fits_a_phone(
    page: object, base_url: str, width: int
) -> None:
    p = page
    p.emulate_media(media="screen")  # type: ignore[attr-defined]
    p.set_viewport_size({"width": width, "height": 800})  # type: ignore[attr-defined]
    for url in (f"{WORK}?from=2026-01-05&to=2026-07-01", f"{WORK_JA}?from=2026-01-05&to=2026-06-01", WORK):
        p.goto(base_url + url, wait_until="load")  # type: ignore[attr-defined]
        if "?" in url:
            p.wait_for_selector(".governance-compare-result h2, .governance-compare-result table")  # type: ignore[attr-defined]
        assert axe_violations(p) == [], url
        if width == 375:
            assert no_sideways_scroll(p), url
        assert dates_and_ids_broken_over_lines(p) == [], url
    shot(p, f"compare-{'phone' if width == 375 else 'desktop'}", full_page=True)


@pytest.mark.parametrize(
    ("before", "after"),
    [(SLUGS[a], SLUGS[b]) for a, b in PAIRS if b - a > 1],
    ids=[f"{SLUGS[a]}-{SLUGS[b]}" for a, b in PAIRS if b - a > 1],
)
def test_an_old_since_address_leads_to_the_comparison_of_the_same_pair(
    page: object, base_url: str, before: str, after: str
) -> None:
    """The pages `<later>/since-<earlier>/` of the old site (a page per pair, gone) redirect to the
    comparison of the same two versions, with no script: a reader's bookmark still shows that pair."""
    p = page
    old = f"{base_url}regulations/bribery-prevention/{after}/since-{before}/"
    with urllib.request.urlopen(old) as response:  # the page itself, as a reader without scripts gets it
        served_page = response.read().decode("utf-8")
    assert "<script" not in served_page
    link = re.search(r'<a href="([^"]+)">', served_page)
    assert link is not None and link.group(1) == f"../../compare/?from={before}&amp;to={after}"
    p.goto(old, wait_until="load")  # type: ignore[attr-defined]
    p.wait_for_url(f"{base_url}{WORK}?from={before}&to={after}")  # type: ignore[attr-defined]
    p.wait_for_selector(".governance-compare-result h2")  # type: ignore[attr-defined]
    heading = p.locator(".governance-compare-result h2").inner_text()  # type: ignore[attr-defined]
    assert heading == f"Changes from the version of {before} to the version of {after}"


def test_consecutive_versions_and_the_translation_have_only_the_pages_the_old_site_had(base_url: str) -> None:
    """A consecutive pair had its redline, never a since-page: no redirect is made for it."""
    for earlier, later in itertools.pairwise(SLUGS):
        with pytest.raises(urllib.error.HTTPError, match="404"):
            urllib.request.urlopen(f"{base_url}regulations/bribery-prevention/{later}/since-{earlier}/")
    with urllib.request.urlopen(
        f"{base_url}regulations/bribery-prevention.ja/2026-06-01/since-2026-01-05/"
    ) as r:
        redirect = r.read().decode("utf-8")
    assert 'lang="ja"' in redirect and "url=../../compare/?from=2026-01-05&amp;to=2026-06-01" in redirect


_EVENT_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_no_page_obeys_markup_in_a_title(base_url: str) -> None:
    # The title holds `<img src=x onerror=...>`: every page that names the text (its versions, history,
    # comparisons, the home page, the navigation of every page) shows it as written and obeys none of it.
    pages = sorted(BUILT[0].rglob("*.html"))
    assert len(pages) > 20
    obeyed = [str(page.relative_to(BUILT[0])) for page in pages if _EVENT_ATTRIBUTE.search(page.read_text())]
    assert obeyed == []
    shown = [page for page in pages if "<img src=x onerror=alert(1)>" in html.unescape(page.read_text())]
    assert len(shown) > 10

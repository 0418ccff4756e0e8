"""A regulation rescinded and later enacted again was in force in neither's gap (the fifth red-team
review). The audit's work keeps one rescission and forgets it when the text is enacted again
(gate/audit.py _WorkState.add: `self.rescission = None`), so every reader of the works took the first
text to have stayed in force until the new enactment: the site's timeline (the history page, `?date=`
pages), the acknowledgement service's catalog (in force on a day) and the evidence pack's versions in
a period. A real governed repository: adopted, rescinded from 2026-06-01, enacted again from 2026-09-01.
The work keeps the past rescission (Work.past_rescissions) and every reader ends a span at it."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from governance.gate.published import published_works
from governance.gate.works import Work
from governance.promulgation.catalog import CATALOG_URI, build_catalog, catalog_json, parse_catalog
from governance.promulgation.evidence import Period, in_period
from governance.site.timeline import timeline
from tests.testing.browser import browser_page, served
from tests.testing.governed import (
    AMENDED,
    COMPLIANCE,
    JA,
    REGULATION,
    SEED,
    TRANSLATION,
    Governed,
    digest,
    record_text,
)
from tests.testing.site_works import mkdocs_build, prose

TODAY = date(2026, 12, 1)
GAP = date(2026, 7, 1)


@pytest.fixture
def enacted_again(gov: Governed) -> Governed:
    gov.branch("rescission")
    gov.repo.remove(REGULATION)
    gov.repo.remove(TRANSLATION)
    gov.record(
        "BD-2026-005",
        record_text(
            "BD-2026-005",
            [("bribery-prevention", "rescind", digest(SEED))],
            date="2026-05-20",
            effective="2026-06-01",
        ),
    )
    gov.approve(
        "CD-2026-005", "bribery-prevention.ja", "rescind", JA, consents=1, body=COMPLIANCE, date="2026-05-20"
    )
    gov.repo.commit("Rescind the bribery prevention regulations (BD-2026-005)")
    gov.merge("rescission")
    gov.branch("again")
    gov.repo.write(REGULATION, AMENDED)
    gov.record(
        "BD-2026-009",
        record_text(
            "BD-2026-009",
            [("bribery-prevention", "enact", digest(AMENDED))],
            date="2026-08-20",
            effective="2026-09-01",
        ),
    )
    gov.repo.commit("Enact the bribery prevention regulations again (BD-2026-009)")
    gov.merge("again")
    return gov


def _work(repository: Governed) -> Work:
    (work,) = [w for w in published_works(repository.path, today=TODAY) if w.id == "bribery-prevention"]
    assert [v.digest for v in work.versions] == [digest(SEED), digest(AMENDED)]
    return work


def test_the_site_ends_the_first_text_where_its_rescission_took_effect(enacted_again: Governed) -> None:
    first = timeline(_work(enacted_again), TODAY)[0]
    assert (first.start, first.end) == (date(2026, 1, 5), date(2026, 5, 31))


def test_the_service_has_nothing_to_acknowledge_in_the_gap(enacted_again: Governed) -> None:
    entry = build_catalog([_work(enacted_again)]).works["bribery-prevention"]
    assert entry.in_force(GAP) is None
    version = entry.in_force(date(2026, 9, 1))
    assert version is not None and version.digest == digest(AMENDED)


def test_the_evidence_pack_of_the_gap_lists_no_version_in_force(enacted_again: Governed) -> None:
    entry = build_catalog([_work(enacted_again)]).works["bribery-prevention"]
    assert in_period(entry, Period(date(2026, 6, 15), date(2026, 8, 15))) == []


def test_the_built_site_and_its_catalog_say_the_gap(enacted_again: Governed) -> None:
    """A real `mkdocs build --strict` of the repository: the history, the text on a date (its table and,
    in Chromium, its script), and the published catalog.json all end the first text at its rescission."""
    assert mkdocs_build(enacted_again.path) == []
    public = enacted_again.path / "public"
    pages = public / "regulations" / "bribery-prevention"
    history = prose((pages / "history" / "index.html").read_text(encoding="utf-8"))
    rows = re.findall(r"<tr>(.*?)</tr>", history, re.S)
    said = [re.sub(r"<[^>]+>", "", row) for row in rows]
    rescinded = [row for row in said if "BD-2026-005" in row]
    assert len(rescinded) == 1 and "ends 2026-05-31" in rescinded[0], said
    first = [" ".join(row.split()) for row in said if "BL-2026-001" in row]
    assert first == [
        "2026-01-05 in force from 2026-01-05 to 2026-05-31 enact BL-2026-001 (Board of Directors) 2026-01-05 —"
    ]
    order = [
        next(i for i, row in enumerate(said) if ident in row) for ident in ("BD-2026-009", "BD-2026-005")
    ]
    assert order == sorted(order), said  # newest first: enacted again, rescinded, the first text
    assert not any("amended (BD-2026-009)" in row for row in said), said  # enacted, not an amendment
    news = prose((public / "whats-new" / "index.html").read_text(encoding="utf-8"))
    assert "BD-2026-005" in news and "BD-2026-009" in news  # the rescission stays in what's new
    on_date = prose((pages / "on" / "index.html").read_text(encoding="utf-8"))
    assert "enacted again" in on_date, on_date
    data = re.search(r'id="governance-periods"[^>]*>(.*?)</script>', on_date, re.S)
    assert data is not None, on_date
    periods = json.loads(data.group(1))
    assert periods["gaps"] == [{"from": "2026-06-01", "next": "2026-09-01"}]
    assert [(p["from"], p["to"]) for p in periods["periods"]] == [
        ("2026-01-05", "2026-05-31"),
        ("2026-09-01", None),
    ]
    catalog = parse_catalog((public / CATALOG_URI).read_text(encoding="utf-8"), CATALOG_URI)
    entry = catalog.works["bribery-prevention"]
    assert entry.past_rescissions == (date(2026, 6, 1),)
    assert entry.in_force(GAP) is None and entry.in_force(date(2026, 5, 31)) is not None
    with served(public) as url, browser_page() as page:
        on = url + "regulations/bribery-prevention/on/?date="
        page.goto(on + GAP.isoformat(), wait_until="load")  # type: ignore[attr-defined]
        result = page.locator(".governance-on-result").inner_text()  # type: ignore[attr-defined]
        assert "rescinded with effect from 2026-06-01 and enacted again with effect from 2026-09-01" in result
        page.goto(on + "2026-05-31", wait_until="load")  # type: ignore[attr-defined]
        page.wait_for_url("**/regulations/bribery-prevention/2026-01-05/")  # type: ignore[attr-defined]
        page.goto(on + "2026-09-01", wait_until="load")  # type: ignore[attr-defined]
        page.wait_for_url("**/regulations/bribery-prevention/2026-09-01/")  # type: ignore[attr-defined]


def test_a_catalog_written_before_past_rescissions_is_read_and_an_ordinary_one_is_unchanged(
    gov: Governed,
) -> None:
    """catalog.json names past rescissions only where there is one: every catalog before (none) reads as
    it did, and one without a gap is written byte for byte as before."""
    (work,) = [w for w in published_works(gov.path, today=TODAY) if w.id == "bribery-prevention"]
    written = catalog_json(build_catalog([work]))
    assert "past_rescissions" not in written
    again = parse_catalog(written, "catalog.json")
    assert again.works["bribery-prevention"].past_rescissions == ()
    assert catalog_json(again) == written

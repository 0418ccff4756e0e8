"""A redline of a wide table on a phone (issue 17, point 5): the table scrolls in its own box, its change
markers are reached by scrolling it and are never cut off or hidden, the page itself never scrolls
sideways, and the scrolling box takes keyboard focus (axe-core: no violation)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.testing import site_works as w
from tests.testing.browser import axe_violations, no_sideways_scroll, served, shot
from tests.testing.governed import Governed, adopted_repository, digest, record_text
from tests.testing.sshkeys import Keys

POLICY = (Path(__file__).parent / "tables" / "travel-expenses.md").read_text(encoding="utf-8")
PATH = "regulations/travel-expenses.md"
# The far right column changes: on a phone it is the one out of sight until the reader scrolls.
AMENDED = POLICY.replace("| 120 US dollars |", "| 150 US dollars |").replace(
    "| 75 US dollars |", "| 100 US dollars |"
)
assert AMENDED.count("150 US dollars") == 1


@pytest.fixture(scope="module")
def base_url(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo = adopted_repository(
        tmp_path_factory.mktemp("tables") / "repo", keys, {PATH: POLICY}, message="Adopt governance"
    )
    repo._clock = 10_000
    gov = Governed(repo, keys)
    gov.branch("per-diem")
    repo.write(PATH, AMENDED)
    record = record_text(
        "BD-2026-310",
        [("travel-expenses", "amend", digest(AMENDED))],
        date="2026-09-20",
        effective="2026-10-01",
    )
    gov.record("BD-2026-310", record)
    repo.commit("Raise the overseas per diem outside Asia (BD-2026-310)")
    gov.merge("per-diem")
    assert w.mkdocs_build(repo.path) == []
    with served(repo.path / "public") as url:
        yield url


@pytest.mark.parametrize("width", [375, 1280], ids=["phone", "desktop"])
def test_the_redline_of_a_wide_table_keeps_its_markers_in_reach(
    page: object, base_url: str, width: int
) -> None:
    p = page
    p.set_viewport_size({"width": width, "height": 740})  # type: ignore[attr-defined]
    p.goto(base_url + "regulations/travel-expenses/2026-10-01/redline/", wait_until="load")  # type: ignore[attr-defined]
    assert no_sideways_scroll(p)
    markers = p.locator(".governance-redline table ins, .governance-redline table del")  # type: ignore[attr-defined]
    assert sorted(t.strip() for t in markers.all_inner_texts()) == ["100", "120", "150", "75"]
    for index in range(markers.count()):
        marker = markers.nth(index)
        marker.scroll_into_view_if_needed()  # scrolls the table's own box, as a reader's finger would
        box = marker.bounding_box()
        assert box is not None and box["width"] > 0
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box  # on screen, not cut off
        assert marker.is_visible()
    # The box that scrolls takes focus, so a keyboard scrolls it too; nothing else is wrong (axe).
    assert p.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('.md-typeset__scrollwrap, .md-typeset table:not([class])')]
              .filter(box => box.scrollWidth > box.clientWidth)
              .every(box => box.getAttribute('tabindex') === '0')"""
    )
    assert axe_violations(p) == []
    # A cell breaks only between words, never a word a letter a line.
    broken = p.evaluate(  # type: ignore[attr-defined]
        """() => [...document.querySelectorAll('.governance-redline table :is(td, th)')].filter(cell => {
              const range = document.createRange();
              range.selectNodeContents(cell);
              const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
              return lines > cell.textContent.trim().split(/\\s+/).length;
           }).map(cell => cell.textContent)"""
    )
    assert broken == []
    shot(p, f"redline-wide-table-{'phone' if width == 375 else 'desktop'}")

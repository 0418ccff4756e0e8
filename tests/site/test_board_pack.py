"""The board pack laid out from plain items: each change with its redline, digest and decision entry."""

from __future__ import annotations

from governance.gate.changes import Change
from governance.site.board_pack import board_pack_html, pack_item
from tests.testing.site_works import SEED, digest

NEW = SEED.replace("based on the employment rules.", "based on the employment rules and the law.")


def test_an_amendment_a_new_text_and_a_governed_file() -> None:
    amended = Change(
        "amend", "gifts", None, "regulations/gifts.md", digest(NEW), "board-of-directors", NEW.encode()
    )
    enacted = Change(
        "enact", "travel", None, "regulations/travel.md", digest(SEED), "board-of-directors", SEED.encode()
    )
    styled = Change(
        "amend",
        None,
        "site/stylesheets/x.css",
        "site/stylesheets/x.css",
        digest("b"),
        "board-of-directors",
        b"b {}\n",
    )
    items = [
        pack_item(amended, old=SEED.encode(), body="Board of Directors"),
        pack_item(enacted, old=None, body="Board of Directors"),
        pack_item(styled, old=b"a {}\n", body="Board of Directors"),
    ]

    document = board_pack_html(items, title="Board pack: proposal into main")

    assert "employment rules<ins> </ins><ins>and the law</ins>." in document
    assert f"  - regulation: gifts\n    action: amend\n    digest: {digest(NEW)}" in document
    assert "<h2>travel: enact</h2>" in document and "<ins>" in document.split("<h2>travel: enact</h2>")[1]
    assert f"  - file: site/stylesheets/x.css\n    action: amend\n    digest: {digest('b')}" in document
    assert "<del>a </del><ins>b </ins>{}" in document


def test_an_empty_proposal_says_so() -> None:
    assert "changes no regulation and no governed file" in board_pack_html([], title="Board pack")

"""The redline page of an amendment says what a drafter would: inserted, renumbered, deleted."""

from __future__ import annotations

from governance.gate.works import Work
from governance.site.builder import build_site
from governance.site.embedding import expand
from tests.testing import site_works as w

INSERTED_9 = w.SEED.replace(
    "## Article 9. Amendments and rescissions",
    "## Article 9. Whistleblowing\n\nEveryone may report suspected bribery to compliance.\n\n"
    "## Article 10. Amendments and rescissions",
)


def test_an_inserted_article_is_inserted_and_the_next_one_renumbered() -> None:
    work = Work(
        "bribery-prevention",
        "regulations/bribery-prevention.md",
        [
            w.version("bribery-prevention", w.SEED, "enact", w.approval("BD-2026-001", "2026-04-01")),
            w.version("bribery-prevention", INSERTED_9, "amend", w.approval("BD-2026-007", "2026-09-20")),
        ],
    )
    pages = {page.uri: expand(page.content) for page in build_site([work], w.TODAY).pages}
    red = pages["regulations/bribery-prevention/2026-09-20/redline.md"]
    assert (
        '<h2 id="article-9"><ins>Article 9. Whistleblowing</ins> '
        '<span class="governance-redline-status">(inserted)</span></h2>'
    ) in red
    assert (
        '<h2 id="article-10">Article <del>9</del><ins>10</ins>. Amendments and rescissions '
        '<span class="governance-redline-status">(renumbered: Article 9 → Article 10)</span></h2>'
    ) in red
    assert red.count("<h2 ") == 2  # nothing else changed: not Article 9's text, not the closing
    assert "##" not in red.split("---", 2)[2] and "***" not in red and "End of text" not in red

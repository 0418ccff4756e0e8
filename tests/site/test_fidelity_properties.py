"""Each hostile text is refused by lint or published faithfully (issue 12), as a property: hypothesis
writes texts mixing the Markdown of a regulation with everything outside it (tests/site/hostile_markdown.py);
each one lint (as `governance lint` runs it, on a work tree) accepts is published by the site's own
builder, amended once (the pages the MkDocs plugin writes: the text in force, the first version's page
and the amendment's redline), read back by html.parser and held to tests/site/faithful.py: the same
visible text as the approved source (each side of the redline a stretch of a version), nothing hidden or
active, numbers as written, every numbered paragraph and item with its anchor. The inputs that once failed are kept as @example cases; those
also go through a real `mkdocs build` in tests/site/test_fidelity.py (tests/site/corpus)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import event, example, given, settings

from governance.config import Config
from governance.gate.works import Approval, Version, Work
from governance.lint.runner import lint_paths
from governance.site.builder import build_site
from governance.site.embedding import expand
from governance.text.digests import digest_bytes
from governance.text.html import render_text
from governance.text.model import Item, Paragraph
from governance.text.parser import parse_regulation
from tests.site.faithful import difference, read_text, shown_numbers
from tests.site.hostile_markdown import regulation_texts

TODAY = dt.date(2026, 6, 1)
# Twice the profile's budget: a text is cheap (about 10 ms), and most hostile ones end at lint.
BUDGET = settings().max_examples * 2


@pytest.fixture(scope="module")
def work_tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("tree")
    (root / "regulations").mkdir()
    yield root


def refused(root: Path, text: str) -> bool:
    """Whether `governance lint` refuses the text (any error), run in process as the command runs it."""
    file = root / "regulations" / "t.md"
    file.write_bytes(text.encode("utf-8"))
    return any(finding.severity == "error" for finding in lint_paths(root, Config(), None))


AMENDMENT = "\n\nAdded by the amendment.\n"  # appended: the redline shows the last division changed


def published(text: str) -> dict[str, str]:
    """The pages the site's builder makes of an approved text, amended once by AMENDMENT (HTML, as the
    MkDocs plugin expands them): its page in force, its version's page, and the amendment's redline."""

    def version(text: str, day: int, action: Literal["enact", "amend"]) -> Version:
        approval = Approval("BD-2026-001", "board-of-directors", dt.date(2026, 1, day), dt.date(2026, 1, day))
        return Version("t", "regulations/t.md", text, digest_bytes(text.encode()), action, approval, "0" * 40)

    amended = text.rstrip("\n") + AMENDMENT
    work = Work("t", "regulations/t.md", [version(text, 1, "enact"), version(amended, 2, "amend")])
    pages = {page.uri: expand(page.content) for page in build_site([work], TODAY).pages}
    return {
        uri: pages[uri]
        for uri in (
            "regulations/t/index.md",
            "regulations/t/2026-01-01/index.md",
            "regulations/t/2026-01-02/redline.md",
        )
    }


@functools.lru_cache(maxsize=4)
def paragraph_anchors(text: str) -> frozenset[str]:
    """The anchor of each paragraph and item the parser numbers: one a line (an item opening its
    paragraph's line shares the paragraph's)."""
    model = parse_regulation(text, "regulations/t.md", "t", lenient=True)
    anchors: dict[int, str] = {}
    pending: list[Paragraph | Item] = [p for article in model.articles for p in article.paragraphs]
    while pending:
        part = pending.pop(0)
        anchors.setdefault(part.line, part.anchor)
        pending[:0] = part.items
    return frozenset(anchors.values())


def assert_faithful(page: str, text: str, where: str, *, whole: bool = False) -> None:
    """(a) the visible text, (b, c) nothing hidden or active, (d) numbers as written, and every paragraph
    and item the parser numbers (the numbers cross-references and the redline name) has its anchor."""
    reading = read_text(page, whole=whole)
    numbered = paragraph_anchors(text)
    assert numbered <= reading.ids, (where, sorted(numbered - reading.ids))
    assert reading.problems == [], (where, reading.problems)
    assert reading.text, where
    assert difference(text, reading.text) is None, (where, difference(text, reading.text))
    assert shown_numbers(text, reading.numbers) is None, (where, shown_numbers(text, reading.numbers))


# The corpus beside the test: the texts that once failed it (and the earlier hand-made ones), also built
# with a real `mkdocs build` by tests/site/test_fidelity.py. Named clean-* when lint accepts it, refused-*
# when lint refuses it.
CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.md"))
FOUND = {  # what each text found by this test once showed, and what changed
    "clean-code-span-blanks.md": "the reading: a code span's inner blanks are not shown ('Pay`` a ` b ``')",
    "clean-dashes-header-row.md": "the reading: a header row of dashes is text, not a delimiter row",
    "clean-greek-heading.md": "the reading: a heading's id in Greek letters is an id",
    "clean-code-span-across-lines.md": "the reading: a line break just inside a code span is stripped too",
    "clean-line-break-between-emphasis-and-link.md": (
        "the redline: a line break between two inline elements (*em* / [link](...)) was dropped with the "
        "breaks between blocks, and the redline read 'emlink'"
    ),
    "clean-japanese-emphasis-across-paragraphs.md": (
        "the renderer: an emphasis open across a paragraph number ('**定める。\\n２　前項**') left the "
        "paragraphs badly nested (<p>..<strong>..</p><p>..</strong>); now closed and opened again"
    ),
    "clean-table-paragraph-anchor.md": (
        "the renderer: a paragraph that is a table (a quotation, code) had no anchor, so 'Article 1(1)' led "
        "nowhere; it has the paragraph's id now"
    ),
    "refused-paragraph-in-code-span.md": (
        "the renderer could not start paragraph ２ inside a code span begun on the line before: it showed "
        "it inside paragraph 1, without its anchor; lint refuses it now (MD011)"
    ),
    "refused-paragraph-in-link.md": "the same inside a link (MD011)",
    "refused-unclosed-fence.md": (
        "a fence never closed made '## Article 2' and the rest of the text code, which reads as an article "
        "in the source; lint refuses it now (MD012)"
    ),
    "clean-fenced-heading-and-rule.md": "the reading: a rule after a number ('2. ***') is a blank and a rule",
    "refused-item-continuing-a-bullet.md": (
        "an item '（１）' on the line after a bullet item continues it: the page showed it inside (a), "
        "without its anchor; lint refuses it now (MD011)"
    ),
}


def with_the_corpus(test: Callable[..., None]) -> Callable[..., None]:
    for path in CORPUS:
        test = example(text=path.read_text(encoding="utf-8"))(test)
    return test


@settings(max_examples=BUDGET)
@given(text=regulation_texts())
@with_the_corpus
def test_a_hostile_text_is_refused_by_lint_or_published_faithfully(work_tree: Path, text: str) -> None:
    if refused(work_tree, text):
        event("refused by lint")
        return
    event("published")
    assert_faithful(render_text(text, "regulations/t.md", "t").html, text, "render_text", whole=True)
    pages = published(text)
    amended = text.rstrip("\n") + AMENDMENT
    assert_faithful(pages["regulations/t/index.md"], amended, "the page of the text in force")
    assert_faithful(pages["regulations/t/2026-01-01/index.md"], text, "the first version's page")
    redline = pages["regulations/t/2026-01-02/redline.md"]
    for skip in ("del", "ins"):  # each side of the redline: each text element a stretch of either text
        reading = read_text(redline, skip=frozenset({skip}))
        assert reading.problems == [], ("redline", skip, reading.problems)
        assert reading.pieces, "redline"
        for piece in reading.pieces:
            assert any(difference(t, piece, part=True) is None for t in (text, amended)), (
                "redline",
                skip,
                difference(amended if skip == "del" else text, piece, part=True),
            )


SOURCE = (
    "---\ntitle: T\nissuer: E\nenacted: 2026-04-01\ngoverned_by: board-of-directors\n---\n\n# T\n\n"
    "## Article 1. Gifts\n\n1. Report gifts.\n\n2. Pay **now**: a * b, snake_case and `x|y`.\n\n"
    "- (a) to the [officer](https://example.com/o)\n\n| A | B |\n| --- | --- |\n| 100 | R&D |\n"
)
GOOD = render_text(SOURCE, "regulations/t.md", "t").html
UNFAITHFUL = {
    "renumbered": ('<span class="governance-number">2.</span>', '<span class="governance-number">1.</span>'),
    "a number moved": ('<span class="governance-number">2.</span> Pay', "Pay 2."),
    "a word dropped": ("Report gifts", "Report"),
    "a word added": ("Report gifts", "Report no gifts"),
    "two words joined": ("Report gifts", "Reportgifts"),
    "a literal asterisk dropped": ("a * b", "a b"),
    "an underscore dropped": ("snake_case", "snakecase"),
    "a cell dropped": ("<td>100</td>", ""),
    "a cell's text outside its cell": ("<td>100</td>", "100<td></td>"),
    "an entity decoded once more": ("R&amp;D", "R&amp;amp;D"),
    "hidden": ("<p>", "<p hidden>"),
    "styled": ("<p>", '<p style="display:none">'),
    "aria-hidden": ("<strong>", '<strong aria-hidden="true">'),
    "a class": ("<strong>", '<strong class="md-hidden">'),
    "in a closed details": ("<strong>now</strong>", "<details><summary>now</summary></details>"),
    "in a template": ("<strong>now</strong>", "<template>now</template>"),
    "a script": ("</strong>", "</strong><script>x()</script>"),
    "an event handler": ("<strong>", '<strong onmouseover="x()">'),
    "a javascript: address": ("https://example.com/o", "javascript:x()"),
    "a title": ("<strong>", '<strong title="unless waived">'),
    "words in a permalink": ("&para;</a>", "&para; unless waived</a>"),
    "a comment": ("<strong>", "<!-- unless waived --><strong>"),
    "badly nested": ("</strong>", "</em>"),
}


def test_the_reading_passes_the_renderers_page_and_fails_every_unfaithful_one() -> None:
    assert_faithful(GOOD, SOURCE, "good", whole=True)
    for name, (before, after) in UNFAITHFUL.items():
        assert before in GOOD, name
        bad = GOOD.replace(before, after, 1)
        with pytest.raises(AssertionError):
            assert_faithful(bad, SOURCE, name, whole=True)


def test_every_text_found_is_in_the_corpus_and_named_by_lints_verdict(work_tree: Path) -> None:
    names = {path.name for path in CORPUS}
    assert set(FOUND) <= names
    for name in FOUND:
        text = (Path(__file__).parent / "corpus" / name).read_text(encoding="utf-8")
        assert refused(work_tree, text) == name.startswith("refused-"), name


def test_the_redline_reading_fails_an_unfaithful_redline() -> None:
    redline = published(SOURCE)["regulations/t/2026-01-02/redline.md"]
    amended = SOURCE.rstrip("\n") + AMENDMENT

    def faithful(page: str) -> bool:
        reading = read_text(page, skip=frozenset({"del"}))
        return reading.problems == [] and all(
            any(difference(t, piece, part=True) is None for t in (SOURCE, amended))
            for piece in reading.pieces
        )

    assert faithful(redline)
    for before, after in (
        ("<ins>Added", "<ins hidden>Added"),
        ('<span class="governance-number">2.</span>', '<span class="governance-number">1.</span>'),
        ("<td>100</td>", "<td>10</td>"),
        ("Added by", "Added, unless waived, by"),
    ):
        assert before in redline
        assert not faithful(redline.replace(before, after)), after


@pytest.mark.parametrize(
    ("source", "shown", "faithful"),
    [
        ("内部統制の\n枠組み", "内部統制の枠組み", True),  # between two wide characters: nothing...
        ("内部統制の\n**枠組み**", "内部統制の枠組み", True),  # (what is shown decides, not the markup)
        ("内部統制の \n  枠組み", "内部統制の枠組み", True),  # ...with the blanks around it
        ("内部統制の\n枠組み", "内部統制の 枠組み", True),  # a heading or a cell ends its line so
        ("Every\nemployee", "Everyemployee", False),  # ...and nowhere else
        ("IIJ\nグループ", "IIJグループ", False),
        ("第5\n条", "第5条", False),
        ("한국어\n문장", "한국어문장", False),
        ("内部統制の\\\n枠組み", "内部統制の枠組み", False),  # a hard break (<br>) is never nothing
        ("内部統制の  \n枠組み", "内部統制の枠組み", False),
        ("内部統制の\n枠組み", "内部統制枠組み", False),  # the characters are all still required
    ],
)
def test_the_reading_of_a_line_break_is_the_renderers_rule(source: str, shown: str, faithful: bool) -> None:
    assert (difference(source, shown) is None) == faithful, difference(source, shown)

"""The Markdown of a regulation: everything outside the subset is refused with its code and line,
however it is spelled; the subset itself passes."""

from __future__ import annotations

import pytest

from governance.lint.runner import lint_text
from tests.lint.test_lint import GOOD, GOOD_JA

LINE = "These regulations serve IIJグループ, Ελλάδα and Москва; see Article 2, paragraph 2."


def _with(line: str, text: str = GOOD) -> str:
    """GOOD with its line 12 (Article 1's text) replaced by `line`."""
    return text.replace(LINE, line, 1)


def _codes(text: str) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in lint_text(text, "regulations/x.md", "x")]


CASES: list[tuple[str, str, str, int]] = [
    ("admonition banner", '!!! success "In force from 2030-01-01"', "MD002", 12),
    ("collapsible admonition", '???+ note "Official"', "MD002", 12),
    ("admonition behind an escape", '\\!!! success "In force"', "MD002", 12),
    ("attribute list hiding a paragraph", 'Hidden text.\n{ style="display:none" }', "MD003", 13),
    ("colon attribute list", "Restyled.\n{: .danger }", "MD003", 13),
    ("attribute list in a heading", "Text.\n\n### Note { #article-2 }", "MD003", 14),
    ("attribute list behind an escape", "Text \\{: .hidden }", "MD003", 12),
    ("attribute list behind an entity", "Text &#123;: .hidden }", "MD001", 12),
    ("link reference definition", "See [the law][law].\n\n[law]: https://example.com/law", "MD004", 14),
    ("unused definition", 'Text.\n\n[x]: https://example.com "approved but never shown"', "MD004", 14),
    ("bidi override as an entity", "Pay &#x202E;001 yen.", "MD001", 12),
    ("zero-width space as an entity", "No&#8203;body.", "MD001", 12),
    ("named entity", "R&amp;D.", "MD001", 12),
    ("image", "![seal](https://example.com/seal.png)", "MD005", 12),
    ("relative link", "See [the rules](other.md).", "MD006", 12),
    ("link title", 'See [the law](https://example.com "hidden words").', "MD006", 12),
    ("footnote", "Text.[^1]", "MD007", 12),
    ("setext heading", "Title\n=====", "MD008", 12),
    ("snippet include", '--8<-- "secret.md"', "MD009", 12),
    ("strikethrough", "Pay ~~100~~ 200 yen.", "MD009", 12),
    ("raw HTML behind escaped backticks", "\\`<span hidden>not</span>\\`", "STR007", 12),
    ("raw HTML in a table", "| a |\n| - |\n| <b>x</b> |", "STR007", 14),
    ("a comment that is not a directive", "Text <!-- except the directors --> here.", "STR007", 12),
    (
        "words hidden in a directive",
        "Text <!-- markdownlint-disable the board may dismiss anyone --> here.",
        "STR007",
        12,
    ),
    (
        # Each blank between codes could be split two ways: tried all, 60 codes never finished.
        "a directive of many codes ending in a word",
        "Text <!-- markdownlint-disable" + " MD001" * 60 + " x --> here.",
        "STR007",
        12,
    ),
    ("an anchor taking an article's id", '<a id="article-2"></a>Here.', "STR007", 12),
    ("an anchor taking the title's id", '<a id="test-regulations"></a>Here.', "STR007", 12),
    ("an anchor with content", '<a id="x">Here</a>.', "STR007", 12),
    ("an anchor twice", '<a id="old"></a>Here.\n\n<a id="old"></a>And here.', "STR007", 14),
    # Found by the adversary of issue 12 (H7): each passed lint and showed readers less than approved.
    ("a definition in a quotation", "> [x]: https://example.com/law", "MD004", 12),
    ("a definition in a list item", "- [x]: https://example.com/law", "MD004", 12),
    ("a definition in a nested list", "- a\n  - [x]: https://example.com/law", "MD004", 13),
    (
        "a definition repeated in a quotation",
        "[x]: https://a.example\n\n> [x]: https://b.example",
        "MD004",
        14,
    ),
    ("a row with more cells than its header", "| a | b |\n| - | - |\n| x | y | never shown |", "MD010", 14),
    ("a '|' in a code span splits its cell off", "| a | b |\n| - | - |\n| `x|y` | z |", "MD010", 14),
    ("a row with an extra empty cell", "| a |\n| - |\n| x | |", "MD010", 14),
    ("extra cells in a quotation", "> | a |\n> | - |\n> | x | y |", "MD010", 14),
    ("extra cells in a list item", "- | a |\n  | - |\n  | x | y |", "MD010", 14),
    ("an article heading in a list item", "- ## Article 2. Duties", "MD009", 12),
    ("an article heading in a quotation", "> ## Article 2. Duties", "MD009", 12),
    # Found by the hostile-text property (tests/site/test_fidelity_properties.py).
    ("a fence never closed swallows Article 2", "Text.\n```", "MD012", 13),
    ("a fence closed by another character", "~~~\ncode\n```", "MD012", 12),
    ("a fence in a quotation, never closed", "> ```\n> code\n\nAfter.", "MD012", 12),
]


@pytest.mark.parametrize(("line", "code", "number"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_outside_the_subset_is_refused(line: str, code: str, number: int) -> None:
    findings = lint_text(_with(line), "regulations/x.md", "x")
    assert (code, number) in [(f.code, f.line) for f in findings], [f.render() for f in findings]
    found = next(f for f in findings if f.code == code)
    assert "; " in found.message  # what it is, then what to write instead


@pytest.mark.parametrize(
    "line",
    [
        "Plain *emphasis*, **strong**, `code`, a [link](https://example.com/a) and <https://example.com>.",
        "Write to [legal](mailto:legal@example.com) or see [Article 2](#article-2).",
        "A backslash escape \\* and a hard line break\\\nin one paragraph.",
        "Braces in prose {like this} and a ratio 1:2, R&D, a < b.",
        "> A quotation.",
        "| Amount | Approval |\n| --- | ---: |\n| 10,000 yen | manager |",
        "- a bullet\n- another",
        "Text.\n\n***\n\nSigned.",
        "<!-- markdownlint-disable MD013 -->\n\nText <!-- prettier-ignore --> here.",
        "<!-- markdownlint-disable" + " MD001 ,MD002" * 60 + " -->\n\nText.",
        '<a id="old-section-1"></a>Text adopted with the anchors other documents link to.<a name="x2"></a>',
        "| a | b |\n| - | - |\n| `x \\| y` | z |\n| fewer |",  # an escaped '|', a short row: all shown
        "- | a | b |\n  | - | - |\n  | x | y |",  # a table in a list item: its marker is no cell
        "> | a | b |\n> | - | - |\n> | x | y |",
        "> A quotation, [with a link](https://example.com/law).",
    ],
)
def test_the_subset_passes(line: str) -> None:
    assert _codes(_with(line)) == []


@pytest.mark.parametrize(
    "title", ["Rules <script>x</script>", "Rules {: .hidden }", "R&amp;D Rules", "*Rules*"]
)
def test_the_title_is_plain_words(title: str) -> None:
    text = GOOD.replace("title: Test Regulations", f'title: "{title}"')
    assert ("FM006", 2) in _codes(text)
    assert ("FM006", 3) in _codes(GOOD.replace("issuer: Example Inc.", "issuer: Example [Inc.]"))


def test_the_good_texts_pass() -> None:
    assert _codes(GOOD) == [] and _codes(GOOD_JA) == []


@pytest.mark.parametrize(
    ("spanning", "line"),
    [
        ("この規程は、[定める。\n２　前項](https://example.com/law)による。", 14),  # a link
        ("この規程は、`定める。\n２　前項`による。", 14),  # a code span
        ("この規程は、`定める。\n本則\n２　前項`による。", 15),
    ],
)
def test_a_paragraph_opening_inside_a_code_span_or_a_link_is_refused(spanning: str, line: int) -> None:
    """MD011 (issue 12, found by the hostile-text property): the parser opens paragraph 2 on the line of
    '２　', and the page showed it inside paragraph 1 (no anchor: a link to 第１条第２項 led nowhere)."""
    text = GOOD_JA.replace("この規程は、第２条第２項の手続を定める。", spanning)
    assert ("MD011", line) in _codes(text)


@pytest.mark.parametrize(
    "spanning",
    [
        "この規程は、**定める。\n２　前項**による。",  # an emphasis is closed and opened again around it
        "この規程は、[定める\nもの](https://example.com/law)とする。\n２　前項による。",
        "この規程は、`定める`。\n２　前項による。",
    ],
)
def test_a_paragraph_after_a_closed_code_span_or_link_passes(spanning: str) -> None:
    assert _codes(GOOD_JA.replace("この規程は、第２条第２項の手続を定める。", spanning)) == []


def test_an_item_continuing_a_bullet_item_is_refused() -> None:
    """MD011: the parser opens item （１） on its line, and the page showed it inside the bullet item (a)."""
    assert ("MD011", 13) in _codes(_with("- (a) Pay the fee\n（１）in cash"))
    assert _codes(_with("- (a) Pay the fee\n  in cash")) == []

"""The block rules tried only where they open (governance.text.block_rules) parse every text as the
library's unwrapped rules do, token for token: the parse lint judges and the site renders is markdown-it's."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

from governance.text import parser
from governance.text.block_rules import CODE, OPENERS, tried_where_they_open
from tests.hostile_texts import regulation_texts

ROOT = Path(__file__).resolve().parents[2]
UNWRAPPED = MarkdownIt("commonmark").enable("table").disable("inline")

# Pieces of lines that open, continue or interrupt each kind of block, and near misses of each.
OPENINGS = [
    *(f"{'#' * n} h" for n in range(1, 8)),
    "#",
    "#h",
    ">",
    "> q",
    ">> q",
    "- ",
    "-",
    "-x",
    "* a",
    "+ a",
    "1. a",
    "1) a",
    "2. a",
    "1234567890. a",
    *(f"{digit}. a" for digit in "0123456789"),
    "1.",
    "***",
    "* * *",
    "---",
    "- - -",
    "___",
    "===",
    "--",
    "```",
    "```py",
    "``` `x",
    "~~~",
    "~~",
    "[a]: https://a.example",
    "[a]:",
    "[a]",
    '[a]: /u "t"',
    "<div>",
    "</div>",
    "<!-- c -->",
    "<!--",
    "-->",
    "<?x",
    "<!X",
    "<![CDATA[",
    "<pre>",
    "</pre>",
    "<a href='x'>",
    "<x",
    "| a | b |",
    "|---|---|",
    ":-:|---",
    "a | b",
    "text",
    "(1) item",
    "第1条",
    "２　項",
    "",
]
INDENTS = ["", " ", "  ", "   ", "    ", "     ", "\t", " \t", "\u3000"]
lines = st.one_of(
    st.tuples(st.sampled_from(INDENTS), st.sampled_from(OPENINGS)).map("".join),
    st.text(alphabet="#>-*+_=`~[]:<>!/?|.)1 \tax\u3000", max_size=12),
)
markdown_texts = st.lists(lines, max_size=30).map("\n".join)


def _same_parse(text: str) -> None:
    assert parser._markdown.parse(text, {}) == UNWRAPPED.parse(text, {})


@given(markdown_texts)
@example("> - a\n>   - b\n>\n>     code\n> ```\n> x")
@example("a\n<div>\n---\n# h\n- b\n1. c\n2) d")
@example("  - a\n    > b\n    ```\n    c\n\n      d")
def test_the_same_tokens_as_markdown_it_on_any_markdown(text: str) -> None:
    _same_parse(text)


# Each opening alone, interrupting a paragraph, continuing a list item, in a quote, after an indent.
CONTEXTS = [
    "{}",
    "p\n{}",
    "- a\n  {}",
    "> a\n> {}",
    "   {}\n",
    "p\n    {}",
    "\n    {}",
    "- a\n\n      {}",
    "-   a\n\n       {}",
]


@pytest.mark.parametrize("opening", OPENINGS)
def test_the_same_tokens_for_every_opening_in_every_context(opening: str) -> None:
    for context in CONTEXTS:
        _same_parse(context.format(opening))


@given(regulation_texts())
def test_the_same_tokens_on_any_regulation_text(text: str) -> None:
    _same_parse(text.replace("\r\n", "\n").replace("\r", "\n"))


@pytest.mark.parametrize("path", sorted((ROOT / "regulations").glob("*.md")), ids=lambda path: path.name)
def test_the_same_tokens_on_the_regulations_of_this_repository(path: Path) -> None:
    _same_parse(path.read_text(encoding="utf-8"))


def test_a_guarded_rule_is_called_only_on_the_lines_it_could_open() -> None:
    markdown = MarkdownIt("commonmark")
    ruler = markdown.block.ruler
    heading = next(rule for rule in ruler.__rules__ if rule.name == "heading")
    original, alt = heading.fn, list(heading.alt)
    called: list[int] = []

    def counted(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        called.append(line)
        return original(state, line, end, silent)

    ruler.at("heading", counted, {"alt": alt})
    text = "a\n\n- b\n\n# c\n\n  ## d\n\n#e\n"
    unguarded = markdown.parse(text, {})
    called.clear()
    assert tried_where_they_open(markdown).parse(text, {}) == unguarded
    assert sorted(set(called)) == [4, 6, 8]  # never on 'a' or '- b', not even to see if it interrupts


def test_every_guarded_rule_is_a_rule_of_the_parser() -> None:
    assert {*OPENERS, CODE} <= set(parser._markdown.block.ruler.get_all_rules())

"""The subset check reads the parser's cached blocks and parses inline only the blocks that have inline
markup (hypothesis): it finds exactly what the former check found by a full second parse of its own.

The former algorithm is kept here as the oracle: a parse of the whole body with inline parsing on, every
inline token's children walked."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import example, given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from governance.i18n import Message
from governance.lint import subset
from governance.lint.links import not_an_address
from governance.lint.markup import RAW_HTML
from governance.lint.subset import (
    _ALLOWED_BLOCKS,
    _SAFE_HREF,
    _closes_anchor,
    _column,
    _dialects,
    _uncovered,
    check_subset,
)
from governance.text.findings import Finding
from governance.text.inert_html import ANCHOR_OPEN, DIRECTIVE, is_reserved
from governance.text.parser import slug
from tests.hostile_texts import regulation_texts

_full = MarkdownIt("commonmark").enable("table").disable("text_join")


def oracle(text: str, path: str, body_line: int) -> list[Finding]:
    """check_subset as it was: one full parse (blocks and inline) of its own."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    start = max(body_line - 1, 0)
    body = "\n".join([""] * start + lines[start:])
    tokens = _full.parse(body)
    findings: dict[tuple[int, str], Finding] = {}
    # The ids an anchor may not take: the headings' (the parser's article-... ones by their prefix), and
    # every anchor's before it.
    taken = {slug(tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"}
    for line, code, column, message in _problems(tokens, lines, start, taken):
        # compared as English strings: the oracle's messages are plain sentences
        findings.setdefault((line, code), Finding(path, line, column, code, Message("{m}", m=message)))
    return list(findings.values())


def _problems(
    tokens: list[Token], lines: list[str], start: int, taken: set[str]
) -> Iterator[tuple[int, str, int, str]]:
    covered = start
    line = start + 1
    for token in tokens:
        line = token.map[0] + 1 if token.map is not None else line  # a table cell's inline has no map
        if token.level == 0 and token.map is not None:
            yield from _uncovered(lines, covered, token.map[0])
            covered = max(covered, token.map[1])
        if token.type == "html_block":
            if not DIRECTIVE.fullmatch(token.content.strip()):
                yield line, "STR007", 1, RAW_HTML
        elif token.type == "heading_open" and token.markup in ("=", "-"):
            yield (
                line,
                "MD008",
                1,
                "a heading underlined with '===' or '---' (setext): it reads as a line and a rule; "
                "write it with '#' marks ('## Article 5. Title')",
            )
        elif token.type == "fence" and not _closed(token, lines):
            yield (
                line,
                "MD012",
                1,
                f"a code fence ('{token.markup}') that is never closed: everything after it to the end of "
                "the text (or of its list item or quotation), articles and headings too, is shown as code; "
                f"close it with '{token.markup}' on a line of its own",
            )
        elif token.type == "inline":
            yield from _inline(token, line, lines, taken)
        elif token.type not in _ALLOWED_BLOCKS:
            yield line, "MD009", 1, f"'{token.type}' is not part of the Markdown of a regulation; remove it"
    yield from _uncovered(lines, covered, len(lines))


def _closed(fence: Token, lines: list[str]) -> bool:
    """A fence is closed by its own last line: its character repeated at least as often as it opened."""
    assert fence.map is not None
    first, end = fence.map
    mark = re.escape(fence.markup[0]) + "{" + str(len(fence.markup)) + ",}"
    return end - first >= 2 and re.fullmatch(rf"[ \t>]*{mark}[ \t]*", lines[end - 1]) is not None


def _inline(
    token: Token, line: int, lines: list[str], taken: set[str]
) -> Iterator[tuple[int, str, int, str]]:
    seen = ""  # the text a reader sees on the current line
    children = token.children or []
    for position, child in enumerate(children):
        kind = child.type
        if kind == "html_inline" and (
            DIRECTIVE.fullmatch(child.content) or _closes_anchor(children, position)
        ):
            continue
        anchor = ANCHOR_OPEN.fullmatch(child.content) if kind == "html_inline" else None
        if anchor is not None and _closes_anchor(children, position + 1):
            if is_reserved(anchor.group(1), taken):
                yield (
                    line,
                    "STR007",
                    _column(lines, line, anchor.group()),
                    f"the anchor id '{anchor.group(1)}' is an id of this page already (an article, "
                    "paragraph, item, heading or another anchor): links to it would land here; choose "
                    "another id",
                )
            taken.add(anchor.group(1))
            continue
        if kind in ("softbreak", "hardbreak"):
            yield from _dialects(seen, line, lines)
            line, seen = line + 1, ""
        elif kind == "text_special" and child.info == "entity":
            yield (
                line,
                "MD001",
                _column(lines, line, child.markup),
                f"the character reference '{child.markup}' shows a character that is not written "
                "(it may be invisible or reverse the text); type the character itself, or write "
                "'&' followed by a space",
            )
        elif kind == "html_inline":
            yield line, "STR007", _column(lines, line, child.content), RAW_HTML
        elif kind == "image":
            yield (
                line,
                "MD005",
                _column(lines, line, "!["),
                "an image: a regulation is text, and an image's words cannot be read, searched or "
                "compared; write the content as text",
            )
        elif kind == "link_open":
            href = str(child.attrs.get("href", ""))
            if child.attrs.get("title"):
                yield (
                    line,
                    "MD006",
                    _column(lines, line, "]("),
                    "a link title (the quoted text after the address) is shown only on hover; "
                    'delete it: [text](https://...) without "..."',
                )
            if not _SAFE_HREF.match(href):
                yield line, "MD006", _column(lines, line, "["), not_an_address(href)
        elif kind in ("text", "text_special", "code_inline"):
            seen += child.content if kind != "code_inline" else ""
    yield from _dialects(seen, line, lines)


# Pieces of the subset and of everything around it: dialect markers, entities, raw HTML, anchors (free,
# taken and repeated), code spans, links, images, references, tables, escapes, emphasis, breaks, and
# the whitespace the newline rule trims.
_PIECES = [
    "Article 1",
    "word",
    "x",
    " ",
    "  ",
    "   ",
    "\t",
    "!!!",
    "???",
    "???+",
    "!!! note",
    "{: .x}",
    "{ #id }",
    "{ key=v }",
    "{x}",
    "[^1]",
    "--8<--",
    "~~x",
    "~~",
    "==x==",
    "==",
    "=",
    "-",
    "8<",
    "&amp;",
    "&#x202E;",
    "&#65;",
    "&",
    "&nbsp",
    "<b>",
    "</b>",
    "<",
    ">",
    '<a id="x"></a>',
    '<a id="article-1"></a>',
    '<a name="same"></a>',
    '<a id="x">',
    "</a>",
    "<!-- c -->",
    "<!-- governance: x -->",
    "<https://e.com>",
    "`code`",
    "`",
    "``a``",
    "\\",
    "\\*",
    "\\!\\!\\!",
    "\\~~x",
    "\\&amp;",
    "*em*",
    "_u_",
    "**b**",
    "*",
    "_",
    "[t](https://e.com)",
    "[t](javascript:x)",
    '[t](https://e.com "title")',
    "[t](#a)",
    "![i](x.png)",
    "![",
    "[ref]",
    "[t][ref]",
    "[",
    "]",
    "!",
    "|",
    " | ",
    "?",
    "#",
    "{",
    "}",
    "~",
    ":",
    "é",
    "第1条",
    "\u3000",
]
# A dialect marker inside each construct that changes what a reader sees of it (a code span hides it,
# emphasis and escapes drop characters around it, an entity adds one).
_MARKERS = ["!!!", "???", "???+ x", "~~x", "==x==", "{: .x}", "{ #i }", "[^1]", "--8<--"]
_AROUND = [
    "`{}`",
    "*{}*",
    "_{}_",
    "**{}**",
    "__{}__",
    "[{}](https://e.com)",
    "\\{}",
    "<b>{}</b>",
    "&#32;{}",
    "{}&#32;",
]
_PIECES += [around.format(marker) for around in _AROUND for marker in _MARKERS]
_PIECES += [
    "~\\~x",
    "=\\=x==",
    "?\\??",
    "!\\!!",
    "{\\: .x}",
    "x\\",
    "[t](javascript:x)",
]  # escapes that make one
_STARTS = [
    "",
    "",
    "",
    "# ",
    "## ",
    "## Article 1. Same",
    "### ",
    "> ",
    "- ",
    "1. ",
    "    ",
    "   ",
    "===",
    "---",
    "```",
    "~~~",
    "[ref]: https://e.com",
    "| a | b |",
    "|---|---|",
    "<div>",
    "</div>",
    "<!-- governance: x -->",
]


@st.composite
def subset_texts(draw: st.DrawFn) -> str:
    def line() -> str:
        pieces = draw(st.lists(st.sampled_from(_PIECES), max_size=8))
        return draw(st.sampled_from(_STARTS)) + "".join(pieces)

    count = draw(st.integers(min_value=0, max_value=24))
    header = draw(st.sampled_from(["", "---\ntitle: T\n---\n"]))
    return header + "\n".join(line() for _ in range(count)) + draw(st.sampled_from(["\n", ""]))


_PLAIN = [piece for piece in _PIECES if not any(mark in piece for mark in "\\`*_[]!<&")]


@st.composite
def sparse_texts(draw: st.DrawFn) -> str:
    """Short blocks with at most one piece of markup each: blocks that take the path without the inline
    parse beside blocks that differ from them by one construct."""

    def line() -> str:
        pieces = draw(st.lists(st.sampled_from(_PLAIN), max_size=4))
        pieces.insert(draw(st.integers(0, len(pieces))), draw(st.sampled_from(["", *_PIECES])))
        return draw(st.sampled_from(_STARTS)) + "".join(pieces)

    blocks = draw(st.integers(min_value=0, max_value=8))
    return "\n\n".join("\n".join(line() for _ in range(draw(st.integers(1, 2)))) for _ in range(blocks))


def _same(text: str, body_line: int) -> None:
    assert check_subset(text, "r.md", body_line) == oracle(text, "r.md", body_line)


@given(subset_texts(), st.integers(min_value=0, max_value=5))
@example("x  \n  !!! note\ny ~~z  \n==a== \n{: .x}", 1)
@example("a \t\n\t ???+ b\nc   \n", 1)
@example("| a | b |\n|---|---|\n| !!! | ~~x |\n| {: .y} | z |\n", 1)
@example('## Same\n\n<a id="same"></a> x\n\ny <a id="x"></a> <a id="x"></a>\n', 1)
@example("---\ntitle: T\n---\n[ref]: https://e.com\n\n[t][ref] &#x202E; ![i](x.png)\n", 4)
def test_the_subset_check_finds_what_the_full_parse_found(text: str, body_line: int) -> None:
    _same(text, body_line)


@given(sparse_texts())
@example("`~~x` y")
@example("a ~\\~x")
@example("_???_")
@example("x *==y==*")
@example("[!!!](https://e.com)")
def test_the_subset_check_finds_what_the_full_parse_found_in_sparse_blocks(text: str) -> None:
    _same(text, 1)


@given(regulation_texts())
def test_the_subset_check_finds_what_the_full_parse_found_in_hostile_texts(text: str) -> None:
    _same(text, 1)
    _same(text, 4)


def test_plain_blocks_skip_the_inline_parse_and_marked_ones_do_not() -> None:
    """The fast path is taken (else the equivalence above says nothing about it), and only without markup."""
    assert subset._INLINE_MARKUP.search("plain words !!! ~~x ==y== {: .z} [^1]") is not None  # '[' and '!'
    assert subset._INLINE_MARKUP.search("plain words ??? ~~x ==y== {: .z} --8-") is None
    text = "x  \n  ??? b ~~z  \n==a== {: .x}\n"
    found = check_subset(text, "r.md", 1)
    assert found == oracle(text, "r.md", 1)
    assert {f.code for f in found} == {"MD002", "MD003", "MD009"}

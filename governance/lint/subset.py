"""The Markdown of a regulation (MD001-MD012, STR007): only what reads as it renders.

A regulation is published by one renderer (governance.text.html) from the parser's markdown-it parse,
and only a defined subset of Markdown is part of it (site/guides/legal.md lists it). Everything else is
refused here, with the line and what to write instead, because it reads one way and renders (or would
render, in another tool) another: an admonition that looks like an official banner, an attribute list
that hides a paragraph, a link reference definition that is approved but never shown, a character
reference that is an invisible or right-to-left character in disguise. The checks run on the parse,
not on the look of the source, so an escape or an entity cannot spell a construct past them; what a
reader sees (the text after escapes) is checked for the syntax of other Markdown dialects.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_block.table import escapedSplit
from markdown_it.token import Token

from governance.i18n import Message
from governance.limits import MAX_INLINE_MARKUP
from governance.lint.links import not_an_address
from governance.lint.markup import RAW_HTML
from governance.text.findings import Finding
from governance.text.front_matter import key_line
from governance.text.inert_html import ANCHOR_CLOSE, ANCHOR_OPEN, DIRECTIVE, is_reserved
from governance.text.parser import block_parse, slug

# The parser's block rules and options (so the blocks are the parser's cached ones); inline parsed,
# entities kept apart (no text_join).
_markdown = MarkdownIt("commonmark").enable("table").disable("text_join")
# What can start an inline construct of the rules above (escape, code span, emphasis, link, image,
# autolink, raw HTML, entity): text without any is plain text and line breaks, whatever the parse.
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]!<&]")
# Where markdown-it's inline parse stops its plain text to try its rules: its own set (newlines, bounded
# apart as lines, are not counted).
_TERMINATORS = _markdown.inline.terminator_re
Finder = Callable[[str], str | None]  # the first match of a construct in a line's text, or None
_SAFE_HREF = re.compile(r"(?:https?://|mailto:|#)[^\s]*\Z", re.IGNORECASE)
_ALLOWED_BLOCKS = {
    "heading_open",
    "heading_close",
    "paragraph_open",
    "paragraph_close",
    "inline",
    "bullet_list_open",
    "bullet_list_close",
    "ordered_list_open",
    "ordered_list_close",
    "list_item_open",
    "list_item_close",
    "blockquote_open",
    "blockquote_close",
    "hr",
    "code_block",
    "fence",
    "table_open",
    "table_close",
    "thead_open",
    "thead_close",
    "tbody_open",
    "tbody_close",
    "tr_open",
    "tr_close",
    "th_open",
    "th_close",
    "td_open",
    "td_close",
}
# Syntax of other dialects (Python-Markdown extensions, pymdownx, GFM), looked for in the text a reader
# sees: (code, finder, what it is and what to write instead). A finder returns the first match's text, as the
# regexes below in their plain form would (tests/lint/test_subset_dialects.py keeps them as the oracle),
# in time linear in the line: the plain forms restart a scan to the line's end at every '{', '[^' or '-'.
_ATTRIBUTE_OPEN = re.compile(r"\{(?:[ \t]*:?[ \t]*(?:[#.][^\s}]|[A-Za-z_][\w-]*[ \t]*=)|:)")
_FOOTNOTE_OPEN = re.compile(r"\[\^")
_OTHER_DIALECTS = re.compile(r"(?<!-)-{2,}+8<-{2,}|~~(?=\S)|==(?=\S)[^=\n]*(?<=\S)==")


def _closed(opening: re.Pattern[str], stops: re.Pattern[str], close: str, *, empty: bool) -> Finder:
    """A finder of `opening`, then a run of characters that `stops` does not match, then `close`; with
    `empty` the run may be empty. The run after each opening ends where the run after the one before it
    ends when the openings share it, so it is scanned once."""

    def find(seen: str) -> str | None:
        end = -1  # where the last run scanned stops (len(seen) when nothing stops it)
        for match in opening.finditer(seen):
            if match.end() > end:
                stop = stops.search(seen, match.end())
                end = stop.start() if stop else len(seen)
            if (empty or end > match.end()) and seen.startswith(close, end):
                return seen[match.start() : end + len(close)]
        return None

    return find


def _searcher(pattern: re.Pattern[str]) -> Finder:
    def find(seen: str) -> str | None:
        match = pattern.search(seen)
        return match.group() if match else None

    return find


_DIALECTS: list[tuple[str, Finder, Message]] = [
    (
        "MD002",
        _searcher(re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)(?=[ \t]|$)")),
        Message(
            "admonition syntax ('!!!' or '???'): on a site it becomes a coloured box that looks official; "
            "write the sentence as an ordinary paragraph"
        ),
    ),
    (
        "MD003",
        _closed(_ATTRIBUTE_OPEN, re.compile(r"[}\n]"), "}", empty=True),
        Message(
            "an attribute list ('{{: ...}}', '{{ #id .class key=value }}'): on a site it can hide or "
            "restyle the text and change its anchor; delete the braces and what is inside them"
        ),
    ),
    (
        "MD007",
        _closed(_FOOTNOTE_OPEN, re.compile(r"[\]\s]"), "]", empty=False),
        Message(
            "footnote syntax ('[^1]'): a regulation has no footnotes; write the note as a paragraph of "
            "the article"
        ),
    ),
    (
        "MD009",
        _searcher(_OTHER_DIALECTS),
        Message(
            "syntax of another Markdown dialect (snippets '--8<--', strikethrough '~~', mark '=='); write "
            "the text itself; a deletion is made by amending the text, not by striking it through"
        ),
    ),
]


# What every finder of _DIALECTS needs in a line to find anything ('!!!', '???', '{', '[^', '--8<', '~~',
# '=='): a text without any is passed over whole (tests/lint/test_subset_dialects.py holds each finder to it).
DIALECT_HINT = re.compile(r"!!!|\?\?\?|\{|\[\^|--8<|~~|==")


# Characters that Markdown or HTML would read as markup in the words the site's pages show around the
# text (a page's title, the home page, the history, the feed): there the title is not the renderer's.
_MARKUP_CHARACTERS = re.compile(r"[<>&{}\[\]*_`\\|]")
_PLAIN_KEYS = ("title", "issuer")


def check_plain_front_matter(metadata: Mapping[str, object], text: str, path: str) -> list[Finding]:
    """FM006: the title and issuer, shown on every page about the text, are plain words."""
    findings: list[Finding] = []
    for key in _PLAIN_KEYS:
        value = metadata.get(key)
        if not isinstance(value, str):
            continue
        match = _MARKUP_CHARACTERS.search(value)
        if match:
            findings.append(
                Finding(
                    path,
                    key_line(text, key),
                    1,
                    "FM006",
                    Message(
                        "'{key}' contains '{character}', which the site's pages would read as markup; "
                        "write it in plain words (without < > & {{ }} [ ] * _ ` \\ |)",
                        key=key,
                        character=match.group(),
                    ),
                )
            )
    return findings


def check_subset(
    text: str,
    path: str,
    body_line: int,
    link_problem: Callable[[str], Message | None] | None = None,
    numbered: Collection[int] = (),
) -> list[Finding]:
    """Findings for everything outside the subset, from `body_line` (1-based, after the front matter).
    link_problem: what is wrong with an address outside the subset (governance.lint.links), None when it
    names another regulation; without it every such address is refused. numbered: the lines where the
    parser opens a paragraph or an item (MD011 when one of them is inside a code span or a link)."""
    lines, start, body = _body(text, body_line)
    tokens, env = block_parse(body)
    beyond = _beyond_markup_limit(tokens, path)
    if beyond is not None:
        return [beyond]
    findings: dict[tuple[int, str], Finding] = {}
    # The ids an anchor may not take: the headings' (the parser's article-... ones by their prefix), and
    # every anchor's before it; only read for an anchor (`<a ...`, ANCHOR_OPEN), so only made with one.
    taken = (
        {slug(tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"}
        if "<a" in body
        else set()
    )
    links = link_problem or not_an_address
    opens = sorted(numbered)
    for line, code, column, message in _problems(tokens, env, lines, start, taken, links, opens):
        findings.setdefault((line, code), Finding(path, line, column, code, message))
    # markdown-it swallows a definition inside a quotation or a list item too, where no line is left
    # uncovered; it names each one it read (a repeated label among its duplicates).
    for definition in [*env.get("references", {}).values(), *env.get("duplicate_refs", [])]:
        line = definition["map"][0] + 1
        findings.setdefault((line, "MD004"), Finding(path, line, 1, "MD004", _DEFINITION))
    return list(findings.values())


def markup_beyond_limit(text: str, path: str, body_line: int) -> Finding | None:
    """check_subset's FILE006 alone: its parse of the body, which the inline parse would read."""
    return _beyond_markup_limit(block_parse(_body(text, body_line)[2])[0], path)


def _body(text: str, body_line: int) -> tuple[list[str], int, str]:
    """The text's lines, the index of the body's first, and the text with the lines before it blanked
    (so markdown-it's line maps are file lines), as the parser and the renderer cut it."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    start = max(body_line - 1, 0)
    return lines, start, "\n".join([""] * start + lines[start:])


def _beyond_markup_limit(tokens: tuple[Token, ...], path: str) -> Finding | None:
    """FILE006 when the blocks the inline parse would read hold more possible markup than the documented
    limit (governance/limits.py): refused before that parse, whose time grows with it."""
    count, line = 0, 1
    for token in tokens:
        line = token.map[0] + 1 if token.map is not None else line
        if token.type == "inline" and _INLINE_MARKUP.search(token.content):
            count += len(_TERMINATORS.findall(token.content)) - token.content.count("\n")
            if count > MAX_INLINE_MARKUP:
                break
    if count <= MAX_INLINE_MARKUP:
        return None
    return Finding(
        path,
        line,
        1,
        "FILE006",
        Message(
            "by line {line} the paragraphs with inline markup hold more than {limit:,} characters Markdown "
            "may read as markup (! # $ % & * + - : < = > @ [ \\ ] ^ _ ` {{ }} ~), the limit; a regulation "
            "is prose: write it with less markup, or split it into several regulations",
            line=line,
            limit=MAX_INLINE_MARKUP,
        ),
    )


def _problems(
    tokens: tuple[Token, ...],
    env: dict[str, Any],
    lines: list[str],
    start: int,
    taken: set[str],
    links: Callable[[str], Message | None],
    numbered: list[int],
) -> Iterator[tuple[int, str, int, Message]]:
    covered = start
    line = start + 1
    for position, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map is not None else line  # a table cell's inline has no map
        if token.level == 0 and token.map is not None:
            if token.map[0] > covered:
                yield from _uncovered(lines, covered, token.map[0])
            covered = max(covered, token.map[1])
        if token.type == "html_block":
            if not DIRECTIVE.fullmatch(token.content.strip()):
                yield line, "STR007", 1, RAW_HTML
        elif token.type == "heading_open" and token.level > 0:
            yield (
                line,
                "MD009",
                1,
                Message(
                    "a heading inside a list or a quotation: it reads as an article or a heading of the "
                    "text, but the text's structure (numbering, cross-references) does not count it; "
                    "write it at the start of a line, or as an ordinary sentence"
                ),
            )
        elif token.type == "fence" and token.map is not None and not _closed_fence(token, lines):
            yield (
                line,
                "MD012",
                1,
                Message(
                    "a code fence ('{fence}') that is never closed: everything after it to the end of the "
                    "text (or of its list item or quotation), articles and headings too, is shown as code; "
                    "close it with '{fence}' on a line of its own",
                    fence=token.markup,
                ),
            )
        elif token.type == "tr_open" and token.map is not None:
            cells = _cells_beyond(tokens, position, lines[token.map[0]])
            if cells:
                yield line, "MD010", 1, cells
        elif token.type == "heading_open" and token.markup in ("=", "-"):
            yield (
                line,
                "MD008",
                1,
                Message(
                    "a heading underlined with '===' or '---' (setext): it reads as a line and a rule; "
                    "write it with '#' marks ('## Article 5. Title')"
                ),
            )
        elif token.type == "inline":
            breaks: set[int] = set()
            marked = _INLINE_MARKUP.search(token.content) is not None
            if marked:
                yield from _inline(_children(token.content, env), line, lines, taken, links, breaks)
            elif DIALECT_HINT.search(token.content):
                yield from _plain(token.content, line, lines)
            unbroken = _unbroken(tokens, position)
            if token.map is not None and (marked or unbroken):
                yield from _swallowed(numbered, token.map, set() if unbroken else breaks)
        elif token.type not in _ALLOWED_BLOCKS:
            message = Message(
                "'{kind}' is not part of the Markdown of a regulation; remove it", kind=token.type
            )
            yield line, "MD009", 1, message
    yield from _uncovered(lines, covered, len(lines))


_DEFINITION = Message(
    "a link reference definition ('[name]: address'): it is approved but never shown; "
    "write the link in place: [text](https://...)"
)
# What precedes a table row's first cell on its line inside a quotation or a list item: the row itself
# cannot start with '>' (a quotation ends the table).
_ROW_PREFIX = re.compile(r"[ \t>]*+")


def _closed_fence(token: Token, lines: list[str]) -> bool:
    """Whether a fence's last line closes it: its character, at least as many times as it opened."""
    assert token.map is not None
    if token.map[1] - token.map[0] < 2 or token.map[1] > len(lines):
        return False
    last = lines[token.map[1] - 1]
    closing = last[_ROW_PREFIX.match(last).end() :].rstrip()  # type: ignore[union-attr]
    mark = token.markup
    return len(closing) >= len(mark) and closing == mark[0] * len(closing)


def _uncovered(lines: list[str], start: int, end: int) -> Iterator[tuple[int, str, int, Message]]:
    """Source lines no block covers: markdown-it swallows a link reference definition (`[x]: https://...`),
    so the board would approve words no reader ever sees."""
    for number in range(start, min(end, len(lines))):
        if lines[number].strip():
            yield number + 1, "MD004", 1, _DEFINITION


def _cells_beyond(tokens: tuple[Token, ...], position: int, source: str) -> Message | None:
    """MD010 when the row opening at `position` has more cells in its source line than the table's header:
    markdown-it keeps as many cells as the header has and drops the rest, so approved words (or a cell a
    '|' inside a code span split off) would never be shown. The line is split as markdown-it splits it."""
    if position == 0 or tokens[position - 1].type == "thead_open":
        return None  # the header row: markdown-it makes a table only when it has the header's cells
    shown = 0
    for index in range(position + 1, len(tokens)):  # no slice: a table's rows would copy its tail each
        if tokens[index].type == "tr_close":
            break
        shown += tokens[index].type in ("td_open", "th_open")
    row = source[_ROW_PREFIX.match(source).end() :].strip()  # type: ignore[union-attr]
    cells = escapedSplit(row)
    written = len(cells) - (cells[0] == "") - (len(cells) > 1 and cells[-1] == "")
    if written <= shown:
        return None
    return Message(
        "a table row with {written} cells under a header of {shown}: the cells after the {shown}th are never "
        "shown; add the columns to the header row (and its '---' line), or write a '|' that is part of a "
        "cell's text as '\\|' (in a code span too)",
        written=written,
        shown=shown,
    )


def _children(content: str, env: dict[str, Any]) -> list[Token]:
    """The inline tokens of a block, as markdown-it's inline rule makes them; the block tokens are the
    parser's cached ones, so their children are made apart and never stored on them."""
    children: list[Token] = []
    _markdown.inline.parse(content, _markdown, env, children)
    return children


def _plain(content: str, line: int, lines: list[str]) -> Iterator[tuple[int, str, int, Message]]:
    """The checks of `_inline` on a block without inline markup: its children would be text and line
    breaks only, so what a reader sees is each line as markdown-it's newline rule leaves it (the next
    line's leading spaces and tabs skipped, a line break's trailing spaces dropped)."""
    parts = content.split("\n")
    last = len(parts) - 1
    for index, part in enumerate(parts):
        seen = part.lstrip(" \t") if index else part
        if index < last and seen.endswith(" "):
            if seen.endswith("  "):
                end = len(seen) - 2
                while end >= 1 and seen[end - 1] == " ":
                    end -= 1
                seen = seen[:end]
            else:
                seen = seen[:-1]
        yield from _dialects(seen, line + index, lines)


def _inline(
    children: list[Token],
    line: int,
    lines: list[str],
    taken: set[str],
    links: Callable[[str], Message | None],
    breaks: set[int],
) -> Iterator[tuple[int, str, int, Message]]:
    """`breaks`: given the lines a line break outside a link opens (where a paragraph can begin)."""
    seen = ""  # the text a reader sees on the current line
    linked = 0  # links open
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
                    Message(
                        "the anchor id '{id}' is an id of this page already (an article, paragraph, item, "
                        "heading or another anchor): links to it would land here; choose another id",
                        id=anchor.group(1),
                    ),
                )
            taken.add(anchor.group(1))
            continue
        if kind in ("softbreak", "hardbreak"):
            yield from _dialects(seen, line, lines)
            line, seen = line + 1, ""
            if not linked:
                breaks.add(line)
        elif kind == "text_special" and child.info == "entity":
            yield (
                line,
                "MD001",
                _column(lines, line, child.markup),
                Message(
                    "the character reference '{reference}' shows a character that is not written (it may "
                    "be invisible or reverse the text); type the character itself, or write '&' followed "
                    "by a space",
                    reference=child.markup,
                ),
            )
        elif kind == "html_inline":
            yield line, "STR007", _column(lines, line, child.content), RAW_HTML
        elif kind == "image":
            yield (
                line,
                "MD005",
                _column(lines, line, "!["),
                Message(
                    "an image: a regulation is text, and an image's words cannot be read, searched or "
                    "compared; write the content as text"
                ),
            )
        elif kind == "link_close":
            linked -= 1
        elif kind == "link_open":
            linked += 1
            href = str(child.attrs.get("href", ""))
            if child.attrs.get("title"):
                yield (
                    line,
                    "MD006",
                    _column(lines, line, "]("),
                    Message(
                        "a link title (the quoted text after the address) is shown only on hover; "
                        'delete it: [text](https://...) without "..."'
                    ),
                )
            problem = None if _SAFE_HREF.match(href) else links(href)
            if problem is not None:
                yield line, "MD006", _column(lines, line, "["), problem
        elif kind in ("text", "text_special", "code_inline"):
            seen += child.content if kind != "code_inline" else ""
    yield from _dialects(seen, line, lines)


_SWALLOWED = Message(
    "a paragraph or item opens on this line ('２　', '（１）', '(a)') inside a code span or a link begun on "
    "an earlier line, or as a continuation of a bullet item: the page would show it inside the paragraph "
    "or item before; close the code span or the link before the end of that line, or leave a blank line "
    "before it (indented under the item if it belongs to it)"
)


def _unbroken(tokens: tuple[Token, ...], position: int) -> bool:
    """Whether the inline block at `position` is a paragraph the page shows without its own <p> (in a
    bullet item of a tight list; an ordered item's shows its number): no paragraph can start inside it."""
    opening = tokens[position - 1] if position else None
    if opening is None or opening.type != "paragraph_open" or not opening.hidden:
        return False
    item = tokens[position - 2] if position >= 2 else None
    return not (item is not None and item.type == "list_item_open" and item.markup in (".", ")"))


def _swallowed(
    numbered: list[int], block: list[int], breaks: set[int]
) -> Iterator[tuple[int, str, int, Message]]:
    """MD011 for each line after the first of an inline block (its 0-based `block` map) where the parser
    opens a paragraph or an item but no line break outside a link leads: a code span or a link spans it,
    and the renderer, which starts the paragraph at the line break, cannot."""
    first, end = block[0] + 2, block[1]  # 1-based: the block's second line to its last
    for line in numbered[bisect.bisect_left(numbered, first) : bisect.bisect_right(numbered, end)]:
        if line not in breaks:
            yield line, "MD011", 1, _SWALLOWED


def _closes_anchor(children: list[Token], position: int) -> bool:
    """Whether `position` is the `</a>` right after an empty anchor's opening tag."""
    return (
        0 < position < len(children)
        and children[position].type == "html_inline"
        and children[position].content == ANCHOR_CLOSE
        and children[position - 1].type == "html_inline"
        and ANCHOR_OPEN.fullmatch(children[position - 1].content) is not None
    )


def _dialects(seen: str, line: int, lines: list[str]) -> Iterator[tuple[int, str, int, Message]]:
    if not DIALECT_HINT.search(seen):
        return
    for code, find, message in _DIALECTS:
        fragment = find(seen)
        if fragment is not None:
            yield line, code, _column(lines, line, fragment), message


def _column(lines: list[str], line: int, fragment: str) -> int:
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    found = source.find(fragment)
    return found + 1 if found >= 0 else 1

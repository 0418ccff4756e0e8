"""Whether a page shows a regulation exactly as approved, decided without the renderer's code: the page is
read by the standard library's html.parser, the source by the rules below (no markdown-it), and the two
are aligned character by character.

What a reader may see of a source (the normalisation). The front matter is not shown. Every other
character of the source is *required* (it must be shown, in order, as written) except these *optional*
ones, which a renderer may drop or show as written:

- at the start of a line, after its indentation: `>` (quotation), a bullet `-` `*` `+` followed by a
  blank, `#` to `######` followed by a blank and a heading's closing `#`s; an ordered number (`2.`,
  `2)`) is *required*: numbers are shown as written, and markers after it (`1. - x`) stay optional;
- a whole line that is a fence (```` ``` ````, `~~~`, with its info) or a thematic break (`***`, `---`,
  `___`); in a block with a table, the `-` and `:` of a line like a delimiter row (`| --- | :-: |`, or a
  header row written so);
- a backslash before ASCII punctuation (an escape) or at the end of a line (a hard break); the escaped
  character itself is required (a backtick excepted: it may close a code span);
- a run of `*` or `_` that CommonMark's flanking rules let open or close emphasis (`2*3` may be
  emphasis, `a * b` and `snake_case` may not);
- a run of backticks when its block (lines between blank lines) holds another run of the same length,
  and a blank or line break beside it (a code span strips one inside, and which side is inside is not
  decided here);
- `[` when `](` follows in its block, and a link's `](address)` whole; `<` and `>` around an autolink;
- `|` in a block with a table's delimiter row (a cell boundary, which may read as a space);
- a tool's directive comment (`<!-- markdownlint-disable MD013 -->`) and an empty anchor (`<a id=x></a>`).

White space: runs of it are one space on both sides (str.split), and a blank of the source may be
absorbed next to a space or at either end. A line break (with the blanks around it) reads as one too,
except between two characters shown East Asian Fullwidth, Wide or Halfwidth, neither Hangul (CSS Text 3's
segment break rule, which the renderers apply: "内部統制の\n枠組み" reads "内部統制の枠組み"), where it
may show nothing; a space there is not refused, since a heading, a cell or a code span ending a line
shows one and the source alone does not tell them apart (the browser tests hold that no space shows). Nothing else is forgiven: a word, a digit or a punctuation
mark dropped, added, changed or moved fails; so does a number renumbered.

The page (read_text): the text elements (class `governance-text`) are read with html.parser; permalinks
(¶) are left out but must hold exactly `¶`; everything inside is checked against allow-lists: elements
that show text (no script, style, template, details, iframe, form, img, ...), attributes (no `hidden`,
`style` but a cell's text-align, `on*`, `aria-hidden`, a title outside a permalink), link addresses
(https, http, mailto, an anchor, a page of the site), classes (a stylesheet hides none of them), no comment,
well nested, no text directly in a table, a row or a list (a browser moves it out).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from tests.site.fidelity import CLASSES, TAGS  # the elements and classes that may show text

TEXT_CLASS = "governance-text"
PERMALINKS = {"governance-permalink", "headerlink"}
SKIPPED = {"governance-redline-status"}  # a redline's words for the kind of change: the page's own
_VOID = {"br", "hr"}
_BLOCKS = TAGS - {"span", "strong", "em", "code", "a", "ins", "del", "br"}
_NO_TEXT = {"table", "thead", "tbody", "tr", "ul"}  # text directly inside is moved out by a browser
_IN_PARAGRAPH = {"span", "strong", "em", "code", "a", "br", "ins", "del"}  # else a browser closes the <p>
_HREF = re.compile(r"(?:https?://|mailto:|#)[^\s\"'<>]*|(?:\.\./)*[a-z0-9][a-z0-9._/-]*/(?:#[^\s]*)?", re.I)
_ID = re.compile(r"[^\s]+")  # an id shows nothing; it only must be one
_ALIGN = re.compile(r"text-align:(?:left|right|center)")
_NUMBER = re.compile(r"[0-9]{1,9}[.)]")


@dataclass
class Reading:
    """What a page shows as regulation text, and everything in it that may hide, run or move text."""

    text: str = ""  # the visible text of every text element, white space collapsed
    numbers: list[str] = field(default_factory=list)  # the ordered numbers (governance-number), in order
    ids: set[str] = field(default_factory=set)  # the ids of elements inside the text
    pieces: list[str] = field(default_factory=list)  # the visible text of each text element
    languages: list[str] = field(default_factory=list)  # each text element's lang ("" when none)
    columns: list[int] = field(default_factory=list)  # each text element's column in its row (0: no cell)
    numbered: list[list[str]] = field(default_factory=list)  # the ordered numbers of each text element
    problems: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self, skip: frozenset[str], whole: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Reading()
        self.parts: list[str] = []
        self.starts: list[int] = [0] if whole else []  # where each text element's parts begin
        self.open: list[str] = []  # the elements open inside the text, innermost last
        self.depth = 1 if whole else 0  # > 0 inside a text element
        self.skipping = 0  # open elements inside a permalink or a left-out side of a redline
        self.permalink: list[str] | None = None  # what a permalink holds, while inside one
        self.number: list[str] | None = None
        self.skip = skip
        self.column = 0  # the cells started outside the text since the last row (a 新旧対照表's column)
        if whole:  # the fragment is one text element
            self.out.languages, self.out.columns, self.out.numbered = [""], [0], [[]]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        if self.depth == 0:
            self.column = 0 if tag == "tr" else self.column + (tag == "td")
            if TEXT_CLASS in classes:
                self.depth = 1
                self.parts.append(" ")
                self.starts.append(len(self.parts))
                self.out.languages.append(values.get("lang") or "")
                self.out.columns.append(self.column if tag == "td" else 0)
                self.out.numbered.append([])
            return
        self._judge(tag, attrs, classes)
        if values.get("id"):
            self.out.ids.add(values["id"] or "")
        if self.open and self.open[-1] == "p" and tag not in _IN_PARAGRAPH:
            self.out.problems.append(f"<{tag}> inside <p> (a browser closes the paragraph)")
        if tag in _VOID:
            if not self.skipping:
                self.parts.append(" ")
            return
        self.open.append(tag)
        self.depth += 1
        if self.skipping:
            self.skipping += 1
        elif classes & PERMALINKS:
            self.skipping, self.permalink = 1, []
        elif classes & SKIPPED or tag in self.skip:
            self.skipping = 1
        elif "governance-number" in classes:
            self.number = []
        if tag in _BLOCKS and not self.skipping:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.depth:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.depth == 0:
            return
        if tag in _VOID:
            self.out.problems.append(f"</{tag}>")
            return
        if not self.open:  # the text element's own end
            self.depth = 0
            self.parts.append(" ")
            return
        if self.open[-1] != tag:
            self.out.problems.append(f"</{tag}> closes <{self.open[-1]}> (not well nested)")
        self.open.pop()
        self.depth -= 1
        if self.skipping:
            self.skipping -= 1
            if not self.skipping and self.permalink is not None:
                if "".join(self.permalink) != "¶":
                    self.out.problems.append(f"a permalink holds {''.join(self.permalink)!r}")
                self.permalink = None
            return
        if self.number is not None and tag == "span":
            self.out.numbers.append("".join(self.number))
            self.out.numbered[-1].append("".join(self.number))
            self.number = None
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.depth:
            return
        if self.permalink is not None and self.skipping == 1:
            self.permalink.append(data)
        if self.skipping:
            return
        if self.open and self.open[-1] in _NO_TEXT and data.strip():
            self.out.problems.append(f"text {data.strip()[:20]!r} directly inside <{self.open[-1]}>")
        if self.number is not None:
            self.number.append(data)
        self.parts.append(data)

    def handle_comment(self, data: str) -> None:
        if self.depth:
            self.out.problems.append(f"a comment <!--{data[:20]}-->")

    def handle_decl(self, decl: str) -> None:
        if self.depth:
            self.out.problems.append(f"a declaration <!{decl[:20]}>")

    def handle_pi(self, data: str) -> None:
        if self.depth:
            self.out.problems.append(f"a processing instruction <?{data[:20]}>")

    def unknown_decl(self, data: str) -> None:
        if self.depth:
            self.out.problems.append(f"<![{data[:20]}")

    def _judge(self, tag: str, attrs: list[tuple[str, str | None]], classes: set[str]) -> None:
        if tag not in TAGS:
            self.out.problems.append(f"<{tag}>")
        permalink = tag == "a" and bool(classes & PERMALINKS)
        for name, value in attrs:
            value = value or ""
            allowed = (
                (name == "id" and _ID.fullmatch(value) is not None)
                or name == "class"
                or (name == "href" and tag == "a" and _HREF.fullmatch(value) is not None)
                or (name in ("title", "aria-label", "data-search-exclude") and permalink)
                or (name == "style" and tag in ("th", "td") and _ALIGN.fullmatch(value) is not None)
                or (name == "role" and (tag, value) in (("div", "list"), ("div", "listitem")))
                or (name == "lang" and "governance-bilingual__column" in classes)
            )
            if not allowed:
                self.out.problems.append(f"<{tag} {name}={value!r}>")
        for name in classes - CLASSES:
            self.out.problems.append(f"<{tag} class={name!r}>")


def read_text(page: str, *, skip: frozenset[str] = frozenset(), whole: bool = False) -> Reading:
    """The regulation text a page shows: inside its `governance-text` elements, or the whole of `page`
    (`whole`: a fragment that is all text). `skip`: "ins" or "del", a side of a redline left out."""
    reader = _Reader(skip, whole)
    reader.feed(page)
    reader.close()
    if reader.open and not whole:
        reader.out.problems.append(f"<{reader.open[-1]}> never closed")
    reader.out.text = " ".join("".join(reader.parts).split())
    ends = [*reader.starts[1:], len(reader.parts)]
    reader.out.pieces = [
        " ".join("".join(reader.parts[start:end]).split())
        for start, end in zip(reader.starts, ends, strict=True)
    ]
    return reader.out


# The source's side: units, each required, optional (may be dropped), a separator (may be dropped or read
# as a space) or white space.
REQUIRED, OPTIONAL, SEPARATOR, BLANK = "required", "optional", "separator", "blank"
SOFT = "soft"  # a blank just inside a code span's backticks, which CommonMark strips
BREAK = "break"  # a line break and the blanks around it: a blank, or nothing between two wide characters
Unit = tuple[str, str]

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_WHOLE_LINE = re.compile(r"[ \t]*(?:(?:`{3,}|~{3,}).*|([-*_])(?:[ \t]*\1){2,}[ \t]*)")
_ROW = r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*"
_DELIMITER_ROW = re.compile(r"[ \t>]*" + _ROW)
_MARKER = re.compile(r"([ \t]*)(?:(>)|([-*+])(?=[ \t]|$)|([0-9]{1,9}[.)])(?=[ \t]|$))")
_HEADING = re.compile(r"[ \t]*(#{1,6})(?=[ \t]|$)")
_CLOSING_HASHES = re.compile(r"(?:[ \t]+#+)?[ \t]*\Z")
_INERT = re.compile(
    r"<!--[ \t]*(?:markdownlint-[a-z-]+(?:[ \t,]+MD[0-9]{3})*|prettier-ignore(?:-start|-end)?)[ \t]*-->"
    r'|<a[ \t]+(?:id|name)[ \t]*=[ \t]*"[^"]*"[ \t]*></a>'
)
_DESTINATION = re.compile(r"\]\([ \t]*(?:<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))*)[ \t]*\)")
_AUTOLINK = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9.\-]+)>"
)
_ASCII_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def source_units(source: str) -> list[Unit]:
    """The approved source as units a page may show (module docstring)."""
    text = source.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    body = _FRONT_MATTER.sub("", text, count=1)
    units: list[Unit] = []
    for block in re.split(r"\n(?:[ \t]*\n)+", body):
        lines = block.split("\n")
        table = any(_DELIMITER_ROW.fullmatch(line) and "-" in line for line in lines)
        ticks = _tick_runs(block)
        for line in lines:
            _line(line, units, table=table, ticks=ticks, block=block)
            last = units[-1] if units else (BLANK, "")
            paired = last[0] == OPTIONAL and last[1].startswith("`") and set(last[1]) == {"`"}
            # SOFT: a line break just inside a code span; BLANK: a hard one (a <br>, never nothing).
            hard = line.endswith("  ") or (len(line) - len(line.rstrip("\\"))) % 2 == 1
            units.append((SOFT if paired else BLANK if hard else BREAK, " "))
    return _breaks_with_blanks(units)


def _breaks_with_blanks(units: list[Unit]) -> list[Unit]:
    """Each run of blanks holding a line break as one BREAK: the blanks ending a line and indenting the
    next are not shown where the break shows nothing (a run of blanks is one space anyway)."""
    out: list[Unit] = []
    for unit in units:
        if unit[0] in (BLANK, BREAK) and out and out[-1][0] in (BLANK, BREAK):
            if unit[0] == BREAK:
                out[-1] = unit
            continue
        out.append(unit)
    return out


def _tick_runs(block: str) -> dict[int, int]:
    counts: dict[int, int] = {}
    for run in re.findall(r"`+", block):
        counts[len(run)] = counts.get(len(run), 0) + 1
    return counts


def _line(line: str, units: list[Unit], *, table: bool, ticks: dict[int, int], block: str) -> None:
    position = 0
    while True:  # quotation marks, bullets and numbers, nested
        marker = _MARKER.match(line, position)
        if marker is None:
            break
        lead, quote, bullet, number = marker.groups()
        _blank(lead, units)
        units.append((REQUIRED, number) if number else (OPTIONAL, quote or bullet))
        position = marker.end()
    rest = line[position:]
    if rest[:1].isspace():
        units.append((BLANK, " "))
        rest = rest.lstrip()
    if _WHOLE_LINE.fullmatch(rest):
        units.append((OPTIONAL, rest))
        return
    if table and "-" in rest and re.fullmatch(_ROW, rest):  # a delimiter row, or a header row like one
        for char in rest:
            units.append((BLANK, " ") if char.isspace() else (SEPARATOR if char == "|" else OPTIONAL, char))
        return
    heading = _HEADING.match(rest)
    if heading:
        _blank(rest[: heading.start(1)], units)
        units.append((OPTIONAL, heading.group(1)))
        rest = rest[heading.end() :]
        closing = _CLOSING_HASHES.search(rest)
        assert closing is not None
        _inline(rest[: closing.start()], units, table=table, ticks=ticks, block=block)
        units.append((OPTIONAL, closing.group()))
        return
    _inline(rest, units, table=table, ticks=ticks, block=block)


def _blank(text: str, units: list[Unit]) -> None:
    if text:
        units.append((BLANK, " "))


def _inline(content: str, units: list[Unit], *, table: bool, ticks: dict[int, int], block: str) -> None:
    index = 0
    size = len(content)
    while index < size:
        char = content[index]
        inert = _INERT.match(content, index) if char == "<" else None
        autolink = _AUTOLINK.match(content, index) if char == "<" else None
        if char.isspace():
            end = index
            while end < size and content[end].isspace():
                end += 1
            units.append((BLANK, " "))
            index = end
        elif char == "\\" and index + 1 < size and content[index + 1] in _ASCII_PUNCTUATION:
            escaped = content[index + 1]
            units += [(OPTIONAL, "\\"), (OPTIONAL if escaped == "`" else REQUIRED, escaped)]
            index += 2
        elif char == "\\" and index + 1 == size:
            units.append((OPTIONAL, "\\"))  # a hard line break
            index += 1
        elif inert is not None:
            units.append((OPTIONAL, inert.group()))
            index = inert.end()
        elif autolink is not None:
            units += [(OPTIONAL, "<"), (REQUIRED, autolink.group()[1:-1]), (OPTIONAL, ">")]
            index = autolink.end()
        elif char in "*_":
            end = index
            while end < size and content[end] == char:
                end += 1
            kind = OPTIONAL if _may_delimit(content, index, end) else REQUIRED
            units += [(kind, char)] * (end - index)
            index = end
        elif char == "`":
            end = index
            while end < size and content[end] == "`":
                end += 1
            paired = ticks.get(end - index, 0) > 1
            units.append((OPTIONAL if paired else REQUIRED, content[index:end]))
            if paired and len(units) > 1 and units[-2][0] in (BLANK, BREAK):
                units[-2] = (SOFT, " ")
            if paired and end < size and content[end] == " ":
                units.append((SOFT, " "))
                while end < size and content[end].isspace():
                    end += 1
            index = end
        elif char == "[":
            units.append((OPTIONAL if "](" in content[index:] or "](" in block else REQUIRED, "["))
            index += 1
        elif char == "]" and (destination := _DESTINATION.match(content, index)) is not None:
            units.append((OPTIONAL, destination.group()))
            index = destination.end()
        elif char == "|" and table:
            units.append((SEPARATOR, "|"))
            index += 1
        else:
            units.append((REQUIRED, char))
            index += 1


def _may_delimit(content: str, start: int, end: int) -> bool:
    """Whether the run content[start:end] of `*` or `_` can open or close emphasis (CommonMark's flanking
    rules), under either reading of white space and punctuation (Unicode's or the ASCII one), so that no
    run a renderer may read as emphasis is required."""
    before = content[start - 1] if start else " "
    after = content[end] if end < len(content) else " "
    for space, punct in ((_space_unicode, _punct_unicode), (_space_ascii, _punct_ascii)):
        left = not space(after) and (not punct(after) or space(before) or punct(before))
        right = not space(before) and (not punct(before) or space(after) or punct(after))
        if content[start] == "*" and (left or right):
            return True
        if content[start] == "_" and (
            (left and (not right or punct(before))) or (right and (not left or punct(after)))
        ):
            return True
    return False


def _space_unicode(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Zs"


def _space_ascii(char: str) -> bool:
    return char in " \t\n\r\f\v"


def _punct_unicode(char: str) -> bool:
    return char in _ASCII_PUNCTUATION or unicodedata.category(char)[0] in "PS"


def _punct_ascii(char: str) -> bool:
    return char in _ASCII_PUNCTUATION


def difference(source: str, visible: str, *, part: bool = False) -> str | None:
    """None when `visible` (white space collapsed) is what a page may show of `source` (module docstring),
    or with `part` of one stretch of it (a redline shows the divisions that changed); else where they
    part, for the assertion's message."""
    units = source_units(source)
    seen = " ".join(visible.split())
    best = 0
    stack = [(i, 0) for i in range(len(units), -1, -1)] if part else [(0, 0)]
    tried: set[tuple[int, int]] = set()
    while stack:
        state = stack.pop()
        if state in tried:
            continue
        tried.add(state)
        i, j = state
        best = max(best, j)
        if j == len(seen) and (part or i == len(units)):
            return None
        if i == len(units):
            continue
        kind, unit = units[i]
        following: list[tuple[int, int]] = []
        if kind == SOFT:
            following.append((i + 1, j))
            if seen.startswith(" ", j):
                following.append((i + 1, j + 1))
        elif kind in (BLANK, BREAK):
            if j == 0 or j == len(seen) or seen[j - 1] == " " or (kind == BREAK and _joined(seen, j)):
                following.append((i + 1, j))
            if seen.startswith(" ", j):
                following.append((i + 1, j + 1))
        else:
            if kind != REQUIRED:
                following.append((i + 1, j))
            if kind == SEPARATOR and seen.startswith(" ", j):
                following.append((i + 1, j + 1))
            shown = unit if kind == REQUIRED else " ".join(unit.split())  # a whole line, its blanks one
            if shown and seen.startswith(shown, j):
                following.append((i + 1, j + len(shown)))
        stack.extend(following)
    expected = "".join(unit for kind, unit in units if kind != OPTIONAL)
    return (
        f"the page shows {seen[max(0, best - 40) : best]!r} then {seen[best : best + 40]!r}; "
        f"the source reads {' '.join(expected.split())[max(0, best - 40) : best + 40]!r}"
    )


def _joined(seen: str, j: int) -> bool:
    """Whether the characters shown either side of position `j` are both wide (module docstring)."""
    return _wide(seen[j - 1]) and _wide(seen[j])


def _wide(char: str) -> bool:
    hangul = "\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f" or "\ua960" <= char <= "\ua97f"
    hangul = hangul or "\uac00" <= char <= "\ud7ff" or "\uffa0" <= char <= "\uffdc"
    return unicodedata.east_asian_width(char) in ("F", "W", "H") and not hangul


def shown_numbers(source: str, numbers: list[str]) -> str | None:
    """None when every ordered number a page shows is written so, at the start of a line of the source
    (after its quotation marks, bullets and indentation), in the order of the source."""
    body = _FRONT_MATTER.sub("", source.replace("\r\n", "\n").replace("\r", "\n"), count=1)
    written: list[str] = []
    for line in body.split("\n"):
        position = 0
        while (marker := _MARKER.match(line, position)) is not None:
            if marker.group(4):
                written.append(marker.group(4))
            position = marker.end()
    position = 0
    for number in numbers:
        if _NUMBER.fullmatch(number) is None:
            return f"the number {number!r} is not a number as written"
        try:
            position = written.index(number, position) + 1
        except ValueError:
            return f"the number {number!r} is not written at the start of a line, in this order"
    return None

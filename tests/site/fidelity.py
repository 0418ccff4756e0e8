"""The regulation text of a built page element by element, read by html.parser (never the renderer), with
what may hide text inside it; and the elements and classes that may show text. The browser's fidelity
test compares it with what Chromium shows; whether a page shows the approved source exactly is decided by
the strict reading of tests/site/faithful.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_CLASS = "governance-text"
# The ¶ permalinks (navigation) and a redline's words for the kind of change: the page's, not the text's.
NOT_TEXT = {"headerlink", "governance-permalink", "governance-redline-status"}
# What may appear inside the text, and nothing else: no element that hides, styles or runs anything.
TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "li", "div", "span", "strong", "em", "code", "pre",
    "a", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "br", "hr", "ins", "del",
}  # fmt: skip
CLASSES = {
    "governance-text",
    "governance-number",
    "governance-list",
    "governance-list-item",
    "governance-literal",
    "governance-reference",
    "governance-heading",
    "governance-bilingual__column",
    *NOT_TEXT,
}
ATTRIBUTES = {"id", "class", "href", "title", "lang", "role"}
_ALIGN = re.compile(r"text-align:(?:left|right|center)")
_BLOCKS = TAGS - {"span", "strong", "em", "code", "a", "ins", "del"}
_PERMALINKS = {"governance-permalink", "headerlink"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


@dataclass
class Extract:
    """The visible text of every `governance-text` element of a page, and what may hide text inside them."""

    texts: list[str] = field(default_factory=list)  # one per element, in document order
    languages: list[str] = field(default_factory=list)  # its lang attribute ("" when none)
    hiding: list[str] = field(default_factory=list)  # each element or attribute that is not allowed


class _Reader(HTMLParser):
    def __init__(self, skip: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Extract()
        self.depth = 0  # open elements inside the current text element; 0 when outside
        self.skipping = 0  # open elements inside a permalink or a left-out <ins>/<del>
        self.skip = skip  # "ins" or "del": the side of a redline not being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        if self.depth == 0:
            if TEXT_CLASS in classes and tag not in _VOID:
                self.depth = 1
                self.out.texts.append("")
                self.out.languages.append(values.get("lang") or "")
            return
        self._judge(tag, attrs, classes)
        if tag in _VOID:
            if not self.skipping:
                self._write(" ")
            return
        self.depth += 1
        if self.skipping or classes & NOT_TEXT or tag in self.skip:
            self.skipping += 1
        elif tag in _BLOCKS:
            self._write(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.depth == 0 or tag in _VOID:
            return
        self.depth -= 1
        if self.skipping:
            self.skipping -= 1
        elif tag in _BLOCKS:
            self._write(" ")

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skipping:
            self._write(data)

    def _write(self, text: str) -> None:
        self.out.texts[-1] += text

    def _judge(self, tag: str, attrs: list[tuple[str, str | None]], classes: set[str]) -> None:
        if tag not in TAGS:
            self.out.hiding.append(f"<{tag}>")
        for name, value in attrs:
            if name == "style" and tag in ("th", "td") and _ALIGN.fullmatch(value or ""):
                continue
            if name == "data-search-exclude" and classes & NOT_TEXT:
                continue  # a permalink out of the search index
            if name == "aria-label" and tag == "a" and classes & _PERMALINKS:
                continue  # names a pilcrow ("Link to Article 5"), which is no text of the regulation
            if name not in ATTRIBUTES:
                self.out.hiding.append(f"<{tag} {name}={value!r}>")
        for name in classes - CLASSES:
            self.out.hiding.append(f"<{tag} class={name!r}>")


def extract(page: str, *, skip: frozenset[str] = frozenset()) -> Extract:
    """The text elements of a built page; `skip` leaves out <ins> or <del> (one side of a redline)."""
    reader = _Reader(skip)
    reader.feed(page)
    reader.close()
    return reader.out


_MARKS = str.maketrans("", "", "*_`[]<>|")


def squeeze(text: str) -> str:
    """Both sides of the browser's comparison alike: the marks a renderer turns into style (emphasis, code,
    links, table cells) out, white space one space."""
    return " ".join(text.translate(_MARKS).split())

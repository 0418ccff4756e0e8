"""What a reader sees of a regulation on a built page, and what the approved source says, each read on
its own: the page by html.parser (never the renderer), the source by the documented normalisation of
site/guides/legal.md ("What the site proves"). The fidelity tests compare the two."""

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


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_RULE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_FENCE = re.compile(r"^[ \t]*(?:`{3,}|~{3,})")
_HEADING = re.compile(r"^[ \t]*#{1,6}(?=[ \t]|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_QUOTE_MARKS = re.compile(r"^(?:[ \t]*>)+")
_BULLET = re.compile(r"^[ \t]*[-*+](?=[ \t])")
_LINK_ADDRESS = re.compile(r"\]\([^)\s]*\)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_MARKS = str.maketrans("", "", "*_`[]<>|")
# Raw HTML that shows nothing (site/guides/legal.md): a tool's directive comment, an empty anchor.
_INERT = re.compile(r'<!--[ \t]*(?:markdownlint-|prettier-ignore)[^>]*-->|<a[ \t]+(?:id|name)="[^"]*"></a>')


def normalised_source(text: str, *, from_line: int = 0) -> str:
    """The source as a reader should see it (site/guides/legal.md): front matter, Markdown's marks and
    rules left out, runs of white space one space. `from_line` (0-based, after the front matter) starts
    it later, at the first article for the bilingual view."""
    body = _FRONT_MATTER.sub("", text, count=1)
    out: list[str] = []
    fenced = False
    for line in body.split("\n")[from_line:]:
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            out.append(line)
            continue
        if _RULE.match(line) or (_DELIMITER_ROW.match(line) and "-" in line):
            continue
        heading = _HEADING.match(line)
        if heading:
            line = heading.group(1)
        line = _BULLET.sub("", _QUOTE_MARKS.sub("", _INERT.sub("", line)))
        line = _LINK_ADDRESS.sub("]", line)
        line = line.removesuffix("\\")  # a hard line break
        out.append(_ESCAPE.sub(r"\1", line))
    return squeeze("\n".join(out))


def squeeze(text: str) -> str:
    """Both sides alike: the marks a renderer turns into style (emphasis, code, links, table cells) out,
    white space one space."""
    return " ".join(text.translate(_MARKS).split())


def first_article_line(text: str) -> int:
    """The 0-based line (after the front matter) of the first article heading."""
    body = _FRONT_MATTER.sub("", text, count=1).split("\n")
    return next(i for i, line in enumerate(body) if re.match(r"##[ \t]+(?:Article[ \t]|第)", line))


def source_parts(text: str) -> set[str]:
    """The normalised parts of a source a redline shows one by one: what precedes the first `##`
    heading, each `##` section, and what follows a rule after the first section (the closing)."""
    body = _FRONT_MATTER.sub("", text, count=1).split("\n")
    parts: list[list[str]] = [[]]
    for line in body:
        if line.startswith("## ") or (_RULE.match(line) and len(parts) > 1):
            parts.append([])
        parts[-1].append(line)
    return {normalised_source("\n".join(part)) for part in parts}

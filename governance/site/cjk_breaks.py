"""The hand-written pages' soft line breaks by the rule of governance.text.line_breaks: MkDocs renders the
guides (site/guides/*.ja.md, and an adopter's own pages) with Python-Markdown, which keeps each line break
of a paragraph as written, and a browser shows it as a space in the middle of a Japanese sentence. This
extension (the MkDocs plugin adds it, so an adopter's mkdocs.yml needs nothing) removes a line break, with
the blanks around it, where the characters shown either side are both wide; everywhere else it stays.

It runs on the element tree after the inline patterns (so emphasis and links are elements whose text it
looks through) and before the tree is written out. Code, preformatted text and raw HTML are left as they
are, a block element or a <br> is a blank, and HTML stashed by Python-Markdown (a placeholder until the
page is written) is a character that is not wide: a break beside it stays.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from governance.text.line_breaks import shows_no_space

_BREAK = re.compile(r"[ \t]*\n[ \t]*")
_VERBATIM = {"pre", "code", "kbd", "samp", "script", "style", "textarea"}
# Elements whose boundaries are blanks: a break never joins across them.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip


@dataclass
class _Slot:
    """A run of text in document order: an element's text or its tail."""

    element: etree.Element
    attribute: str  # "text" or "tail"
    verbatim: bool  # inside code or preformatted text: read, never changed

    @property
    def value(self) -> str:
        return getattr(self.element, self.attribute) or ""


_Run = list[_Slot | None]  # None: a blank (a block's edge, a <br>)


def _runs(element: etree.Element, verbatim: bool, out: _Run) -> None:
    verbatim = verbatim or element.tag in _VERBATIM
    block = element.tag in _BLOCKS
    if block:
        out.append(None)
    if element.text:
        out.append(_Slot(element, "text", verbatim))
    for child in element:
        _runs(child, verbatim, out)
        if child.tail:
            out.append(_Slot(child, "tail", verbatim))
    if block:
        out.append(None)


def _shown(run: _Run, index: int, step: int) -> str:
    """The character shown next to slot `index`, before it (`step` -1) or after it (1); "" at a blank."""
    index += step
    while 0 <= index < len(run):
        slot = run[index]
        if slot is None:
            return ""
        if slot.value:
            return slot.value[-1] if step < 0 else slot.value[0]
        index += step
    return ""


def join_lines(root: etree.Element) -> None:
    """Remove from the tree under `root` every soft line break that shows no space (the module's rule)."""
    run: _Run = []
    _runs(root, False, run)
    for index, slot in enumerate(run):
        if slot is None or slot.verbatim or "\n" not in slot.value:
            continue
        setattr(slot.element, slot.attribute, "".join(_joined(slot.value, run, index)))


def _joined(value: str, run: _Run, index: int) -> Iterator[str]:
    position = 0
    for match in _BREAK.finditer(value):
        before = value[match.start() - 1] if match.start() else _shown(run, index, -1)
        after = value[match.end()] if match.end() < len(value) else _shown(run, index, 1)
        yield value[position : match.start()]
        yield "" if shows_no_space(before, after) else match.group()
        position = match.end()
    yield value[position:]


class _JoinLines(Treeprocessor):  # type: ignore[misc]  # Python-Markdown ships no types
    def run(self, root: etree.Element) -> None:
        join_lines(root)


class CjkBreaksExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown calls it so
        # After the inline patterns (20), before the tree is made pretty (10).
        md.treeprocessors.register(_JoinLines(md), "governance_cjk_breaks", 15)


def makeExtension(**kwargs: Any) -> CjkBreaksExtension:  # Python-Markdown finds the extension by it
    return CjkBreaksExtension(**kwargs)

"""Cross-references as links: "Article 9", "Article 5.2" and 第５条第２項 in running text lead to the
anchors the parser resolved them to (`article-9`, `article-5-2`), on the same page.

Works on the source lines, before anchors and permalinks are added, because the parser's references
carry source line and column. Only resolved references are linked; text the author already put in a
link, a code span, an HTML tag or an attribute list stays exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from governance.text.model import CrossReference

LINK_CLASS = "governance-reference"
# Spans of a line where a link would nest or break Markdown: code, links, images, HTML, attribute lists.
_PROTECTED = re.compile(r"`+[^`]*`+|!?\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])?|<[^>\n]*>|\{[^}\n]*\}")


def link_references(lines: list[str], references: Iterable[CrossReference]) -> list[str]:
    """A copy of `lines` (the whole text; references count lines from 1, as the parser does) where each
    resolved reference is a Markdown link to its anchor."""
    by_line: dict[int, list[CrossReference]] = {}
    for reference in references:
        if reference.target is not None and 1 <= reference.line <= len(lines):
            by_line.setdefault(reference.line, []).append(reference)
    out = list(lines)
    for number, found in by_line.items():
        out[number - 1] = _link_line(out[number - 1], found)
    return out


def _link_line(line: str, references: list[CrossReference]) -> str:
    protected = [match.span() for match in _PROTECTED.finditer(line)]
    # From the right, so the columns of the references still to do stay valid.
    for reference in sorted(references, key=lambda r: r.col, reverse=True):
        start = reference.col - 1
        end = start + len(reference.text)
        if line[start:end] != reference.text:
            continue  # the column does not point at the text: never guess where to put a link
        if any(left < end and start < right for left, right in protected):
            continue
        link = f"[{reference.text}](#{reference.target}){{ .{LINK_CLASS} }}"
        line = line[:start] + link + line[end:]
    return line

"""A regulation's text as a page shows it: its body with the parser's anchors and permalinks, its
cross-references as links, and the page's notices right after its title."""

from __future__ import annotations

import re

from governance.site.links import link_references
from governance.site.messages import message
from governance.site.timeline import Span, parsed
from governance.text.model import Item

_HEADING = re.compile(r"^#{1,6}[ \t]+\S")
# A line that opens a new block even without a blank line before it: a list item or a heading.
_BLOCK_START = re.compile(r"^\s*(?:[-*+][ \t]|[0-9]+[.)][ \t]|#{1,6}[ \t])")


def anchored(text: str, path: str, work_id: str) -> str:
    """The body (front matter removed) with the parser's language-independent anchors: `article-5` on
    article headings (toc adds their permalinks), `article-5-2` on paragraphs and `article-2-1-3-a` on
    items, each with a permalink of its own. The same anchors as lint's cross-references resolve to."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    regulation = parsed(text, path, work_id)
    permalink = message(str(regulation.metadata.get("language") or "en"), "permalink")
    headings: dict[int, str] = {article.line: article.anchor for article in regulation.articles}
    headings.update({section.line: section.anchor for section in regulation.sections})
    blocks: dict[int, str] = {}
    for article in regulation.articles:
        for paragraph in article.paragraphs:
            blocks.setdefault(paragraph.line, paragraph.anchor)
            _item_anchors(paragraph.items, blocks)
    lines = link_references(text.split("\n"), regulation.references)
    out: list[str] = []
    index = regulation.body_line - 1
    while index < len(lines):
        line, number = lines[index], index + 1
        if number in headings and _HEADING.match(line) and "{" not in line:
            out.append(f"{line} {{ #{headings[number]} }}")
        elif number in blocks:
            end = index
            while end + 1 < len(lines) and lines[end + 1].strip() and not _BLOCK_START.match(lines[end + 1]):
                end += 1
            anchor = blocks[number]
            out.extend(lines[index:end])
            out.append(f'{lines[end]} [¶](#{anchor}){{ .governance-permalink title="{permalink}" }}')
            out.append(f"{{ #{anchor} }}")
            index = end
        else:
            out.append(line)
        index += 1
    return "\n".join(out)


def _item_anchors(items: list[Item], blocks: dict[int, str]) -> None:
    for item in items:
        blocks.setdefault(item.line, item.anchor)
        _item_anchors(item.items, blocks)


def compose(span: Span, notices: list[str]) -> str:
    """The regulation text without its front matter, with the notices right after its title."""
    text = anchored(span.version.text, span.version.path, span.version.work)
    block = "\n" + "\n".join(notices) + "\n"
    match = re.search(r"^#[ \t]+.+$", text, re.MULTILINE)
    if match is None:
        return block + "\n" + text
    return text[: match.end()] + "\n" + block + text[match.end() :]

"""The bilingual view: an original and its translation side by side, article by article.

Articles are paired by the anchor both languages share (`article-5` for "Article 5." and "第５条"), the
same alignment as the redline's, so a translation with an article missing shows a gap, not a shift.
The page is Markdown with two columns per article (md_in_html); the stylesheet stacks them on a phone.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from governance.text.redline import FRONT_MATTER_KEY, PREAMBLE_KEY, Block, split_blocks

_HEADING_LINE = re.compile(r"\A#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Side:
    text: str  # the full source text, front matter included
    language: str  # "en", "ja"


@dataclass(frozen=True)
class Row:
    key: str  # "article-5", or a section's slug
    left: Block | None
    right: Block | None


def rows(original: str, translation: str) -> list[Row]:
    """Pairs of blocks in the original's order, a translation's extra block after its predecessor; the
    front matter and the title line are the page's business, not a row."""
    left = [b for b in split_blocks(original) if b.key not in (FRONT_MATTER_KEY, PREAMBLE_KEY)]
    right = [b for b in split_blocks(translation) if b.key not in (FRONT_MATTER_KEY, PREAMBLE_KEY)]
    by_key = {block.key: block for block in right}
    left_keys = {block.key for block in left}
    extra_after: dict[str | None, list[Block]] = {}
    anchor: str | None = None
    for block in right:
        if block.key in left_keys:
            anchor = block.key
        else:
            extra_after.setdefault(anchor, []).append(block)
    out = [Row(block.key, None, block) for block in extra_after.get(None, [])]
    for block in left:
        out.append(Row(block.key, block, by_key.get(block.key)))
        out.extend(Row(extra.key, None, extra) for extra in extra_after.get(block.key, []))
    return out


def bilingual_markdown(original: Side, translation: Side, *, missing: str) -> str:
    """The rows as Markdown: each article a `<div>` with an id (its shared anchor) and two columns, each
    with the article's heading and text in its own language; `missing` fills a column without it."""
    out: list[str] = []
    for row in rows(original.text, translation.text):
        out.append(f'<div class="governance-bilingual" id="{html.escape(row.key)}" markdown>')
        out.append("")
        for block, side in ((row.left, original), (row.right, translation)):
            out.append(
                f'<div class="governance-bilingual__column" lang="{html.escape(side.language)}" markdown>'
            )
            out.append("")
            out.append(_column(block, missing))
            out.append("")
            out.append("</div>")
            out.append("")
        out.append("</div>")
        out.append("")
    return "\n".join(out)


def _column(block: Block | None, missing: str) -> str:
    if block is None:
        return f"*{missing}*"
    text = block.text.strip("\n")
    # The article's heading as bold text: headings in both columns would give the table of contents
    # every article twice and the page two elements with one id.
    return _HEADING_LINE.sub(lambda m: f"**{m.group(1)}**", text, count=1)

"""The bilingual view: an original and its translation side by side, article by article.

Articles are paired by the anchor both languages share (`article-5` for "Article 5." and "第５条"), so a
translation with an article missing shows a gap, not a shift. Each column is the text as the one
renderer of regulation text shows it (governance.text.html), without ids (the page holds two copies) and
with headings as bold text (the table of contents would list every article twice); the stylesheet stacks
the columns on a phone.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from governance.text.html import TEXT_CLASS, Division

_LEFT_OUT = ("preamble",)  # the title and what precedes the first article: the page's business


@dataclass(frozen=True)
class Side:
    divisions: list[Division]
    language: str  # "en", "ja"


@dataclass(frozen=True)
class Row:
    key: str  # "article-5", a section's anchor, or "closing"
    left: Division | None
    right: Division | None


def rows(original: list[Division], translation: list[Division]) -> list[Row]:
    """Pairs of divisions in the original's order, a translation's extra division after its predecessor."""
    left = [d for d in original if d.key not in _LEFT_OUT]
    right = [d for d in translation if d.key not in _LEFT_OUT]
    by_key = {division.key: division for division in right}
    left_keys = {division.key for division in left}
    extra_after: dict[str | None, list[Division]] = {}
    anchor: str | None = None
    for division in right:
        if division.key in left_keys:
            anchor = division.key
        else:
            extra_after.setdefault(anchor, []).append(division)
    out = [Row(division.key, None, division) for division in extra_after.get(None, [])]
    for division in left:
        out.append(Row(division.key, division, by_key.get(division.key)))
        out.extend(Row(extra.key, None, extra) for extra in extra_after.get(division.key, []))
    return out


def bilingual_html(original: Side, translation: Side, *, missing: str) -> str:
    """The rows as HTML: each article a `<div>` with an id (its shared anchor) and two columns, each with
    the article's heading and text in its own language; `missing` fills a column without it."""
    out: list[str] = []
    for row in rows(original.divisions, translation.divisions):
        out.append(f'<div class="governance-bilingual" id="{html.escape(row.key)}">\n')
        for division, side in ((row.left, original), (row.right, translation)):
            # Only a column holding text is marked as text: the gap's dash is the page's, not the text's.
            css, content = (
                (f"governance-bilingual__column {TEXT_CLASS}", division.html)
                if division is not None
                else ("governance-bilingual__column", f"<p><em>{html.escape(missing)}</em></p>\n")
            )
            out.append(f'<div class="{css}" lang="{html.escape(side.language)}">\n{content}</div>\n')
        out.append("</div>\n")
    return "".join(out)

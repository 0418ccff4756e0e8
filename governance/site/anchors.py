"""A regulation's text as a page shows it: HTML from governance.text.html (the parser's anchors,
permalinks and cross-references as links), embedded so Python-Markdown never reads it, with the page's
notices right after its title."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Mapping

from governance.site.embedding import embed
from governance.site.messages import message
from governance.site.timeline import Span, parsed
from governance.text.html import TEXT_CLASS, RenderedText, render_text


def rendered(
    span: Span,
    *,
    anchors: bool = True,
    headings_as_text: bool = False,
    resolve_href: Callable[[str], str | None] | None = None,
) -> RenderedText:
    """The text of a version, rendered with permalinks titled in its own language."""
    text = span.version.text
    regulation = parsed(text, span.version.path, span.version.work)
    language = regulation.language
    return render_text(
        text,
        span.version.path,
        span.version.work,
        permalink_title=lambda anchor: permalink_name(language, anchor),
        anchors=anchors,
        headings_as_text=headings_as_text,
        regulation=regulation,  # parsed once per version (timeline.parsed), not again here
        resolve_href=resolve_href,
    )


_HEADING = re.compile(r'<h[2-6] id="([^"]+)"[^>]*>.*?</h[2-6]>\n', re.DOTALL)
_PROVISION = re.compile(r"article-([0-9]+)(?:-([0-9]+))?(?:-([0-9A-Za-z]+))?((?:-[0-9A-Za-z]+)*)")


# Asked for every permalink of every version: a regulation's anchors recur in each of its versions.
@functools.lru_cache(maxsize=16384)
def permalink_name(language: str, anchor: str) -> str:
    """What a permalink is announced as: "Link to Article 5, paragraph 2" (第5条第2項へのリンク), from
    the parser's anchor; any other heading's permalink is a link to its section."""
    match = _PROVISION.fullmatch(anchor)
    if match is None:
        return message(language, "permalink")
    number, paragraph, item, deeper = match.groups()
    if paragraph is None:
        return message(language, "permalink_article", number=number)
    if item is None:
        return message(language, "permalink_paragraph", number=number, paragraph=paragraph)
    item += "".join(f"({segment})" for segment in deeper.split("-") if segment)
    return message(language, "permalink_item", number=number, paragraph=paragraph, item=item)


def text_html(span: Span) -> str:
    """The whole text of a version as HTML, in one element of class `governance-text`."""
    return wrapped(rendered(span).html)


def wrapped(markup: str) -> str:
    return f'<div class="{TEXT_CLASS}">\n{markup}</div>\n'


def compose(
    span: Span,
    notices: list[str],
    resolve_href: Callable[[str], str | None] | None = None,
    article_notes: Mapping[str, str] | None = None,
    *,
    markup: str | None = None,
) -> str:
    """The page's Markdown: the text (embedded HTML) with the notices right after its title, links to
    other texts resolved by `resolve_href` (governance.site.links), and each of `article_notes`
    (anchor -> Markdown) right after the heading of its article. `markup`: the text's HTML as rendered
    with `resolve_href` already (an earlier build's, governance.site.page_cache)."""
    if markup is None:
        markup = rendered(span, resolve_href=resolve_href).html
    cut = markup.find("</h1>\n")
    if not markup.startswith("<h1") or cut < 0:
        return "\n".join(notices) + _with_notes(markup, article_notes or {})
    cut += len("</h1>\n")
    return embed(wrapped(markup[:cut])) + "\n".join(notices) + _with_notes(markup[cut:], article_notes or {})


def _with_notes(markup: str, notes: Mapping[str, str]) -> str:
    parts: list[str] = []
    start = 0
    for heading in _HEADING.finditer(markup):
        note = notes.get(html.unescape(heading.group(1)))
        if note is None:
            continue
        parts += [embed(wrapped(markup[start : heading.end()])), "\n" + note + "\n"]
        start = heading.end()
    parts.append(embed(wrapped(markup[start:])))
    return "".join(parts)

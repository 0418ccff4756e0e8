"""A regulation's text as a page shows it: HTML from governance.text.html (the parser's anchors,
permalinks and cross-references as links), embedded so Python-Markdown never reads it, with the page's
notices right after its title."""

from __future__ import annotations

from collections.abc import Callable

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
        permalink_title=lambda anchor: message(language, "permalink"),
        anchors=anchors,
        headings_as_text=headings_as_text,
        regulation=regulation,  # parsed once per version (timeline.parsed), not again here
        resolve_href=resolve_href,
    )


def text_html(span: Span) -> str:
    """The whole text of a version as HTML, in one element of class `governance-text`."""
    return wrapped(rendered(span).html)


def wrapped(markup: str) -> str:
    return f'<div class="{TEXT_CLASS}">\n{markup}</div>\n'


def compose(span: Span, notices: list[str], resolve_href: Callable[[str], str | None] | None = None) -> str:
    """The page's Markdown: the text (embedded HTML) with the notices right after its title; links to
    other texts resolved by `resolve_href` (governance.site.links)."""
    markup = rendered(span, resolve_href=resolve_href).html
    cut = markup.find("</h1>\n")
    if not markup.startswith("<h1") or cut < 0:
        return "\n".join(notices) + embed(wrapped(markup))
    cut += len("</h1>\n")
    return embed(wrapped(markup[:cut])) + "\n".join(notices) + embed(wrapped(markup[cut:]))

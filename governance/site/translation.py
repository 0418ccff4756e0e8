"""The pages of a regulation in several languages: the links between them, the notices of a reference
translation (only the original has legal effect; a translation of an older text says so), and the
bilingual page that shows an original and its translation side by side."""

from __future__ import annotations

from collections.abc import Iterable

from governance.site.anchors import rendered
from governance.site.bilingual import Side, bilingual_html
from governance.site.context import (
    Page,
    SiteContext,
    admonition,
    front_matter,
    link,
    markdown_words,
    work_uri,
)
from governance.site.embedding import embed
from governance.site.messages import message
from governance.site.timeline import Span, WorkView

# Each language named in itself: the reader looks for their own language's name.
LANGUAGE_NAMES = {
    "en": "English",
    "ja": "日本語",
    "zh": "中文",
    "ko": "한국어",
    "de": "Deutsch",
    "fr": "Français",
}


def language_name(language: str) -> str:
    return LANGUAGE_NAMES.get(language, language)


def translation_notices(work_view: WorkView, uri: str, context: SiteContext) -> list[str]:
    """The language links, and for a translation its reference notice and, if the original in force
    has changed since, the notice that it is stale; in the translation's language."""
    language = work_view.language
    notices: list[str] = []
    if work_view.original is not None and work_view.original in context.views:
        original = context.views[work_view.original]
        original_link = link(uri, work_uri(original.work.id))
        notices.append(
            admonition(
                "note",
                message(language, "reference_title"),
                [
                    message(
                        language, "reference_text", original=markdown_words(original.title), url=original_link
                    )
                ],
            )
        )
        in_force = original.current
        if (
            work_view.original_digest
            and in_force is not None
            and in_force.version.digest != work_view.original_digest
        ):
            notices.append(
                admonition(
                    "danger",
                    message(language, "stale_title"),
                    [message(language, "stale_text", start=in_force.start, url=original_link)],
                )
            )
    links = _language_links(work_view, uri, context)
    if links:
        notices.insert(0, links)
    return notices


def _language_links(work_view: WorkView, uri: str, context: SiteContext) -> str:
    """Links to the same regulation in other languages; a script carries the article anchor along."""
    others: list[WorkView] = []
    if work_view.original is not None and work_view.original in context.views:
        original = context.views[work_view.original]
        others = [original, *(t for t in context.translations(original.work.id) if t is not work_view)]
    else:
        others = context.translations(work_view.work.id)
    links = [
        f"[{language_name(other.language)}]({link(uri, work_uri(other.work.id))})"
        f'{{ .governance-language hreflang="{other.language}" lang="{other.language}" }}'
        for other in others
    ]
    if not links:
        return ""
    pairs = [work_view] if work_view.original is not None else context.translations(work_view.work.id)
    side_by_side = [
        f"[{_side_by_side_name(context.views[t.original], t)}]({link(uri, work_uri(t.work.id, 'bilingual.md'))})"
        f"{{ .governance-bilingual-link }}"
        for t in pairs
        if bilingual_texts(t, context) is not None and t.original is not None
    ]
    line = message(work_view.language, "languages", links=" · ".join(links))
    if side_by_side:
        line += message(work_view.language, "side_by_side", links=" · ".join(side_by_side))
    # A paragraph of its own, so print can leave it out (a link list is no use on paper).
    return f'<p class="governance-languages" data-search-exclude markdown>{line}</p>\n'


def _side_by_side_name(original: WorkView, translation: WorkView) -> str:
    return " / ".join(language_name(v.language) for v in (original, translation))


def bilingual_texts(translation: WorkView, context: SiteContext) -> tuple[WorkView, Span, Span] | None:
    """(original, its text shown, the translation's text shown) when both have a text to show."""
    if translation.original is None or translation.original not in context.views:
        return None
    original = context.views[translation.original]
    if original.shown is None or translation.shown is None:
        return None
    return original, original.shown, translation.shown


def bilingual_page(translation: WorkView, context: SiteContext) -> Page | None:
    """The original and its translation side by side, article by article; out of search and the nav.
    Its notices speak both languages, the translation's first: the page is read in either."""
    texts = bilingual_texts(translation, context)
    if texts is None:
        return None
    original, original_span, translation_span = texts
    uri = work_uri(translation.work.id, "bilingual.md")
    original_link = link(uri, work_uri(original.work.id))
    translation_link = link(uri, work_uri(translation.work.id))
    languages = list(dict.fromkeys([translation.language, original.language]))
    title = f"{original.title} / {translation.title}"
    stale = (
        translation.original_digest is not None
        and translation.original_digest != original_span.version.digest
    )
    lines = [f"# {markdown_words(title)}", ""]
    lines.append(
        admonition(
            "note",
            " / ".join(message(language, "reference_title") for language in languages),
            _paragraphs(
                message(language, "bilingual_text", original=original_link, translation=translation_link)
                for language in languages
            ),
        )
    )
    if stale:
        lines.append(
            admonition(
                "danger",
                " / ".join(message(language, "stale_title") for language in languages),
                _paragraphs(message(language, "bilingual_stale") for language in languages),
            )
        )
    lines.append(
        embed(
            bilingual_html(
                Side(
                    rendered(original_span, anchors=False, headings_as_text=True).divisions, original.language
                ),
                Side(
                    rendered(translation_span, anchors=False, headings_as_text=True).divisions,
                    translation.language,
                ),
                missing="—",
            )
        )
    )
    return Page(uri, front_matter(title, searchable=False) + "\n".join(lines))


def _paragraphs(texts: Iterable[str]) -> list[str]:
    """Texts as the lines of an admonition, a blank line between them."""
    lines: list[str] = []
    for text in texts:
        if lines:
            lines.append("")
        lines.append(text)
    return lines

"""The pages of one regulation: its main page (the text in force, or the last one, with its banners and
the panel about it), a page per version, its history, its redlines and, for a translation, the bilingual
page. Every word of them is in the regulation's own language (governance.site.messages)."""

from __future__ import annotations

from governance.site.anchors import compose
from governance.site.context import (
    Page,
    SiteContext,
    admonition,
    approval_words,
    front_matter,
    link,
    source_name,
    span_number,
    state_words,
    version_uri,
    work_uri,
)
from governance.site.history_pages import history_page, redline_page
from governance.site.messages import as_date, message
from governance.site.timeline import Span, WorkView
from governance.site.translation import bilingual_page, translation_notices


def work_pages(work_view: WorkView, context: SiteContext) -> list[Page]:
    work_id = work_view.work.id
    pages = [_main_page(work_view, context), history_page(work_view, context)]
    bilingual = bilingual_page(work_view, context)
    if bilingual is not None:
        pages.append(bilingual)
    for span in work_view.spans:
        pages.append(_version_page(work_view, span, context))
        pages.append(Page(version_uri(work_id, span, source_name(span)), span.version.text))
        if span.previous is not None:
            pages.append(redline_page(work_view, span, context))
    return pages


def _main_page(work_view: WorkView, context: SiteContext) -> Page:
    work_id = work_view.work.id
    uri = work_uri(work_id)
    shown = work_view.shown
    notices = [*_rescission_notices(work_view, context), *_coming_notices(work_view, uri, context)]
    notices.extend(translation_notices(work_view, uri, context))
    if shown is None:
        history = message(work_view.language, "history_link", url=link(uri, work_uri(work_id, "history.md")))
        text = f"# {work_view.title}\n\n" + "\n".join(notices) + f"\n{history}\n"
        return Page(uri, front_matter(work_view.title, searchable=False, language=work_view.language) + text)
    panel = _panel(work_view, shown, uri, context)
    searchable = not work_view.rescinded
    return Page(
        uri,
        front_matter(work_view.title, searchable=searchable, language=work_view.language)
        + compose(shown, [*notices, panel], context.links_from(shown.version.path, uri)),
    )


def _rescission_notices(work_view: WorkView, context: SiteContext) -> list[str]:
    if work_view.rescission is None:
        return []
    language = work_view.language
    approval = work_view.rescission.approval
    words = approval_words(approval, context, language)
    if work_view.rescinded:
        text = message(language, "rescinded_text", effective=approval.effective, approval=words)
        return [admonition("danger", message(language, "rescinded_title"), [text])]
    title = message(language, "rescission_title", effective=approval.effective)
    return [admonition("warning", title, [message(language, "rescission_text", approval=words)])]


def _coming_notices(work_view: WorkView, uri: str, context: SiteContext) -> list[str]:
    """A banner per adopted version not yet in force: when it comes, and links to its text and changes."""
    work_id = work_view.work.id
    language = work_view.language
    shown = work_view.shown
    notices: list[str] = []
    for span in work_view.upcoming:
        title_key = "amendment_coming_title" if shown else "enactment_coming_title"
        text = link(uri, version_uri(work_id, span))
        links = (
            message(
                language,
                "coming_links_changes",
                text=text,
                changes=link(uri, version_uri(work_id, span, "redline.md")),
            )
            if span.previous
            else message(language, "coming_links", text=text)
        )
        notices.append(
            admonition(
                "warning",
                message(language, title_key, start=span.start),
                [
                    message(
                        language,
                        "coming_adopted",
                        approval=approval_words(span.version.approval, context, language),
                    )
                    + message(language, "coming_applies_until" if shown else "coming_not_in_force")
                    + links
                ],
            )
        )
    return notices


def _panel(work_view: WorkView, span: Span, uri: str, context: SiteContext) -> str:
    """The facts of a text: its status, enactment, last amendment, approval, body, digest and history."""
    work_id = work_view.work.id
    language = work_view.language
    approval = span.version.approval
    lines = [message(language, "panel_status", state=state_words(span, language))]
    enacted = message(language, "panel_enacted", enacted=as_date(work_view.enacted))
    enactment = work_view.first_enactment()
    if enactment is not None:
        recorded = enactment.version.approval
        enacted += message(
            language, "panel_enacted_by", resolution=recorded.resolution, adopted=recorded.date
        )
    lines.append(enacted)
    amendment = work_view.last_amendment(span)
    if amendment is not None:
        lines.append(
            message(
                language,
                "panel_amended",
                start=amendment.start,
                resolution=amendment.version.approval.resolution,
                adopted=amendment.version.approval.date,
            )
        )
    lines.append(
        message(
            language,
            "panel_this_text",
            approval=approval_words(approval, context, language),
            effective=approval.effective,
        )
    )
    lines.append(message(language, "panel_body", body=context.body_name(work_view.governed_by, language)))
    lines.append(
        message(
            language,
            "panel_digest",
            digest=span.version.digest,
            url=link(uri, version_uri(work_id, span, source_name(span))),
            name=source_name(span),
            commit=span.version.commit[:12],
            path=span.version.path,
        )
    )
    lines.append(message(language, "panel_history", url=link(uri, work_uri(work_id, "history.md"))))
    return admonition("info", message(language, "panel_title"), [f"- {line}" for line in lines])


def _version_page(work_view: WorkView, span: Span, context: SiteContext) -> Page:
    work_id = work_view.work.id
    language = work_view.language
    uri = version_uri(work_id, span)
    current = link(uri, work_uri(work_id))
    kind = {"current": "success", "upcoming": "warning", "past": "note", "superseded": "note"}[span.state]
    words = state_words(span, language)
    if span.state == "current":
        rest = message(language, "version_in_force", url=current)
    else:
        rest = message(language, "version_read_current", url=current)
    notice = admonition(kind, words.capitalize(), [message(language, "version_text", state=words, rest=rest)])
    panel = _panel(work_view, span, uri, context)
    if span_number(span) == 1:
        title = message(language, "version_title", title=work_view.title, slug=span.slug, start=span.start)
    else:
        title = message(
            language, "version_title_same_day", title=work_view.title, start=span.start, n=span_number(span)
        )
    return Page(
        uri,
        front_matter(title, searchable=False, language=language)
        + compose(span, [notice, panel], context.links_from(span.version.path, uri)),
    )

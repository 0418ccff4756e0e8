"""The pages of one regulation: its main page (the text in force, or the last one, with its banners and
the panel about it), a page per version, its history, its redlines and, for a translation, the bilingual
page. Every word of them is in the regulation's own language (governance.site.messages)."""

from __future__ import annotations

import functools
import html

from governance.site.anchors import compose, rendered
from governance.site.article_timeline import pending_notes
from governance.site.compare_pages import comparable, compare_page, parts_pages, since_redirects
from governance.site.context import (
    Page,
    SiteContext,
    admonition,
    approval_words,
    browser_link,
    collapsible,
    enacted_words,
    front_matter,
    link,
    markdown_words,
    of_translation,
    page_url,
    source_name,
    span_number,
    state_words,
    version_uri,
    words,
    work_uri,
)
from governance.site.history_pages import history_page, redline_page
from governance.site.messages import message
from governance.site.time_pages import on_date_page
from governance.site.timeline import Span, WorkView
from governance.site.translation import bilingual_page, translation_notices


def work_pages(work_view: WorkView, context: SiteContext) -> list[Page]:
    work_id = work_view.work.id
    pages = [
        _main_page(work_view, context),
        context.undated_page(work_uri(work_id, "history.md"), lambda: history_page(work_view, context)),
        on_date_page(work_view, context),
    ]
    bilingual = bilingual_page(work_view, context)
    if bilingual is not None:
        pages.append(bilingual)
    for span in work_view.spans:
        pages.append(_version_page(work_view, span, context))
        pages.append(Page(version_uri(work_id, span, source_name(span)), span.version.text))
        if span.previous is not None:
            pages.append(
                context.undated_page(
                    version_uri(work_id, span, "redline.md"),
                    functools.partial(redline_page, work_view, span, context),
                )
            )
    comparison = compare_page(work_view, context)
    if comparison is not None:
        pages.append(comparison)
    pages.extend(parts_pages(work_view, context))
    pages.extend(since_redirects(work_view))
    return pages


def _main_page(work_view: WorkView, context: SiteContext) -> Page:
    work_id = work_view.work.id
    uri = work_uri(work_id)
    shown = work_view.shown
    notices = [*_rescission_notices(work_view, uri, context), *_coming_notices(work_view, uri, context)]
    notices.extend(translation_notices(work_view, uri, context))
    if shown is None:
        history = words(
            work_view.language,
            "history_link" + of_translation(work_view),
            url=link(uri, work_uri(work_id, "history.md")),
        )
        text = f"# {markdown_words(work_view.title)}\n\n" + "\n".join(notices) + f"\n{history}\n"
        return Page(uri, front_matter(work_view.title, searchable=False, language=work_view.language) + text)
    panel = _panel(work_view, shown, uri, context)
    searchable = not work_view.rescinded
    return Page(
        uri,
        front_matter(work_view.title, searchable=searchable, language=work_view.language)
        + compose(
            shown,
            [*notices, panel],
            article_notes=pending_notes(work_view, uri, context),
            markup=_text(shown, uri, context),
        )
        + print_footer(work_view, shown, uri, context),
    )


def _rescission_notices(work_view: WorkView, uri: str, context: SiteContext) -> list[str]:
    if work_view.rescission is None:
        return []
    language = work_view.language
    approval = work_view.rescission.approval
    approved = approval_words(approval, context, language, uri)
    of = of_translation(work_view)
    if work_view.rescinded:
        text = words(language, "rescinded_text" + of, effective=approval.effective, approval=approved)
        return [admonition("danger", words(language, "rescinded_title" + of), [text])]
    title = words(language, "rescission_title" + of, effective=approval.effective)
    return [admonition("warning", title, [words(language, "rescission_text" + of, approval=approved)])]


def _coming_notices(work_view: WorkView, uri: str, context: SiteContext) -> list[str]:
    """A banner per adopted version not yet in force: when it comes, and links to its text and changes."""
    work_id = work_view.work.id
    language = work_view.language
    shown = work_view.shown
    notices: list[str] = []
    for span in work_view.upcoming:
        title_key = ("amendment_coming_title" if shown else "enactment_coming_title") + of_translation(
            work_view
        )
        text = link(uri, version_uri(work_id, span))
        links = (
            words(
                language,
                "coming_links_changes",
                text=text,
                changes=link(uri, version_uri(work_id, span, "redline.md")),
            )
            if span.previous
            else words(language, "coming_links", text=text)
        )
        notices.append(
            admonition(
                "warning",
                words(language, title_key, start=span.start),
                [
                    words(
                        language,
                        "coming_adopted",
                        approval=approval_words(span.version.approval, context, language, uri),
                    )
                    + words(language, "coming_applies_until" if shown else "coming_not_in_force")
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
    # "Enacted" stays the regulation's date as the text states it.
    of = of_translation(work_view)
    lines = [words(language, "panel_status", state=state_words(span, language, markup=True))]
    enacted = words(language, "panel_enacted", enacted=enacted_words(work_view.enacted))
    enactment = work_view.enactment(span)
    if enactment is not None and not of:
        recorded = enactment.version.approval
        enacted += words(language, "panel_enacted_by", resolution=recorded.resolution, adopted=recorded.date)
    lines.append(enacted)
    if enactment is not None and of:
        published = enactment.version.approval
        lines.append(
            words(
                language,
                "panel_published_translation",
                resolution=published.resolution,
                adopted=published.date,
            )
        )
    amendment = work_view.last_amendment(span)
    if amendment is not None:
        # An amendment not yet in force is not a "last amendment" of the text in force: it is coming.
        lines.append(
            words(
                language,
                ("panel_amended_coming" if amendment.state == "upcoming" else "panel_amended") + of,
                start=amendment.start,
                resolution=amendment.version.approval.resolution,
                adopted=amendment.version.approval.date,
            )
        )
    lines.append(
        words(
            language,
            "panel_this_text",
            approval=approval_words(approval, context, language, uri),
            effective=approval.effective,
        )
    )
    lines.append(
        words(language, "panel_body", body=markdown_words(context.body_name(work_view.governed_by, language)))
    )
    lines.append(
        words(
            language,
            "panel_digest",
            digest=span.version.digest,
            url=link(uri, version_uri(work_id, span, source_name(span))),
            name=source_name(span),
            commit=span.version.commit[:12],
            path=span.version.path,
        )
    )
    lines.append(words(language, "panel_history" + of, url=link(uri, work_uri(work_id, "history.md"))))
    lines.append(words(language, "on_link", url=link(uri, work_uri(work_id, "on.md"))))
    if len(comparable(work_view)) > 1:
        lines.append(words(language, "panel_compare", url=link(uri, work_uri(work_id, "compare.md"))))
    if span.state == "current":
        lines.insert(1, words(language, "panel_up_to_date" + of, today=context.today))
        lines.append(words(language, "panel_cite", slug=span.slug, url=link(uri, version_uri(work_id, span))))
    summary = words(
        language,
        "panel_summary",
        title=words(language, "panel_title"),
        state=state_words(span, language, markup=True),
    )
    return collapsible("info", summary, [f"- {line}" for line in lines])


def print_footer(work_view: WorkView, span: Span, uri: str, context: SiteContext) -> str:
    """On every printed page (the stylesheet fixes it at the bottom): the title, the dated version and
    its span in force, and where it is published; a script makes the address absolute."""
    target = page_url(version_uri(work_view.work.id, span))
    relative = browser_link(uri, version_uri(work_view.work.id, span))
    shown = f"{context.site_url.rstrip('/')}/{target}" if context.site_url else target
    address = f'<span data-governance-url="{html.escape(relative)}">{html.escape(shown)}</span>'
    text = words(
        work_view.language,
        "print_footer",
        title=html.escape(work_view.title),
        slug=span.slug,
        state=state_words(span, work_view.language, markup=True),
        url=address,
        today=context.today,
    )
    return f'\n<p class="governance-print-footer" data-search-exclude>{text}</p>\n'


def _version_page(work_view: WorkView, span: Span, context: SiteContext) -> Page:
    """One version: a past or coming text says so before its title, in a banner and in its page title,
    and leads to the text in force today, as legislation.gov.uk does for historical and prospective ones."""
    work_id = work_view.work.id
    language = work_view.language
    uri = version_uri(work_id, span)
    main = link(uri, work_uri(work_id))
    state = span.state
    values = {"title": work_view.title, "slug": span.slug, "start": span.start, "end": span.end or ""}
    if state == "current":
        notice = admonition(
            "success",
            words(language, "version_banner_current"),
            [words(language, "version_text_current", start=span.start, url=main)],
        )
        kicker = ""
    else:
        read_key = "version_read_current" if work_view.current is not None else "version_read_rescinded"
        read = words(language, read_key, url=main)
        notice = admonition(
            "danger" if state == "past" else "warning",
            words(language, f"version_banner_{state}"),
            [
                words(
                    language,
                    f"version_text_{state}",
                    read=read,
                    **{**values, "title": markdown_words(work_view.title)},
                )
            ],
        )
        kicker = (
            f'<p class="governance-kicker governance-kicker--{state}" markdown>'
            f"{words(language, f'version_kicker_{state}')}</p>\n\n"
        )
    panel = _panel(work_view, span, uri, context)
    title = message(language, f"version_title_{state}", **values)
    if state == "current" and span_number(span) > 1:
        title = message(
            language, "version_title_same_day", title=work_view.title, start=span.start, n=span_number(span)
        )
    return Page(
        uri,
        front_matter(title, searchable=False, language=language)
        + kicker
        + compose(span, [notice, panel], markup=_text(span, uri, context))
        + print_footer(work_view, span, uri, context),
    )


def _text(span: Span, uri: str, context: SiteContext) -> str:
    """The HTML of a version's text on the page at `uri`: it depends on the text and the links between
    texts, never on the date, so a daily build reuses it (governance.site.page_cache)."""
    return context.undated_text(
        uri, lambda: rendered(span, resolve_href=context.links_from(span.version.path, uri)).html
    )

"""The history of a regulation: the table of its versions, and what each amendment changed (a redline;
a 新旧対照表 for a Japanese text, as Japanese readers expect), in the regulation's language."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from governance.gate.works import Approval
from governance.site.article_timeline import article_timeline
from governance.site.compare_pages import comparable
from governance.site.context import (
    Page,
    SiteContext,
    approval_words,
    as_cards,
    front_matter,
    link,
    markdown_words,
    nowrap,
    resolution_link,
    span_label,
    state_words,
    version_uri,
    words,
    work_uri,
)
from governance.site.context import (
    of_translation as of_translation_words,
)
from governance.site.embedding import embed
from governance.site.messages import format_date, message
from governance.site.timeline import Span, WorkView
from governance.text import redline
from governance.text.html import TEXT_CLASS


def history_page(work_view: WorkView, context: SiteContext) -> Page:
    work_id = work_view.work.id
    language = work_view.language
    uri = work_uri(work_id, "history.md")
    of_translation = of_translation_words(work_view)
    title = message(language, "history_title" + of_translation, title=work_view.title)
    columns = message(language, "history_columns" + of_translation)
    lines = [
        f"# {markdown_words(title)}",
        "",
        message(language, "history_intro" + of_translation, url=link(uri, work_uri(work_id))),
        "",
    ]
    rows = [columns, "|" + " --- |" * (columns.count("|") - 1)]

    def rescinded(approval: Approval) -> str:
        ends = message(language, "history_ends", end=approval.effective - timedelta(days=1))
        return f"| — | {ends} | {message(language, 'action_rescind' + of_translation)} | {_adopted(approval, context, language, uri)} | — |"

    if work_view.rescission is not None:
        rows.append(rescinded(work_view.rescission.approval))
    # A rescission the regulation was enacted again after: its row below the versions that followed it.
    past = sorted(work_view.work.past_rescissions, key=lambda r: r.approval.effective, reverse=True)
    for span in reversed(work_view.spans):
        while past and past[0].approval.effective > span.start:
            rows.append(rescinded(past.pop(0).approval))
        changes = "—"
        if span.previous:
            redline_uri = version_uri(work_id, span, "redline.md")
            changes = message(language, "history_redline", url=link(uri, redline_uri))
        rows.append(
            f"| [{nowrap(span_label(span, language))}]({link(uri, version_uri(work_id, span))}) | "
            f"{state_words(span, language, markup=True)} | "
            f"{message(language, 'action_' + span.version.action + of_translation)} | "
            f"{_adopted(span.version.approval, context, language, uri)} | {changes} |"
        )
    rows += [rescinded(rescission.approval) for rescission in past]
    lines += as_cards(rows)
    if context.earlier.get(work_id):
        url = link(uri, work_uri(work_id, "before-adoption/index.md"))
        lines += ["", message(language, "history_before_adoption", url=url)]
    lines += ["", *_compare_link(work_view, uri), *article_timeline(work_view, uri, context)]
    for translation in context.translations(work_id):
        url = link(uri, work_uri(translation.work.id, "history.md"))
        lines += [
            "",
            message(language, "history_translation", title=markdown_words(translation.title), url=url),
        ]
    return Page(uri, front_matter(title, searchable=False, language=language) + "\n".join(lines) + "\n")


def _compare_link(work_view: WorkView, uri: str) -> list[str]:
    """Any two versions: the comparison page (governance.site.compare_pages), when there are two."""
    if len(comparable(work_view)) < 2:
        return []
    language = work_view.language
    url = link(uri, work_uri(work_view.work.id, "compare.md"))
    return [
        f"## {message(language, 'compare_heading')} {{ #compare }}",
        "",
        message(language, "compare_link", url=url),
        "",
    ]


def _adopted(approval: Approval, context: SiteContext, language: str, uri: str) -> str:
    """The Resolution and Adopted cells of a row; the resolution leads to its page, its id on one line."""
    resolution = words(
        language,
        "history_resolution",
        resolution=resolution_link(approval.resolution, uri, context),
        body=markdown_words(context.body_name(approval.body, language)),
    )
    return f"{resolution} | {nowrap(format_date(language, approval.date))}"


def redline_page(work_view: WorkView, span: Span, context: SiteContext) -> Page:
    """What an amendment changed (any two versions: governance.site.compare_pages)."""
    assert span.previous is not None
    work_id = work_view.work.id
    language = work_view.language
    uri = version_uri(work_id, span, "redline.md")
    previous = next(s for s in work_view.spans if s.version is span.previous)
    key = "redline_title_coming" if span.state == "upcoming" else "redline_title"
    title = message(language, key, title=work_view.title, start=span.start)
    # The heading and the intro keep each date on one line (a phone broke "2026-" above "10-01").
    heading = words(language, key, title=markdown_words(work_view.title), start=span.start)
    intro = words(
        language,
        "redline_intro" + of_translation_words(work_view),
        approval=approval_words(span.version.approval, context, language, uri),
        state=state_words(previous, language, markup=True),
        previous=link(uri, version_uri(work_id, previous)),
        amended=link(uri, version_uri(work_id, span)),
    )
    lines = [f"# {heading}", "", intro, ""]
    if language == "ja":
        return Page(
            uri,
            front_matter(title, searchable=False, language=language) + "\n".join(lines + _comparison(span)),
        )
    lines += [message(language, "redline_explained"), ""]
    changes = redline.redline(span.previous.text, span.version.text)
    if not changes:
        lines += [message(language, "redline_identical"), ""]
    markup = "".join(_change_html(change, language) for change in changes)
    return Page(
        uri, front_matter(title, searchable=False, language=language) + "\n".join(lines) + embed(markup)
    )


def _change_html(change: redline.BlockChange, language: str) -> str:
    """One changed part: an article's heading and text with what changed marked (the text of the
    regulation, class governance-text) and what kind of change it is (the page's words, beside it)."""
    status = ""
    if change.number_before:
        status = message(
            language, "redline_renumbered", before=change.number_before, after=change.number_after
        )
    if change.status in ("added", "deleted", "replaced"):
        status = message(language, f"redline_{change.status}") + status
    words = f' <span class="{REDLINE_STATUS_CLASS}">{html.escape(status.strip())}</span>' if status else ""
    key = html.escape(change.key)
    body = _without_block_breaks(change.html).strip("\n")
    if change.heading:
        return (
            f'<div class="{TEXT_CLASS} governance-redline"><h2 id="{key}">{change.heading_html}{words}</h2>'
            f"{body}</div>\n"
        )
    names = {redline.FRONT_MATTER_KEY: "redline_metadata", redline.CLOSING_KEY: "redline_closing"}
    title = html.escape(message(language, names.get(change.key, "redline_preamble")))
    css = "governance-metadata" if change.key == redline.FRONT_MATTER_KEY else TEXT_CLASS
    return f'<h2 id="{key}">{title}{words}</h2>\n<div class="{css} governance-redline">{body}</div>\n'


_BREAK_BETWEEN_TAGS = re.compile(r"(<(/?)([a-z0-9]+)[^>]*>)\n(?=</?([a-z0-9]+))")
_BLOCK_TAGS = {
    "p",
    "div",
    "ul",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "pre",
    "hr",
    "br",
}
_BLOCK_TAGS |= {f"h{level}" for level in range(1, 7)}


def _without_block_breaks(markup: str) -> str:
    """The stylesheet keeps a redline's line breaks (pre-wrap): the ones beside a block's tag are not
    text, and go; one between two inline elements (`*em*` then `[link](...)` on the next line) is the
    text's own line break, and stays (it went too, and the page read 'emlink')."""
    return _BREAK_BETWEEN_TAGS.sub(
        lambda m: m.group(1) if {m.group(3), m.group(4)} & _BLOCK_TAGS else m.group(0), markup
    )


REDLINE_STATUS_CLASS = "governance-redline-status"  # what kind of change: the page's words, not the text


def _comparison(span: Span) -> list[str]:
    """The 新旧対照表 of a Japanese text's amendment: after on the left, before on the right."""
    assert span.previous is not None
    rows = redline.comparison(span.previous.text, span.version.text)
    explained = message(
        "ja", "comparison_explained", new=redline.NEW_PROVISION, deleted=redline.DELETED_PROVISION
    )
    if not rows:
        return [explained, "", message("ja", "comparison_unchanged"), ""]
    return [explained, "", embed(redline.comparison_table_html(rows)), ""]

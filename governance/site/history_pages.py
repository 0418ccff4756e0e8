"""The history of a regulation: the table of its versions, and what each amendment changed (a redline;
a 新旧対照表 for a Japanese text, as Japanese readers expect), in the regulation's language."""

from __future__ import annotations

from datetime import timedelta

from governance.gate.works import Approval
from governance.site.context import (
    Page,
    SiteContext,
    approval_words,
    front_matter,
    link,
    state_words,
    version_uri,
    work_uri,
)
from governance.site.messages import format_date, message
from governance.site.timeline import Span, WorkView
from governance.text import redline


def history_page(work_view: WorkView, context: SiteContext) -> Page:
    work_id = work_view.work.id
    language = work_view.language
    uri = work_uri(work_id, "history.md")
    title = message(language, "history_title", title=work_view.title)
    columns = message(language, "history_columns")
    lines = [
        f"# {title}",
        "",
        message(language, "history_intro", url=link(uri, work_uri(work_id))),
        "",
        columns,
        "|" + " --- |" * (columns.count("|") - 1),
    ]
    if work_view.rescission is not None:
        approval = work_view.rescission.approval
        ends = message(language, "history_ends", end=approval.effective - timedelta(days=1))
        lines.append(
            f"| — | {ends} | {message(language, 'action_rescind')} | {_adopted(approval, context, language)} | — |"
        )
    for span in reversed(work_view.spans):
        changes = "—"
        if span.previous:
            redline_uri = version_uri(work_id, span, "redline.md")
            changes = message(language, "history_redline", url=link(uri, redline_uri))
        lines.append(
            f"| [{span.slug}]({link(uri, version_uri(work_id, span))}) | {state_words(span, language)} | "
            f"{message(language, 'action_' + span.version.action)} | "
            f"{_adopted(span.version.approval, context, language)} | {changes} |"
        )
    for translation in context.translations(work_id):
        url = link(uri, work_uri(translation.work.id, "history.md"))
        lines += ["", message(language, "history_translation", title=translation.title, url=url)]
    return Page(uri, front_matter(title, searchable=False, language=language) + "\n".join(lines) + "\n")


def _adopted(approval: Approval, context: SiteContext, language: str) -> str:
    """The Resolution and Adopted cells of a row."""
    resolution = message(
        language, "history_resolution", resolution=approval.resolution, body=context.body_name(approval.body)
    )
    return f"{resolution} | {format_date(language, approval.date)}"


def redline_page(work_view: WorkView, span: Span, context: SiteContext) -> Page:
    assert span.previous is not None
    work_id = work_view.work.id
    language = work_view.language
    uri = version_uri(work_id, span, "redline.md")
    previous = next(s for s in work_view.spans if s.version is span.previous)
    key = "redline_title_coming" if span.state == "upcoming" else "redline_title"
    title = message(language, key, title=work_view.title, start=span.start)
    lines = [
        f"# {title}",
        "",
        message(
            language,
            "redline_intro",
            approval=approval_words(span.version.approval, context, language),
            state=state_words(previous, language),
            previous=link(uri, version_uri(work_id, previous)),
            amended=link(uri, version_uri(work_id, span)),
        ),
        "",
    ]
    if language == "ja":
        return Page(
            uri,
            front_matter(title, searchable=False, language=language) + "\n".join(lines + _comparison(span)),
        )
    lines += [message(language, "redline_explained"), ""]
    changes = redline.redline(span.previous.text, span.version.text)
    if not changes:
        lines += [message(language, "redline_identical"), ""]
    for change in changes:
        heading = change.heading or message(
            language, "redline_metadata" if change.key == redline.FRONT_MATTER_KEY else "redline_preamble"
        )
        suffix = "" if change.status == "changed" else message(language, f"redline_{change.status}")
        lines.append(f"## {heading}{suffix} {{ #{change.key} }}")
        lines.append("")
        # One raw HTML line: a blank line inside would end the HTML block and expose the rest to Markdown.
        lines.append(f'<div class="governance-redline">{change.html.replace(chr(10), "&#10;")}</div>')
        lines.append("")
    return Page(uri, front_matter(title, searchable=False, language=language) + "\n".join(lines))


def _comparison(span: Span) -> list[str]:
    """The 新旧対照表 of a Japanese text's amendment: after on the left, before on the right."""
    assert span.previous is not None
    rows = redline.comparison(span.previous.text, span.version.text)
    explained = message(
        "ja", "comparison_explained", new=redline.NEW_PROVISION, deleted=redline.DELETED_PROVISION
    )
    if not rows:
        return [explained, "", message("ja", "comparison_unchanged"), ""]
    return [explained, "", redline.comparison_table_html(rows), ""]

"""A page per resolution: who decided what, when, how, and how the record is authenticated.

A reader who follows "resolution BD-2026-007" from a text finds the record itself: the body, the date,
the form (a meeting with its attendance and votes, or a written consent), the steps beyond the vote it
records (the representative's opinion heard, the authority notified), who recorded it, whether its
signature was verified and by which key (or that this repository does not sign records), and each
decision with a link to the exact version it approved and to its redline. The published record file is
attached, so its digest can be checked like a text's. In the site's language, as the shared pages are. Pure: records
and the work views in, pages out; reading and verifying the records is governance.site.render's job.
"""

from __future__ import annotations

import posixpath

from governance.records.resolutions import Decision, Resolution
from governance.site.context import (
    Page,
    SiteContext,
    front_matter,
    link,
    markdown_words,
    nowrap,
    version_uri,
    words,
    work_uri,
)
from governance.site.messages import format_date, message
from governance.site.record_views import RecordView, Signature
from governance.site.timeline import Span

# The box of a resolution's facts (regulations.css wraps its long words).
RECORD_CLASS = "governance-record"


def resolution_uri(resolution_id: str, leaf: str = "index.md") -> str:
    return f"resolutions/{resolution_id}/{leaf}"


def resolution_pages(context: SiteContext) -> list[Page]:
    pages: list[Page] = []
    for record in context.records.values():
        resolution = record.resolution
        pages.append(_resolution_page(record, context))
        pages.append(Page(resolution_uri(resolution.id, _source_name(record)), record.text))
    return pages


def _source_name(record: RecordView) -> str:
    return posixpath.basename(record.path) + ".txt"


def _resolution_page(record: RecordView, context: SiteContext) -> Page:
    resolution = record.resolution
    language = context.language
    uri = resolution_uri(resolution.id)
    title = message(language, "resolution_title", resolution=resolution.id)
    rows = [
        ("resolution_body", markdown_words(context.body_name(resolution.body, language))),
        ("resolution_date", nowrap(format_date(language, resolution.date))),
        ("resolution_form", message(language, "form_" + resolution.form)),
    ]
    if resolution.attendance is not None:
        attendance = resolution.attendance
        rows.append(
            (
                "resolution_attendance",
                message(language, "attendance", present=attendance.present, members=attendance.members),
            )
        )
    if resolution.votes is not None:
        votes = resolution.votes
        rows.append(
            (
                "resolution_votes",
                message(language, "votes", for_=votes.for_, against=votes.against, abstain=votes.abstain),
            )
        )
    if resolution.consents is not None:
        rows.append(("resolution_consents", message(language, "consents", consents=resolution.consents)))
    rows += [
        (
            "resolution_consultation",
            message(
                language,
                "consultation",
                representative=markdown_words(c.representative),
                date=nowrap(format_date(language, c.date)),
                opinion=markdown_words(c.opinion),
                digest=f'<code class="governance-digest">{c.digest}</code>',
            ),
        )
        for c in resolution.consultations
    ]
    rows += [
        (
            "resolution_notification",
            message(
                language,
                "notification",
                office=markdown_words(n.office),
                date=nowrap(format_date(language, n.date)),
            ),
        )
        for n in resolution.notifications
    ]
    # What a record says in words is shown as written, never as markup (a recorded_by of
    # `<img src=x onerror=...>` ran in every reader's browser).
    rows.append(("resolution_recorded_by", markdown_words(resolution.recorded_by)))
    rows.append(("resolution_signature", _signature_words(record.signature, language)))
    digest = f'<code class="governance-digest">{record.digest}</code>'
    rows.append(
        (
            "resolution_record",
            message(language, "record_file", path=record.path, url=_source_name(record), digest=digest),
        )
    )
    # The heading keeps the id on one line; the record's facts wrap their long words (key fingerprint,
    # address, file) in the table's box: on a phone the table scrolled sideways, every row cut.
    heading = message(language, "resolution_title", resolution=nowrap(markdown_words(resolution.id)))
    lines = [
        f"# {heading}",
        "",
        f'<div class="{RECORD_CLASS}" markdown>',
        "",
        f"| **{message(language, 'resolution_id')}** | {resolution.id} |",
        "| --- | --- |",
    ]
    lines += [f"| **{message(language, key)}** | {value} |" for key, value in rows]
    lines += ["", "</div>", "", f"## {message(language, 'resolution_decisions')}", ""]
    lines += [f"- {_decision_words(decision, resolution, uri, context)}" for decision in resolution.decisions]
    lines.append("")
    return Page(uri, front_matter(title, searchable=False) + "\n".join(lines))


def _signature_words(signature: Signature, language: str) -> str:
    if signature.state == "verified":
        return message(
            language,
            "signature_verified",
            fingerprint=signature.key,
            signer=markdown_words(signature.signer or ""),
        )
    if signature.state == "not-required":
        return message(language, "signature_not_required")
    if signature.state == "unsigned":
        return message(language, "signature_unsigned")
    return message(language, "signature_unverified", reason=markdown_words(signature.reason))


def _decision_words(decision: Decision, resolution: Resolution, uri: str, context: SiteContext) -> str:
    language = context.language
    values: dict[str, object] = {
        "action": message(language, "decision_" + decision.action),
        "effective": decision.effective_date(resolution),
        "digest": f'<code class="governance-digest">{decision.digest}</code>',
    }
    if decision.file is not None:
        return words(language, "decision_file", file=decision.file, **values)
    work_view = context.views.get(decision.regulation or "")
    if work_view is None:
        return words(language, "decision_unknown", regulation=decision.regulation, **values)
    work_id = work_view.work.id
    values["title"] = f"[{markdown_words(work_view.title)}]({link(uri, work_uri(work_id))})"
    if decision.action == "rescind":
        return words(language, "decision_rescinded", **values)
    span = _approved(work_view.spans, decision, resolution)
    if span is None:
        return words(language, "decision_plain", **values)
    changes = (
        message(language, "decision_changes", url=link(uri, version_uri(work_id, span, "redline.md")))
        if span.previous
        else ""
    )
    version = link(uri, version_uri(work_id, span))
    return words(language, "decision_version", slug=span.slug, version=version, changes=changes, **values)


def _approved(spans: list[Span], decision: Decision, resolution: Resolution) -> Span | None:
    """The version this decision approved: its digest, adopted by this very resolution."""
    return next(
        (
            span
            for span in spans
            if span.version.digest == decision.digest and span.version.approval.resolution == resolution.id
        ),
        None,
    )

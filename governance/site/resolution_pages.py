"""A page per resolution: who decided what, when, how, and how the record is authenticated.

A reader who follows "resolution BD-2026-007" from a text finds the record itself: the body, the date,
the form (a meeting with its attendance and votes, or a written consent), who recorded it, whether its
signature was verified and by which key (or that this repository does not sign records), and each
decision with a link to the exact version it approved and to its redline. The published record file is
attached, so its digest can be checked like a text's. English, as the shared pages are. Pure: records
and the work views in, pages out; reading and verifying the records is governance.site.render's job.
"""

from __future__ import annotations

import posixpath

from governance.records.resolutions import Decision, Resolution
from governance.site.context import Page, SiteContext, front_matter, link, nowrap, version_uri, work_uri
from governance.site.record_views import RecordView, Signature
from governance.site.timeline import Span


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


_FORMS = {"meeting": "Meeting", "written-consent": "Written consent (no meeting)"}
_ACTIONS = {"enact": "Enact", "amend": "Amend", "rescind": "Rescind"}


def _resolution_page(record: RecordView, context: SiteContext) -> Page:
    resolution = record.resolution
    uri = resolution_uri(resolution.id)
    title = f"Resolution {resolution.id}"
    rows = [
        ("Body", context.body_name(resolution.body)),
        ("Date", nowrap(resolution.date.isoformat())),
        ("Form", _FORMS[resolution.form]),
    ]
    if resolution.attendance is not None:
        attendance = resolution.attendance
        rows.append(("Attendance", f"{attendance.present} of {attendance.members} members present"))
    if resolution.votes is not None:
        votes = resolution.votes
        rows.append(("Votes", f"{votes.for_} for, {votes.against} against, {votes.abstain} abstaining"))
    if resolution.consents is not None:
        rows.append(("Consents", f"{resolution.consents} members consented in writing"))
    rows.append(("Recorded by", resolution.recorded_by))
    rows.append(("Signature", _signature_words(record.signature)))
    rows.append(
        (
            "Record",
            f"`{record.path}`: [the exact file]({_source_name(record)}), "
            f'digest <code class="governance-digest">{record.digest}</code>',
        )
    )
    lines = [f"# {title}", "", f"| **Resolution** | {resolution.id} |", "| --- | --- |"]
    lines += [f"| **{name}** | {value} |" for name, value in rows]
    lines += ["", "## Decisions", ""]
    lines += [f"- {_decision_words(decision, resolution, uri, context)}" for decision in resolution.decisions]
    lines.append("")
    return Page(uri, front_matter(title, searchable=False) + "\n".join(lines))


def _signature_words(signature: Signature) -> str:
    if signature.state == "verified":
        return f"Signed and verified: key {signature.key} of {signature.signer} (allowed_signers)"
    if signature.state == "not-required":
        return (
            "Not signed: this repository does not sign records (`signatures: off`); a record counts once it "
            "is on the main branch, merged before the change it approves"
        )
    if signature.state == "unsigned":
        return "Not signed"
    return f"Signature present but not verified: {signature.reason}"


def _decision_words(decision: Decision, resolution: Resolution, uri: str, context: SiteContext) -> str:
    effective = nowrap(decision.effective_date(resolution).isoformat())
    digest = f'<code class="governance-digest">{decision.digest}</code>'
    action = _ACTIONS[decision.action]
    if decision.file is not None:
        return f"{action} the governed file `{decision.file}`, with effect from {effective}; digest {digest}"
    work_view = context.views.get(decision.regulation or "")
    if work_view is None:
        return f"{action} `{decision.regulation}`, with effect from {effective}; digest {digest}"
    work_id = work_view.work.id
    title = f"[{work_view.title}]({link(uri, work_uri(work_id))})"
    if decision.action == "rescind":
        return f"{action} {title}, with effect from {effective}; digest of the text rescinded {digest}"
    span = _approved(work_view.spans, decision, resolution)
    if span is None:
        return f"{action} {title}, with effect from {effective}; digest {digest}"
    version = f"[the version of {span.slug}]({link(uri, version_uri(work_id, span))})"
    changes = (
        f", [its changes]({link(uri, version_uri(work_id, span, 'redline.md'))})" if span.previous else ""
    )
    return f"{action} {title}: {version}{changes}, with effect from {effective}; digest {digest}"


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

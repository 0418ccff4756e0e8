"""Reports of the check and the audit as text, JSON, or GitHub annotations plus a job summary."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from governance.gate.judge import Verdict, suggestion
from governance.i18n import BodyName, Joined, _, localized, shown

if TYPE_CHECKING:
    from governance.gate.audit import AuditReport
    from governance.gate.check import CheckReport


def _verdict_lines(verdict: Verdict, indent: str = "  ") -> list[str]:
    change = verdict.change
    what = (
        f"{change.action} {shown(change.target)} ({shown(change.path)})"
        if change.regulation
        else f"{change.action} {shown(change.path)}"
    )
    if verdict.record is not None and verdict.record.resolution is not None:
        resolution = verdict.record.resolution
        approved = _("ok       {what}: approved by {resolution} of the {body} ({date})")
        return [
            indent
            + approved.format(
                what=what,
                resolution=resolution.id,
                body=localized(BodyName(resolution.body)),
                date=resolution.date,
            )
        ]
    lines = [
        indent + _("REFUSED  {what}").format(what=what)
        if change.refusal
        else indent
        + _("MISSING  {what}: needs the {body}").format(what=what, body=localized(BodyName(change.body)))
    ]
    lines += [f"{indent}         - {localized(reason)}" for reason in verdict.reasons]
    if change.refusal is None:
        lines.append(
            f"{indent}         "
            + _("record this decision of the {body} (under `decisions:`):").format(
                body=localized(BodyName(change.body))
            )
        )
        lines += [f"{indent}         {line}" for line in suggestion(change).splitlines()]
    return lines


def _verdict_json(verdict: Verdict) -> dict[str, Any]:
    change = verdict.change
    resolution = verdict.record.resolution if verdict.record is not None else None
    return {
        "kind": change.action,  # the report's field name since its first release: readers depend on it
        "target": change.target,
        "path": change.path,
        "digest": change.digest,
        "body": change.body,
        "covered": verdict.covered,
        "resolution": resolution.id if resolution is not None else None,
        "reasons": list(verdict.reasons),
        "refused": change.refusal is not None,
        "suggestion": None if verdict.covered or change.refusal else suggestion(change),
    }


def _annotation(message: str, path: str | None = None, level: str = "error") -> str:
    # Only the github format annotates: the text and JSON reports (the audit's in CI) leave the findings'
    # module and its ordered dataclass unbuilt (issue 14).
    from governance.text.findings import workflow_command

    return workflow_command(level, message, path)


def _not_commands(text: str) -> str:
    """The text report after the annotations, where GitHub reads every line as a possible workflow command:
    the names of files and the commits' subjects in it are a pull request's choice (a file named
    'a\\n::warning::...' printed a line of its own), so commands are stopped around it, until a token the
    text cannot hold: its own digest (a text holding its digest is a preimage nobody can make). Derived,
    not random, so a report is the same on every run."""
    token = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"::stop-commands::{token}\n{text}::{token}::\n"


def _finding_text(finding: Any) -> str:
    render = getattr(finding, "render", None)
    return str(render()) if callable(render) else str(finding)


def check_text(report: CheckReport) -> str:
    lines = [
        # the config's value said as a word of the sentence (必須, 不要), not its English spelling
        _(
            "governance check: {base}..{head} (signatures required)"
            if report.mode == "required"
            else "governance check: {base}..{head} (signatures off)"
        ).format(base=report.base[:12], head=report.head[:12])
    ]
    if not report.verdicts:
        lines.append("  " + _("no change to a regulation or governed file"))
    for verdict in report.verdicts:
        lines += _verdict_lines(verdict)
    if report.violations:
        lines.append(_("violations:"))
        lines += [f"  - {localized(violation)}" for violation in report.violations]
    if report.findings:
        lines.append("lint:")
        lines += [f"  {_finding_text(finding)}" for finding in report.findings]
    lines += [_("note: {note}").format(note=localized(note)) for note in report.notes]
    uncovered = sum(not verdict.covered for verdict in report.verdicts)
    lines.append(
        _("result: every change is approved")
        if report.ok
        else _(
            "result: {uncovered} change(s) not approved, {violations} violation(s), {findings} lint finding(s)"
        ).format(uncovered=uncovered, violations=len(report.violations), findings=len(report.findings))
    )
    return "\n".join(lines) + "\n"


def check_json(report: CheckReport) -> str:
    findings = [getattr(f, "as_dict", lambda f=f: {"text": str(f)})() for f in report.findings]
    document = {
        "base": report.base,
        "head": report.head,
        "signatures": report.mode,
        "ok": report.ok,
        "changes": [_verdict_json(verdict) for verdict in report.verdicts],
        "violations": report.violations,
        "findings": findings,
        "notes": report.notes,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def check_github(report: CheckReport) -> str:
    lines = []
    for verdict in report.verdicts:
        if not verdict.covered:
            change = verdict.change
            message = _("{action} {target} is not approved: {reasons}").format(
                action=change.action, target=change.target, reasons=Joined(verdict.reasons).localized()
            )
            if change.refusal is None:
                record = _("Record this decision of the {body}:").format(
                    body=localized(BodyName(change.body))
                )
                message += f"\n{record}\n{suggestion(change)}"
            lines.append(_annotation(message, change.path))
    lines += [_annotation(localized(violation)) for violation in report.violations]
    lines += [
        _annotation(_finding_text(finding), finding.path, finding.severity) for finding in report.findings
    ]
    lines += [_annotation(localized(note), level="notice") for note in report.notes]
    return "\n".join(lines) + ("\n" if lines else "") + _not_commands(check_text(report))


def check_summary(report: CheckReport) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY."""
    heading = (
        _("## Regulation governance: every change is approved")
        if report.ok
        else _("## Regulation governance: changes are not approved")
    )
    lines = [heading, "", _("| Change | Status |"), "| --- | --- |"]
    for verdict in report.verdicts:
        change = verdict.change
        reasons = Joined(verdict.reasons).localized()
        if verdict.record is not None:
            status = _("approved by {record}").format(record=verdict.record.name)
        elif change.refusal:
            status = _("refused: {reasons}").format(reasons=reasons)
        else:
            status = _("missing: {reasons}").format(reasons=reasons)
        escaped = status.replace("|", "\\|")
        lines.append(f"| {change.action} `{shown(change.target)}` | {escaped} |")
    missing = [v.change for v in report.verdicts if not v.covered and v.change.refusal is None]
    if missing:
        lines += ["", _("Decisions to record:"), "", "```yaml", "decisions:"]
        lines += [suggestion(change).rstrip("\n") for change in missing]
        lines.append("```")
    lines += [f"- {localized(violation)}" for violation in report.violations]
    return "\n".join(lines) + "\n"


def audit_text(report: AuditReport) -> str:
    if report.since is not None:
        heading = _(
            "governance audit of {rev} since {since} (already audited): {count} commit(s) with governed "
            "changes judged"
        )
        lines = [heading.format(rev=report.rev[:12], since=report.since[:12], count=len(report.commits))]
    else:
        heading = _("governance audit of {rev}: adoption {adoption}, {walked} commit(s)")
        lines = [heading.format(rev=report.rev[:12], adoption=report.adoption[:12], walked=report.walked)]
    for commit in report.bad_commits:
        lines.append(
            _("commit {commit} {subject}").format(commit=commit.commit[:12], subject=shown(commit.subject))
        )
        lines += [line for v in commit.verdicts if not v.covered for line in _verdict_lines(v, "    ")]
        lines += [f"    - {localized(violation)}" for violation in commit.violations]
    lines += [_("problem: {problem}").format(problem=localized(problem)) for problem in report.problems]
    lines += [_("note: {note}").format(note=localized(note)) for note in report.notes]
    if report.ok:
        result = (
            _("result: every change since the adoption was approved")
            if report.since is None
            else _("result: every change since {since} was approved").format(since=report.since[:12])
        )
    elif report.problems:
        result = _(
            "result: {commits} commit(s) brought changes without approval, {problems} problem(s) with the history"
        ).format(commits=len(report.bad_commits), problems=len(report.problems))
    else:
        result = _("result: {commits} commit(s) brought changes without approval").format(
            commits=len(report.bad_commits)
        )
    lines.append(result)
    return "\n".join(lines) + "\n"


def audit_json(report: AuditReport) -> str:
    document = {
        "rev": report.rev,
        "adoption": report.adoption,
        "ok": report.ok,
        "problems": report.problems,
        "notes": report.notes,
        "commits": [
            {
                "commit": c.commit,
                "subject": c.subject,
                "ok": c.ok,
                "changes": [_verdict_json(v) for v in c.verdicts],
                "violations": c.violations,
            }
            for c in report.commits
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def audit_github(report: AuditReport) -> str:
    lines = []
    for commit in report.bad_commits:
        for verdict in commit.verdicts:
            if not verdict.covered:
                reason = Joined(verdict.reasons).localized()
                lines.append(
                    _annotation(
                        _("commit {commit}: {target}: {reason}").format(
                            commit=commit.commit[:12], target=verdict.change.target, reason=reason
                        ),
                        verdict.change.path,
                    )
                )
        lines += [
            _annotation(
                _("commit {commit}: {violation}").format(
                    commit=commit.commit[:12], violation=localized(violation)
                )
            )
            for violation in commit.violations
        ]
    lines += [_annotation(localized(problem)) for problem in report.problems]
    lines += [_annotation(localized(note), level="notice") for note in report.notes]
    return "\n".join(lines) + ("\n" if lines else "") + _not_commands(audit_text(report))


def audit_summary(report: AuditReport) -> str:
    heading = (
        _("## Regulation governance audit: history approved")
        if report.ok
        else _("## Regulation governance audit: unapproved changes in history")
    )
    lines = [heading, ""]
    for commit in report.bad_commits:
        reasons = [r for v in commit.verdicts if not v.covered for r in v.reasons] + commit.violations
        lines.append(f"- `{commit.commit[:12]}` {shown(commit.subject)}: {Joined(reasons).localized()}")
    lines += [f"- {localized(problem)}" for problem in report.problems]
    return "\n".join(lines) + "\n"

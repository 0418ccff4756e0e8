"""Writing records: drafting one from the branch's changes, YAML a secretary can read and sign, written so
that no reader ever sees half a file."""

from __future__ import annotations

import dataclasses
import errno
import glob
import json
import os
import re
import secrets
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path, PurePosixPath

from governance import strict_yaml
from governance.config import Config
from governance.errors import GovernanceError
from governance.files import write_all
from governance.i18n import Joined, _
from governance.records.bodies import Body, procedural_problems
from governance.records.resolutions import (
    ID_PATTERN,
    RECORD_SUFFIX,
    Decision,
    Resolution,
    parse_resolution,
    record_path,
    resolution_of,
)


def render_resolution(resolution: Resolution) -> str:
    """The record as YAML in the documented key order; parsing it back gives the same resolution."""
    lines = [
        f"id: {_scalar(resolution.id)}",
        *([f"repository: {_scalar(resolution.repository)}"] if resolution.repository is not None else []),
        f"body: {_scalar(resolution.body)}",
        f"date: {resolution.date.isoformat()}",
        f"form: {resolution.form}",
    ]
    if resolution.attendance is not None:
        attendance = resolution.attendance
        lines.append(f"attendance: {{members: {attendance.members}, present: {attendance.present}}}")
    if resolution.votes is not None:
        votes = resolution.votes
        lines.append(f"votes: {{for: {votes.for_}, against: {votes.against}, abstain: {votes.abstain}}}")
    if resolution.consents is not None:
        lines.append(f"consents: {resolution.consents}")
    lines.append("decisions:")
    for decision in resolution.decisions:
        lines.extend(render_decision(decision))
    if resolution.consultations:
        lines.append("consultations:")
        for c in resolution.consultations:
            lines += [
                f"  - representative: {_scalar(c.representative)}",
                f"    date: {c.date.isoformat()}",
                f"    opinion: {_scalar(c.opinion)}",
                f"    digest: {c.digest}",
            ]
    if resolution.notifications:
        lines.append("notifications:")
        for n in resolution.notifications:
            lines += [f"  - office: {_scalar(n.office)}", f"    date: {n.date.isoformat()}"]
    lines.append(f"recorded_by: {_scalar(resolution.recorded_by)}")
    text = "\n".join(lines) + "\n"
    if parse_resolution(text, f"{resolution.id}.yml") != resolution:
        raise AssertionError(f"rendering {resolution.id} does not round-trip")  # a bug here, not user input
    return text


def render_decision(decision: Decision, indent: str = "  ") -> list[str]:
    """One decision entry as YAML list lines: what a report shows for the secretary to record."""
    return list(_decision_lines(decision, indent))


def _decision_lines(decision: Decision, indent: str) -> Iterator[str]:
    if decision.regulation is not None:
        yield f"{indent}- regulation: {_scalar(decision.regulation)}"
    else:
        yield f"{indent}- file: {_scalar(decision.file or '')}"
    yield f"{indent}  action: {decision.action}"
    yield f"{indent}  digest: {decision.digest}"
    if decision.effective is not None:
        yield f"{indent}  effective: {decision.effective.isoformat()}"
    if decision.acknowledgement != "required":
        yield f"{indent}  acknowledgement: {decision.acknowledgement}"


def _scalar(value: str) -> str:
    """Plain when strict YAML reads it back as the same string, else a double-quoted (JSON) string."""
    if value and value == value.strip() and "\n" not in value and "#" not in value:
        try:
            if strict_yaml.load(f"key: {value}", "rendered").data == {"key": value}:
                return value
        except GovernanceError:
            pass  # not plain YAML: quote it
    quoted = json.dumps(value, ensure_ascii=False)
    # JSON leaves these raw; YAML refuses them (controls) or reads them as line breaks (NEL, LS, PS).
    return "".join(f"\\u{ord(char):04x}" if _YAML_ESCAPE.fullmatch(char) else char for char in quoted)


_YAML_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def write_new(target: Path, content: bytes, *, exists: str | None = None) -> None:
    """Write a file that must not exist yet, whole or not at all: a record is never overwritten, even by
    a run at the same time (`exists` says so), and a run killed halfway leaves nothing behind.

    The content goes to an unnamed file in the target's folder (O_TMPFILE), which gets its name only when
    complete: a killed process leaves no hidden temporary file that `git add` would commit. Where the
    file system cannot make unnamed files, a named one is written and removed on any failure. The mode
    is 0666 less the umask, as for any file the user creates."""
    target.parent.mkdir(parents=True, exist_ok=True)
    leftover = next(iter(sorted(target.parent.glob(f".{glob.escape(target.name)}.*.tmp"))), None)
    if leftover is not None:  # the named fallback's, of a run killed before it could remove it
        raise GovernanceError(
            _(
                "a temporary file left by an earlier run that did not finish (killed or crashed) is in the "
                "records folder; it is not a record: delete it, then run the command again"
            ),
            path=leftover,
        )
    try:
        _write_unnamed(target, content)
    except _Unsupported:
        _write_named(target, content)
    except FileExistsError:
        said = exists if exists is not None else _("already exists; a record is never overwritten")
        raise GovernanceError(said, path=target) from None


class _Unsupported(Exception):
    """The file system (or platform) makes no unnamed files."""


def _write_unnamed(target: Path, content: bytes) -> None:
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        raise _Unsupported
    folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        try:
            handle = os.open(target.parent, flag | os.O_WRONLY | os.O_CLOEXEC, 0o666)
        except OSError as exc:
            if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                raise _Unsupported from None
            raise
        try:
            write_all(handle, content)
            # The file gets its name only now, complete; link() fails if the name is taken. A dir_fd makes
            # Python call linkat(AT_SYMLINK_FOLLOW), which links the file /proc/self/fd/N points at.
            os.link(f"/proc/self/fd/{handle}", target.name, dst_dir_fd=folder, follow_symlinks=True)
        finally:
            os.close(handle)
        os.fsync(folder)
    finally:
        os.close(folder)


def _write_named(target: Path, content: bytes) -> None:
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        try:
            write_all(handle, content)
        finally:
            os.close(handle)
        os.link(temporary, target)  # fails if the target exists, unlike os.replace
    finally:
        temporary.unlink(missing_ok=True)


def draft_resolution(
    *,
    resolution_id: str,
    body: str,
    day: date,
    meeting: Mapping[str, int | None] | None,
    recorded_by: str,
    decisions: Sequence[Decision],
    bodies: Mapping[str, Body],
    today: date,
    repository: str | None = None,
    steps: Mapping[str, list[dict[str, object]]] | None = None,
) -> Resolution:
    """The record of a resolution as the secretary described it; refused unless it is valid as a whole.

    `meeting` holds members, present, for, against, abstain; None means a written consent, which is
    unanimous by definition, so its consents are the body's members. `repository`: the name the rules
    bind records to (governance.yml's `repository:`), written into the record so its signature covers it.
    `steps`: the consultations and notifications (governance.records.procedures), as the record writes
    them."""
    if not re.fullmatch(ID_PATTERN, resolution_id):
        raise GovernanceError(
            _("'{id}' is not a resolution id; write it like BD-2026-007").format(id=resolution_id)
        )
    if not decisions:
        raise GovernanceError(
            _(
                "no change of the branch needs a decision of '{body}'; commit the changes first, "
                "or check --base, --head and --body"
            ).format(body=body)
        )
    if body not in bodies:
        raise GovernanceError(
            _("unknown body '{body}'; bodies.yml defines: {bodies}").format(
                body=body, bodies=", ".join(sorted(bodies))
            )
        )
    data: dict[str, object] = {"id": resolution_id, "body": body, "date": day}
    if repository is not None:
        data["repository"] = repository
    if meeting is None:
        data.update(form="written-consent", consents=bodies[body].members)
    else:
        missing = [f"--{name}" for name, value in meeting.items() if value is None]
        if missing:
            raise GovernanceError(
                _("a meeting needs {missing} (or give --written-consent)").format(missing=", ".join(missing))
            )
        data.update(
            form="meeting",
            attendance={"members": meeting["members"], "present": meeting["present"]},
            votes={name: meeting[name] for name in ("for", "against", "abstain")},
        )
    data.update(
        decisions=[dataclasses.asdict(decision) for decision in decisions],
        **{step: list(done) for step, done in (steps or {}).items() if done},
    )
    data.update(recorded_by=recorded_by)
    name = resolution_id + RECORD_SUFFIX
    resolution = resolution_of(data, name)
    problems = procedural_problems(resolution, dict(bodies), today)
    if problems:
        said = Joined(problems).localized()
        raise GovernanceError(
            _("the resolution would not be valid: {problems}").format(problems=said), path=name
        )
    return resolution


def in_records(root: Path, relative: str) -> Path:
    """`root / relative`, a path of the records folder, when it stays in the repository: no part of it
    below `root` is a symbolic link. A branch may commit a link there (`resolutions/2026` to any folder);
    written through it, a record would land wherever the link points, and signed through it, the
    signature would cover a file that is not the one git commits."""
    parts = PurePosixPath(relative).parts
    if PurePosixPath(relative).is_absolute() or ".." in parts:
        raise GovernanceError(
            _("the records folder is not a folder of this repository; correct records: in governance.yml"),
            path=relative,
        )
    link = first_link(root, relative)
    if link is not None:
        raise GovernanceError(
            _(
                "a symbolic link in the records folder: a record and its signature are written and read "
                "only in the repository's own folder, never where a link points; remove the link "
                "(git rm) and run the command again"
            ),
            path=link,
        )
    return root / relative


def in_work_tree(root: Path, relative: str) -> Path:
    """`root / relative`, a file `governance init` writes or keeps (governance.yml, bodies.yml, the
    workflows), when no part of it below `root` is a symbolic link: a repository may commit `.github` as a
    link to any folder, and init would write the workflows there."""
    link = first_link(root, relative)
    if link is not None:
        raise GovernanceError(
            _(
                "a symbolic link where governance init writes: it writes and reads the gate's files only in "
                "the repository's own folders, never where a link points; remove the link (git rm) and run "
                "governance init again"
            ),
            path=link,
        )
    return root / relative


def first_link(root: Path, relative: str) -> str | None:
    """The first part of `relative` (from `root`) that is a symbolic link, as a path from `root`; None
    when there is none. `root` itself is the user's choice and not looked at."""
    parts = PurePosixPath(relative).parts
    for end in range(1, len(parts) + 1):
        if root.joinpath(*parts[:end]).is_symlink():
            return "/".join(parts[:end])
    return None


def write_record(root: Path, config: Config, resolution: Resolution) -> Path:
    """Write `<records>/<id>.yml` (or `<records>/<year>/<id>.yml`) under `root`; never over a record of
    the same id in either place, never through a symbolic link (in_records)."""
    target = in_records(root, record_path(config.records, resolution.id, by_year=config.records_by_year))
    other = in_records(root, record_path(config.records, resolution.id, by_year=not config.records_by_year))
    if other.exists():
        raise GovernanceError(
            _("a record of {id} exists already; choose another id").format(id=resolution.id), path=other
        )
    write_new(target, render_resolution(resolution).encode("utf-8"))
    return target

"""`governance resolution new|sign|verify`: the secretary's commands. They parse, call, print and return."""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass
from pathlib import Path

import click

from governance import git
from governance.clock import today as governance_today
from governance.config import Config, load_config, read_utf8
from governance.errors import GovernanceError
from governance.gate.changes import Change, list_changes
from governance.gate.check import proposal_range
from governance.gate.judge import decisions_for
from governance.gate.rules import (
    allowed_signers_at,
    base_rules,
    body_names,
    config_at,
    law_branch,
    rules_at,
)
from governance.i18n import Joined, Message, _, localized, name_bodies, shown
from governance.records import bodies, resolutions, signatures
from governance.records.writer import draft_resolution, in_records, write_record

_DATE = click.DateTime(formats=["%Y-%m-%d"])
_BASE = click.option(
    "--base",
    default=None,
    help="The branch the changes merge into, whose allowed_signers the gate uses [default: the config's branch].",
)
_ROOT = click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The repository's work tree.",
)


@click.group()
def resolution() -> None:
    """Record, sign and verify the resolutions that approve regulation changes."""


@resolution.command()
@click.option("--id", "resolution_id", required=True, help="Resolution id, e.g. BD-2026-007.")
@click.option("--body", required=True, help="The deciding body, as in bodies.yml.")
@click.option("--date", "day", required=True, type=_DATE, help="Date of the resolution (YYYY-MM-DD).")
@click.option("--members", type=int, help="Members of the body (meeting).")
@click.option("--present", type=int, help="Members present (meeting).")
@click.option("--for", "votes_for", type=int, help="Votes for (meeting).")
@click.option("--against", type=int, help="Votes against (meeting).")
@click.option("--abstain", type=int, help="Abstentions (meeting).")
@click.option("--written-consent", is_flag=True, help="Adopted by the written consent of every member.")
@click.option("--recorded-by", required=True, help="Who records it, e.g. 'Hanako Sato, Board Secretary'.")
@_BASE
@click.option("--head", default="HEAD", show_default=True, help="The commit with the changes.")
@click.option("--effective", type=_DATE, help="When the changes take effect; the resolution date if omitted.")
@click.option(
    "--no-acknowledgement",
    "editorial",
    metavar="REGULATION",
    multiple=True,
    help="An editorial amendment of REGULATION (its id; repeatable): employees' acknowledgements of the "
    "version before it still count, none is asked again.",
)
@click.option(
    "--consulted",
    metavar="REPRESENTATIVE",
    help="Whose opinion was heard, when bodies.yml requires consultations (過半数代表者 山田太郎).",
)
@click.option("--consulted-on", type=_DATE, help="The date of that opinion (YYYY-MM-DD).")
@click.option(
    "--opinion",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The written opinion (意見書) kept in the repository; the record names it and its sha256.",
)
@click.option("--notified", metavar="OFFICE", help="The authority notified, when bodies.yml requires it.")
@click.option("--notified-on", type=_DATE, help="The date of the notification (YYYY-MM-DD).")
@_ROOT
def new(
    resolution_id: str,
    body: str,
    day: datetime.datetime,
    members: int | None,
    present: int | None,
    votes_for: int | None,
    against: int | None,
    abstain: int | None,
    written_consent: bool,
    recorded_by: str,
    base: str | None,
    head: str,
    effective: datetime.datetime | None,
    editorial: tuple[str, ...],
    consulted: str | None,
    consulted_on: datetime.datetime | None,
    opinion: Path | None,
    notified: str | None,
    notified_on: datetime.datetime | None,
    root: Path,
) -> None:
    """Write <records>/<ID>.yml approving every change of base..head that BODY must decide.

    The changes are read from commits: commit the edited regulations first. The digests are those of
    the texts at HEAD, so the record approves exactly what was reviewed."""
    if effective is not None and effective.date() < day.date():
        raise GovernanceError(
            _(
                "--effective {effective} is before --date {date}: a decision cannot change what was in force "
                "in the past; give the resolution's date or a later one"
            ).format(effective=effective.date(), date=day.date())
        )
    rules = _rules_at(root, base or law_branch(root, load_config(root)), head)
    decisions, left_out = decisions_for(rules.changes, body, effective.date() if effective else None)
    if left_out and not decisions:
        raise GovernanceError(_("nothing to record: {reasons}").format(reasons=Joined(left_out).localized()))
    decisions = _editorial(decisions, editorial)
    meeting = {
        "members": members,
        "present": present,
        "for": votes_for,
        "against": against,
        "abstain": abstain,
    }
    if written_consent and any(value is not None for value in meeting.values()):
        raise GovernanceError(
            _("--written-consent records no attendance or votes; drop --members ... --abstain")
        )
    record = draft_resolution(
        resolution_id=resolution_id,
        body=body,
        day=day.date(),
        meeting=None if written_consent else meeting,
        recorded_by=recorded_by,
        decisions=decisions,
        bodies=rules.bodies,
        today=governance_today(),
        repository=rules.config.repository,
        steps=steps_of(root, consulted, consulted_on, opinion, notified, notified_on),
    )
    path = write_record(root, rules.config, record)
    wrote = _("wrote {file} with {count} decision(s):")
    click.echo(wrote.format(file=path.relative_to(root).as_posix(), count=len(record.decisions)))
    for decision in record.decisions:
        click.echo(f"  {decision.action} {decision.target} {decision.digest}")
    for reason in left_out:
        click.echo(_("not included: {reason}").format(reason=localized(reason)))
    if rules.config.signatures == "required":
        click.echo(
            _(
                "next: governance resolution sign {id} --key <the secretary's private key>, then commit the "
                "record and its .sig to this branch"
            ).format(id=record.id)
        )
    else:
        click.echo(
            _("next: commit the record and merge it into {branch} before the changes it approves").format(
                branch=git.main_line(root, rules.config.branch)
            )
        )


def _editorial(
    decisions: list[resolutions.Decision], editorial: tuple[str, ...]
) -> list[resolutions.Decision]:
    """The decisions with `acknowledgement: not-required` on each amendment named by --no-acknowledgement."""
    amended = {d.regulation for d in decisions if d.regulation is not None and d.action == "amend"}
    for regulation in editorial:
        if regulation not in amended:
            decided = ", ".join(f"{d.action} {d.target}" for d in decisions)
            raise GovernanceError(
                _(
                    "--no-acknowledgement {regulation}: this resolution amends no regulation {regulation} "
                    "(its decisions: {decided}); only an amendment can keep earlier acknowledgements valid"
                ).format(regulation=regulation, decided=decided)
            )
    return [
        dataclasses.replace(d, acknowledgement="not-required") if d.regulation in editorial else d
        for d in decisions
    ]


def steps_of(
    root: Path,
    consulted: str | None,
    consulted_on: datetime.datetime | None,
    opinion: Path | None,
    notified: str | None,
    notified_on: datetime.datetime | None,
) -> dict[str, list[dict[str, object]]]:
    """The consultation and notification the options describe, each given whole or not at all (for
    `resolution new` and for the baseline `init` records)."""
    from governance.text.digests import digest_bytes

    steps: dict[str, list[dict[str, object]]] = {"consultations": [], "notifications": []}
    if any(value is not None for value in (consulted, consulted_on, opinion)):
        if consulted is None or consulted_on is None or opinion is None:
            raise GovernanceError(
                _("a consultation needs --consulted, --consulted-on and --opinion together")
            )
        file = opinion if opinion.is_absolute() else Path.cwd() / opinion
        if not file.is_file():
            raise GovernanceError(_("no such file: give the 意見書 kept in the repository"), path=opinion)
        try:
            relative = file.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            raise GovernanceError(
                _("the 意見書 must be kept in the repository; add it there"), path=opinion
            ) from None
        steps["consultations"].append(
            {
                "representative": consulted,
                "date": consulted_on.date(),
                "opinion": relative,
                "digest": digest_bytes(file.read_bytes()),
            }
        )
    if notified is not None or notified_on is not None:
        if notified is None or notified_on is None:
            raise GovernanceError(_("a notification needs --notified and --notified-on together"))
        steps["notifications"].append({"office": notified, "date": notified_on.date()})
    return steps


@resolution.command()
@click.argument("resolution_id", metavar="ID")
@click.option(
    "--key",
    required=True,
    type=click.Path(path_type=Path),
    help="The secretary's SSH private key (or its .pub when the key is in ssh-agent).",
)
@_BASE
@_ROOT
def sign(resolution_id: str, key: Path, base: str | None, root: Path) -> None:
    """Sign the record ID with the secretary's key (writes <ID>.yml.sig).

    The signature is checked at once against allowed_signers as the gate will read it: on the branch the
    changes merge into (so a key rotation is signed with a key that is allowed today)."""
    config = load_config(root)
    record_file = _record_file(root, config, resolution_id)
    record = resolutions.load_resolution(_read_text(record_file), record_file)  # only a well-formed record
    allowed = _allowed_signers(root, config, base)
    # What the signature approves, said before the key is asked for: a branch may hold a record that
    # `new` never wrote (its id taken, `new` refused), and the secretary signs what is shown here.
    name = record_file.relative_to(root).as_posix()
    signing = _("signing {file}: {id} of {body} on {date}, with {count} decision(s):")
    click.echo(
        signing.format(
            file=name, id=record.id, body=record.body, date=record.date, count=len(record.decisions)
        )
    )
    for decision in record.decisions:
        click.echo(f"  {decision.action} {shown(decision.target)} {decision.digest}")
    check = signatures.sign_and_verify(record_file, key, allowed, config.signature_namespace)
    written = f"{name}.sig"
    click.echo(_("signed by {signer}: wrote {file}").format(signer=check.signer, file=written))
    click.echo(_("next: commit the record and its signature to the branch of the changes"))


@resolution.command()
@click.argument("resolution_id", metavar="ID")
@_BASE
@_ROOT
@click.pass_context
def verify(ctx: click.Context, resolution_id: str, base: str | None, root: Path) -> None:
    """Check the record ID: schema, the body's rules, and its signature against allowed_signers as the
    gate reads it (on the branch the changes merge into; the work tree's before adoption).

    Exit 0 when valid, 1 when not (each reason printed)."""
    config, judged_by = _judging_rules(root, base)
    record_file = _record_file(root, config, resolution_id)
    problems, signer = _verification(root, config, record_file, base, judged_by)
    name = record_file.relative_to(root).as_posix()
    for problem in problems:
        click.echo(f"{name}: {localized(problem)}")
    if problems:
        ctx.exit(1)
    click.echo(
        _("{name}: valid, signed by {signer}").format(name=name, signer=signer)
        if signer
        else _("{name}: valid (signatures: off, not signed)").format(name=name)
    )


@dataclass(frozen=True)
class _Rules:
    config: Config
    bodies: dict[str, bodies.Body]
    changes: list[Change]


def _rules_at(root: Path, base: str, head: str) -> _Rules:
    """Config and bodies as the check will read them: from the tip of the base, not from the branch."""
    proposal_range(root, base, head)  # the same errors as the check for a base or head that is not there
    with git.Objects(root) as objects:
        rules = base_rules(objects, git.resolve_commit(root, base))
    name_bodies(body_names(rules.bodies))  # what is left out names each body as the user reads it
    return _Rules(rules.config, rules.bodies, list_changes(root, base, head, rules.config))


def _allowed_signers(root: Path, config: Config, base: str | None) -> str:
    """allowed_signers at merge-base(base, HEAD), as the gate reads it; the work tree's when the base
    branch does not exist or has none yet (adoption: the first keys are trusted as committed)."""
    branch = base or law_branch(root, config)
    try:
        merge_base = git.merge_base(root, git.resolve_commit(root, branch), git.resolve_commit(root, "HEAD"))
    except GovernanceError:
        merge_base = None
    if merge_base is not None:
        with git.Objects(root) as objects:
            allowed = allowed_signers_at(objects, merge_base, config_at(objects, merge_base))
        if allowed is not None:
            return allowed
    allowed_file = root / config.allowed_signers_file
    if not allowed_file.exists():
        raise GovernanceError(
            _(
                "there is no allowed_signers file, so no signature can count; adopt the gate first "
                "(governance init)"
            ),
            path=config.allowed_signers_file,
        )
    allowed = _read_text(allowed_file)
    signatures.refuse_time_bounds(allowed, config.allowed_signers_file)
    return allowed


def _judging_rules(root: Path, base: str | None) -> tuple[Config, dict[str, bodies.Body] | None]:
    """The config and bodies the gate judges a record by: the base branch's, at its tip, as `new` and the
    check read them (a branch's own governance.yml or bodies.yml, which could turn signatures off or lower
    a quorum, counts only once a decision approved it); the work tree's config, and no bodies (read from
    the work tree), before adoption."""
    branch = base or law_branch(root, load_config(root))
    try:
        tip = git.resolve_commit(root, branch)
    except GovernanceError:
        return load_config(root), None
    with git.Objects(root) as objects:
        rules = rules_at(objects, tip)
    if rules is None:
        return load_config(root), None
    return rules.config, rules.bodies


def _verification(
    root: Path,
    config: Config,
    record_file: Path,
    base: str | None,
    judged_by: dict[str, bodies.Body] | None,
) -> tuple[list[str], str | None]:
    try:
        record = resolutions.load_resolution(_read_text(record_file), record_file.relative_to(root))
    except GovernanceError as exc:
        said = (
            exc.message
            if exc.line is None
            else Message("{problem} (line {line})", problem=exc.message, line=exc.line)
        )
        return [said], None
    bodies_file = root / config.bodies_file
    parsed = (
        judged_by
        if judged_by is not None
        else bodies.parse_bodies(_read_text(bodies_file), bodies_file.relative_to(root))
    )
    problems = bodies.procedural_problems(record, parsed, governance_today())
    bound = resolutions.binding_problem(record, config.repository)
    if bound is not None:
        problems.append(bound)
    signature_file = record_file.with_name(record_file.name + ".sig")
    if not signature_file.exists():
        if config.signatures == "required":
            problems.append(
                Message("not signed: run governance resolution sign {id} --key <key>", id=record.id)
            )
        return problems, None
    try:
        allowed = _allowed_signers(root, config, base)
    except GovernanceError as exc:
        return [*problems, exc.message], None
    check = signatures.beyond_limit(signature_file.stat().st_size) or signatures.verify_signature(
        record_file.read_bytes(), signature_file.read_bytes(), allowed, config.signature_namespace
    )
    if not check.valid:
        problems.append(Message("signature: {reason}", reason=check.reason))
    return problems, check.signer


def _record_file(root: Path, config: Config, resolution_id: str) -> Path:
    # The id becomes a path: only the documented shape, so '../x' cannot point outside the records.
    if not re.fullmatch(resolutions.ID_PATTERN, resolution_id):
        raise GovernanceError(
            _("'{id}' is not a resolution id; write it like BD-2026-007").format(id=resolution_id)
        )
    # Never through a symbolic link: the file signed or verified is the one git commits (in_records).
    places = [
        in_records(root, resolutions.record_path(config.records, resolution_id, by_year=y))
        for y in (False, True)
    ]
    for place in places:
        in_records(root, place.relative_to(root).as_posix() + ".sig")
    found = [path for path in places if path.is_file()]
    if not found:
        where = places[1] if config.records_by_year else places[0]
        raise GovernanceError(_("no such record; create it with governance resolution new"), path=where)
    if len(found) > 1:
        raise GovernanceError(
            _(
                "{id} is recorded twice, also in {other}; a resolution is recorded once: delete the copy that "
                "was never committed"
            ).format(id=resolution_id, other=found[1]),
            path=found[0],
        )
    return found[0]


def _read_text(path: Path) -> str:
    if not path.exists():
        raise GovernanceError(_("does not exist"), path=path)
    return read_utf8(path)

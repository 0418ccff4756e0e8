"""The judge of one diff: the only place that says whether recorded resolutions cover its changes.

The check (a pull request: merge base..head) and the audit (every first-parent commit against its
parent) are two drivers that gather a diff, its changes and the rules of its base side, and call
`judge_diff` (or `judge_adoption` for the commit that adopts governance). A new rule about what a diff
may do goes here, so both obey it at once.

A change is covered by a counting record of the required body with a decision on the same regulation
(or file), the same action, and the digest of exactly that text. A record counts when it is valid
(schema, file name, the body's rules) and, when signatures are required, its signature verifies and it
is added by the very diff it approves; with signatures off, records on the branch count once
(`governance.gate.ledger`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from governance import git
from governance.config import CONFIG_FILE, Config
from governance.errors import GovernanceError
from governance.gate.changes import REGULAR, Change, Sorted
from governance.gate.delegation import rules_left_by, undefined_bodies, with_known_bodies
from governance.gate.local_actions import local_action_problems
from governance.gate.rules import Rules, config_at, touches_rules
from governance.i18n import BodyName, Joined, Message
from governance.immutable import immutable
from governance.limits import (
    MAX_FAILED_SIGNATURES,
    MAX_OPINION_BYTES,
    MAX_SIGNATURE_BYTES,
    MAX_YAML_BYTES,
    BeyondLimit,
)
from governance.records.bodies import Body, procedural_problems
from governance.records.litter import stray_files
from governance.records.procedures import opinion_problems
from governance.records.resolutions import (
    Decision,
    Resolution,
    binding_problem,
    decision_of,
    is_record_path,
    load_resolution,
    misplaced_or_twin,
)
from governance.records.signatures import SignatureCheck, beyond_limit, verify_in_process, verify_signature


@immutable
class Record:
    """A resolution record the gate considered; it counts when `problems` is empty."""

    path: str
    resolution: Resolution | None
    problems: tuple[str, ...] = ()

    @property
    def counts(self) -> bool:
        return not self.problems

    @property
    def name(self) -> str:
        return self.resolution.id if self.resolution is not None else self.path


@immutable
class Verdict:
    """One change as judged: the record and decision that cover it, or why none does."""

    change: Change
    record: Record | None = None  # the record that covers it
    decision: Decision | None = None
    reasons: tuple[str, ...] = ()  # why it is not covered

    @property
    def covered(self) -> bool:
        return self.record is not None


@dataclass
class Verifier:
    """Verifies each distinct (record, signature, allowed_signers) once: the audit meets them repeatedly."""

    namespace: str
    verify: Callable[[bytes, bytes, str, str], SignatureCheck] = verify_signature
    _seen: dict[tuple[bytes, bytes, str], SignatureCheck] = field(default_factory=dict)

    def check(self, record: bytes, signature: bytes, allowed_signers: str) -> SignatureCheck:
        key = (record, signature, allowed_signers)
        if key not in self._seen:
            self._seen[key] = self.verify(record, signature, allowed_signers, self.namespace)
        return self._seen[key]

    def for_commit(self) -> CommitVerifier:
        return CommitVerifier(self)

    def known(self, record: bytes, signature: bytes, allowed_signers: str) -> SignatureCheck | None:
        return self._seen.get((record, signature, allowed_signers))


NOT_CHECKED = SignatureCheck(
    False,
    None,
    Message(
        "not checked: {limit} signatures of this commit failed before it (the limit on failed signatures)",
        limit=MAX_FAILED_SIGNATURES,
    ),
)


@dataclass
class CommitVerifier:
    """`Verifier.check` for the records one commit adds: once MAX_FAILED_SIGNATURES of them failed, a
    further signature is checked only where no ssh-keygen is needed; the others are NOT_CHECKED, counted in
    `unchecked` (an adversary's commit of 100,000 bad signatures would take ssh-keygen minutes)."""

    verifier: Verifier
    failed: int = 0
    unchecked: int = 0

    def check(self, record: bytes, signature: bytes, allowed_signers: str) -> SignatureCheck:
        if self.failed < MAX_FAILED_SIGNATURES:
            check = self.verifier.check(record, signature, allowed_signers)
        else:
            found = self.verifier.known(record, signature, allowed_signers) or verify_in_process(
                record, signature, allowed_signers, self.verifier.namespace
            )
            if found is None:
                self.unchecked += 1
                return NOT_CHECKED
            check = found
        self.failed += not check.valid
        return check


def judge_record(
    path: str,
    content: bytes | BeyondLimit,
    signature: bytes | BeyondLimit | None,
    *,
    bodies: dict[str, Body],
    today: date,
    allowed_signers: str | None,
    verifier: Verifier | CommitVerifier | None,
    arriving: bool = False,
    repository: str | None = None,
    read: Callable[[str], bytes | BeyondLimit | None],
) -> Record:
    """Parse and validate one record; with a verifier, its signature must verify against allowed_signers.

    `arriving`: the record arrives now (not a baseline): none of its decisions may take effect before the
    resolution that made it. The site shows what was in force on each day, and a retroactive amendment
    would rewrite that record of the past; only the baseline at adoption records texts in force since
    earlier dates. Records already on the branch were judged so when they arrived.

    `repository`: the repository the judging rules name (governance.yml's `repository:`); a record that
    names another, or none, does not count. `read`: a file of the repository at the commit judged, for the
    意見書 a consultation names (`record_problems`); required, since a reader that finds nothing refuses
    every record with a consultation."""
    parsed = parse_record(path, content)
    resolution = parsed.resolution
    if resolution is None or isinstance(content, BeyondLimit):
        return parsed
    problems = record_problems(resolution, bodies=bodies, today=today, repository=repository, read=read)
    if arriving:
        problems += [
            Message(
                "the decision on {target} takes effect on {effective}, before the resolution of {date}; a "
                "decision cannot change what was in force in the past",
                target=decision.target,
                effective=decision.effective,
                date=resolution.date,
            )
            for decision in resolution.decisions
            if decision.effective is not None and decision.effective < resolution.date
        ]
    if verifier is not None:
        problems += signature_problems(path, resolution, content, signature, verifier, allowed_signers or "")
    return Record(path, resolution, tuple(problems))


def signature_problems(
    path: str,
    resolution: Resolution,
    content: bytes,
    signature: bytes | BeyondLimit | None,
    verifier: Verifier | CommitVerifier,
    allowed_signers: str,
) -> list[str]:
    """Why the record's signature does not make it count (`signature`: its .sig, or the size of one beyond
    the limit, unread)."""
    if signature is None:
        return [
            Message(
                "no signature: {path}.sig is missing (governance resolution sign {id})",
                path=path,
                id=resolution.id,
            )
        ]
    check = (
        verifier.check(content, signature, allowed_signers)
        if isinstance(signature, bytes)
        else beyond_limit(signature.size)
    )
    if check is None or check.valid:
        return []
    return [Message("signature not valid: {reason}", reason=check.reason)]


def parse_record(path: str, content: bytes | BeyondLimit) -> Record:
    """The record's resolution, or why it is none (its problems). `content`: its bytes, or the size of a
    record beyond the limit on YAML files, unread (`read_record`)."""
    if isinstance(content, BeyondLimit):
        return Record(
            path,
            None,
            (
                Message(
                    "the record is {size:,} bytes, larger than {limit} KiB (the limit on a YAML file); it was "
                    "not read: a record is never that long",
                    size=content.size,
                    limit=content.limit // 1024,
                ),
            ),
        )
    try:
        return Record(path, load_resolution(content.decode("utf-8"), path))
    except UnicodeDecodeError:
        return Record(path, None, (Message("the record is not UTF-8 text"),))
    except GovernanceError as exc:
        return Record(path, None, (Message("not a valid record: {error}", error=exc.render()),))


def record_problems(
    resolution: Resolution,
    *,
    bodies: dict[str, Body],
    today: date,
    repository: str | None,
    read: Callable[[str], bytes | BeyondLimit | None],
) -> list[str]:
    """Why a valid record does not count by the rules that judge it: its body's procedure, the 意見書 its
    consultations name (`read`: a file of the repository where the record is judged), the repository it
    names. The one rule for a record arriving (`judge_record`) and for the records already on the branch
    (`governance.gate.ledger`), so the check, the audit and the hook refuse a record for the same reason."""
    problems = procedural_problems(resolution, bodies, today) + opinion_problems(resolution, read)
    bound = binding_problem(resolution, repository)
    return problems if bound is None else [*problems, bound]


def read_record(objects: git.Objects, name: str) -> bytes | BeyondLimit:
    """A record arriving (a blob a diff brings): its size is read first, from git's object header, so a
    record an adversary made huge is refused unread."""
    return objects.blob_within(name, MAX_YAML_BYTES) or b""


def files_at(objects: git.Objects, commit: str) -> Callable[[str], bytes | BeyondLimit | None]:
    """The reader of the repository's files at `commit` that `record_problems` is given: an 意見書 beyond
    its limit is refused by its size in git's object header, unread."""
    return lambda path: objects.blob_within(f"{commit}:{path}", MAX_OPINION_BYTES)


def matches(decision: Decision, change: Change) -> bool:
    return (
        decision.target == change.target
        and decision.action == change.action
        and decision.digest == change.digest
    )


def cover(
    changes: Iterable[Change],
    records: list[Record],
    *,
    consumed: Callable[[Record, Decision], bool] = lambda record, decision: False,
    nobody: str = Message("no resolution here decides on it"),
) -> list[Verdict]:
    """A verdict per change; `consumed` says whether a decision was already used (records on base)."""
    # Each change looks only at the decisions on its target, in the records' order: a baseline of 5,000
    # decisions against 5,000 enactments is then linear, not 25 million comparisons.
    by_target: dict[str, list[tuple[Record, Resolution, Decision]]] = {}
    for record in records:
        if record.resolution is not None:
            for decision in record.resolution.decisions:
                by_target.setdefault(decision.target, []).append((record, record.resolution, decision))
    verdicts: list[Verdict] = []
    for change in changes:
        if change.refusal is not None:
            verdicts.append(Verdict(change, reasons=(change.refusal,)))
            continue
        verdicts.append(_cover_one(change, by_target.get(change.target, []), consumed, nobody))
    return verdicts


def _cover_one(
    change: Change,
    candidates: list[tuple[Record, Resolution, Decision]],
    consumed: Callable[[Record, Decision], bool],
    nobody: str,
) -> Verdict:
    reasons: list[str] = []
    for record, resolution, decision in candidates:
        reason = _mismatch(record, resolution, decision, change)
        if consumed(record, decision):
            if reason is None:
                reasons.append(
                    Message(
                        "{id} was already used: the regulation reached that text after it was recorded",
                        id=resolution.id,
                    )
                )
            continue  # a used decision explains nothing else: it is history
        if reason is None:
            return Verdict(change, record, decision)
        reasons.append(reason)
    return Verdict(change, reasons=tuple(reasons) or (nobody,))


def _mismatch(record: Record, resolution: Resolution, decision: Decision, change: Change) -> str | None:
    if not record.counts:
        return Message("{id} does not count: {problems}", id=resolution.id, problems=Joined(record.problems))
    if resolution.body != change.body:
        return Message(
            "{id} is a resolution of the {body}; this change needs the {needed}",
            id=resolution.id,
            body=BodyName(resolution.body),
            needed=BodyName(change.body),
        )
    if decision.action != change.action:
        return Message(
            "{id} decides to {decided} {target}, but this change is to {action} it",
            id=resolution.id,
            decided=decision.action,
            target=change.target,
            action=change.action,
        )
    if decision.digest != change.digest:
        return Message(
            "{id} approved the text {approved}, but the text here is {digest}: the text was changed after "
            "approval",
            id=resolution.id,
            approved=decision.digest,
            digest=change.digest,
        )
    return None


def dangling(records: Iterable[Record], changes: list[Change]) -> list[str]:
    """Decisions that match no change: a resolution travels with the change it approves, so an approval
    can never wait on main for a text nobody has reviewed yet."""
    made = {(change.target, change.action, change.digest) for change in changes}
    problems: list[str] = []
    for record in records:
        if record.resolution is None:
            continue
        for decision in record.resolution.decisions:
            if (decision.target, decision.action, decision.digest) not in made:
                problems.append(
                    Message(
                        "{path}: the decision to {action} {target} ({digest}) matches no change here; record "
                        "a resolution in the pull request of the change it approves",
                        path=record.path,
                        action=decision.action,
                        target=decision.target,
                        digest=decision.digest,
                    )
                )
    return problems


def suggestion(change: Change) -> str:
    """The decision entry the secretary would record, exactly as it goes under `decisions:`."""
    key, value = ("regulation", change.regulation) if change.regulation is not None else ("file", change.file)
    return f"  - {key}: {value}\n    action: {change.action}\n    digest: {change.digest}\n"


def decisions_for(
    changes: Sequence[Change], body: str, effective: date | None
) -> tuple[list[Decision], list[str]]:
    """One decision per change that `body` must decide; and, for the others, why they were left out."""
    decisions: list[Decision] = []
    left_out: list[str] = []
    for change in changes:
        if change.refusal is not None:
            left_out.append(change.refusal)  # it names the path
        elif change.body != body:
            left_out.append(
                Message(
                    "{action} {target} needs a decision of {body}; record it in a separate resolution with "
                    "--body {id}",
                    action=change.action,
                    target=change.target,
                    body=BodyName(change.body),
                    id=change.body,
                )
            )
        else:
            target = {"regulation": change.regulation} if change.file is None else {"file": change.file}
            decisions.append(
                decision_of(
                    {**target, "action": change.action, "digest": change.digest, "effective": effective}
                )
            )
    return decisions, left_out


def effect(target: str, action: str, digest: str) -> tuple[str, str, str]:
    """What a change did to a target, as consumption compares it: a text reached, or a text removed."""
    return (target, "removed" if action == "rescind" else "reached", digest)


class Ledger(Protocol):
    """signatures: off: the records already on the branch, and whether a decision of one was used."""

    def records_for(self, changes: Sequence[Change]) -> list[Record]: ...

    def consumed(self, record: Record, decision: Decision) -> bool: ...


@immutable
class InForce:
    """The version a regulation is at on the base side, as far as time goes: when it took effect and the
    resolution that approved it."""

    effective: date
    recorded: date  # the date of that resolution
    resolution: str


def in_force_of(verdict: Verdict) -> InForce | None:
    """What a covered enactment or amendment puts in force."""
    if verdict.record is None or verdict.decision is None or verdict.record.resolution is None:
        return None
    resolution = verdict.record.resolution
    return InForce(verdict.decision.effective_date(resolution), resolution.date, resolution.id)


def forward_in_time(verdicts: list[Verdict], in_force: Callable[[Change], InForce | None]) -> list[Verdict]:
    """Time only moves forward: an amendment or rescission may neither take effect before the version it
    changes took effect, nor be dated before the resolution that approved that version. Otherwise the
    site would show it in force in the past, and the old text as current."""
    judged: list[Verdict] = []
    for verdict in verdicts:
        change = verdict.change
        now = in_force_of(verdict) if change.action in ("amend", "rescind") else None
        then = in_force(change) if now is not None and change.regulation is not None else None
        reason = None
        if (
            now is not None
            and then is not None
            and (now.effective < then.effective or now.recorded < then.recorded)
        ):
            # Said only when time went back: an audit amends a thousand texts that it never has to name.
            does = (
                Message("{id} amends {target}", id=now.resolution, target=change.target)
                if change.action == "amend"
                else Message("{id} rescinds {target}", id=now.resolution, target=change.target)
            )
            if now.effective < then.effective:
                reason = Message(
                    "{does} with effect from {effective}, before the version it changes took effect "
                    "({in_force}, by {by}); give it an effective date on or after {in_force}",
                    does=does,
                    effective=now.effective,
                    in_force=then.effective,
                    by=then.resolution,
                )
            elif now.recorded < then.recorded:
                reason = Message(
                    "{does} by a resolution dated {date}, before the resolution of the version it changes "
                    "({by} of {recorded}); a decision cannot change a text before that text was approved",
                    does=does,
                    date=now.recorded,
                    by=then.resolution,
                    recorded=then.recorded,
                )
        judged.append(verdict if reason is None else Verdict(change, reasons=(reason,)))
    return judged


@immutable
class Judgement:
    """What a diff's judging found: each change's verdict, the records' problems and the records it added."""

    verdicts: list[Verdict]
    violations: list[str]  # record problems, tampering, dangling decisions
    records: list[Record]  # the records the diff added, as judged


def judge_diff(
    objects: git.Objects,
    entries: Sorted,
    changes: list[Change],
    *,
    rules: Rules,
    head: str,
    today: date,
    recorded_before: Callable[[str], bool],
    verifier: Verifier | None,
    ledger: Ledger | None,
    nobody: str,
    in_force: Callable[[Change], InForce | None] = lambda change: None,
    records_read: RecordEntries | None = None,
) -> Judgement:
    """Judge one diff by the `rules` of its base side. `head`: its new side (where a signature added with
    a record is read); `recorded_before`: whether a record path exists on the base side; `verifier`: the
    signature check when signatures are required (None: not verified again); `ledger`: the records on
    the branch, which are what counts when signatures are off; `nobody`: the reason when no record
    decides on a change; `in_force`: the version a changed regulation is at on the base side (time);
    `records_read`: `record_entries` of this very diff, head and config, when the caller has it already."""
    changes = with_known_bodies(changes, rules)
    judged, violations = _added_records(
        objects, entries, changes, rules, head, today, recorded_before, verifier, records_read=records_read
    )
    violations += rules_left_by(objects, entries.governed, head, rules.config)
    violations += local_action_problems(
        objects,
        head,
        _config_left(objects, entries, head, rules.config),
        entries=entries,
        base=rules.commit,
        runs_judged=rules.config.judge_run_steps,
    )
    if rules.config.signatures == "required":
        verdicts = cover(changes, judged, nobody=nobody)
    else:
        assert ledger is not None, "signatures: off judges by the records on the branch"
        verdicts = cover(changes, ledger.records_for(changes), consumed=ledger.consumed, nobody=nobody)
    return Judgement(forward_in_time(verdicts, in_force), violations, judged)


def judge_adoption(
    objects: git.Objects,
    entries: Sorted,
    changes: list[Change],
    *,
    rules: Rules,
    head: str,
    today: date,
    verifier: Verifier | None,
) -> Judgement:
    """The adoption commit, by its own rules: every text present (`changes`, each an enactment) must be
    enacted by a baseline record added in this very commit, of the body it needs or of the default body
    (which adopts the whole corpus as it stands). Baselines record texts in force since earlier dates."""
    config = rules.config
    changes = with_known_bodies(changes, rules)
    judged, violations = _added_records(
        objects, entries, changes, rules, head, today, lambda path: False, verifier, arriving=False
    )
    violations += [
        Message("{file}: {problem}", file=CONFIG_FILE, problem=problem)
        for problem in undefined_bodies(config, rules.bodies)
    ]
    violations += local_action_problems(objects, head, config)
    verdicts = cover(
        changes, judged, nobody=Message("no baseline record added at the adoption decides on it")
    )
    # A text the body it names did not adopt may have been adopted by the default body, with the rest.
    retry = [i for i, v in enumerate(verdicts) if not v.covered and v.change.refusal is None]
    as_default = [dataclasses.replace(verdicts[i].change, body=config.default_body) for i in retry]
    for i, fallback in zip(retry, cover(as_default, judged), strict=True):
        if fallback.covered:
            verdicts[i] = dataclasses.replace(fallback, change=verdicts[i].change)
    return Judgement(verdicts, violations, judged)


def _config_left(objects: git.Objects, entries: Sorted, head: str, base: Config) -> Config:
    """The config at `head`, which says what is governed there (a diff that changes governed_paths needs a
    decision itself); the base's when the diff leaves it alone, or leaves one that cannot be read (that is
    a finding of its own: `rules_left_by`)."""
    if not touches_rules(entries.governed, base):
        return base
    try:
        return config_at(objects, head)
    except GovernanceError:
        return base


def _added_records(
    objects: git.Objects,
    entries: Sorted,
    changes: list[Change],
    rules: Rules,
    head: str,
    today: date,
    recorded_before: Callable[[str], bool],
    verifier: Verifier | None,
    *,
    arriving: bool = True,
    records_read: RecordEntries | None = None,
) -> tuple[list[Record], list[str]]:
    """The records a diff adds, judged, and the violations of its records: changed, misplaced, twinned,
    not counting, litter (a file that is none of them), or (signatures required) deciding on what the diff
    does not change."""
    config = rules.config
    added, violations = records_read or record_entries(objects, entries.records, head, config)
    violations = [*violations, *record_copies(entries.records, config, recorded_before)]
    required = config.signatures == "required"
    checks = verifier.for_commit() if verifier is not None and required else None
    judged = [
        judge_record(
            path,
            content,
            signature,
            bodies=rules.bodies,
            today=today,
            allowed_signers=rules.allowed_signers,
            verifier=checks,
            arriving=arriving,
            repository=config.repository,
            read=files_at(objects, head),
        )
        for path, content, signature in added
    ]
    if checks is None or not checks.unchecked:
        violations += refused(judged)
    else:  # the records named are those checked; the others are counted, not listed one by one
        unchecked = Message("signature not valid: {reason}", reason=NOT_CHECKED.reason)
        violations += refused(record for record in judged if unchecked not in record.problems)
        violations.append(
            Message(
                "{count:,} more records' signatures were not checked: {limit} signatures of this commit "
                "failed already (the limit on failed signatures a commit may have checked); sign the records "
                "again (governance resolution sign)",
                count=checks.unchecked,
                limit=MAX_FAILED_SIGNATURES,
            )
        )
    opinions = {c.opinion for r in judged if r.resolution is not None for c in r.resolution.consultations}
    added_paths = [entry.path for entry in entries.records if entry.status == "A"]
    violations += stray_files(added_paths, config.records, opinions)
    if required:
        violations += dangling(judged, changes)
    return judged, violations


def refused(records: Iterable[Record]) -> list[str]:
    return [
        Message("{path}: {problems}", path=record.path, problems=Joined(record.problems))
        for record in records
        if not record.counts
    ]


RecordEntries = tuple[list[tuple[str, bytes | BeyondLimit, bytes | BeyondLimit | None]], list[str]]


def record_entries(
    objects: git.Objects, entries: list[git.DiffEntry], head: str, config: Config
) -> RecordEntries:
    """Records added in a diff as (path, content, signature at `head`; each the size of a file beyond its
    limit, unread), and violations: an existing record or signature modified or deleted (records are
    immutable: a correction is a new resolution)."""
    added: list[tuple[str, bytes | BeyondLimit, bytes | BeyondLimit | None]] = []
    violations: list[str] = []
    records = config.records.rstrip("/")
    # A signature added by the same diff is the blob the diff names (so a prefetch has it already).
    added_blobs = {e.path: e.new_blob for e in entries if e.status == "A" and e.new_mode == REGULAR}
    for entry in entries:
        is_record = is_record_path(entry.path, records)
        is_signature = entry.path.endswith(".yml.sig") and is_record_path(entry.path[: -len(".sig")], records)
        if not (is_record or is_signature):
            continue
        if entry.status != "A":
            what = {"D": Message("deleted"), "M": Message("modified")}.get(
                entry.status, Message("changed in type")
            )
            violations.append(
                Message(
                    "{path}: an existing record or signature was {what}; records are immutable, restore it "
                    "and record a new resolution instead",
                    path=entry.path,
                    what=what,
                )
            )
        elif is_record and entry.new_mode != REGULAR:
            violations.append(
                Message(
                    "{path}: a record must be a plain file, not mode {mode}",
                    path=entry.path,
                    mode=entry.new_mode,
                )
            )
        elif is_record:
            content = read_record(objects, entry.new_blob)
            signature_blob = added_blobs.get(f"{entry.path}.sig", f"{head}:{entry.path}.sig")
            added.append((entry.path, content, objects.blob_within(signature_blob, MAX_SIGNATURE_BYTES)))
    return added, violations


def record_copies(entries: list[git.DiffEntry], config: Config, exists: Callable[[str], bool]) -> list[str]:
    """Violations of "one id, one place": a record added in a year folder other than its id's, or where
    its other place (flat <-> year folder) holds a record, before (`exists`, on the base) or in the same
    diff. Path checks only: each id has exactly two places, so no listing of the records is needed."""
    records = config.records.rstrip("/")
    added = {e.path for e in entries if e.status == "A" and is_record_path(e.path, records)}
    violations: list[str] = []
    for path in sorted(added):
        misplaced, twin = misplaced_or_twin(path, records)
        if misplaced is not None:
            violations.append(Message("{path}: {problem}", path=path, problem=misplaced))
        elif twin is not None and (twin in added or exists(twin)):
            violations.append(
                Message(
                    "{path}: {twin} records the same resolution; a resolution is recorded once (a copy "
                    "elsewhere would let its decisions count twice); remove this file",
                    path=path,
                    twin=twin,
                )
            )
    return violations

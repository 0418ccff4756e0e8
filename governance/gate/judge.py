"""Whether recorded resolutions cover changes: the rules shared by the check and the audit.

A change is covered by a counting record of the required body with a decision on the same regulation
(or file), the same action, and the digest of exactly that text. A record counts when it is valid
(schema, file name, the body's rules) and, when signatures are required, its signature verifies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from governance.errors import GovernanceError
from governance.gate.changes import Change
from governance.records.bodies import Body, procedural_problems
from governance.records.resolutions import Decision, Resolution, load_resolution
from governance.records.signatures import SignatureCheck, verify_signature


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Verdict:
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


def judge_record(
    path: str,
    content: bytes,
    signature: bytes | None,
    *,
    bodies: dict[str, Body],
    today: date,
    allowed_signers: str | None,
    verifier: Verifier | None,
    arriving: bool = False,
) -> Record:
    """Parse and validate one record; with a verifier, its signature must verify against allowed_signers.

    `arriving`: the record arrives now (not a baseline): none of its decisions may take effect before the
    resolution that made it. The site shows what was in force on each day, and a retroactive amendment
    would rewrite that record of the past; only the baseline at adoption records texts in force since
    earlier dates. Records already on the branch were judged so when they arrived."""
    try:
        resolution = load_resolution(content.decode("utf-8"), path)
    except UnicodeDecodeError:
        return Record(path, None, ("the record is not UTF-8 text",))
    except GovernanceError as exc:
        return Record(path, None, (f"not a valid record: {exc.render()}",))
    problems = procedural_problems(resolution, bodies, today)
    if arriving:
        problems += [
            f"the decision on {decision.target} takes effect on {decision.effective}, before the resolution "
            f"of {resolution.date}; a decision cannot change what was in force in the past"
            for decision in resolution.decisions
            if decision.effective is not None and decision.effective < resolution.date
        ]
    if verifier is not None:
        if signature is None:
            problems.append(
                f"no signature: {path}.sig is missing (governance resolution sign {resolution.id})"
            )
        else:
            check = verifier.check(content, signature, allowed_signers or "")
            if not check.valid:
                problems.append(f"signature not valid: {check.reason}")
    return Record(path, resolution, tuple(problems))


def matches(decision: Decision, change: Change) -> bool:
    return (
        decision.target == change.target
        and decision.action == change.kind
        and decision.digest == change.digest
    )


def cover(
    changes: Iterable[Change],
    records: list[Record],
    *,
    consumed: Callable[[Record, Decision], bool] = lambda record, decision: False,
    nobody: str = "no resolution here decides on it",
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
                    f"{resolution.id} was already used: the regulation reached that text after it was recorded"
                )
            continue  # a used decision explains nothing else: it is history
        if reason is None:
            return Verdict(change, record, decision)
        reasons.append(reason)
    return Verdict(change, reasons=tuple(reasons) or (nobody,))


def _mismatch(record: Record, resolution: Resolution, decision: Decision, change: Change) -> str | None:
    if not record.counts:
        return f"{resolution.id} does not count: {'; '.join(record.problems)}"
    if resolution.body != change.body:
        return (
            f"{resolution.id} is a resolution of the {resolution.body}; this change needs the {change.body}"
        )
    if decision.action != change.kind:
        return f"{resolution.id} decides to {decision.action} {change.target}, but this change is to {change.kind} it"
    if decision.digest != change.digest:
        return (
            f"{resolution.id} approved the text {decision.digest}, but the text here is {change.digest}: "
            "the text was changed after approval"
        )
    return None


def dangling(records: Iterable[Record], changes: list[Change]) -> list[str]:
    """Decisions that match no change: a resolution travels with the change it approves, so an approval
    can never wait on main for a text nobody has reviewed yet."""
    made = {(change.target, change.kind, change.digest) for change in changes}
    problems: list[str] = []
    for record in records:
        if record.resolution is None:
            continue
        for decision in record.resolution.decisions:
            if (decision.target, decision.action, decision.digest) not in made:
                problems.append(
                    f"{record.path}: the decision to {decision.action} {decision.target} ({decision.digest}) "
                    "matches no change here; record a resolution in the pull request of the change it approves"
                )
    return problems


def suggestion(change: Change) -> str:
    """The decision entry the secretary would record, exactly as it goes under `decisions:`."""
    key, value = ("regulation", change.regulation) if change.regulation is not None else ("file", change.file)
    return f"  - {key}: {value}\n    action: {change.kind}\n    digest: {change.digest}\n"


def effect(target: str, action: str, digest: str) -> tuple[str, str, str]:
    """What a change did to a target, as consumption compares it: a text reached, or a text removed."""
    return (target, "removed" if action == "rescind" else "reached", digest)

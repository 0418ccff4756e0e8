"""signatures: off: which records on the branch count, and which of their decisions were already used.

Without signatures a record counts once it is on the branch (merged before the change it approves), and
each decision until a first-parent commit after the record's arrival brought the regulation to the text
it approved (or removed it): the record's arrival commit counts too. A record on the branch counts only
when it stands as it arrived:

- in its place (the folder of the year in its id, or the records folder), with no twin in its other
  place: a copy would let its decisions count twice, so neither counts;
- unchanged since it arrived (records are immutable: a changed record approves nothing);
- arrived once the branch was governed (a record older than the adoption was never judged);
- names the repository the rules named when it arrived (governance.yml's `repository:`), if they named one.

The gate refuses each of these when it arrives; a branch that holds one anyway (a push around the gate)
must not make it count. Two ledgers apply the same rules: `BaseLedger` reads them from a pull request's
merge base (a few git questions per decision that matters), `WalkLedger` keeps them as the audit walks
the history.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from governance import git
from governance.config import CONFIG_FILE, Config
from governance.gate.changes import REGULAR, Change
from governance.gate.judge import (
    Record,
    Verdict,
    Verifier,
    effect,
    files_at,
    parse_record,
    read_record,
    record_problems,
    signature_problems,
)
from governance.gate.rules import Rules, rules_at
from governance.i18n import Message
from governance.limits import MAX_SIGNATURE_BYTES, BeyondLimit
from governance.records.resolutions import Decision, Resolution, is_record_path, misplaced_or_twin
from governance.text.digests import digest_bytes

MODIFIED = Message("the record was changed after it arrived; records are immutable, so it approves nothing")
UNGOVERNED = Message("the record arrived before the branch was governed; record the resolution again")


def standing_problems(path: str, records: str, present: Callable[[str], bool]) -> list[str]:
    """Why a record on the branch cannot count where it stands: its place, or a twin in its other place
    (`present`: whether a record path is on the branch)."""
    misplaced, twin = misplaced_or_twin(path, records.rstrip("/"))
    if misplaced is not None:
        return [misplaced]
    if twin is not None and present(twin):
        return [Message("{twin} records the same resolution; neither counts", twin=twin)]
    return []


def _with(record: Record, problems: Iterable[str]) -> Record:
    problems = tuple(problems)
    return record if not problems else Record(record.path, record.resolution, (*record.problems, *problems))


def _targets(changes: Sequence[Change]) -> set[str]:
    return {change.target for change in changes}


def _decides_on(record: Record, targets: set[str]) -> bool:
    return record.resolution is not None and any(d.target in targets for d in record.resolution.decisions)


class _Known:
    """What is known of the records' arrivals along one first-parent line, true at every base on it: a
    record that arrived at a commit of the line arrived there for every later base too (`git.arrival` is
    the earliest first-parent commit that added the path). Shared by the standings of one walk, so a walk
    asks git for a record's arrival, the rules that judged it and its signature once, not per commit."""

    def __init__(self, verifier: Callable[[str], Verifier] | None) -> None:
        self.arrivals: dict[str, str] = {}  # record path -> the commit that brought it
        self.rules: dict[str, tuple[Rules | None, Rules | None]] = {}  # arrival -> (its own, judging)
        self.arrived_blobs: dict[tuple[str, str], str | None] = {}  # (path, arrival) -> blob it brought
        self.signatures: dict[tuple[str, str, str], list[str]] = {}  # (path, arrival, id) -> problems
        self._verifiers: dict[str, Verifier] = {}
        self._verifier = verifier

    def verifier(self, namespace: str) -> Verifier:
        """One verifier per namespace for the whole line (its cache is what saves a verification)."""
        if self._verifier is not None:
            return self._verifier(namespace)
        return self._verifiers.setdefault(namespace, Verifier(namespace))


class Standing:
    """Whether a record at `base` counts there as a record on the branch: the one rule of which records
    count, for the check's ledger (signatures: off) and for the version in force a record sets
    (`governance.gate.in_force`), so a record pushed around the gate sets nothing either way.

    `verifier`: the verifier of a namespace, when the caller keeps one (the audit's knows the signatures
    it verified ahead); else one per namespace is kept here. A walk moves one standing from commit to
    commit with `at`."""

    def __init__(
        self,
        root: Path,
        objects: git.Objects,
        base: str,
        rules: Rules,
        today: date,
        *,
        verifier: Callable[[str], Verifier] | None = None,
    ) -> None:
        self._root, self._objects, self._base, self._rules, self._today = root, objects, base, rules, today
        self._known = _Known(verifier)
        self._not_arrived: set[str] = set()  # at this base only: a later base may have brought them

    def at(self, base: str, rules: Rules) -> Standing:
        """This standing at `base`, a later commit on the first-parent line of this one's base (a walk's
        next parent), judged by `rules`: what is known of each arrival is kept."""
        moved = copy.copy(self)
        moved._base, moved._rules, moved._not_arrived = base, rules, set()
        return moved

    def problems(
        self, path: str, blob: str, resolution: Resolution, present: Callable[[str], bool] | None = None
    ) -> list[str]:
        """Why the record at `path` (blob `blob` at base) does not count; `present`: whether a record path
        is at base (its twin), when the caller has them listed (else git is asked)."""
        present = present or self._present
        problems = standing_problems(path, self._rules.config.records, present)
        problems += self._history_problems(path, blob)
        return problems + self._record_problems(path, resolution)

    def _present(self, path: str) -> bool:
        """Whether `path` is at base (a record's other place: from the arrivals index where it knows)."""
        self._objects.look_up(self._base, [path], listing=False)
        return self._objects.header(f"{self._base}:{path}") is not None

    def _history_problems(self, path: str, blob: str) -> list[str]:
        arrived = self.arrival(path)
        if arrived is None:
            return [UNGOVERNED]  # not on the first-parent line: it came with a merged branch's history
        if self._arrived_blob(path, arrived) != blob:
            return [MODIFIED]
        if self._rules_of(arrived)[0] is None:
            return [UNGOVERNED]
        return []

    def _arrived_blob(self, path: str, arrived: str) -> str | None:
        key = (path, arrived)
        if key not in self._known.arrived_blobs:
            found = self._objects.header(f"{arrived}:{path}")  # its id only: the record is not read
            self._known.arrived_blobs[key] = None if found is None else found[0]
        return self._known.arrived_blobs[key]

    def _record_problems(self, path: str, resolution: Resolution) -> list[str]:
        """The record as the audit judged it when it arrived (`WalkLedger.arrive`), by the rules that
        judged it then (`judged_by`): the bodies.yml in force at its arrival, the 意見書 it names as the
        arrival commit holds it, the repository those rules named. A later bodies.yml (a higher majority,
        fewer members) neither voids a decision the body took by the rules of its day nor revives a record
        refused by them; and the check asks what the audit of the same history answers."""
        arrived = self.arrival(path)
        judging = None if arrived is None else self.judged_by(arrived)
        if arrived is None or judging is None:
            return []  # UNGOVERNED already: it counts for nothing
        return record_problems(
            resolution,
            bodies=judging.bodies,
            today=self._today,
            repository=judging.config.repository,
            read=files_at(self._objects, arrived),
        )

    def judged_by(self, arrived: str) -> Rules | None:
        """The rules that judged the records a commit brought: its first parent's, or for the adoption
        commit (whose parent is not governed: its baseline) its own; None when neither is governed."""
        return self._rules_of(arrived)[1]

    def _rules_of(self, arrived: str) -> tuple[Rules | None, Rules | None]:
        """The rules at `arrived`, and those that judged what it brought; read once per arrival."""
        if arrived not in self._known.rules:
            own = rules_at(self._objects, arrived, incomplete_is_none=True)
            judging = rules_at(self._objects, f"{arrived}^", incomplete_is_none=True) or own
            self._known.rules[arrived] = (own, judging)
        return self._known.rules[arrived]

    @property
    def signed(self) -> bool:
        """Whether the rules at base require signatures."""
        return self._rules.config.signatures == "required"

    def signature_problems(self, path: str, resolution: Resolution) -> list[str]:
        """Why the record's signature did not verify when it arrived, by the rules that judged it then
        (`judged_by`): with signatures required, a record pushed around the gate unsigned counts for
        nothing. Not a rule of the ledger: signatures: off counts the records on the branch unsigned."""
        arrived = self.arrival(path)
        if arrived is None:
            return [UNGOVERNED]
        key = (path, arrived, resolution.id)
        if key not in self._known.signatures:
            self._known.signatures[key] = self._signature_problems(path, arrived, resolution)
        return self._known.signatures[key]

    def _signature_problems(self, path: str, arrived: str, resolution: Resolution) -> list[str]:
        judging = self.judged_by(arrived)
        if judging is None or judging.config.signatures != "required":
            return []
        content = read_record(self._objects, f"{arrived}:{path}")
        if isinstance(content, BeyondLimit):
            return list(parse_record(path, content).problems)  # never verified: it was never read
        return signature_problems(
            path,
            resolution,
            content,
            self._objects.blob_within(f"{arrived}:{path}.sig", MAX_SIGNATURE_BYTES),
            self._known.verifier(judging.config.signature_namespace),
            judging.allowed_signers,
        )

    def arrival(self, path: str) -> str | None:
        """The first-parent commit of base that brought `path`; None when none did."""
        known = self._known.arrivals.get(path)
        if known is not None or path in self._not_arrived:
            return known
        found = git.arrival(self._root, self._base, path)
        if found is None:
            self._not_arrived.add(path)
        else:
            self._known.arrivals[path] = found
            self._ask_ahead(path, found)
        return found

    def _ask_ahead(self, path: str, arrived: str) -> None:
        """The files the standing of a record reads at its arrival and before it (the record, its
        signature and the rules), each looked up in one listing of the commit: in a flat records folder
        of 20,000 files, each look-up on its own has git read a tree of 1.3 MB (issue 14)."""
        config = self._rules.config  # where the rules keep their files today: any other path is asked of git
        rules = [CONFIG_FILE, config.bodies_file, config.allowed_signers_file]
        self._objects.look_up(arrived, [path, f"{path}.sig", *rules])
        self._objects.look_up(f"{arrived}^", rules)


class BaseLedger:
    """The records on a pull request's merge base, as they stand there."""

    def __init__(
        self,
        root: Path,
        objects: git.Objects,
        base: str,
        rules: Rules,
        today: date,
        *,
        standing: Standing | None = None,
    ) -> None:
        """`standing`: the caller's, at `base` with `rules`, when it asks it too (the check's version in
        force), so each record's arrival is asked of git once."""
        self._root, self._objects, self._base, self._rules = root, objects, base, rules
        self._standing = standing or Standing(root, objects, base, rules, today)

    def records_for(self, changes: Sequence[Change]) -> list[Record]:
        records = self._rules.config.records.rstrip("/")
        listed = [
            entry
            for entry in git.list_tree(self._root, self._base, records)
            if is_record_path(entry.path, records) and entry.mode == REGULAR
        ]
        paths = {entry.path for entry in listed}
        targets = _targets(changes)
        found: list[Record] = []
        for entry in listed:
            record = parse_record(entry.path, read_record(self._objects, entry.blob))
            if record.resolution is None or not _decides_on(record, targets):
                continue
            problems = self._standing.problems(entry.path, entry.blob, record.resolution, paths.__contains__)
            found.append(_with(record, problems))
        return found

    def consumed(self, record: Record, decision: Decision) -> bool:
        arrived = self._standing.arrival(record.path)
        if arrived is None:
            return False
        path = _path_of(decision, self._rules.config)
        # The arrival commit counts too: a record that arrived with its text was used right there.
        for commit in [arrived, *git.path_commits(self._root, arrived, self._base, path)]:
            text = self._objects.blob(f"{commit}:{path}")
            if decision.action == "rescind" and text is None:
                return True
            if decision.action != "rescind" and text is not None and digest_bytes(text) == decision.digest:
                return True
        return False


def _path_of(decision: Decision, config: Config) -> str:
    if decision.regulation is not None:
        return config.regulation_path(decision.regulation)
    return str(decision.file)


@dataclass
class _Arrived:
    """A record as it arrived on the walk."""

    record: Record
    changed: bool  # not as the path first arrived


_Use = tuple[str, str, str, str]  # (record path, target, action, digest): one decision of one record


class WalkLedger:
    """The records on the branch as the audit walks it: `records_for` and `consumed` answer for the commit
    about to be judged; then `arrive` and `reach` take in what that commit did."""

    def __init__(self) -> None:
        self._arrived: list[_Arrived] = []  # in order of arrival
        self._standing: dict[str, int] = {}  # record path on the branch: its position in _arrived
        self._first_blob: dict[str, str] = {}  # what a path held when it first arrived
        self._by_target: dict[str, list[int]] = {}
        self._by_effect: dict[tuple[str, str, str], list[_Use]] = {}
        self._consumed: set[_Use] = set()
        self._records = ""

    def records_for(self, changes: Sequence[Change]) -> list[Record]:
        """The records on the branch that decide on a target of `changes`, in order of arrival: `cover`
        looks at no other decision."""
        targets = _targets(changes)
        positions = sorted({p for target in targets for p in self._by_target.get(target, ())})
        found: list[Record] = []
        for position in positions:
            arrived = self._arrived[position]
            if self._standing.get(arrived.record.path) != position:
                continue  # deleted (or replaced) since
            problems = standing_problems(arrived.record.path, self._records, self._standing.__contains__)
            found.append(_with(arrived.record, [*problems, *([MODIFIED] if arrived.changed else [])]))
        return found

    def consumed(self, record: Record, decision: Decision) -> bool:
        return (record.path, decision.target, decision.action, decision.digest) in self._consumed

    def arrive(
        self,
        entries: list[git.DiffEntry],
        rules: Rules,
        judged: list[Record],
        today: date,
        objects: git.Objects,
        commit: str,
    ) -> None:
        """Take in the changes to records of `commit`, as judged by its rules without their signatures (a
        record judged just now is not parsed again); the 意見書 a record names is read at `commit`."""
        records = rules.config.records.rstrip("/")
        read = files_at(objects, commit)
        self._records = records
        parsed = {record.path: record for record in judged}
        for entry in entries:
            if not is_record_path(entry.path, records):
                continue
            if entry.status == "D" or entry.new_mode != REGULAR:
                self._standing.pop(entry.path, None)  # gone, or no longer a plain file: counts no more
                continue
            if entry.status != "A" and entry.path not in self._first_blob:
                continue  # a record that arrived before the adoption, changed: it never counted
            record = parsed.get(entry.path) or parse_record(entry.path, read_record(objects, entry.new_blob))
            if record.resolution is not None:
                # As BaseLedger judges it: not as arriving (that was reported where it arrived), unsigned.
                problems = record_problems(
                    record.resolution,
                    bodies=rules.bodies,
                    today=today,
                    repository=rules.config.repository,
                    read=read,
                )
                record = Record(record.path, record.resolution, tuple(problems))
            self._add(record, entry.new_blob)

    def _add(self, record: Record, blob: str) -> None:
        first = self._first_blob.setdefault(record.path, blob)
        position = len(self._arrived)
        self._arrived.append(_Arrived(record, changed=first != blob))
        self._standing[record.path] = position
        for decision in record.resolution.decisions if record.resolution is not None else ():
            self._by_target.setdefault(decision.target, []).append(position)
            self._by_effect.setdefault(effect(decision.target, decision.action, decision.digest), []).append(
                (record.path, decision.target, decision.action, decision.digest)
            )

    def reach(self, verdicts: Iterable[Verdict]) -> None:
        """Consume the decisions whose text a commit reached (or removed)."""
        for reached in {effect(v.change.target, v.change.action, v.change.digest) for v in verdicts}:
            self._consumed.update(self._by_effect.get(reached, ()))

"""The audit: was every change on the branch's first-parent history approved when it arrived?

One `git log --first-parent --raw` gives every commit with its diff against its first parent (a merge
against the branch it was merged into, so an evil merge shows), and one `git cat-file --batch` reads
every blob. From the adoption commit (the first whose tree has bodies.yml) on, each commit is judged
as the check judges a pull request, with the rules of its first parent. The adoption commit itself is
trusted on first use: its baseline records are verified against its own allowed_signers.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from governance import changes as changes_module
from governance import coverage, git
from governance.check import Rules, record_entries, rules_at
from governance.config import CONFIG_FILE
from governance.errors import GovernanceError
from governance.resolutions import Decision, is_record_path
from governance.versions import Approval, Rescission, Version, Work


@dataclass(frozen=True)
class CommitVerdict:
    commit: str
    subject: str
    verdicts: list[coverage.Verdict]
    violations: list[str]

    @property
    def ok(self) -> bool:
        return all(v.covered for v in self.verdicts) and not self.violations


@dataclass(frozen=True)
class AuditReport:
    rev: str
    adoption: str
    walked: int  # first-parent commits from the adoption on
    commits: list[CommitVerdict]  # those that changed something governed (or touched records)
    works: list[Work] = field(default_factory=list)

    @property
    def bad_commits(self) -> list[CommitVerdict]:
        return [commit for commit in self.commits if not commit.ok]

    @property
    def ok(self) -> bool:
        return not self.bad_commits

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1


def run_audit(
    root: Path, rev: str = "HEAD", *, today: date, settled: frozenset[str] = frozenset()
) -> AuditReport:
    """Audit the first-parent history of `rev`. Commits in `settled` (already accepted, e.g. by the
    server's hook) are walked for their state but their signatures are not verified again: that is the
    slow part (two ssh-keygen runs per record) and the verdict on them is not wanted."""
    tip = git.resolve_commit(root, rev)
    history = git.first_parent_log(root, tip)
    with git.Objects(root) as objects:
        return _Walk(root, objects, today, settled).run(tip, history)


@dataclass
class _Arrived:
    record: coverage.Record
    commit_index: int


class _Walk:
    def __init__(self, root: Path, objects: git.Objects, today: date, settled: frozenset[str]) -> None:
        self.root, self.objects, self.today, self.settled = root, objects, today, settled
        self.verifiers: dict[str, coverage.Verifier] = {}
        self.paths: set[str] = set()  # regulation files present at the commit being judged
        self.paths_folder = ""
        self.registry: list[_Arrived] = []  # every record on the branch, for signatures: off
        self.consumed: set[tuple[str, str, str, str]] = set()  # (record path, target, action, digest)
        self.works: dict[str, _WorkState] = {}

    def run(self, tip: str, history: list[git.LogCommit]) -> AuditReport:
        start = self._adoption(history)
        if start is None:
            raise GovernanceError(
                f"no commit on the first-parent history of {tip[:12]} has bodies.yml: nothing is governed yet; "
                "run `governance init` and commit what it writes"
            )
        adoption = history[start]
        commits = [self._adopt(adoption)]
        rules = rules_at(self.objects, adoption.sha)
        assert rules is not None
        for index in range(start + 1, len(history)):
            commit = history[index]
            rules = rules_at(self.objects, commit.parents[0]) or rules
            verdict = self._judge(commit, rules, index)
            if verdict is not None:
                commits.append(verdict)
        works = [state.work() for _, state in sorted(self.works.items())]
        return AuditReport(tip, adoption.sha, len(history) - start, commits, works)

    def _adoption(self, history: list[git.LogCommit]) -> int | None:
        for index, commit in enumerate(history):
            touched = any(e.path == CONFIG_FILE or e.path.endswith("bodies.yml") for e in commit.entries)
            if (touched or not commit.parents) and rules_at(self.objects, commit.sha) is not None:
                return index
        return None

    def _verifier(self, rules: Rules) -> coverage.Verifier | None:
        if rules.config.signatures != "required":
            return None
        namespace = rules.config.signature_namespace
        return self.verifiers.setdefault(namespace, coverage.Verifier(namespace))

    def _adopt(self, commit: git.LogCommit) -> CommitVerdict:
        """Every text present must be enacted by a baseline record added in this very commit, of the
        body it needs or of the default body (which adopts the whole corpus as it stands)."""
        rules = rules_at(self.objects, commit.sha)
        assert rules is not None
        config = rules.config
        self._load_paths(commit.sha, rules)
        present = [
            git.DiffEntry("A", changes_module.ABSENT, entry.mode, git.NULL_SHA, entry.blob, entry.path)
            for entry in git.list_tree(self.root, commit.sha, config.regulations)
        ]
        changes = changes_module.changes_of(
            self.objects,
            changes_module.Sorted(present, [], []),
            config,
            base_paths=set(),
            head_paths=self.paths,
        )
        sorted_entries = changes_module.sort_entries(commit.entries, config)
        added, violations = record_entries(self.objects, sorted_entries.records, commit.sha, config)
        judged = self._judge_records(added, rules, self._verifier(rules))
        violations += [f"{r.path}: {'; '.join(r.problems)}" for r in judged if not r.counts]
        if config.signatures == "required":
            violations += coverage.dangling(judged, changes)
        verdicts = []
        for change in changes:
            verdict = coverage.cover(
                [change], judged, nobody=_nobody("no baseline record added at the adoption")
            )[0]
            if not verdict.covered and change.refusal is None:
                as_default = dataclasses.replace(change, body=config.default_body)
                fallback = coverage.cover([as_default], judged)[0]
                verdict = dataclasses.replace(fallback, change=change) if fallback.covered else verdict
            verdicts.append(verdict)
        self._register(commit, sorted_entries.records, rules, index=-1)
        self._after(commit, verdicts)
        return CommitVerdict(commit.sha, commit.subject, verdicts, violations)

    def _judge(self, commit: git.LogCommit, rules: Rules, index: int) -> CommitVerdict | None:
        config = rules.config
        if self.paths_folder != config.regulations:
            self._load_paths(commit.parents[0], rules)
        sorted_entries = changes_module.sort_entries(commit.entries, config)
        if not (sorted_entries.regulations or sorted_entries.governed or sorted_entries.records):
            return None
        head_paths = _apply(self.paths, sorted_entries.regulations)
        changes = changes_module.changes_of(
            self.objects, sorted_entries, config, base_paths=self.paths, head_paths=head_paths
        )
        added, violations = record_entries(self.objects, sorted_entries.records, commit.sha, config)
        if config.signatures == "required":
            verifier = None if commit.sha in self.settled else self._verifier(rules)
            judged = self._judge_records(added, rules, verifier)
            violations += [f"{r.path}: {'; '.join(r.problems)}" for r in judged if not r.counts]
            violations += coverage.dangling(judged, changes)
            verdicts = coverage.cover(changes, judged, nobody=_nobody("no resolution added in this commit"))
        else:
            earlier = [arrived.record for arrived in self.registry if arrived.commit_index < index]
            verdicts = coverage.cover(
                changes,
                earlier,
                consumed=self._was_consumed,
                nobody=_nobody("no resolution recorded before it"),
            )
            judged = self._judge_records(added, rules, None)
            violations += [f"{r.path}: {'; '.join(r.problems)}" for r in judged if not r.counts]
        self._register(commit, sorted_entries.records, rules, index)
        self._after(commit, verdicts)
        self.paths = head_paths
        return CommitVerdict(commit.sha, commit.subject, verdicts, violations)

    def _judge_records(
        self, added: list[tuple[str, bytes, bytes | None]], rules: Rules, verifier: coverage.Verifier | None
    ) -> list[coverage.Record]:
        return [
            coverage.judge_record(
                path,
                content,
                signature,
                bodies=rules.bodies,
                today=self.today,
                allowed_signers=rules.allowed_signers,
                verifier=verifier,
            )
            for path, content, signature in added
        ]

    def _register(
        self, commit: git.LogCommit, entries: list[git.DiffEntry], rules: Rules, index: int
    ) -> None:
        """Remember the records that arrived, for signatures: off (where records count once merged)."""
        records = rules.config.records.rstrip("/")
        for entry in entries:
            if entry.status == "A" and is_record_path(entry.path, records):
                content = self.objects.blob(entry.new_blob) or b""
                judged = coverage.judge_record(
                    entry.path,
                    content,
                    None,
                    bodies=rules.bodies,
                    today=self.today,
                    allowed_signers=None,
                    verifier=None,
                )
                self.registry.append(_Arrived(judged, index))

    def _was_consumed(self, record: coverage.Record, decision: Decision) -> bool:
        return (record.path, decision.target, decision.action, decision.digest) in self.consumed

    def _after(self, commit: git.LogCommit, verdicts: list[coverage.Verdict]) -> None:
        """Consume the decisions whose text this commit reached, and record the approved versions."""
        effects = {coverage.effect(v.change.target, v.change.kind, v.change.digest) for v in verdicts}
        for arrived in self.registry:
            resolution = arrived.record.resolution
            for decision in resolution.decisions if resolution is not None else ():
                if coverage.effect(decision.target, decision.action, decision.digest) in effects:
                    self.consumed.add(
                        (arrived.record.path, decision.target, decision.action, decision.digest)
                    )
        for verdict in verdicts:
            if verdict.change.regulation is not None and verdict.covered:
                self.works.setdefault(verdict.change.path, _WorkState(verdict.change.regulation)).add(
                    verdict, commit.sha
                )

    def _load_paths(self, commit: str, rules: Rules) -> None:
        self.paths = changes_module.regulation_paths(self.root, commit, rules.config)
        self.paths_folder = rules.config.regulations


def _apply(paths: set[str], entries: list[git.DiffEntry]) -> set[str]:
    result = set(paths)
    for entry in entries:
        if entry.status == "D":
            result.discard(entry.path)
        else:
            result.add(entry.path)
    return result


def _nobody(where: str) -> str:
    return f"{where} decides on it"


@dataclass
class _WorkState:
    ident: str
    path: str = ""
    versions: list[Version] = field(default_factory=list)
    rescission: Rescission | None = None

    def add(self, verdict: coverage.Verdict, commit: str) -> None:
        change, record, decision = verdict.change, verdict.record, verdict.decision
        assert record is not None and record.resolution is not None and decision is not None
        resolution = record.resolution
        approval = Approval(
            resolution.id, resolution.body, resolution.date, decision.effective_date(resolution)
        )
        self.path = change.path
        if change.kind == "rescind":
            self.rescission = Rescission(self.ident, approval, commit)
            return
        text = (change.content or b"").decode("utf-8")
        action: Literal["enact", "amend"] = "enact" if change.kind == "enact" else "amend"
        self.versions.append(Version(self.ident, change.path, text, change.digest, action, approval, commit))
        self.rescission = None  # enacted again after a rescission

    def work(self) -> Work:
        return Work(self.ident, self.path, list(self.versions), self.rescission)

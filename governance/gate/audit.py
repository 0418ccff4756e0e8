"""The audit: was every change on the branch's first-parent history approved when it arrived?

One `git log --first-parent --raw` gives every commit with its diff against its first parent (a merge
against the branch it was merged into, so an evil merge shows), and one `git cat-file --batch` reads
every blob. From the adoption commit (the first whose tree has bodies.yml and, when signatures
are required, allowed_signers) on, each commit is judged
as the check judges a pull request, with the rules of its first parent. The adoption commit itself is
trusted on first use: its baseline records are verified against its own allowed_signers.

The walk goes a window of commits at a time: the blobs they need are read in one stream, and their
signatures verified (in-process for the plain Ed25519 case, else a few ssh-keygen runs at once) before
any of them is judged; with `since`, commits already audited are walked for their state only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import posixpath
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from governance import git
from governance.config import CONFIG_FILE, Config
from governance.errors import GovernanceError
from governance.gate import changes as changes_module
from governance.gate import judge as coverage
from governance.gate.changes import Change
from governance.gate.check import Rules, record_copies, record_entries, rules_at
from governance.gate.works import Approval, Rescission, Version, Work
from governance.records.bodies import procedural_problems
from governance.records.resolutions import Decision, is_record_path
from governance.records.signatures import SignatureCheck, verify_signature, verify_signatures


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
    works: list[Work] = field(
        default_factory=list
    )  # empty with `since` (settled commits are not judged) or works=False
    since: str | None = None  # the trusted commit: commits up to it were walked, not judged again
    problems: list[str] = field(default_factory=list)  # about the history as a whole (a rewritten adoption)

    @property
    def bad_commits(self) -> list[CommitVerdict]:
        return [commit for commit in self.commits if not commit.ok]

    @property
    def ok(self) -> bool:
        return not self.bad_commits and not self.problems

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1


def run_audit(
    root: Path,
    rev: str = "HEAD",
    *,
    today: date,
    since: str | None = None,
    adoption: str | None = None,
    works: bool = True,
) -> AuditReport:
    """As `audit`, and with `adoption` (the adoption commit as known from outside the repository), a
    problem unless the history still starts from it: whoever rewrites the branch from before the adoption,
    with keys of their own, makes a history that passes on its own terms but not this comparison."""
    report = audit(root, rev, today=today, since=since, works=works)
    if adoption is None:
        return report
    expected = git.resolve_commit(root, adoption)
    if report.adoption:
        if report.adoption == expected:
            return report
        detail = f"it is {report.adoption[:12]}"
    else:  # an incremental audit: the adoption lies at or before the trusted commit
        assert report.since is not None
        if git.is_ancestor(root, expected, report.since):
            return report
        detail = f"it is not an ancestor of {report.since[:12]}"
    problem = (
        f"the history was rewritten: the adoption commit should be {expected[:12]}, but {detail}; "
        "compare with the repository's known history before trusting this branch"
    )
    return dataclasses.replace(report, problems=[*report.problems, problem])


def audit(
    root: Path, rev: str = "HEAD", *, today: date, since: str | None = None, works: bool = True
) -> AuditReport:
    """Audit the first-parent history of `rev`.

    `since` names a commit already audited (a pull request's base, the old tip a push extends); it must
    be an ancestor of `rev`. The first-parent commits of `rev` that are also on its first-parent line
    (so each has the same parent and diff in both) are settled: walked only for the state later commits
    need, their signatures not verified, and not reported. Every other commit is judged in full, exactly
    as without `since`: its rules come from its parent in git, and no verdict on a settled commit is an
    input to it (signatures: off looks back at earlier records, so then settled commits are replayed).
    The works, which would need every verdict, are left empty.

    `works`: collect every approved version with its text (the site's input); a report needs none.
    """
    tip = git.resolve_commit(root, rev)
    trusted = None if since is None else _trusted(root, since, rev, tip)
    if trusted is not None:
        after = _audit_after(root, tip, trusted, today)
        if after is not None:
            return after
    if trusted is None:
        return _walk(root, tip, today, frozenset(), works, lambda: git.streamed_first_parent_log(root, tip))
    history = git.first_parent_log(root, tip)
    settled = _settled(root, history, trusted)
    report = _walk(root, tip, today, settled, works, lambda: contextlib.nullcontext(iter(history)))
    commits = [commit for commit in report.commits if commit.commit not in settled]
    return dataclasses.replace(report, commits=commits, works=[], since=trusted)


def _walk(
    root: Path,
    tip: str,
    today: date,
    settled: frozenset[str],
    works: bool,
    history: Callable[[], AbstractContextManager[Iterator[git.LogCommit]]],
) -> AuditReport:
    """One walk of `history`; a second one remembering every record if a rule of signatures: off turns
    out to look back at records the first walk did not keep (rare: a branch that switched modes)."""
    for remember in (False, True):
        with git.Objects(root) as objects, git.Fetcher(root) as fetcher, history() as commits:
            walk = _Walk(root, objects, today, settled, keep_works=works, remember=remember)
            try:
                return walk.run(tip, commits, fetcher)
            except _LooksBack:
                continue
    raise AssertionError("a walk that remembers every record never looks back further")


class _LooksBack(Exception):
    """A commit under signatures: off needs the records that arrived before it, which were not kept."""


def _audit_after(root: Path, tip: str, trusted: str, today: date) -> AuditReport | None:
    """Judge only the first-parent commits after `trusted`, reading nothing older: the cost of a push or a
    pull request, not of the history. Each is judged exactly as in the full walk (rules from its parent,
    regulation paths from the trusted tree and the diffs since). None when the full walk is needed:
    `trusted` is off `tip`'s first-parent line, is not adopted, or some rule from it on is
    signatures: off, which looks back at records older than `trusted`."""
    newer = git.first_parent_log_after(root, trusted, tip)
    if newer and newer[0].parents[:1] != (trusted,):
        return None
    with git.Objects(root) as objects:
        rules = rules_at(objects, trusted, incomplete_is_none=True)
        if rules is None:
            return None
        walk = _Walk(root, objects, today, frozenset(), keep_works=False)
        judged_by = []
        for commit in newer:
            judged_by.append(rules)
            rules = walk._rules(commit, rules)
        if any(commit_rules.config.signatures != "required" for commit_rules in judged_by):
            return None
        objects.prefetch(walk._blobs_of(newer, judged_by))
        walk._verify_ahead(newer, judged_by)
        commits = []
        for index, (commit, commit_rules) in enumerate(zip(newer, judged_by, strict=True)):
            verdict = walk._judge(commit, commit_rules, index)
            if verdict is not None:
                commits.append(verdict)
    return AuditReport(tip, "", len(newer), commits, works=[], since=trusted)


def _trusted(root: Path, since: str, rev: str, tip: str) -> str:
    trusted = git.resolve_commit(root, since)
    if not git.is_ancestor(root, trusted, tip):
        raise GovernanceError(
            f"--since {since} ({trusted[:12]}) is not an ancestor of {rev} ({tip[:12]}): give a commit "
            "of its history that was already audited (the pull request's base), or audit without --since"
        )
    return trusted


def _settled(root: Path, history: list[git.LogCommit], trusted: str) -> frozenset[str]:
    """The commits of `history` on the first-parent line of `trusted`: one process only when `trusted`
    is off that line (an ancestor through a merged branch)."""
    shas = [commit.sha for commit in history]
    if trusted in shas:
        return frozenset(shas[: shas.index(trusted) + 1])
    return frozenset(shas) & frozenset(git.first_parent_chain(root, trusted))


@dataclass
class _Arrived:
    record: coverage.Record
    commit_index: int


class _Walk:
    def __init__(
        self,
        root: Path,
        objects: git.Objects,
        today: date,
        settled: frozenset[str],
        *,
        keep_works: bool,
        remember: bool = False,
    ) -> None:
        # keep_works: every approved version's text, for the site; an audit that only reports needs none
        # (at 100,000 commits the texts are a gigabyte).
        self.keep_works = keep_works
        # Whether records are remembered as they arrive: only signatures: off looks back at them, and
        # 100,000 parsed records are memory no walk in required mode needs (run raises _LooksBack).
        self.remember = remember
        self.root, self.objects, self.today, self.settled = root, objects, today, settled
        self.verifiers: dict[str, coverage.Verifier] = {}
        self.paths: frozenset[str] = frozenset()  # regulation files at the commit being judged
        self.paths_folder = ""
        # Record paths present at the commit being judged, for "one id, one place" (record_copies): kept
        # from the adoption on in a full walk; None (ask git per path) in a walk of a few new commits.
        self.record_paths: set[str] | None = None
        self.records_folder = ""
        self.verified: dict[tuple[bytes, bytes, str, str], SignatureCheck] = {}
        self.registry: list[_Arrived] = []  # every record on the branch, for signatures: off
        self.by_target: dict[str, list[int]] = {}  # decision target: positions in the registry
        self.by_effect: dict[tuple[str, str, str], list[tuple[str, str, str, str]]] = {}
        self.consumed: set[tuple[str, str, str, str]] = set()  # (record path, target, action, digest)
        self.works: dict[str, _WorkState] = {}

    def run(self, tip: str, history: Iterable[git.LogCommit], fetcher: git.Fetcher) -> AuditReport:
        """Judge the commits from the adoption on, a window at a time, as `history` yields them; the
        blobs of each window are read by `fetcher` while the window before it is judged."""
        commits_in = iter(history)
        position = 0
        for adoption in commits_in:
            if self._is_adoption(adoption):
                break
            position += 1
        else:
            raise GovernanceError(
                f"no commit on the first-parent history of {tip[:12]} has bodies.yml and, with signatures required, "
                "allowed_signers: nothing is governed yet; "
                "run `governance init` and commit what it writes"
            )
        start = position
        # A commit is judged by the rules after its first parent; the adoption by its own.
        rules = self._rules(adoption, None)
        self._may_look_back(adoption, rules)
        window = [(start, adoption, rules)]
        commits: list[CommitVerdict] = []
        fetching: list[tuple[int, git.LogCommit, Rules]] | None = None
        for commit in commits_in:
            position += 1
            judged_by, rules = rules, self._rules(commit, rules)
            self._may_look_back(commit, judged_by)
            window.append((position, commit, judged_by))
            if len(window) == _WINDOW:
                fetching = self._next_window(fetching, window, fetcher, start, commits)
                window = []
        fetching = self._next_window(fetching, window, fetcher, start, commits)
        self._next_window(fetching, [], fetcher, start, commits)
        works = [state.work() for _, state in sorted(self.works.items())]
        return AuditReport(tip, adoption.sha, position - start + 1, commits, works)

    def _may_look_back(self, commit: git.LogCommit, rules: Rules) -> None:
        # Only signatures: off looks back (at the records on the branch and what consumed them); when no
        # judged commit is in that mode, a settled commit is walked for its paths only.
        if rules.config.signatures != "required" and commit.sha not in self.settled and not self.remember:
            raise _LooksBack

    def _next_window(
        self,
        fetching: list[tuple[int, git.LogCommit, Rules]] | None,
        window: list[tuple[int, git.LogCommit, Rules]],
        fetcher: git.Fetcher,
        start: int,
        out: list[CommitVerdict],
    ) -> list[tuple[int, git.LogCommit, Rules]] | None:
        """Judge the window whose blobs are being fetched, once they are in, after starting the fetch of
        `window`'s; returns the window now being fetched."""
        fetched = fetcher.take() if fetching is not None else {}
        if window:
            fetcher.start(self._blobs_of([c for _, c, _ in window], [r for _, _, r in window]))
        if fetching is not None:
            self.objects.keep(fetched)
            self._walk_window(fetching, start, out)
        return window or None

    def _walk_window(
        self, window: list[tuple[int, git.LogCommit, Rules]], start: int, out: list[CommitVerdict]
    ) -> None:
        self._verify_ahead([commit for _, commit, _ in window], [rules for _, _, rules in window])
        for index, commit, rules in window:
            if commit.sha in self.settled and not self.remember:
                self._follow(commit, rules, adoption=index == start)
                continue
            verdict = self._adopt(commit, rules) if index == start else self._judge(commit, rules, index)
            if verdict is not None:
                out.append(verdict)
        self.objects.forget()

    def _follow(self, commit: git.LogCommit, rules: Rules, *, adoption: bool) -> None:
        """Keep the regulation and record paths as `_adopt` and `_judge` would, without judging."""
        if adoption:
            self._load_paths(commit.sha, rules)
            self._load_record_paths(commit.sha, rules)
            return
        if self.paths_folder != rules.config.regulations:
            self._load_paths(commit.parents[0], rules)
        sorted_entries = changes_module.sort_entries(commit.entries, rules.config)
        self.paths = _apply(self.paths, sorted_entries.regulations)
        self._keep_record_paths(sorted_entries.records, rules)

    def _load_record_paths(self, commit: str, rules: Rules) -> None:
        records = rules.config.records
        self.record_paths = {entry.path for entry in git.list_tree(self.root, commit, records)}
        self.records_folder = records

    def _keep_record_paths(self, entries: list[git.DiffEntry], rules: Rules) -> None:
        if self.record_paths is not None and self.records_folder == rules.config.records:
            _apply_in_place(self.record_paths, entries)  # up to 200,000 paths: never copied
        else:
            self.record_paths = None  # the records moved: ask git from here on

    def _recorded_at(self, parent: str) -> Callable[[str], bool]:
        """Whether a path exists at `parent` (a judged commit's first parent)."""
        known = self.record_paths
        if known is not None:
            return known.__contains__
        return lambda path: self.objects.read(f"{parent}:{path}") is not None

    def _rules(self, commit: git.LogCommit, previous: Rules | None) -> Rules:
        if previous is not None and commit.parents and not _touches_rules(commit, previous.config):
            return dataclasses.replace(previous, commit=commit.sha)  # the same files, so the same rules
        rules = rules_at(self.objects, commit.sha) or previous
        assert rules is not None  # the adoption commit has rules, and later ones keep the last known
        return rules

    def _blobs_of(self, commits: list[git.LogCommit], rules: list[Rules]) -> list[str]:
        """Every blob the judging of these commits will ask for: which blobs a commit brings does not
        depend on any verdict, so they are read ahead in one stream."""
        blobs: list[str] = []
        for commit, commit_rules in zip(commits, rules, strict=True):
            if commit.sha not in self.settled or self.remember:
                kinds = changes_module.sort_entries(commit.entries, commit_rules.config)
                for entry in kinds.regulations + kinds.governed + kinds.records:
                    blobs += [blob for blob in (entry.old_blob, entry.new_blob) if blob != git.NULL_SHA]
        return blobs

    def _verify_ahead(self, commits: list[git.LogCommit], rules: list[Rules]) -> None:
        """Verify every signature these commits will ask about, several at a time: which records a
        commit adds, and against which allowed_signers, does not depend on any verdict."""
        requests: list[tuple[bytes, bytes, str, str]] = []
        for commit, commit_rules in zip(commits, rules, strict=True):
            config = commit_rules.config
            if commit.sha in self.settled or config.signatures != "required":
                continue
            entries = changes_module.sort_entries(commit.entries, config).records
            added, _ = record_entries(self.objects, entries, commit.sha, config)
            requests += [
                (content, signature, commit_rules.allowed_signers, config.signature_namespace)
                for _, content, signature in added
                if signature is not None
            ]
        unique = list(dict.fromkeys(requests))
        self.verified.update(zip(unique, verify_signatures(unique), strict=True))

    def _verify(
        self, record: bytes, signature: bytes, allowed_signers: str, namespace: str
    ) -> SignatureCheck:
        known = self.verified.get((record, signature, allowed_signers, namespace))
        return known if known is not None else verify_signature(record, signature, allowed_signers, namespace)

    def _is_adoption(self, commit: git.LogCommit) -> bool:
        touched = any(
            e.path == CONFIG_FILE or e.path.endswith(("bodies.yml", "allowed_signers"))
            for e in commit.entries
        )
        # Adoption is complete once the rules and, when signatures are required, the keys are there:
        # a bodies.yml committed before `governance init` does not make an unverifiable adoption.
        return (touched or not commit.parents) and rules_at(
            self.objects, commit.sha, incomplete_is_none=True
        ) is not None

    def _verifier(self, rules: Rules) -> coverage.Verifier | None:
        if rules.config.signatures != "required":
            return None
        namespace = rules.config.signature_namespace
        return self.verifiers.setdefault(namespace, coverage.Verifier(namespace, self._verify))

    def _adopt(self, commit: git.LogCommit, rules: Rules) -> CommitVerdict:
        """Every text present must be enacted by a baseline record added in this very commit, of the
        body it needs or of the default body (which adopts the whole corpus as it stands)."""
        config = rules.config
        self._load_paths(commit.sha, rules)
        present = [
            git.DiffEntry("A", changes_module.ABSENT, entry.mode, git.NULL_SHA, entry.blob, entry.path)
            for entry in git.list_tree(self.root, commit.sha, config.regulations)
        ]
        self.objects.prefetch(entry.new_blob for entry in present)
        changes = changes_module.changes_of(
            self.objects,
            changes_module.Sorted(present, [], []),
            config,
            base_paths=set(),
            head_paths=self.paths,
        )
        sorted_entries = changes_module.sort_entries(commit.entries, config)
        added, violations = record_entries(self.objects, sorted_entries.records, commit.sha, config)
        violations += record_copies(sorted_entries.records, config, lambda path: False)
        self._load_record_paths(commit.sha, rules)
        verifier = None if commit.sha in self.settled else self._verifier(rules)
        judged = self._judge_records(added, rules, verifier, arriving=False)  # the baseline
        violations += [f"{r.path}: {'; '.join(r.problems)}" for r in judged if not r.counts]
        if config.signatures == "required":
            violations += coverage.dangling(judged, changes)
        verdicts = coverage.cover(changes, judged, nobody=_nobody("no baseline record added at the adoption"))
        # A text the body it names did not adopt may have been adopted by the default body, with the rest.
        retry = [i for i, v in enumerate(verdicts) if not v.covered and v.change.refusal is None]
        as_default = [dataclasses.replace(verdicts[i].change, body=config.default_body) for i in retry]
        for i, fallback in zip(retry, coverage.cover(as_default, judged), strict=True):
            if fallback.covered:
                verdicts[i] = dataclasses.replace(fallback, change=verdicts[i].change)
        self._register(commit, sorted_entries.records, rules, judged, index=-1)
        self._after(commit, verdicts)
        return CommitVerdict(commit.sha, commit.subject, _without_texts(verdicts), violations)

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
        violations += record_copies(sorted_entries.records, config, self._recorded_at(commit.parents[0]))
        self._keep_record_paths(sorted_entries.records, rules)
        if config.signatures == "required":
            verifier = None if commit.sha in self.settled else self._verifier(rules)
            judged = self._judge_records(added, rules, verifier)
            violations += [f"{r.path}: {'; '.join(r.problems)}" for r in judged if not r.counts]
            violations += coverage.dangling(judged, changes)
            verdicts = coverage.cover(changes, judged, nobody=_nobody("no resolution added in this commit"))
        else:
            verdicts = coverage.cover(
                changes,
                self._earlier(changes, index),
                consumed=self._was_consumed,
                nobody=_nobody("no resolution recorded before it"),
            )
            judged = self._judge_records(added, rules, None)
            violations += [f"{r.path}: {'; '.join(r.problems)}" for r in judged if not r.counts]
        self._register(commit, sorted_entries.records, rules, judged, index)
        self._after(commit, verdicts)
        self.paths = head_paths
        return CommitVerdict(commit.sha, commit.subject, _without_texts(verdicts), violations)

    def _judge_records(
        self,
        added: list[tuple[str, bytes, bytes | None]],
        rules: Rules,
        verifier: coverage.Verifier | None,
        *,
        arriving: bool = True,
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
                arriving=arriving,
            )
            for path, content, signature in added
        ]

    def _register(
        self,
        commit: git.LogCommit,
        entries: list[git.DiffEntry],
        rules: Rules,
        judged: list[coverage.Record],
        index: int,
    ) -> None:
        """Remember the records that arrived, for signatures: off (where records count once merged), as
        judged without their signature. A record judged just now is not parsed again."""
        if not self.remember:
            return
        records = rules.config.records.rstrip("/")
        parsed = {record.path: record for record in judged}
        for entry in entries:
            if not (entry.status == "A" and is_record_path(entry.path, records)):
                continue
            record = parsed.get(entry.path)
            if record is not None and record.resolution is not None:
                problems = procedural_problems(record.resolution, rules.bodies, self.today)
                record = coverage.Record(record.path, record.resolution, tuple(problems))
            elif record is None:  # not a plain file: refused as a violation, still remembered
                record = coverage.judge_record(
                    entry.path,
                    self.objects.blob(entry.new_blob) or b"",
                    None,
                    bodies=rules.bodies,
                    today=self.today,
                    allowed_signers=None,
                    verifier=None,
                )
            position = len(self.registry)
            self.registry.append(_Arrived(record, index))
            for decision in record.resolution.decisions if record.resolution is not None else ():
                self.by_target.setdefault(decision.target, []).append(position)
                self.by_effect.setdefault(
                    coverage.effect(decision.target, decision.action, decision.digest), []
                ).append((record.path, decision.target, decision.action, decision.digest))

    def _earlier(self, changes: list[Change], index: int) -> list[coverage.Record]:
        """The records that arrived before commit `index` and decide on a target of `changes`, in order
        of arrival: `cover` looks at no other decision."""
        positions = {position for change in changes for position in self.by_target.get(change.target, ())}
        return [
            self.registry[position].record
            for position in sorted(positions)
            if self.registry[position].commit_index < index
        ]

    def _was_consumed(self, record: coverage.Record, decision: Decision) -> bool:
        return (record.path, decision.target, decision.action, decision.digest) in self.consumed

    def _after(self, commit: git.LogCommit, verdicts: list[coverage.Verdict]) -> None:
        """Consume the decisions whose text this commit reached, and record the approved versions."""
        effects = {coverage.effect(v.change.target, v.change.kind, v.change.digest) for v in verdicts}
        for reached in effects:
            self.consumed.update(self.by_effect.get(reached, ()))
        for verdict in verdicts if self.keep_works else ():
            if verdict.change.regulation is not None and verdict.covered:
                self.works.setdefault(verdict.change.path, _WorkState(verdict.change.regulation)).add(
                    verdict, commit.sha
                )

    def _load_paths(self, commit: str, rules: Rules) -> None:
        self.paths = frozenset(changes_module.regulation_paths(self.root, commit, rules.config))
        self.paths_folder = rules.config.regulations


_WINDOW = 500  # commits whose blobs are read ahead at once: speed, with memory bounded at any length


def _touches_rules(commit: git.LogCommit, config: Config) -> bool:
    """Whether the commit may have changed a file the rules are read from. Its diff lists every path it
    changed; a path written other than as git lists it (`./x`, `a//b`) always counts as changed."""
    files = {CONFIG_FILE, config.bodies_file, config.allowed_signers_file}
    if any(path != posixpath.normpath(path) or path.startswith(("/", "../")) for path in files):
        return True
    return any(entry.path in files for entry in commit.entries)


def _apply(paths: frozenset[str], entries: list[git.DiffEntry]) -> frozenset[str]:
    """The paths after the diff; the same set when it adds and deletes none (an amendment), so a walk of
    100,000 commits does not copy 5,000 paths for each."""
    if all(entry.status == "M" for entry in entries):
        return paths
    result = set(paths)
    _apply_in_place(result, entries)
    return frozenset(result)


def _apply_in_place(paths: set[str], entries: list[git.DiffEntry]) -> None:
    for entry in entries:
        if entry.status == "D":
            paths.discard(entry.path)
        else:
            paths.add(entry.path)


def _without_texts(verdicts: list[coverage.Verdict]) -> list[coverage.Verdict]:
    """The verdicts as reported: the text of each change has been judged (and kept in the works when
    asked for); holding it for every commit until the report would cost memory in proportion to history."""
    return [dataclasses.replace(v, change=dataclasses.replace(v.change, content=None)) for v in verdicts]


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

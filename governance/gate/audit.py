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

The audit is a driver over the judge (`governance.gate.judge`), as the check is. Its parts, one job
each: `_Walk` (rules per commit, the windows), `_Pipeline` (the prefetch pipeline), `_Reading` (what a
window will read and the signatures it will verify), `_Paths` (regulation and record paths per commit),
`_Judging` (each commit through the judge), the records on the branch for signatures: off
(`governance.gate.ledger.WalkLedger`), and `_Works` (the approved versions, for the site).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from governance import git
from governance.collector import collection_paused
from governance.config import Config
from governance.errors import GovernanceError
from governance.gate import changes as changes_module
from governance.gate import judge
from governance.gate.executable_texts import AdoptedExecutable
from governance.gate.in_force import RecordsOnWalk, amended_digests, in_force_on
from governance.gate.ledger import Standing, WalkLedger
from governance.gate.local_actions import UnjudgedRuns, changed_local_actions
from governance.gate.rules import Rules, body_names, is_adoption, rules_after, rules_at
from governance.gate.texts_alongside import TextsAlongside
from governance.gate.works import Approval, Rescission, Version, Work
from governance.i18n import Message
from governance.limits import MAX_FAILED_SIGNATURES, MAX_TEXT_BYTES
from governance.records.signatures import SignatureCheck
from governance.records.verifying import Verifications


@dataclass(frozen=True)
class CommitVerdict:
    commit: str
    subject: str
    verdicts: list[judge.Verdict]
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
    body_names: dict[str, dict[str, str]] = field(default_factory=dict)  # the tip's bodies, for messages
    # Not findings: the files `run:` steps name that judged commits changed while judge_run_steps was off.
    notes: list[str] = field(default_factory=list)

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
        detail = Message("it is {commit}", commit=report.adoption[:12])
    else:  # an incremental audit: the adoption lies at or before the trusted commit
        assert report.since is not None
        if git.is_ancestor(root, expected, report.since):
            return report
        detail = Message("it is not an ancestor of {commit}", commit=report.since[:12])
    problem = Message(
        "the history was rewritten: the adoption commit should be {expected}, but {detail}; compare with "
        "the repository's known history before trusting this branch",
        expected=expected[:12],
        detail=detail,
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


def commits_after(root: Path, old: str, new: str) -> list[git.LogCommit] | None:
    """The first-parent commits of `new` after `old`, oldest first; None unless `new` extends the
    first-parent line of `old` (a fast-forward that keeps the branch's line: no force push, no merge
    whose first parent is another branch). Reads the new commits only, not the whole history."""
    if old == new:
        return []
    key = (str(root), old, new)
    if key not in _LAST_AFTER:
        _LAST_AFTER.clear()
        newer = git.first_parent_log_after(root, old, new)
        _LAST_AFTER[key] = newer if newer and newer[0].parents[:1] == (old,) else None
    return _LAST_AFTER[key]


# The last answer of `commits_after`: the hook asks it to refuse what is not a fast-forward, then the
# audit of the same push asks it again (git diffs the records folder for each commit: a flat folder of
# 20,000 records made it a tenth of a push). Commit ids name their content: the answer cannot change.
_LAST_AFTER: dict[tuple[str, str, str], list[git.LogCommit] | None] = {}


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
        # The children are forked first: before any thread, and holding no pipe to git. The texts' facts
        # are worked out beside the walk when the texts themselves are not kept (`texts_alongside`).
        with (
            _closing(None if works else TextsAlongside.fork(root)) as texts,
            contextlib.closing(Verifications(alongside=True)) as verifications,
            git.Objects(root) as objects,
            git.Fetcher(root) as fetcher,
            history() as commits,
        ):
            walk = _Walk(
                root, objects, verifications, today, settled, keep_works=works, remember=remember, texts=texts
            )
            try:
                return walk.run(tip, commits, fetcher)
            except _LooksBack:
                continue
    raise AssertionError("a walk that remembers every record never looks back further")


@contextlib.contextmanager
def _closing(texts: TextsAlongside | None) -> Iterator[TextsAlongside | None]:
    try:
        yield texts
    finally:
        if texts is not None:
            texts.close()


class _LooksBack(Exception):
    """A commit under signatures: off needs the records that arrived before it, which were not kept."""


def _audit_after(root: Path, tip: str, trusted: str, today: date) -> AuditReport | None:
    """Judge only the first-parent commits after `trusted`, reading nothing older: the cost of a push or a
    pull request, not of the history. Each is judged exactly as in the full walk (rules from its parent,
    regulation paths from the trusted tree and the diffs since). None when the full walk is needed:
    `trusted` is off `tip`'s first-parent line, is not adopted, or some rule from it on is
    signatures: off, which looks back at records older than `trusted`."""
    newer = commits_after(root, trusted, tip)
    if newer is None:
        return None
    with git.Objects(root) as objects:
        rules = rules_at(objects, trusted, incomplete_is_none=True)
        if rules is None:
            return None
        judged_by = []
        for commit in newer:
            judged_by.append(rules)
            rules = rules_after(objects, commit, rules)
        if any(commit_rules.config.signatures != "required" for commit_rules in judged_by):
            return None
        reading = _Reading(objects, Verifications(alongside=False), frozenset(), remember=False)
        objects.prefetch(reading.blobs_of(newer, judged_by))
        reading.verify_ahead(newer, judged_by)
        judging = _Judging(
            root,
            objects,
            today,
            frozenset(),
            reading.verify,
            _Paths(root, objects),
            None,
            None,
            reading.records_read,
        )
        judging.expect_versions_asked(trusted, newer, judged_by)
        commits = [
            verdict
            for commit, commit_rules in zip(newer, judged_by, strict=True)
            if (verdict := judging.judge_commit(commit, commit_rules)) is not None
        ]
    return AuditReport(
        tip,
        "",
        len(newer),
        commits,
        works=[],
        since=trusted,
        body_names=body_names(rules.bodies),
        notes=judging.unjudged.notes(),
    )


def _trusted(root: Path, since: str, rev: str, tip: str) -> str:
    trusted = git.resolve_commit(root, since)
    if not git.is_ancestor(root, trusted, tip):
        raise GovernanceError(
            Message(
                "--since {since} ({trusted}) is not an ancestor of {rev} ({tip}): give a commit of its history "
                "that was already audited (the pull request's base), or audit without --since",
                since=since,
                trusted=trusted[:12],
                rev=rev,
                tip=tip[:12],
            )
        )
    return trusted


def _settled(root: Path, history: list[git.LogCommit], trusted: str) -> frozenset[str]:
    """The commits of `history` on the first-parent line of `trusted`: one process only when `trusted`
    is off that line (an ancestor through a merged branch)."""
    shas = [commit.sha for commit in history]
    if trusted in shas:
        return frozenset(shas[: shas.index(trusted) + 1])
    return frozenset(shas) & frozenset(git.first_parent_chain(root, trusted))


_Window = list[tuple[int, git.LogCommit, Rules]]  # (position on the line, commit, rules it is judged by)
_WINDOW = 500  # commits whose blobs are read ahead at once: speed, with memory bounded at any length
# The first window is small and each next one twice as large, up to _WINDOW: judging starts while git is
# still writing the log (a window is judged once the next one is read), not after 1,000 commits of it.
_FIRST_WINDOW = 32
_COLLECT_AFTER = 8 * _WINDOW  # commits judged between two collections of the young objects (`_walk_window`)


class _Walk:
    """The walk from the adoption on: rules per commit, windows read ahead, each commit judged or followed."""

    def __init__(
        self,
        root: Path,
        objects: git.Objects,
        verifications: Verifications,
        today: date,
        settled: frozenset[str],
        *,
        keep_works: bool,
        remember: bool = False,
        texts: TextsAlongside | None = None,
    ) -> None:
        self._young = 0  # commits judged since the young objects were last collected
        # Whether records are remembered as they arrive: only signatures: off looks back at them, and
        # 100,000 parsed records are memory no walk in required mode needs (run raises _LooksBack).
        self.remember = remember
        self.root, self.objects, self.settled = root, objects, settled
        self.reading = _Reading(objects, verifications, settled, remember=remember, texts=texts)
        self.paths = _Paths(root, objects)
        # keep_works: every approved version's text, for the site; an audit that only reports needs none
        # (at 100,000 commits the texts are a gigabyte).
        self.works = _Works() if keep_works else None
        ledger = WalkLedger() if remember else None
        self.judging = _Judging(
            root,
            objects,
            today,
            settled,
            self.reading.verify,
            self.paths,
            ledger,
            self.works,
            self.reading.records_read,
            texts,
        )

    def run(self, tip: str, history: Iterable[git.LogCommit], fetcher: git.Fetcher) -> AuditReport:
        """Judge the commits from the adoption on, a window at a time, as `history` yields them; the
        blobs of each window are read by `fetcher` while the window before it is judged."""
        # Reading and judging allocate a few hundred objects a commit, nearly all freed by their counts, and
        # the report keeps a verdict per commit: the collections they set off walked every object kept, 7.6 s
        # of the audit process's 35 s of CPU at 5,000 x 100,000 grouped (9 full ones: 5 s), and 6 % at
        # 1,000 x 1,000 with the judging alone paused (issue 14).
        # A program that keeps the collector off (the command line, which ends after its report) frees
        # nothing at the end: the last collection walked every object the walk kept (issue 14).
        collecting = gc.isenabled()
        with collection_paused():
            try:
                report = self._run(tip, history, fetcher)
            finally:
                # A walk left early (`_LooksBack`) leaves no listing running: the next walk forks its child
                # only when no other thread runs.
                self.paths.drop_listing()
            if collecting:
                gc.collect(0)  # what the last windows made (`_walk_window`)
            return report

    def _run(self, tip: str, history: Iterable[git.LogCommit], fetcher: git.Fetcher) -> AuditReport:
        commits_in = iter(history)
        position = 0
        self.objects.expect_headers()  # the adoption asks a header first (`_carry_github`)
        shallow = git.shallow_boundary(self.root)
        for adoption in commits_in:
            if adoption.sha in shallow:
                # A cut history looks like one that starts here: judging it so reports false MISSING.
                raise GovernanceError(
                    Message(
                        "this clone is shallow: its history stops at {commit}, before the adoption of "
                        "governance can be seen, so it cannot be audited; fetch the full history (git fetch "
                        "--unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0)",
                        commit=adoption.sha[:12],
                    ),
                    path=self.root,
                )
            if is_adoption(self.objects, adoption):
                break
            position += 1
        else:
            raise GovernanceError(
                Message(
                    "no commit on the first-parent history of {tip} has bodies.yml and, with signatures "
                    "required, allowed_signers: nothing is governed yet; run `governance init` and commit "
                    "what it writes",
                    tip=tip[:12],
                )
            )
        start = position
        # A commit is judged by the rules after its first parent; the adoption by its own.
        rules = rules_after(self.objects, adoption, None)
        self._may_look_back(adoption, rules)
        self.paths.list_adoption(adoption.sha, rules, self.reading.expect_texts)
        pipeline = _Pipeline(self.objects, fetcher, self.reading)
        commits: list[CommitVerdict] = []
        # The adoption is a window of its own: its texts (every regulation) are read while the log's first
        # commits come, not after them.
        self._walk_window(pipeline, pipeline.then([(start, adoption, rules)]), start, commits)
        window: _Window = []
        size = min(_FIRST_WINDOW, _WINDOW)
        for commit in commits_in:
            position += 1
            judged_by, rules = rules, rules_after(self.objects, commit, rules)
            self._may_look_back(commit, judged_by)
            window.append((position, commit, judged_by))
            if len(window) == size:
                self.reading.texts_ahead(window)
                self._walk_window(pipeline, pipeline.then(window), start, commits)
                window, size = [], min(2 * size, _WINDOW)
        self.reading.texts_ahead(window)
        self._walk_window(pipeline, pipeline.then(window), start, commits)
        self._walk_window(pipeline, pipeline.then([]), start, commits)
        works = self.works.collected() if self.works is not None else []
        left = self.judging.executable.left()
        if left and commits and commits[0].commit == adoption.sha:
            commits[0] = dataclasses.replace(commits[0], violations=[*commits[0].violations, *left])
        return AuditReport(
            tip,
            adoption.sha,
            position - start + 1,
            commits,
            works,
            body_names=body_names(rules.bodies),
            notes=self.judging.unjudged.notes(),
        )

    def _may_look_back(self, commit: git.LogCommit, rules: Rules) -> None:
        # Only signatures: off looks back (at the records on the branch and what consumed them); when no
        # judged commit is in that mode, a settled commit is walked for its paths only.
        if rules.config.signatures != "required" and commit.sha not in self.settled and not self.remember:
            raise _LooksBack

    def _walk_window(
        self, pipeline: _Pipeline, window: _Window, start: int, out: list[CommitVerdict]
    ) -> None:
        if not window:
            return
        self._judge_window(pipeline, window, start, out)
        # The walk runs with the collector paused (`run`); a cycle the windows made is found among the young
        # objects alone, each object walked once: linear, where the collector's own full collections walked
        # every verdict kept so far. Every few thousand commits, not every window: the commits read ahead
        # are young too, and were walked again at each window (5 % of the process's CPU).
        self._young += len(window)
        if self._young >= _COLLECT_AFTER:
            self._young = 0
            gc.collect(0)

    def _judge_window(
        self, pipeline: _Pipeline, window: _Window, start: int, out: list[CommitVerdict]
    ) -> None:
        # The window's signatures went to the child while the window before it was judged (`then`); the
        # next window's go as soon as the fetcher has read its records, so the child is a window ahead.
        # The adoption, a window of its own, is judged at length (every text) with no commit after it to ask
        # between: the next window's records (a few dozen small blobs) are waited for before it.
        ahead = pipeline.verify_next(wait=True) if window[0][0] == start else False
        for index, commit, rules in window:
            if commit.sha in self.settled and not self.remember:
                self.paths.follow(commit, rules, adoption=index == start)
            else:
                verdict = (
                    self.judging.adopt(commit, rules)
                    if index == start
                    else self.judging.judge_commit(commit, rules)
                )
                if verdict is not None:
                    out.append(verdict)
            if not ahead:
                ahead = pipeline.verify_next()
        self.objects.forget()


# Each commit's entries sorted once: reading its blobs ahead, verifying its signatures ahead and judging it
# all ask, a window apart at most. Keyed by commit id (its diff against its first parent never changes) and
# the very Config object of its rules (held here, so no other object takes its identity); the oldest goes.
_SORTED: dict[str, tuple[object, changes_module.Sorted]] = {}


def _sorted_entries(commit: git.LogCommit, config: Config) -> changes_module.Sorted:
    known = _SORTED.get(commit.sha)
    if known is not None and known[0] is config:
        return known[1]
    result = changes_module.sort_entries(commit.entries, config)
    if len(_SORTED) > 2 * _WINDOW:
        del _SORTED[next(iter(_SORTED))]
    _SORTED[commit.sha] = (config, result)
    return result


class _Pipeline:
    """The prefetch pipeline: a window's blobs are read by the fetcher while the one before is judged, its
    records first, and their signatures go to the child as soon as they are read (`verify_next`)."""

    def __init__(self, objects: git.Objects, fetcher: git.Fetcher, reading: _Reading) -> None:
        self._objects, self._fetcher, self._reading = objects, fetcher, reading
        self._fetching: _Window = []
        self._verifying = False  # whether the signatures of the window being read were submitted
        self._texts = _LatestTexts()

    def then(self, window: _Window) -> _Window:
        """Start reading `window`'s blobs; returns the window read before it, whose blobs `objects` now
        serves from memory (until its `forget`) and whose signatures are being verified."""
        fetched = self._fetcher.take() if self._fetching else {}
        # The texts the window about to be judged may have skipped reading (its old sides), kept through it.
        held = self._texts.objects
        self._texts.take_in(self._fetching, fetched)
        ready, verifying = self._fetching, self._verifying
        if window:
            commits, rules = [c for _, c, _ in window], [r for _, _, r in window]
            self._fetcher.start(
                self._reading.blobs_of(commits, rules, held=self._texts.objects.keys()),
                first=self._reading.signed_blobs(commits, rules),
            )
        self._fetching, self._verifying = window, False
        if ready:
            self._objects.keep(held)
            self._objects.keep(fetched)
            if not verifying:
                self._reading.verify_ahead([c for _, c, _ in ready], [r for _, _, r in ready])
        return ready

    def verify_next(self, *, wait: bool = False) -> bool:
        """Submit the signatures of the window being read once the fetcher has read its records (`wait`:
        waiting for them); whether they are submitted (or there is none to submit). Asked between two
        commits of the window judged."""
        if self._verifying or not self._fetching:
            return True
        early = self._fetcher.early(wait=wait)
        if early is None:
            return False
        # Blobs by id: serving them to the window judged now changes nothing it reads; `forget` drops them
        # with that window's, and `then` keeps them again with the rest of this one's.
        self._objects.keep(early)
        window = self._fetching
        self._reading.verify_ahead([c for _, c, _ in window], [r for _, _, r in window])
        self._verifying = True
        return True


class _LatestTexts:
    """The text at each regulation path after the windows read so far, kept from one window to the next:
    an amendment's old side is the text an earlier commit brought, so it is not read from git again (the
    walk read every amended text twice). At most one text per path, none beyond MAX_TEXT_BYTES (lint
    refuses it; it is read again if asked), and nothing once they pass _HELD_BYTES together."""

    def __init__(self) -> None:
        self._blobs: dict[str, str] = {}  # path: blob id
        self._uses: dict[str, int] = {}  # blob id: how many paths hold it (two texts may be identical)
        self.objects: dict[str, tuple[str, str, bytes] | None] = {}  # blob id: what git answered
        self._bytes = 0  # of the texts in `objects`

    def take_in(self, window: _Window, fetched: dict[str, tuple[str, str, bytes] | None]) -> None:
        """Move past `window`, whose blobs are `fetched`: the work of its changes only, never of every text
        held (5,000 of them, 200 windows at 100,000 commits)."""
        if not window:
            return
        # A new dict, never the former one changed: the pipeline serves that one to the window it judges.
        objects = dict(self.objects)
        for _, commit, rules in window:
            for entry in _sorted_entries(commit, rules.config).regulations:
                before = self._blobs.pop(entry.path, None)
                if before is not None:
                    self._release(objects, before)
                found = fetched.get(entry.new_blob)
                if entry.status == "D" or found is None or len(found[2]) > MAX_TEXT_BYTES:
                    continue
                self._blobs[entry.path] = entry.new_blob
                uses = self._uses.get(entry.new_blob, 0)
                if not uses:
                    objects[entry.new_blob] = found
                    self._bytes += len(found[2])
                self._uses[entry.new_blob] = uses + 1
        self.objects = objects
        if self._bytes > _HELD_BYTES:
            self._blobs, self._uses, self.objects, self._bytes = {}, {}, {}, 0

    def _release(self, objects: dict[str, tuple[str, str, bytes] | None], blob: str) -> None:
        uses = self._uses.pop(blob) - 1
        if uses:
            self._uses[blob] = uses
            return
        found = objects.pop(blob)
        self._bytes -= len(found[2]) if found is not None else 0


_HELD_BYTES = 256 * 1024 * 1024


class _Reading:
    """What judging a window of commits will read, known before judging it: the blobs their diffs bring
    and the signatures of the records they add (neither depends on any verdict)."""

    def __init__(
        self,
        objects: git.Objects,
        verifications: Verifications,
        settled: frozenset[str],
        *,
        remember: bool,
        texts: TextsAlongside | None = None,
    ) -> None:
        self._objects, self._settled, self._remember = objects, settled, remember
        self._texts = texts
        self._verifications = verifications
        # What `verify_ahead` read of each commit's records, by the config it read them with: judging the
        # commit takes it rather than reading the records again (issue 14).
        self._records_read: dict[str, tuple[Config, judge.RecordEntries]] = {}

    def records_read(self, commit: git.LogCommit, config: Config) -> judge.RecordEntries | None:
        """`judge.record_entries` of `commit` with `config`, as `verify_ahead` read it; once."""
        known = self._records_read.pop(commit.sha, None)
        return known[1] if known is not None and known[0] is config else None

    def blobs_of(
        self, commits: list[git.LogCommit], rules: list[Rules], held: AbstractSet[str] = frozenset()
    ) -> list[str]:
        """Every blob the judging of these commits will ask for, to be read ahead in one stream, but those
        `held` in memory already."""
        blobs: list[str] = []
        # The texts' facts come from the child, which reads the texts itself (`texts_ahead`).
        texts = self._texts is None or not self._texts.alive
        for commit, commit_rules in zip(commits, rules, strict=True):
            if commit.sha not in self._settled or self._remember:
                kinds = _sorted_entries(commit, commit_rules.config)
                entries = kinds.regulations + kinds.governed if texts else kinds.governed
                for entry in entries + kinds.records:
                    blobs += [
                        blob
                        for blob in (entry.old_blob, entry.new_blob)
                        if blob != git.NULL_SHA and blob not in held
                    ]
        return blobs

    def texts_ahead(self, window: _Window) -> None:
        """Have the child work out the facts of the texts judging these commits reads (`changes_of`)."""
        if self._texts is not None:
            self._texts.submit(
                blob
                for _, commit, rules in window
                if commit.sha not in self._settled or self._remember
                for blob in changes_module.texts_read(_sorted_entries(commit, rules.config).regulations)
            )

    def expect_texts(self, regulations: list[git.TreeEntry], config: Config) -> None:
        """The adoption's texts as soon as they are listed (`_Paths.list_adoption`): the child starts on
        them while the walk reads the log's first commits; the adoption submits them when it judges."""
        if self._texts is not None:
            blobs = [
                entry.blob
                for entry in changes_module.selected_regulations(regulations, config)
                if entry.mode in (changes_module.REGULAR, changes_module.EXECUTABLE)  # judged as plain
            ]
            self._texts.expect(_adoption_split(blobs)[0])

    def signed_blobs(self, commits: list[git.LogCommit], rules: list[Rules]) -> list[str]:
        """The blobs `verify_ahead` of these commits reads: the records and signatures they add."""
        return [
            entry.new_blob
            for commit, commit_rules in zip(commits, rules, strict=True)
            if commit.sha not in self._settled and commit_rules.config.signatures == "required"
            for entry in _sorted_entries(commit, commit_rules.config).records
            if entry.status == "A" and entry.new_blob != git.NULL_SHA
        ]

    def verify_ahead(self, commits: list[git.LogCommit], rules: list[Rules]) -> None:
        """Start verifying every signature these commits will ask about (in a child process beside the
        judging, when the walk has one: `Verifications`)."""
        requests: list[tuple[bytes, bytes, str, str]] = []
        for commit, commit_rules in zip(commits, rules, strict=True):
            config = commit_rules.config
            if commit.sha in self._settled or config.signatures != "required":
                continue
            entries = _sorted_entries(commit, config).records
            if not entries:
                continue
            read = judge.record_entries(self._objects, entries, commit.sha, config)
            self._records_read[commit.sha] = (config, read)
            added = read[0]
            requests += [
                (content, signature, commit_rules.allowed_signers, config.signature_namespace)
                for _, content, signature in added
                if isinstance(content, bytes) and isinstance(signature, bytes)  # beyond a limit: unread
            ][
                :MAX_FAILED_SIGNATURES
            ]  # a commit's further ones when judged, where ssh-keygen runs are bounded
        self._verifications.submit(requests)

    def verify(self, record: bytes, signature: bytes, allowed_signers: str, namespace: str) -> SignatureCheck:
        return self._verifications.check((record, signature, allowed_signers, namespace))


def _adoption_split(blobs: list[str]) -> tuple[list[str], list[str]]:
    """The adoption's texts (every regulation's) the child works out, and those the main process reads
    itself meanwhile: it has nothing else to do before judging the adoption, which waited for the child."""
    own = blobs[len(blobs) - len(blobs) // _OWN_PART :]  # in the tree's order, as git reads them best
    mine = set(own)
    return [blob for blob in blobs if blob not in mine], own


_OWN_PART = 3  # a third: the child starts on its part while the walk reads the log's first commits


class _Paths:
    """The regulation and record paths at the commit being judged, kept up to date from the diffs."""

    def __init__(self, root: Path, objects: git.Objects) -> None:
        self._root, self._objects = root, objects
        self.regulations: frozenset[str] = frozenset()
        self._selection: tuple[str, str | None] = ("", None)
        # Record paths present, for "one id, one place" (record_copies): kept from the adoption on in a
        # full walk; None (ask git per path) in a walk of a few new commits.
        self._records: set[str] | None = None
        self._records_folder = ""
        self._listing: tuple[tuple[str, str, str], Callable[[], list[list[git.TreeEntry]]]] | None = None

    def list_adoption(
        self, commit: str, rules: Rules, listed: Callable[[list[git.TreeEntry], Config], None]
    ) -> None:
        """Start listing what `at_adoption` lists, in the background: the walk reads its first windows of
        the log and blobs meanwhile, where it waited 11 ms for git before judging anything (issue 14).
        `listed` is told the regulations' folder as soon as it is listed (from the listing's thread)."""
        folders = (commit, rules.config.regulations, rules.config.records)

        def listing() -> list[list[git.TreeEntry]]:
            found = git.list_trees(self._root, commit, folders[1:])
            listed(found[0], rules.config)
            return found

        self._listing = (folders, git.in_background(listing))

    def drop_listing(self) -> None:
        """Wait for a listing `list_adoption` started and nobody took (its answer, or error, unwanted)."""
        listing, self._listing = self._listing, None
        if listing is not None:
            with contextlib.suppress(Exception):
                listing[1]()

    def at_adoption(self, commit: str, rules: Rules) -> list[git.TreeEntry]:
        """Start from the adoption commit's trees; its regulations' files (the adoption judges each)."""
        config = rules.config
        # One git process for both folders: the adoption listed the regulations twice and then the
        # records, each a process the walk waited for before judging anything (issue 14).
        folders = (commit, config.regulations, config.records)
        listing, self._listing = self._listing, None
        if listing is not None and listing[0] == folders:
            regulations, records = listing[1]()
        else:
            regulations, records = git.list_trees(self._root, commit, folders[1:])
        entries = changes_module.selected_regulations(regulations, config)
        self.regulations = frozenset(entry.path for entry in entries)
        self._selection = config.regulations_selection
        self._records = {entry.path for entry in records}
        self._records_folder = config.records
        return entries

    def before(self, commit: git.LogCommit, rules: Rules) -> frozenset[str]:
        """The regulation paths at the first parent of `commit`."""
        if self._selection != rules.config.regulations_selection:
            self._load_regulations(commit.parents[0], rules)
        return self.regulations

    def recorded_before(self, commit: git.LogCommit) -> Callable[[str], bool]:
        """Whether a path exists at the first parent of `commit`."""
        known = self._records
        if known is not None:
            return known.__contains__
        parent = commit.parents[0]

        def exists(path: str) -> bool:
            self._objects.look_up(parent, [path], listing=False)  # a record's other place: from the index
            return self._objects.read(f"{parent}:{path}") is not None

        return exists

    def advance(self, entries: changes_module.Sorted, rules: Rules, regulations: frozenset[str]) -> None:
        """Move on past a commit: its regulation paths, and its changes to records."""
        self.regulations = regulations
        if self._records is not None and self._records_folder == rules.config.records:
            _apply_in_place(self._records, entries.records)  # up to 200,000 paths: never copied
        else:
            self._records = None  # the records moved: ask git from here on

    def follow(self, commit: git.LogCommit, rules: Rules, *, adoption: bool) -> None:
        """Keep the paths as judging would, without judging (a settled commit)."""
        if adoption:
            self.at_adoption(commit.sha, rules)
            return
        before = self.before(commit, rules)
        entries = _sorted_entries(commit, rules.config)
        self.advance(entries, rules, _apply(before, entries.regulations))

    def _load_regulations(self, commit: str, rules: Rules) -> None:
        self.regulations = frozenset(changes_module.regulation_paths(self._root, commit, rules.config))
        self._selection = rules.config.regulations_selection


class _Judging:
    """Each commit judged by the judge, with the walk's paths, the records on the branch (signatures:
    off) and the works collected."""

    def __init__(
        self,
        root: Path,
        objects: git.Objects,
        today: date,
        settled: frozenset[str],
        verify: Callable[[bytes, bytes, str, str], SignatureCheck],
        paths: _Paths,
        ledger: WalkLedger | None,
        works: _Works | None,
        records_read: Callable[[git.LogCommit, Config], judge.RecordEntries | None],
        texts: TextsAlongside | None = None,
    ) -> None:
        self._root, self._objects, self._today, self._settled = root, objects, today, settled
        # The texts' facts, worked out by the child, when no text is kept (`changes_of`).
        self._facts = texts.facts if texts is not None else None
        self._texts = texts
        self._verify = verify
        self._records_read = records_read
        self._verifiers: dict[str, judge.Verifier] = {}
        self._paths, self._ledger, self._works = paths, ledger, works
        self._in_force: dict[str, judge.InForce] = {}  # regulation id -> the version it is at (time)
        self._records_at_parent = RecordsOnWalk(root, objects)
        # One standing moved along the walk: each record's arrival and signature asked once, not per commit.
        self._standing: Standing | None = None
        self._github: tuple[str, tuple[str, str, int] | None] | None = None  # (commit, its .github's header)
        self.unjudged = UnjudgedRuns()
        self.executable = AdoptedExecutable()

    def adopt(self, commit: git.LogCommit, rules: Rules) -> CommitVerdict:
        config = rules.config
        self._carry_github(commit)
        present = [
            git.DiffEntry("A", changes_module.ABSENT, entry.mode, git.NULL_SHA, entry.blob, entry.path)
            for entry in self.executable.judged_plain(self._paths.at_adoption(commit.sha, rules))
        ]
        facts = self._facts
        if self._texts is not None and self._texts.alive:
            texts = self._texts
            childs, own = _adoption_split(list(changes_module.texts_read(present)))
            texts.submit(childs)
            self._objects.prefetch(own)
            mine = {
                blob: changes_module.text_facts(text) for blob in own if (text := self._objects.blob(blob))
            }
            facts = lambda blob: mine.get(blob) or texts.facts(blob)  # noqa: E731
        else:
            self._objects.prefetch(entry.new_blob for entry in present)
        changes = changes_module.changes_of(
            self._objects,
            changes_module.Sorted(present, [], []),
            config,
            base_paths=set(),
            head_paths=self._paths.regulations,
            contents=self._works is not None,
            facts=facts,
        )
        entries = _sorted_entries(commit, config)
        judgement = judge.judge_adoption(
            self._objects,
            entries,
            changes,
            rules=rules,
            head=commit.sha,
            today=self._today,
            verifier=self._verifier(commit, rules),
        )
        return self._after(commit, entries, rules, judgement)

    def judge_commit(self, commit: git.LogCommit, rules: Rules) -> CommitVerdict | None:
        config = rules.config
        self._carry_github(commit)
        self.executable.see(commit)
        base_paths = self._paths.before(commit, rules)
        entries = _sorted_entries(commit, config)
        if entries.others and not config.judge_run_steps and commit.sha not in self._settled:
            # A settled commit (before `since`) is replayed under signatures: off, not judged: its notes
            # were said when it was, and a pull request's audit must not say the whole history's again.
            self.unjudged.see(self._objects, commit, entries)
        if not (entries.regulations or entries.governed or entries.records):
            self._records_at_parent.advance(commit)
            # Nothing here needs a decision, unless it is code a workflow runs from an ungoverned folder.
            changed = changed_local_actions(self._objects, commit, config)
            return CommitVerdict(commit.sha, commit.subject, [], changed) if changed else None
        head_paths = _apply(base_paths, entries.regulations)
        changes = changes_module.changes_of(
            self._objects,
            entries,
            config,
            base_paths=base_paths,
            head_paths=head_paths,
            contents=self._works is not None,
            facts=self._facts,
        )
        required = config.signatures == "required"
        judgement = judge.judge_diff(
            self._objects,
            entries,
            changes,
            rules=rules,
            head=commit.sha,
            today=self._today,
            recorded_before=self._paths.recorded_before(commit),
            verifier=self._verifier(commit, rules),
            ledger=self._ledger,
            nobody=_NOBODY_SIGNED if required else _NOBODY_UNSIGNED,
            in_force=self._in_force_before(commit, entries, rules),
            records_read=self._records_read(commit, config),
        )
        self._paths.advance(entries, rules, head_paths)
        self._records_at_parent.advance(commit)
        return self._after(commit, entries, rules, judgement)

    def _carry_github(self, commit: git.LogCommit) -> None:
        """Answer `<commit>:.github` (what the judge reads the local actions from) by its parent's when the
        commit's diff leaves .github alone: git's diff of the two trees then has no path in it. Asked of git
        it was a round trip a commit, 6 % of an audit at 1,000 x 1,000 (issue 14)."""
        name = f"{commit.sha}:{_GITHUB}"
        before = self._github
        if before is not None and commit.parents[:1] == (before[0],) and not _touches_github(commit.entries):
            header = before[1]
        else:
            header = self._objects.header(name)
        self._objects.carry(name, header, instead_of=None if before is None else f"{before[0]}:{_GITHUB}")
        self._github = (commit.sha, header)

    def expect_versions_asked(self, start: str, commits: list[git.LogCommit], rules: list[Rules]) -> None:
        """Before judging `commits` (the first a child of `start`): the texts whose version in force they
        may ask about, so the records at `start` are searched once for all of them."""
        if not commits:
            return
        digests = [
            digest
            for commit, commit_rules in zip(commits, rules, strict=True)
            for digest in amended_digests(
                self._objects, _sorted_entries(commit, commit_rules.config), commit_rules.config
            ).values()
        ]
        self._records_at_parent.expect(start, rules[0].config, digests)

    def _in_force_before(
        self, commit: git.LogCommit, entries: changes_module.Sorted, rules: Rules
    ) -> Callable[[changes_module.Change], judge.InForce | None]:
        """The versions as the walk knows them; from the records at the parent for a regulation the walk
        has not judged (the commits before a trusted one are settled, not judged). That reader is made
        when first asked: a full walk knows nearly every version, and making it (the records at the parent,
        the standing moved there) for each of 100,000 commits was 4 % of the audit's CPU (issue 14)."""
        made: list[Callable[[changes_module.Change], judge.InForce | None]] = []

        def fallback() -> Callable[[changes_module.Change], judge.InForce | None]:
            records = self._records_at_parent.at_parent(commit, rules.config)
            if records is None:
                return lambda change: None
            standing = self._standing_at(commit.parents[0], rules)
            return in_force_on(self._objects, entries, rules.config, records, standing)

        def in_force(change: changes_module.Change) -> judge.InForce | None:
            known = self._in_force.get(change.target)
            if known is not None:
                return known
            if not made:
                made.append(fallback())
            return made[0](change)

        return in_force

    def _standing_at(self, parent: str, rules: Rules) -> Standing:
        if self._standing is None:
            self._standing = Standing(
                self._root, self._objects, parent, rules, self._today, verifier=self._verifier_of
            )
        else:
            self._standing = self._standing.at(parent, rules)
        return self._standing

    def _verifier(self, commit: git.LogCommit, rules: Rules) -> judge.Verifier | None:
        if rules.config.signatures != "required" or commit.sha in self._settled:
            return None
        return self._verifier_of(rules.config.signature_namespace)

    def _verifier_of(self, namespace: str) -> judge.Verifier:
        return self._verifiers.setdefault(namespace, judge.Verifier(namespace, self._verify))

    def _after(
        self, commit: git.LogCommit, entries: changes_module.Sorted, rules: Rules, judgement: judge.Judgement
    ) -> CommitVerdict:
        """Take in what the commit did: the records that arrived, the decisions it used, the versions."""
        if self._ledger is not None:
            self._ledger.arrive(
                entries.records, rules, judgement.records, self._today, self._objects, commit.sha
            )
            self._ledger.reach(judgement.verdicts)
        if self._works is not None:
            self._works.add(commit.sha, judgement.verdicts)
        for verdict in judgement.verdicts:
            if verdict.covered and verdict.change.regulation is not None:
                version = judge.in_force_of(verdict)
                if verdict.change.action == "rescind" or version is None:
                    self._in_force.pop(verdict.change.target, None)
                else:
                    self._in_force[verdict.change.target] = version
        # Without works the changes were made without their texts (`judge_commit`): kept as they are.
        verdicts = judgement.verdicts if self._works is None else _without_texts(judgement.verdicts)
        return CommitVerdict(commit.sha, commit.subject, verdicts, judgement.violations)


# Why no record covers a change, as the report says it (made once: the audit judges every commit).
_NOBODY_SIGNED = Message("no resolution added in this commit decides on it")
_NOBODY_UNSIGNED = Message("no resolution recorded before it decides on it")


class _Works:
    """Every approved version of every regulation, with its text: the site's input."""

    def __init__(self) -> None:
        self._states: dict[str, _WorkState] = {}

    def add(self, commit: str, verdicts: list[judge.Verdict]) -> None:
        for verdict in verdicts:
            if verdict.change.regulation is not None and verdict.covered:
                state = self._states.setdefault(verdict.change.path, _WorkState(verdict.change.regulation))
                state.add(verdict, commit)

    def collected(self) -> list[Work]:
        return [state.work() for _, state in sorted(self._states.items())]


_GITHUB = changes_module.GITHUB_FOLDER.rstrip("/")


def _touches_github(entries: Iterable[git.DiffEntry]) -> bool:
    """Whether a diff changes anything at or under .github (a file, the folder replaced by a file or a
    submodule): git lists every path whose entry differs between the two trees."""
    return any(
        entry.path == _GITHUB or entry.path.startswith(changes_module.GITHUB_FOLDER) for entry in entries
    )


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


def _without_texts(verdicts: list[judge.Verdict]) -> list[judge.Verdict]:
    """The verdicts as reported: the text of each change has been judged (and kept in the works when
    asked for); holding it for every commit until the report would cost memory in proportion to history."""
    # Made field by field (tests/gate/test_audit.py holds it to dataclasses.replace on every field):
    # dataclasses.replace, which reads the fields' declarations on every call, was 2 % of an audit's CPU.
    return [
        judge.Verdict(
            change=changes_module.Change(
                action=c.action,
                regulation=c.regulation,
                file=c.file,
                path=c.path,
                digest=c.digest,
                body=c.body,
                content=None,
                refusal=c.refusal,
            ),
            record=v.record,
            decision=v.decision,
            reasons=v.reasons,
        )
        for v in verdicts
        for c in (v.change,)
    ]


@dataclass
class _WorkState:
    ident: str
    path: str = ""
    versions: list[Version] = field(default_factory=list)
    rescission: Rescission | None = None
    past_rescissions: list[Rescission] = field(default_factory=list)

    def add(self, verdict: judge.Verdict, commit: str) -> None:
        change, record, decision = verdict.change, verdict.record, verdict.decision
        assert record is not None and record.resolution is not None and decision is not None
        resolution = record.resolution
        approval = Approval(
            resolution.id,
            resolution.body,
            resolution.date,
            decision.effective_date(resolution),
            acknowledgement_required=decision.acknowledgement != "not-required",
        )
        self.path = change.path
        if change.action == "rescind":
            self.rescission = Rescission(self.ident, approval, commit)
            return
        text = (change.content or b"").decode("utf-8")
        action: Literal["enact", "amend"] = "enact" if change.action == "enact" else "amend"
        self.versions.append(Version(self.ident, change.path, text, change.digest, action, approval, commit))
        if self.rescission is not None:  # enacted again: the rescission stays, a gap in its history
            self.past_rescissions.append(self.rescission)
            self.rescission = None

    def work(self) -> Work:
        return Work(self.ident, self.path, list(self.versions), self.rescission, list(self.past_rescissions))

"""The version a regulation is at, as far as time goes, read from the records at a commit.

The audit knows it from its walk; the check (and an audit that starts from a trusted commit, which does
not judge the commits before it) reads it here: the latest record at the base that approved exactly the
text a diff changes. Read only when a diff amends or rescinds something.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from governance import git
from governance.config import Config
from governance.errors import GovernanceError
from governance.gate import changes as changes_module
from governance.gate import judge
from governance.gate.changes import Change, Sorted
from governance.gate.ledger import Standing
from governance.gate.records_index import records_naming
from governance.limits import BeyondLimit
from governance.records.named_digests import digests_in
from governance.records.resolutions import (
    Decision,
    Resolution,
    is_record_path,
    load_resolution,
    misplaced_or_twin,
)
from governance.text.digests import digest_bytes

# The decisions of a record by its blob id and path (the path is part of what is validated): a blob's
# parse never changes, and the hook and an audit from a trusted commit list the records at the parent of
# every commit they judge; without this, a push of 10 commits parsed every record ten times. Bounded,
# cleared when full; failures are kept as empty.
_DECISIONS_BY_BLOB: dict[tuple[str, str], tuple[tuple[Resolution, Decision], ...]] = {}
_CACHE_LIMIT = 50_000


def _decisions_of(objects: git.Objects, blob: str, path: str) -> tuple[tuple[Resolution, Decision], ...]:
    key = (blob, path)
    if key not in _DECISIONS_BY_BLOB:
        if len(_DECISIONS_BY_BLOB) >= _CACHE_LIMIT:
            _DECISIONS_BY_BLOB.clear()
        # Judged when it arrived; here only its dates and decisions are read (none of one beyond the limit
        # on a YAML file, which is refused from its size and never read).
        data = judge.read_record(objects, blob)
        found: tuple[tuple[Resolution, Decision], ...] = ()
        if not isinstance(data, BeyondLimit):
            try:
                resolution = load_resolution(data.decode("utf-8"), path)
                found = tuple((resolution, decision) for decision in resolution.decisions)
            except (GovernanceError, UnicodeDecodeError):
                pass
        _DECISIONS_BY_BLOB[key] = found
    return _DECISIONS_BY_BLOB[key]


# The digests a record blob may name (None: any, then it is parsed): read once per blob, so the records at
# the parent of each judged commit are not read again.
_DIGESTS_IN_BLOB: dict[str, frozenset[str] | None] = {}


def _digests_named(objects: git.Objects, blob: str) -> frozenset[str] | None:
    if blob not in _DIGESTS_IN_BLOB:
        if len(_DIGESTS_IN_BLOB) >= _CACHE_LIMIT:
            _DIGESTS_IN_BLOB.clear()
        data = judge.read_record(objects, blob)
        if isinstance(data, BeyondLimit):
            _DIGESTS_IN_BLOB[blob] = frozenset()  # names nothing: unread, as parsing it would refuse it
        else:
            _DIGESTS_IN_BLOB[blob] = digests_in(data)
    return _DIGESTS_IN_BLOB[blob]


class RecordsAt:
    """The decisions of the records at one commit, read once and only when asked (a passing check of a
    pull request that amends nothing never lists them). A record is a plain file (the judge refuses any
    other when it arrives): symbolic links in the records folder are not read.

    `records`: given the hex digests asked about, the record paths at `tip` (with their blob ids) that may
    name them, at least, when the caller keeps them (a walk keeps them from one commit to the next,
    `RecordsOnWalk`); else git searches the folder when asked."""

    def __init__(
        self,
        root: Path,
        objects: git.Objects,
        tip: str,
        config: Config,
        *,
        records: Callable[[list[str]], Mapping[str, str]] | None = None,
    ) -> None:
        self._root, self._objects, self._tip, self._config = root, objects, tip, config
        self._known = records
        self._decisions: list[tuple[Resolution, Decision]] | None = None

    def decisions(self) -> list[tuple[Resolution, Decision]]:
        if self._decisions is None:
            self._decisions = []
            for path, blob in record_blobs(self._root, self._tip, self._config).items():
                self._decisions += _decisions_of(self._objects, blob, path)
        return self._decisions

    def approving(self, digests: set[str]) -> list[tuple[Resolution, Decision]]:
        """The decisions of the records that may name one of `digests`: a record is parsed only when its
        bytes hold one of them literally, or a backslash (a double-quoted escape is the only way YAML can
        spell a digest other than literally; folding inserts spaces). Keeps a check that amends one text
        from parsing every record of the group."""
        if self._decisions is not None:
            return self._decisions
        return [
            pair for path, blob in self._naming(digests) for pair in _decisions_of(self._objects, blob, path)
        ]

    def counting(self, digests: set[str], standing: Standing) -> list[tuple[Resolution, Decision]]:
        """As `approving`, of the records that count on the branch by the ledger's rule (`standing`, at this
        commit), signed when they arrived if signatures are required: a record changed after it arrived,
        bound to another repository, older than the adoption or pushed unsigned sets no version in force,
        so it can neither block an amendment nor date one."""
        found: list[tuple[Resolution, Decision]] = []
        for path, blob in self._naming(digests):
            decisions = _decisions_of(self._objects, blob, path)
            if not decisions:
                continue
            resolution = decisions[0][0]
            if standing.problems(path, blob, resolution):
                continue
            if standing.signed and standing.signature_problems(path, resolution):
                continue
            found += decisions
        return found

    def _naming(self, digests: set[str]) -> list[tuple[str, str]]:
        """(path, blob) of the records that may name one of `digests`."""
        wanted = [digest.removeprefix("sha256:") for digest in digests]
        if self._known is None:
            return self._searched(wanted)
        found: list[tuple[str, str]] = []
        for path, blob in self._known(wanted).items():
            named = _digests_named(self._objects, blob)
            if named is None or any(hex_digits in named for hex_digits in wanted):
                found.append((path, blob))
        return found

    def _searched(self, wanted: list[str]) -> list[tuple[str, str]]:
        """As `_naming`, with git searching the records' bytes (a check: the records of a group are
        100,000 blobs, which Python would read one by one). A literal search finds a digest wherever
        the 64-hex-digit run holding it is: never fewer records than the run-by-run reading above."""
        records = self._config.records.rstrip("/")
        found: list[tuple[str, str]] = []
        named = records_naming(self._root, self._objects, self._tip, records, wanted)
        self._objects.look_up(self._tip, _with_twins(named, records))
        for path in named:
            read = self._objects.header(f"{self._tip}:{path}") if is_record_path(path, records) else None
            if read is not None and read[1] == "blob":
                found.append((path, read[0]))
        return found


def _with_twins(paths: list[str], records: str) -> list[str]:
    """The record paths and the other place of each (`misplaced_or_twin`): what is asked of a commit
    about them, to look up at once (`Objects.look_up`)."""
    twins = [misplaced_or_twin(path, records.rstrip("/"))[1] for path in paths]
    return [*paths, *(twin for twin in twins if twin is not None)]


def record_blobs(root: Path, tip: str, config: Config) -> dict[str, str]:
    """The record paths at `tip` (in the records folder or a year folder in it) and their blob ids."""
    records = config.records.rstrip("/")
    return {
        entry.path: entry.blob
        for entry in git.list_tree(root, tip, records)
        if entry.mode in git.FILE_MODES and is_record_path(entry.path, records)
    }


class RecordsOnWalk:
    """The records at the parent of each commit a walk judges, kept from one commit to the next by the
    commit's own diff: the hook judging a push of 10 commits listed the records folder (thousands of
    entries) at every parent. Listed from git again whenever the walk is not where the listing is (the
    first commit, settled commits in between) or the records folder moved.

    A walk that knows which digests its commits will ask about (`expect`: the hook, a pull request's audit)
    starts from git's search of the records at its first commit's parent for those digests instead of a
    listing: the records found, and those the walked commits change, are all that can name them."""

    def __init__(self, root: Path, objects: git.Objects) -> None:
        self._root, self._objects = root, objects
        self._tip: str | None = None  # the commit whose records `_blobs` holds
        self._folder = ""
        self._blobs: dict[str, str] = {}
        # Set by `expect`: `_blobs` holds only the records that may name these digests (hex).
        self._only: frozenset[str] | None = None

    def expect(self, start: str, config: Config, digests: Iterable[str]) -> None:
        """Before walking from the child of `start`: the digests (sha256:...) its commits will ask about."""
        wanted = sorted({digest.removeprefix("sha256:") for digest in digests})
        records = config.records.rstrip("/")
        self._tip, self._folder, self._blobs = None, config.records, {}
        named = records_naming(self._root, self._objects, start, records, wanted)
        self._objects.look_up(start, _with_twins(named, records))
        for path in named:
            read = self._objects.header(f"{start}:{path}") if is_record_path(path, records) else None
            if read is not None and read[1] == "blob":
                self._blobs[path] = read[0]
        self._only, self._tip = frozenset(wanted), start

    def at_parent(self, commit: git.LogCommit, config: Config) -> RecordsAt | None:
        """The records at the first parent of `commit`, to be read while `commit` is judged (`advance`
        moves the listing on); listed only when asked. None for a root commit."""
        if not commit.parents:
            return None
        parent = commit.parents[0]
        return RecordsAt(
            self._root,
            self._objects,
            parent,
            config,
            records=lambda wanted: self._listing(parent, config, wanted),
        )

    def _listing(self, parent: str, config: Config, wanted: list[str]) -> Mapping[str, str]:
        unexpected = self._only is not None and not self._only.issuperset(wanted)
        if self._tip != parent or self._folder != config.records or unexpected:
            self._tip, self._folder, self._only = None, config.records, None
            self._blobs = record_blobs(self._root, parent, config)
            self._tip = parent
        return self._blobs

    def advance(self, commit: git.LogCommit) -> None:
        """Move past `commit`, once judged: its diff to record paths applied. A listing that was not at the
        commit's parent (or none yet) stays as it is: the next `_listing` finds it elsewhere and lists."""
        if self._tip is None or not commit.parents or self._tip != commit.parents[0]:
            return
        folder = self._folder.rstrip("/")
        for entry in commit.entries:
            if is_record_path(entry.path, folder):
                if entry.status != "D" and entry.new_mode in git.FILE_MODES:
                    self._blobs[entry.path] = entry.new_blob
                else:
                    self._blobs.pop(entry.path, None)
        self._tip = commit.sha


def amended_digests(objects: git.Objects, entries: Sorted, config: Config) -> dict[str, str]:
    """The digest of the base side of each regulation a diff amends or rescinds, by regulation id: the
    texts whose version in force is asked about."""
    changed: dict[str, str] = {}
    for entry in entries.regulations:
        ident = changes_module.regulation_id(entry.path, config)
        if entry.status != "A" and entry.old_mode == changes_module.REGULAR and ident is not None:
            changed[ident] = _digest_of_blob(objects, entry.old_blob)
    return changed


# The digest of a text by its blob id: the hook (and an audit from a trusted commit) asks for the texts its
# commits amend before judging them (`RecordsOnWalk.expect`), then again as each is judged; a blob is read
# and hashed once. Bounded, cleared when full.
_DIGEST_OF_BLOB: dict[str, str] = {}


def _digest_of_blob(objects: git.Objects, blob: str) -> str:
    if blob not in _DIGEST_OF_BLOB:
        if len(_DIGEST_OF_BLOB) >= _CACHE_LIMIT:
            _DIGEST_OF_BLOB.clear()
        _DIGEST_OF_BLOB[blob] = digest_bytes(objects.blob(blob) or b"")
    return _DIGEST_OF_BLOB[blob]


def in_force_on(
    objects: git.Objects, entries: Sorted, config: Config, base_records: RecordsAt, standing: Standing
) -> Callable[[Change], judge.InForce | None]:
    """The version each amended or rescinded regulation of a diff is at on its base side: the latest
    resolution there, of a record that counts on the branch (`standing`, at the base), that approved
    exactly the text the diff changes. Nothing is read until asked."""
    found: dict[str, judge.InForce] = {}
    scanned: list[bool] = []

    def scan() -> None:
        changed = amended_digests(objects, entries, config)
        if not changed:
            return
        for resolution, decision in base_records.counting(set(changed.values()), standing):
            target = decision.regulation
            if target in changed and decision.action != "rescind" and decision.digest == changed[target]:
                version = judge.InForce(decision.effective_date(resolution), resolution.date, resolution.id)
                if target not in found or found[target].recorded <= version.recorded:
                    found[target] = version

    def in_force(change: Change) -> judge.InForce | None:
        if not scanned:
            scanned.append(True)
            scan()
        return found.get(change.target)

    return in_force

"""The commit that brought a file onto a first-parent line, without a walk of the history per file (issue
14).

Whether a record counts (gate/ledger.py's Standing) depends on the commit that brought it: `git log
--diff-filter=A -- <record>` answers by diffing the records folder at every commit of the line, about 25 s
at 10,000 commits beside 20,000 records, once per record a check or a push asks about. This index keeps the
answer for every file of a folder (the records folder, or a year's folder in it): the earliest first-parent
commit that added it and that commit's position on the line (the root is 1), with the commits (checkpoints)
it was built up to. A question at another commit of the line is answered from a checkpoint: a commit after
it adds the commits in between (one walk of those only), a commit before it takes the arrivals up to its
own position. Anywhere else (a line that does not pass a checkpoint) the index is built again by one walk
of the whole line: the cost of one question without it.

The same walk gives the blob each change left (`--raw`), so the index also keeps each file's blob after
every change on the line: what the standing of a record reads at its arrival and at its parent (the record,
its signature, bodies.yml and allowed_signers beside it) is then known without git reading that commit's
folder again (`blobs_at`): in a flat folder of 20,000 files a tree of 1.3 MB per commit, 40 of them for a
push of 10 commits.

It answers exactly as git's walk does (tested at every commit of histories with records added, deleted,
added again, brought by merges, in year folders; the blobs as `<commit>:<path>` names them there and at
the commit's parent). Like gate/records_index.py it is a cache in the git folder (`<git
dir>/governance/arrivals-<folder's digest>.json`), keyed by commit ids, so it cannot be stale: whoever can
write there can rewrite the history itself, and the workflows restore nothing into it. A file that does not
read as an index, or an entry that does not read as one when it is used, has the index built again; a blob
id it gives that names no blob is asked of git by path (`Objects.known`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from governance.errors import GovernanceError
from governance.files import replace_file
from governance.git import queries

_FORMAT = 3
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_NO_BLOB = "-"  # a change that left no blob at the path: deleted, a submodule, or a folder's name now
_CHECKPOINTS = 8  # the latest commits the index was built up to: a refused push's tip is not the only one
# The latest commits of the line kept with their positions: the bases a push or a pull request asks about
# are found there without asking git where they are.
_RECENT = 256
# A walk of a long line is cut into parts of at least this many commits, walked at once by a git process
# each (at most one per processor, and `_WORKERS`): a fresh clone's first check waits for the walk, and
# CI's runners have 2 to 4 processors. Each part costs one process and rebuilding its first trees.
_PART = 2_000
_WORKERS = 4


@dataclass
class _Line:
    """The arrivals of the files below `folder` along one first-parent line, up to `checkpoints[-1]`."""

    folder: str
    checkpoints: list[tuple[str, int]] = field(default_factory=list)  # (commit, its position), oldest first
    # path -> its history on the line, as the file keeps it: "<commit> <position> <blob>[ <position> <blob>]..."
    # (the commit that first added it and its position, then the blob id or `_NO_BLOB` each change left,
    # positions rising). As read from the file, each checked when it is used (`_history`): a check reads
    # three of 20,000, and a string costs JSON less to read than a list.
    files: dict[str, Any] = field(default_factory=dict)
    # Commits of the line and their positions: the latest `_RECENT`, and those asked about in this process.
    positions: dict[str, int] = field(default_factory=dict)
    # The folders below `folder` that ever held one of `files` on the line: a path that is none of them
    # and never held a file is absent from every commit of the line.
    folders: set[str] = field(default_factory=set)


# The line of each repository and folder, as this process knows it: a check asking about three records
# reads the file and asks git where its base is once.
_LINES: dict[tuple[str, str], _Line] = {}
_NO_FILE: set[tuple[str, str]] = set()  # (repository, folder) without an index file, as `blobs_at` found


def arrival(root: Path, base: str, path: str) -> str | None:
    """The first-parent commit of `base` (a commit id) that added `path` (the earliest, if added more than
    once); None when none did. From the index of the path's folder (a file at the top: git's walk)."""
    folder = path.rpartition("/")[0]
    if not folder or not _SHA.fullmatch(base):
        return queries.walked_arrival(root, base, path)
    try:
        line = _at(root, base, folder)
        commit, position, _ = _history(line.files.get(path))
    except _NotAnIndex:
        _LINES.pop((str(root), folder), None)
        line = _built(root, base, folder)
        commit, position, _ = _history(line.files.get(path))
    if commit is None or position > line.positions[base]:
        return None
    line.positions.setdefault(commit, position)  # where `blobs_at` finds it
    return commit


def blobs_at(root: Path, base: str, rev: str, paths: Iterable[str]) -> dict[str, str | None]:
    """Of `paths`, those an index knows at `rev` (a commit of `base`'s line whose position it holds: `base`,
    a recent commit, one that `arrival` answered; or its first parent `<commit>^`): the blob id it names
    there, or None where no file of the index's folder ever was (a record's other place, most often)
    and no file below it either. What `<rev>:<path>` names, without git reading the folder's tree. From
    an index of the path's folder or a folder above it that holds `base` as it is (never built nor moved
    on here); any other path is left to git, and so is one that held something else than a blob."""
    commit, caret, rest = rev.partition("^")
    if rest or not _SHA.fullmatch(commit) or not _SHA.fullmatch(base):
        return {}
    found: dict[str, str | None] = {}
    for path in paths:
        line = _held(root, base, path)
        if line is None or commit not in line.positions:
            continue
        position = line.positions[commit] - (1 if caret else 0)
        if position > line.positions[base]:
            continue
        try:
            first, blob = _blob(line.files.get(path), position)
        except _NotAnIndex:
            continue  # git answers; `arrival` builds the index again when it reads that entry
        if blob is not None:
            found[path] = blob
        elif first > position and path not in line.folders:
            found[path] = None
    return found


def _held(root: Path, base: str, path: str) -> _Line | None:
    """The index of the nearest folder above `path` that holds `base` (as this process knows it, else as
    its file is: read once a process, whether it holds `base` or not)."""
    folder = path.rpartition("/")[0]
    while folder:
        key = (str(root), folder)
        if key not in _LINES and key not in _NO_FILE:
            line = _load(root, folder)
            if line is None:
                _NO_FILE.add(key)
            else:
                _LINES[key] = line
        held = _LINES.get(key)
        if held is not None and base in held.positions:
            return held
        folder = folder.rpartition("/")[0]
    return None


class _NotAnIndex(Exception):
    """What the file holds is not an index (written by hand, or by another tool): it is built again."""


def _entry(value: Any) -> tuple[str, int]:
    if not (isinstance(value, list | tuple) and len(value) == 2):
        raise _NotAnIndex
    commit, position = value
    if not (isinstance(commit, str) and _SHA.fullmatch(commit) and type(position) is int):
        raise _NotAnIndex
    return commit, position


def _history(value: Any) -> tuple[str | None, int, list[tuple[int, str]]]:
    """A file's entry read: (the commit that first added it, its position, each change's (position, blob)),
    or (None, 0, []) for no entry; `_NotAnIndex` for anything that is not an entry."""
    if value is None:
        return None, 0, []
    if not isinstance(value, str):
        raise _NotAnIndex
    commit, *rest = value.split(" ")
    if not _SHA.fullmatch(commit) or not rest or len(rest) % 2:
        raise _NotAnIndex
    changes: list[tuple[int, str]] = []
    for at, blob in zip(rest[0::2], rest[1::2], strict=True):
        if not (at.isdigit() and at.isascii() and (blob == _NO_BLOB or _SHA.fullmatch(blob))):
            raise _NotAnIndex
        position = int(at)
        if changes and position <= changes[-1][0]:
            raise _NotAnIndex
        changes.append((position, blob))
    return commit, changes[0][0], changes


def _blob(value: Any, position: int) -> tuple[int, str | None]:
    """The position where the file's entry says the file first arrived (past any position: none did),
    and the blob id it holds at `position` (None when it holds none there)."""
    _, first, changes = _history(value)
    held = None
    for at, blob in changes:
        if at > position:
            break
        held = blob
    return (first if changes else position + 1), (None if held is None or held == _NO_BLOB else held)


def forget() -> None:
    """Drop what this process knows (tests: the index file is then read again)."""
    _LINES.clear()
    _NO_FILE.clear()


def _at(root: Path, base: str, folder: str) -> _Line:
    """The line that holds `base` (with its position in `positions`): the index as it is, moved on to
    `base`, or built again."""
    key = (str(root), folder)
    line = _LINES.get(key) or _load(root, folder)
    if line is not None and base in line.positions:
        _LINES[key] = line
        return line
    moved = _moved(root, line, base) if line is not None else None
    if moved is None:
        return _built(root, base, folder)
    _LINES[key] = moved
    return moved


def _built(root: Path, base: str, folder: str) -> _Line:
    """The index built from the root of `base`'s line: one walk of it."""
    line = _extended(root, _Line(folder), None, 0, base, queries.first_parent_line(root, base))
    _save(root, line)
    _LINES[(str(root), folder)] = line
    return line


def _moved(root: Path, line: _Line, base: str) -> _Line | None:
    """`line` holding `base`: as it is when `base` is at or before a checkpoint, moved on from the latest
    checkpoint before it otherwise; None when `base` is on none of the checkpoints' line."""
    for commit, count in reversed(line.checkpoints):
        placed = _placed(root, base, commit, count)
        if placed is None:
            continue
        position, after = placed
        if not after:
            line.positions[base] = position
            return line
        moved = _extended(root, line, commit, count, base, after)
        _save(root, moved)
        return moved
    return None


def _placed(
    root: Path, base: str, checkpoint: str, count: int
) -> tuple[int, list[tuple[str, str | None]]] | None:
    """Where `base` is against a checkpoint on one first-parent line: (its position, the commits after
    the checkpoint up to `base`, newest first); None when the two are not on one line (or the checkpoint
    is gone: a refused push's commits are)."""
    if base == checkpoint:
        return count, []
    try:
        after = queries.first_parent_line(root, base, since=checkpoint)
        if after:
            return (count + len(after), after) if after[-1][1] == checkpoint else None
        before = queries.first_parent_line(root, checkpoint, since=base)
    except GovernanceError:
        return None
    return (count - len(before), []) if before and before[-1][1] == base else None


def _extended(
    root: Path, line: _Line, since: str | None, count: int, base: str, after: list[tuple[str, str | None]]
) -> _Line:
    """`line` (up to the checkpoint `since`, at position `count`) moved on to `base` by the commits `after`
    it (newest first): what lay beyond the checkpoint dropped (another line's), the new arrivals added.
    The checkpoints stay a chain along the line (each before the next)."""
    positions = {commit: count + index for index, (commit, _) in enumerate(reversed(after), start=1)}
    if not line.checkpoints or count >= line.checkpoints[-1][1]:
        files = dict(line.files)  # nothing lies beyond `since` (each entry is checked when it is used)
    else:
        files = {}
        for path, value in line.files.items():  # what another line's commits did is dropped
            commit, first, changes = _history(value)
            if commit is not None and first <= count:
                files[path] = _written(commit, [change for change in changes if change[0] <= count])
    folders = set(line.folders)  # (those another line's commits made are kept: a folder too many is safe)
    for commit, changed in _changed(root, base, since, line.folder, after):
        position = positions[commit]
        for status, path, blob in changed:
            if path in files:
                files[path] = f"{files[path]} {position} {blob}"
            elif status == "A":  # the earliest arrival; a change to a path not known is not one
                files[path] = f"{commit} {position} {blob}"
                folders.update(_folders_of(path, line.folder))
    checkpoints = [point for point in line.checkpoints if point[1] <= count]
    kept = {commit: at for commit, at in line.positions.items() if at <= count}
    return _Line(
        line.folder,
        [*checkpoints, (base, positions[base])][-_CHECKPOINTS:],
        files,
        {**kept, **positions},
        folders,
    )


def _folders_of(path: str, folder: str) -> list[str]:
    """The folders between `folder` and the file at `path` below it."""
    parts = path[len(folder) + 1 :].split("/")[:-1]
    return [f"{folder}/{'/'.join(parts[: index + 1])}" for index in range(len(parts))]


def _written(commit: str, changes: list[tuple[int, str]]) -> str:
    return " ".join([commit, *(f"{at} {blob}" for at, blob in changes)])


def _changed(
    root: Path, base: str, since: str | None, folder: str, after: list[tuple[str, str | None]]
) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """What the commits `after` (since..base, newest first, each with its first parent) changed below
    `folder` (`queries.changed_on_line`), oldest first: the line cut into consecutive parts, each `top ^<first parent of its oldest>`,
    walked at once. Each commit is diffed against its first parent as in one walk: the same answer."""
    parts = min(_WORKERS, _processors(), len(after) // _PART)
    if parts < 2:
        return queries.changed_on_line(root, base, since, folder)
    from concurrent.futures import ThreadPoolExecutor  # only here: the check's start-up does not pay it

    size = -(-len(after) // parts)
    ranges = [
        (after[top][0], after[min(top + size, len(after)) - 1][1]) for top in range(0, len(after), size)
    ]
    with ThreadPoolExecutor(len(ranges)) as pool:
        walked = list(pool.map(lambda part: queries.changed_on_line(root, part[0], part[1], folder), ranges))
    return [commit for part in reversed(walked) for commit in part]


def _processors() -> int:
    return len(os.sched_getaffinity(0))


def index_file(root: Path, folder: str) -> Path:
    """Where the index of `folder`'s arrivals is kept: in the gate's caches' folder of the git folder."""
    name = hashlib.sha256(folder.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return queries.git_folder(root)[0] / "governance" / f"arrivals-{name}.json"


def _load(root: Path, folder: str) -> _Line | None:
    try:
        index = json.loads(index_file(root, folder).read_bytes())
        if not (isinstance(index, dict) and index.get("format") == _FORMAT and index.get("folder") == folder):
            return None
        checkpoints = [_entry(checkpoint) for checkpoint in index["checkpoints"]]
        files, recent, folders = index["files"], index["recent"], index["folders"]
    except (OSError, ValueError, TypeError, KeyError, _NotAnIndex):
        return None
    if not (
        checkpoints and isinstance(files, dict) and isinstance(recent, dict) and isinstance(folders, list)
    ):
        return None
    if not all(isinstance(name, str) for name in folders):
        return None
    # A commit id is a key only when it is one (`base` is checked before it is looked up).
    positions = {commit: at for commit, at in recent.items() if type(at) is int}
    return _Line(folder, checkpoints, files, positions, set(folders))


def _save(root: Path, line: _Line) -> None:
    index = {
        "format": _FORMAT,
        "folder": line.folder,
        "checkpoints": line.checkpoints,
        "files": line.files,
        "folders": sorted(line.folders),
        # A commit's position fixes the line up to it (its id names its parents), whatever a checkpoint
        # after it became: the latest ones are kept.
        "recent": dict(sorted(line.positions.items(), key=lambda item: item[1])[-_RECENT:]),
    }
    # A cache: a repository the gate may not write to (read-only, full disk) is judged all the same.
    with contextlib.suppress(OSError):
        replace_file(index_file(root, line.folder), json.dumps(index, separators=(",", ":")).encode("utf-8"))

"""The commit that brought a file onto a first-parent line, without a walk of the history per file (issue
14).

Whether a record counts (gate/ledger.py's Standing) depends on the commit that brought it: `git log
--diff-filter=A -- <record>` answers by diffing the records folder at every commit of the line, about 25 s
at 10,000 commits beside 20,000 records, once per record a check or a push asks about. This index keeps the
answer for every file of a folder (the records folder, or a year's folder in it): the earliest first-parent
commit that added it and that commit's position on the line (the root is 1), with the commits
(checkpoints) it was built up to. A question at
another commit of the line is answered from a checkpoint: a commit after it adds the commits in between
(one walk of those only), a commit before it takes the arrivals up to its own position. Anywhere else (a
line that does not pass a checkpoint) the index is built again by one walk of the whole line: the cost of
one question without it.

It answers exactly as git's walk does (tested at every commit of histories with records added, deleted,
added again, brought by merges, in year folders). Like gate/records_index.py it is a cache in the git folder
(`<git dir>/governance/arrivals-<folder's digest>.json`): whoever can write there can rewrite the history
itself, and the workflows restore nothing into it. A file that does not read as an index is ignored and
written again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from governance.errors import GovernanceError
from governance.files import replace_file
from governance.git import queries

_FORMAT = 1
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_CHECKPOINTS = 8  # the latest commits the index was built up to: a refused push's tip is not the only one
# The latest commits of the line kept with their positions: the bases a push or a pull request asks about
# are found there without asking git where they are.
_RECENT = 256


@dataclass
class _Line:
    """The arrivals of the files below `folder` along one first-parent line, up to `checkpoints[-1]`."""

    folder: str
    checkpoints: list[tuple[str, int]] = field(default_factory=list)  # (commit, its position), oldest first
    # path -> (commit, its position); as read from the file, each checked when it is used (`_entry`): a check
    # reads three of 20,000.
    arrivals: dict[str, Any] = field(default_factory=dict)
    # Commits of the line and their positions: the latest `_RECENT`, and those asked about in this process.
    positions: dict[str, int] = field(default_factory=dict)


# The line of each repository and folder, as this process knows it: a check asking about three records
# reads the file and asks git where its base is once.
_LINES: dict[tuple[str, str], _Line] = {}


def arrival(root: Path, base: str, path: str) -> str | None:
    """The first-parent commit of `base` (a commit id) that added `path` (the earliest, if added more than
    once); None when none did. From the index of the path's folder (a file at the top: git's walk)."""
    folder = path.rpartition("/")[0]
    if not folder or not _SHA.fullmatch(base):
        return queries.walked_arrival(root, base, path)
    try:
        line = _at(root, base, folder)
        found = line.arrivals.get(path)
        commit, position = (None, 0) if found is None else _entry(found)
    except _NotAnIndex:
        _LINES.pop((str(root), folder), None)
        line = _built(root, base, folder)
        found = line.arrivals.get(path)
        commit, position = (None, 0) if found is None else _entry(found)
    return commit if commit is not None and position <= line.positions[base] else None


class _NotAnIndex(Exception):
    """What the file holds is not an index (written by hand, or by another tool): it is built again."""


def _entry(value: Any) -> tuple[str, int]:
    if not (isinstance(value, list | tuple) and len(value) == 2):
        raise _NotAnIndex
    commit, position = value
    if not (isinstance(commit, str) and _SHA.fullmatch(commit) and type(position) is int):
        raise _NotAnIndex
    return commit, position


def forget() -> None:
    """Drop what this process knows (tests: the index file is then read again)."""
    _LINES.clear()


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
    arrivals: dict[str, Any] = {}
    for path, found in line.arrivals.items():
        commit, position = _entry(found)
        if position <= count:
            arrivals[path] = (commit, position)
    for commit, paths in queries.added_on_line(root, base, since, line.folder):
        for path in paths:
            arrivals.setdefault(path, (commit, positions[commit]))
    checkpoints = [point for point in line.checkpoints if point[1] <= count]
    kept = {commit: at for commit, at in line.positions.items() if at <= count}
    return _Line(
        line.folder, [*checkpoints, (base, positions[base])][-_CHECKPOINTS:], arrivals, {**kept, **positions}
    )


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
        arrivals, recent = index["arrivals"], index["recent"]
    except (OSError, ValueError, TypeError, KeyError, _NotAnIndex):
        return None
    if not (checkpoints and isinstance(arrivals, dict) and isinstance(recent, dict)):
        return None
    # A commit id is a key only when it is one (`base` is checked before it is looked up).
    positions = {commit: at for commit, at in recent.items() if type(at) is int}
    return _Line(folder, checkpoints, arrivals, positions)


def _save(root: Path, line: _Line) -> None:
    index = {
        "format": _FORMAT,
        "folder": line.folder,
        "checkpoints": line.checkpoints,
        "arrivals": line.arrivals,
        # A commit's position fixes the line up to it (its id names its parents), whatever a checkpoint
        # after it became: the latest ones are kept.
        "recent": dict(sorted(line.positions.items(), key=lambda item: item[1])[-_RECENT:]),
    }
    # A cache: a repository the gate may not write to (read-only, full disk) is judged all the same.
    with contextlib.suppress(OSError):
        replace_file(index_file(root, line.folder), json.dumps(index, separators=(",", ":")).encode("utf-8"))

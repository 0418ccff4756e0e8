"""Which records at a commit may name a digest, without git reading every record again (issue 14).

The check and the hook ask which records of a commit name the digest of a text they amend (to read the
version in force). `git grep` of the records answers by reading each of them: about 20 microseconds a
record, 0.2 s of CPU at 10,000 records, 2 s at 100,000, on every push. This index keeps, for the records
folder's tree, the runs of 64 hexadecimal digits of each record and whether it may name others; the next
question at another tree reads only the records that differ (`git diff-tree` of the two trees).

It answers as `git.files_containing` would or more: a record is named when one of its runs of exactly 64
hexadecimal digits is a digest asked, or when it holds a longer run (it may hold any digest inside) or a
backslash (YAML may spell a digest with escapes): those are kept as one mark, never the run itself. The caller parses what it names, as before, so a record
named in excess costs a parse and nothing else.

It is a cache in the git folder (`<git dir>/governance/records-index.json`), a function of the tree id it
names: like the objects beside it, whoever can write there can rewrite the history itself, and the
workflows restore nothing into it. A file that does not read as an index is ignored and written again.
Built only where it pays (`build=True`: the server's hook, which runs in the same repository on every
push); elsewhere it is used when present, and a fresh clone without it asks `git grep` as before.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from governance import git
from governance.errors import GovernanceError
from governance.files import replace_file
from governance.records.named_digests import ESCAPE, HEX_RUN, digests_in, digests_of_matches
from governance.records.resolutions import RECORD_SUFFIX, is_record_path

INDEX_PATH = "governance/records-index.json"
_FORMAT = 2
_DIGEST = re.compile(r"[0-9a-f]{64}")
_ANY = "*"  # the mark of a record that may name any digest: a longer run, or a backslash
_MOVE_LIMIT = 2_000  # records changed since the index's tree beyond which one search reads less


def records_naming(
    root: Path, objects: git.Objects, rev: str, folder: str, digests: Sequence[str]
) -> list[str]:
    """The paths of the records below `folder` at commit `rev` that may name one of `digests` (64 hex
    digits each), in tree order: never fewer than `git.files_containing` of the digests and a backslash
    finds among the records."""
    folder = folder.rstrip("/")
    if not all(_DIGEST.fullmatch(digest) for digest in digests):
        return _searched(root, rev, folder, digests)
    tree = objects.header(f"{rev}:{folder}")  # its id: the tree itself (1.3 MB at 20,000 records) is not read
    if tree is None or tree[1] != "tree":
        return []  # no records folder at that commit
    wanted = set(digests)
    index = _load(root, folder)
    if index is not None and index["tree"] == tree[0]:
        named = _named(index["records"], wanted)
        if named is not None:
            return sorted(named, key=_tree_order)
    if index is not None and (index["tree"] == tree[0] or _named(index["records"], set()) is None):
        index = None  # not an index
    moved = _moved(root, objects, folder, index, tree[0]) if index is not None else None
    if moved is None and not _keeps_index(root):
        return _searched(root, rev, folder, digests)
    index = moved if moved is not None else _built(root, rev, folder, tree[0])
    _save(root, index)
    return sorted(_named(index["records"], wanted) or [], key=_tree_order)


def _named(records: dict[str, Any], wanted: set[str]) -> list[str] | None:
    """The records whose marks name one of `wanted` (or may name any); None when an entry is not one of an
    index (the file is read as it is found: checked as it is used, in one pass)."""
    named: list[str] = []
    for path, marks in records.items():  # a plain loop: this runs over every record of a group
        if type(marks) is not list:
            return None
        for mark in marks:
            if type(mark) is not str:
                return None
            if mark in wanted or mark == _ANY:
                named.append(path)
                break
    return named


def _keeps_index(root: Path) -> bool:
    """Whether to build the index where there is none: in the server's repository (bare), where the
    hook runs on every push, and in a checkout where the gate ran before (its caches' folder is there:
    git/arrivals.py writes one on the first check that reads a version in force). A fresh clone (CI)
    asks git grep on its first check: building costs about three times one search."""
    folder, bare = git.git_folder(root)
    return bare or (folder / INDEX_PATH).parent.is_dir()


def _searched(root: Path, rev: str, folder: str, digests: Sequence[str]) -> list[str]:
    return git.files_containing(root, rev, folder, [*digests, ESCAPE], suffix=RECORD_SUFFIX)


def _marks(named: frozenset[str] | None) -> list[str]:
    """What the index keeps of a record: the digests it may name (named_digests), or _ANY."""
    return [_ANY] if named is None else sorted(named)


def _built(root: Path, rev: str, folder: str, tree: str) -> dict[str, Any]:
    """The index of every record at `rev`, from one `git grep` of their runs and backslashes."""
    found = git.matches_in_files(root, rev, folder, [HEX_RUN, re.escape(ESCAPE)], suffix=RECORD_SUFFIX)
    records = {
        path: _marks(digests_of_matches(matches))
        for path, matches in found.items()
        if is_record_path(path, folder)
    }
    return {"format": _FORMAT, "folder": folder, "tree": tree, "records": records}


def _moved(
    root: Path, objects: git.Objects, folder: str, index: dict[str, Any], tree: str
) -> dict[str, Any] | None:
    """The index moved from its tree to `tree` by the records that differ; None when git cannot compare
    the two trees (the old one pruned)."""
    try:
        changed = git.diff_tree(root, index["tree"], tree)
    except GovernanceError:
        return None
    if len(changed) > _MOVE_LIMIT:
        return None
    records: dict[str, list[str]] = dict(index["records"])
    objects.prefetch(entry.new_blob for entry in changed if entry.status != "D")
    for entry in changed:
        path = f"{folder}/{entry.path}"
        records.pop(path, None)
        if entry.status == "D" or entry.new_mode not in git.FILE_MODES or not is_record_path(path, folder):
            continue
        read = objects.read(entry.new_blob)
        if read is None:
            return None
        marks = _marks(digests_in(read[2]))
        if marks:
            records[path] = marks
    return {"format": _FORMAT, "folder": folder, "tree": tree, "records": records}


def _index_file(root: Path) -> Path:
    return git.git_folder(root)[0] / INDEX_PATH


def _load(root: Path, folder: str) -> dict[str, Any] | None:
    try:
        index = json.loads(_index_file(root).read_bytes())
    except (OSError, ValueError):
        return None
    valid = (
        isinstance(index, dict)
        and index.get("format") == _FORMAT
        and index.get("folder") == folder
        and isinstance(index.get("tree"), str)
        and isinstance(index.get("records"), dict)
    )  # its entries are checked as they are read (`_named`); a JSON object's keys are strings
    return index if valid else None


def _save(root: Path, index: dict[str, Any]) -> None:
    # A cache: a repository the hook may not write to (read-only, full disk) is judged all the same.
    with contextlib.suppress(OSError):
        replace_file(_index_file(root), json.dumps(index, separators=(",", ":")).encode("utf-8"))


def _tree_order(path: str) -> tuple[bytes, ...]:
    """git's order of a tree's entries: by bytes, a folder's name compared as if it ended with '/'."""
    parts = path.split("/")
    return tuple(
        (part + ("/" if index < len(parts) - 1 else "")).encode("utf-8", "surrogateescape")
        for index, part in enumerate(parts)
    )

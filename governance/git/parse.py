"""git's output as plain values: the pure parsers of `--raw -z`, `ls-tree -z`, raw tree objects and the
first-parent log format. No process here: each parser is tested on bytes, with no repository."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from datetime import date

from governance.immutable import immutable

NULL_SHA = "0" * 40
REGULAR = "100644"  # a plain file
EXECUTABLE = "100755"
FILE_MODES = (REGULAR, EXECUTABLE)  # the files git grep reads: a link or a submodule is not one
# The modes of entries whose id names a blob (`<rev>:<path>` reads it): files and symbolic links.
BLOB_MODES = (REGULAR, EXECUTABLE, "120000")


@immutable
class DiffEntry:
    """One path changed between two trees (`git diff-tree --raw`); modes are octal strings."""

    status: str  # A added, M modified, D deleted, T type changed
    old_mode: str
    new_mode: str
    old_blob: str
    new_blob: str
    path: str


@immutable
class TreeEntry:
    """One entry of `git ls-tree`."""

    mode: str
    kind: str  # blob, tree, commit (a submodule)
    blob: str
    path: str


@immutable
class Tag:
    """A tag and the commit it names."""

    name: str  # without refs/tags/
    commit: str  # the commit it names (an annotated tag peeled)
    date: date  # the tagger's date; the commit's for a lightweight tag


def parse_tags(out: bytes) -> list[Tag]:
    """`git for-each-ref --format=TAG_FORMAT refs/tags/...` -> the tags that name a commit."""
    found = []
    for line in out.split(b"\n"):
        if not line:
            continue
        name, target, peeled, peeled_type, kind, day = line.split(b"\0")
        commit = (
            peeled if kind == b"tag" and peeled_type == b"commit" else target if kind == b"commit" else b""
        )
        if commit and day:
            found.append(
                Tag(
                    decode_path(name).removeprefix("refs/tags/"),
                    commit.decode(),
                    date.fromisoformat(day.decode()),
                )
            )
    return found


TAG_FORMAT = (
    "%(refname)%00%(objectname)%00%(*objectname)%00%(*objecttype)%00%(objecttype)%00%(creatordate:short)"
)


@immutable
class LogCommit:
    """One commit of `git log --raw`: its parents, subject and changed files."""

    sha: str
    parents: tuple[str, ...]
    subject: str
    entries: tuple[DiffEntry, ...]  # against the first parent; against the empty tree for a root commit


def parse_raw_diff(data: bytes) -> list[DiffEntry]:
    """Parse `--raw -z` output: `:oldmode newmode oldsha newsha status NUL path NUL`, repeated."""
    fields = data.split(b"\0")
    entries: list[DiffEntry] = []
    index = 0
    while index + 1 < len(fields):
        meta = fields[index].lstrip(b"\n")
        if not meta:
            index += 1
            continue
        entries.append(_diff_entry(meta, fields[index + 1]))
        index += 2
    return entries


def _diff_entry(meta: bytes, path: bytes) -> DiffEntry:
    old_mode, new_mode, old_blob, new_blob, status = meta.decode().lstrip(":").split(" ")
    return DiffEntry(status[:1], old_mode, new_mode, old_blob, new_blob, decode_path(path))


def tree_files(tree: bytes) -> list[str]:
    """The names of the entries of a raw tree object that are not trees ("<mode> <name>\\0<20-byte id>"
    each): what `ls-tree -r` lists of that folder itself."""
    names: list[str] = []
    at = 0
    while at < len(tree):
        space = tree.index(b" ", at)
        end = tree.index(b"\0", space)
        if tree[at:space] != b"40000":
            names.append(decode_path(tree[space + 1 : end]))
        at = end + 21
    return names


def parse_ls_tree(data: bytes) -> list[TreeEntry]:
    entries: list[TreeEntry] = []
    for record in data.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, kind, blob = meta.decode().split(" ")
        entries.append(TreeEntry(mode, kind, blob, decode_path(path)))
    return entries


def parse_log(data: bytes) -> list[LogCommit]:
    """Parse the `first_parent_log` format: a header `\\x01sha parents\\x02subject` then raw entries."""
    return list(parse_tokens(data.split(b"\0")))


def parse_tokens(fields: Iterable[bytes]) -> Iterator[LogCommit]:
    """Read field by field, so a path containing \\x01 is never mistaken for a header."""
    tokens = iter(fields)
    header: bytes | None = None
    entries: list[DiffEntry] = []
    for field in tokens:
        token = field.lstrip(b"\n")
        if token.startswith(b"\x01"):
            if header is not None:
                yield _log_commit(header, entries)
            header, entries = token[1:], []
        elif token.startswith(b":"):
            path = next(tokens, None)
            if path is None:
                break
            entries.append(_diff_entry(token, path))
    if header is not None:
        yield _log_commit(header, entries)


def _log_commit(header: bytes, entries: list[DiffEntry]) -> LogCommit:
    shas, _, subject = header.partition(b"\x02")
    sha, *parents = shas.decode().split()
    return LogCommit(sha, tuple(parents), subject.decode("utf-8", "replace"), tuple(entries))


def blob_id(content: bytes) -> str:
    """git's object id of a file's content (SHA-1 repositories): whether a work tree's file is a blob."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


def decode_path(raw: bytes) -> str:
    """Paths are bytes to git; a name that is not UTF-8 keeps its bytes as surrogates (and is refused)."""
    return raw.decode("utf-8", "surrogateescape")

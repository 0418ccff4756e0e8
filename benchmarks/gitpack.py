"""Write a git history as one pack with its index, directly: what `git fast-import` does for the benchmark
generator, without the work that made fast-import the slowest part of a group-scale repository.

fast-import serialises every tree a commit changes twice (the new version, and the old one it deltas
against, one sprintf per entry) and sorts it twice; a year's records folder of 8,000 entries rewritten by
each of 100,000 commits cost it about 400 s of CPU. Here a tree keeps its serialised form and changes it
in place: a changed file's 20-byte id is overwritten, a name sorting after the last one is appended, and
the new version is stored as a delta of the one before (the unchanged head and tail copied, the changed
bytes inserted); anything else rebuilds the tree. Blobs and commits are stored whole. The objects are the
ones fast-import writes for the same commits (tests/test_benchmark_generator.py compares the commit ids,
and `git fsck --full --strict` reads every object back).
"""

from __future__ import annotations

import copy
import hashlib
import os
import struct
import subprocess
import zlib
from pathlib import Path

COMMIT, TREE, BLOB, OFS_DELTA = 1, 2, 3, 6
_NAMES = {COMMIT: b"commit", TREE: b"tree", BLOB: b"blob"}
MAX_DEPTH = 50  # git's default delta depth (pack.depth): reading a tree never applies more deltas
_FILE, _FOLDER = b"100644", b"40000"
_LEVEL = 1  # zlib: the ids in a tree do not compress, and texts of 3 KB barely gain from more effort


def _object_id(kind: int, data: bytes) -> bytes:
    hashed = hashlib.sha1(b"%s %d\0" % (_NAMES[kind], len(data)))
    hashed.update(data)  # not copied behind the header: a year's records folder is 400 KB
    return hashed.digest()


def _entry_header(kind: int, size: int) -> bytes:
    out = bytearray()
    byte = (kind << 4) | (size & 0x0F)
    size >>= 4
    while size:
        out.append(byte | 0x80)
        byte = size & 0x7F
        size >>= 7
    out.append(byte)
    return bytes(out)


def _base_distance(distance: int) -> bytes:
    """The offset of an OFS_DELTA's base, back from the entry (git's own variable-length form)."""
    out = [distance & 0x7F]
    distance >>= 7
    while distance:
        distance -= 1
        out.append(0x80 | (distance & 0x7F))
        distance >>= 7
    return bytes(reversed(out))


def _size(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _copy(offset: int, size: int) -> bytes:
    """Delta instructions copying `size` bytes of the base from `offset`."""
    out = bytearray()
    while size:
        chunk = min(size, 0xFF0000)
        op, arguments = 0x80, bytearray()
        for index in range(4):
            if byte := (offset >> (8 * index)) & 0xFF:
                op |= 1 << index
                arguments.append(byte)
        for index in range(3):
            if byte := (chunk >> (8 * index)) & 0xFF:
                op |= 0x10 << index
                arguments.append(byte)
        out += bytes([op]) + arguments
        offset, size = offset + chunk, size - chunk
    return bytes(out)


def _insert(data: bytes) -> bytes:
    return b"".join(
        bytes([len(part)]) + part for part in (data[i : i + 127] for i in range(0, len(data), 127))
    )


class Pack:
    """One pack being written, and its index at `finish`."""

    def __init__(self, git_dir: Path) -> None:
        self._folder = git_dir / "objects" / "pack"
        self._folder.mkdir(parents=True, exist_ok=True)
        self._path = self._folder / f"tmp-generated-{os.getpid()}.pack"
        self._file = self._path.open("wb")
        self._file.write(b"PACK" + struct.pack(">II", 2, 0))  # the count is written at the end
        self._offset = 12
        self._objects: dict[bytes, tuple[int, int, int]] = {}  # id: (offset, crc32, delta depth)

    def add(self, kind: int, data: bytes) -> bytes:
        """Store an object whole (once: the same content twice is one object); its id."""
        name = _object_id(kind, data)
        if name not in self._objects:
            self._write(name, _entry_header(kind, len(data)) + zlib.compress(data, _LEVEL), 0)
        return name

    def add_delta(self, name: bytes, base: bytes, delta: bytes) -> None:
        """Store object `name` as `delta` against the stored object `base`."""
        if name in self._objects:
            return
        base_offset, _, depth = self._objects[base]
        entry = _entry_header(OFS_DELTA, len(delta)) + _base_distance(self._offset - base_offset)
        self._write(name, entry + zlib.compress(delta, _LEVEL), depth + 1)

    def depth(self, name: bytes) -> int:
        return self._objects[name][2]

    def _write(self, name: bytes, entry: bytes, depth: int) -> None:
        self._objects[name] = (self._offset, zlib.crc32(entry), depth)
        self._file.write(entry)
        self._offset += len(entry)

    def finish(self) -> None:
        """The object count and the checksum into the pack, its index (version 2) beside it."""
        self._file.seek(8)
        self._file.write(struct.pack(">I", len(self._objects)))
        self._file.close()
        checksum = hashlib.sha1()
        with self._path.open("rb") as written:
            while chunk := written.read(1 << 22):
                checksum.update(chunk)
        trailer = checksum.digest()
        with self._path.open("ab") as pack:
            pack.write(trailer)
        names = sorted(self._objects)
        fanout = [0] * 256
        for name in names:
            fanout[name[0]] += 1
        total = 0
        for first in range(256):
            total += fanout[first]
            fanout[first] = total
        small: list[int] = []
        large: list[int] = []
        for name in names:
            offset = self._objects[name][0]
            if offset < 0x80000000:
                small.append(offset)
            else:
                small.append(0x80000000 | len(large))
                large.append(offset)
        index = b"".join(
            [
                b"\377tOc" + struct.pack(">I", 2),
                struct.pack(">256I", *fanout),
                *names,
                struct.pack(f">{len(names)}I", *(self._objects[name][1] for name in names)),
                struct.pack(f">{len(small)}I", *small),
                struct.pack(f">{len(large)}Q", *large),
                trailer,
            ]
        )
        index += hashlib.sha1(index).digest()
        stem = self._folder / f"pack-{trailer.hex()}"
        stem.with_suffix(".idx").write_bytes(index)
        self._path.rename(stem.with_suffix(".pack"))


class _Tree:
    """A folder: its entries, and its serialised form kept up to date in place where it can be."""

    def __init__(self) -> None:
        self.entries: dict[bytes, tuple[bytes, bytes]] = {}  # name: (mode, id)
        self.folders: dict[bytes, _Tree] = {}
        self.changed: set[bytes] = set()  # sub-folders to write before this one
        self.data = bytearray()
        self.id_at: dict[bytes, int] = {}  # name: where its id is in `data`
        self.last = b""  # the sort key of the last entry
        self.rebuild = False
        self.low, self.high, self.grown = -1, -1, False  # what changed since `stored`
        self.stored: bytes | None = None  # the id of the version stored last
        self.stored_size = 0

    def folder(self, name: bytes) -> _Tree:
        if name not in self.folders:
            self.folders[name] = _Tree()
        self.changed.add(name)
        return self.folders[name]

    def set(self, name: bytes, mode: bytes, object_id: bytes) -> None:
        known = self.entries.get(name)
        if known == (mode, object_id):
            return
        self.entries[name] = (mode, object_id)
        if self.rebuild:
            return
        key = name + b"/" if mode == _FOLDER else name
        if known is not None and known[0] == mode:
            at = self.id_at[name]
            self.data[at : at + 20] = object_id
            self._touched(at, at + 20)
        elif known is None and key > self.last:
            head = mode + b" " + name + b"\0"
            at = len(self.data)
            self.data += head + object_id
            self.id_at[name] = at + len(head)
            self.last = key
            self._touched(at, len(self.data))
            self.grown = True
        else:
            self.rebuild = True

    def _touched(self, start: int, end: int) -> None:
        self.low = start if self.low < 0 else min(self.low, start)
        self.high = max(self.high, end)

    def write(self, pack: Pack) -> bytes:
        """Store this folder (and its changed sub-folders) unless unchanged; its id."""
        for name in sorted(self.changed):
            self.set(name, _FOLDER, self.folders[name].write(pack))
        self.changed.clear()
        if self.stored is not None and not self.rebuild and self.low < 0:
            return self.stored
        if self.rebuild:
            self._serialise()
        data = bytes(self.data)
        name = _object_id(TREE, data)
        base = self.stored
        if base is not None and not self.rebuild and pack.depth(base) < MAX_DEPTH:
            tail = 0 if self.grown else self.stored_size - self.high
            delta = _size(self.stored_size) + _size(len(data)) + _copy(0, self.low)
            delta += _insert(data[self.low : len(data) - tail]) + _copy(self.stored_size - tail, tail)
            pack.add_delta(name, base, delta)
        else:
            pack.add(TREE, data)
        self.stored, self.stored_size = name, len(data)
        self.rebuild, self.low, self.high, self.grown = False, -1, -1, False
        return name

    def _serialise(self) -> None:
        def key(item: tuple[bytes, tuple[bytes, bytes]]) -> bytes:
            return item[0] + b"/" if item[1][0] == _FOLDER else item[0]

        self.data, self.id_at, self.last = bytearray(), {}, b""
        for name, (mode, object_id) in sorted(self.entries.items(), key=key):
            head = mode + b" " + name + b"\0"
            self.id_at[name] = len(self.data) + len(head)
            self.data += head + object_id
            self.last = key((name, (mode, object_id)))


class PackWriter:
    """Commits into a pack, in the generator's order: each commit names the files it changes (no
    deletions), its parent and its branch; `close` writes the pack and points the branches at their tips."""

    def __init__(self, repository: Path) -> None:
        self._repository = repository
        self._pack = Pack(repository / ".git")
        self._root = _Tree()
        self._branches: dict[str, str] = {}
        self._trunk: str | None = None  # the branch whose state `_root` holds
        self._forks: dict[str, _Tree] = {}

    def commit(
        self, branch: str, message: str, files: dict[str, bytes], parent: str | None, when: int
    ) -> str:
        root = self._tree_for(branch, parent)
        for path, content in files.items():
            *folders, name = path.encode().split(b"/")
            tree = root
            for folder in folders:
                tree = tree.folder(folder)
            tree.set(name, _FILE, self._pack.add(BLOB, content))
        tree_id = root.write(self._pack)
        who = f"Bench <bench@example.com> {when} +0000"
        lines = [f"tree {tree_id.hex()}"]
        if parent is not None:
            lines.append(f"parent {parent}")
        lines += [f"author {who}", f"committer {who}", "", message]
        commit = self._pack.add(COMMIT, "\n".join(lines).encode()).hex()
        self._branches[branch] = commit
        return commit

    def _tree_for(self, branch: str, parent: str | None) -> _Tree:
        """The first branch's folders are changed in place; another branch starts from a copy of them."""
        if self._trunk is None:
            self._trunk = branch
        if branch == self._trunk:
            assert parent == self._branches.get(branch), "the first branch is written in order"
            return self._root
        if branch not in self._forks:
            assert parent == self._branches[self._trunk], "a branch forks from the first branch's tip"
            self._forks[branch] = copy.deepcopy(self._root)
        return self._forks[branch]

    def close(self) -> None:
        self._pack.finish()
        for branch, commit in self._branches.items():
            subprocess.run(
                ["git", "update-ref", f"refs/heads/{branch}", commit], cwd=self._repository, check=True
            )

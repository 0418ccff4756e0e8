"""The object reader: many objects through ONE `git cat-file --batch` process, never one process per file,
and a second one reading the next batch in the background."""

from __future__ import annotations

import contextlib
import subprocess
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, TypeVar

from governance.errors import GovernanceError
from governance.git.arrivals import blobs_at
from governance.git.parse import decode_path
from governance.git.process import check_rev, command, environment
from governance.i18n import Message
from governance.limits import BeyondLimit

# A blob read ahead (`prefetch`) is kept in memory up to this size (a YAML file's limit); a larger one (a
# text or a scan beyond its limit) is drained, not kept, and read again only if asked, by `blob_within`
# for what has a limit: a window of read-ahead blobs never holds an adversary's gigabyte.
_KEPT_AHEAD = 4 * 1024 * 1024
_DRAIN = 64 * 1024
_Found = TypeVar("_Found", tuple[str, str, bytes], tuple[str, str, int])  # an object, or its header
_DRAINED = ("", "", b"")  # `_answer`'s mark for a blob drained, not kept
# A folder's tree from which several files are looked up at once (`entries_at`): about 4,000 files. Below
# it, a look-up per file costs less than starting `git ls-tree`.
_LISTING_PAYS = 256 * 1024


def _found(parts: list[bytes]) -> bool:
    """Whether git's answer is an object's header, `<sha> <type> <size>`, not `<name> missing` (or
    `ambiguous`): a name may hold spaces, so `<rev>:a b missing` has three words too."""
    return len(parts) == 3 and parts[2].isdigit()


class Objects:
    """Reads objects through one `git cat-file --batch` process: `read("<sha>")`, `read("<rev>:<path>")`."""

    def __init__(self, root: Path) -> None:
        self._process = subprocess.Popen(
            command("cat-file", "--batch"),
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=environment(),
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._in: IO[bytes] = self._process.stdin
        self._out: IO[bytes] = self._process.stdout
        self._fetched: dict[str, tuple[str, str, bytes] | None] = {}
        self._root = root
        self._headers: subprocess.Popen[bytes] | None = None  # `cat-file --batch-check`, when first asked
        # `<rev>:<path>` -> (blob id, "blob", size), or None when no such entry: the answers of `entries_at`.
        self._entries: dict[str, tuple[str, str, int] | None] = {}
        # `<rev>:<path>` -> the blob id an index says it names (`known`): read by id, and asked of git by
        # name when that id is no blob in the repository.
        self._known: dict[str, str] = {}

    @property
    def root(self) -> Path:
        """The repository this reads from (for a listing git's batch reader cannot give)."""
        return self._root

    def __enter__(self) -> Objects:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(BrokenPipeError):  # git is gone: whoever read from it was told (`_answer`)
            self._in.close()
        self._out.close()
        self._process.wait()
        if self._headers is not None:
            assert self._headers.stdin is not None and self._headers.stdout is not None
            self._headers.stdin.close()
            self._headers.stdout.close()
            self._headers.wait()

    def read(self, name: str) -> tuple[str, str, bytes] | None:
        """(sha, type, content) of the object, or None when it does not exist."""
        if name in self._fetched:
            return self._fetched[name]
        if name in self._entries:
            entry = self._entries[name]
            return None if entry is None else self.read(entry[0])
        if name in self._known:
            return self._served(name, self.read)
        if "\n" in name or "\0" in name:
            return None  # cannot be asked on the batch protocol; no such object can be meant
        self._in.write(name.encode("utf-8", "surrogateescape") + b"\n")
        self._in.flush()
        return self._answer()

    def _answer(self, keep: int | None = None, header: bytes | None = None) -> tuple[str, str, bytes] | None:
        """The next answer (its `header` line when read already); with `keep`, content larger than `keep`
        bytes is drained and `_DRAINED`."""
        if header is None:
            header = self._out.readline()
        if not header:
            raise GovernanceError(Message("git cat-file stopped answering; is the repository readable?"))
        parts = header.split()
        if not _found(parts):
            return None
        size = int(parts[2])
        if keep is not None and size > keep:
            while size > 0:
                chunk = self._out.read(min(size, _DRAIN))
                if not chunk:
                    raise GovernanceError(
                        Message("git cat-file stopped answering; is the repository readable?")
                    )
                size -= len(chunk)
            self._out.read(1)
            return _DRAINED
        content = self._out.read(size)
        self._out.read(1)  # the newline after the content
        return parts[0].decode(), parts[1].decode(), content

    def header(self, name: str) -> tuple[str, str, int] | None:
        """(sha, type, size) of the object, from git's object header alone (its content is not read), or
        None when it does not exist."""
        if name in self._fetched:
            found = self._fetched[name]
            return None if found is None else (found[0], found[1], len(found[2]))
        if name in self._entries:
            return self._entries[name]
        if name in self._known:
            return self._served(name, self.header)
        if "\n" in name or "\0" in name:
            return None
        self.expect_headers()
        assert self._headers is not None
        assert self._headers.stdin is not None and self._headers.stdout is not None
        self._headers.stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
        self._headers.stdin.flush()
        line = self._headers.stdout.readline()
        if not line:
            raise GovernanceError(Message("git cat-file stopped answering; is the repository readable?"))
        parts = line.split()
        return (parts[0].decode(), parts[1].decode(), int(parts[2])) if _found(parts) else None

    def expect_headers(self) -> None:
        """Start the process `header` asks (it is started when first asked): git starts up meanwhile."""
        if self._headers is None:
            self._headers = subprocess.Popen(
                command("cat-file", "--batch-check"),
                cwd=self._root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=environment(),
            )

    def blob_within(self, name: str, limit: int) -> bytes | BeyondLimit | None:
        """The blob, None when there is none, or its size when beyond `limit`: then not a byte of it is
        read (git's object header says its size), so a file an adversary made huge costs nothing."""
        found = self.header(name)
        if found is None or found[1] != "blob":
            return None
        if found[2] > limit:
            return BeyondLimit(found[2], limit)
        return self.blob(name if name in self._fetched else found[0])

    def _served(self, name: str, ask: Callable[[str], _Found | None]) -> _Found | None:
        """`ask` of the blob id `known` gives for `name`; of the name itself when that id is no blob."""
        found = ask(self._known[name])
        if found is not None and found[1] == "blob":
            return found
        del self._known[name]
        return ask(name)

    def known(self, rev: str, blobs: Mapping[str, str | None]) -> None:
        """Serve `<rev>:<path>` of each of `blobs` by the blob id given (what an index of the history says
        the file held there: git/arrivals.py), so that git does not read the folder's tree to find it; None:
        no such entry. An id that names no blob in the repository is not served: git is asked by name."""
        for path, blob in blobs.items():
            if blob is None:
                self._entries[f"{rev}:{path}"] = None
            else:
                self._known[f"{rev}:{path}"] = blob

    def carry(self, name: str, header: tuple[str, str, int] | None, *, instead_of: str | None = None) -> None:
        """Answer `header` and `read` of `name` with `header` (None: no such entry), which the caller knows
        without asking git (the audit: a commit whose diff leaves a folder alone holds the folder its parent
        held); the answer carried for `instead_of` before is dropped, so a walk keeps one, not one a commit."""
        if instead_of is not None:
            self._entries.pop(instead_of, None)
        self._entries[name] = header

    def look_up(self, rev: str, paths: Iterable[str], *, listing: bool = True) -> None:
        """Have `read` and `header` answer `<rev>:<path>` of each of `paths` (`rev` a commit id, or one
        and `^`) without git looking each up in its folder's tree: from the arrivals index (`blobs_at`:
        a flat records folder of 20,000 files is a tree of 1.3 MB, read again by every look-up), and with
        `listing`, the rest in one listing of `rev` where that pays (`entries_at`)."""
        wanted = list(paths)
        known = blobs_at(self._root, rev.partition("^")[0], rev, wanted)
        self.known(rev, known)
        if listing:
            self.entries_at(rev, [path for path in wanted if path not in known])

    def entries_at(self, rev: str, paths: Iterable[str]) -> None:
        """Look up several files of one commit in one `git ls-tree`, so that `read` and `header` of
        `<rev>:<path>` answer from memory: git reads the folder's tree once, where a look-up per file reads
        it again each time (a flat records folder of 20,000 files is a tree of 1.3 MB). Only what it finds
        for sure is kept: a blob, or no entry at all; anything else is asked of git as before. `rev` must
        name one commit for good (a commit id, `<id>^`): the answers are kept."""
        wanted = [
            path
            for path in dict.fromkeys(paths)
            if f"{rev}:{path}" not in self._entries
            and f"{rev}:{path}" not in self._known
            and _plain_path(path)
        ]
        if not wanted or not self._large_folder(rev, wanted):
            return
        try:
            check_rev(rev)
        except GovernanceError:
            return  # not a revision: each is asked of git as before
        done = subprocess.run(
            command("--literal-pathspecs", "ls-tree", "-l", "-z", "--full-tree", rev, "--", *wanted),
            cwd=self._root,
            capture_output=True,
            env=environment(),
            check=False,
        )
        if done.returncode != 0:
            return  # each is asked of git, which says what is wrong
        found: dict[str, tuple[str, str, int] | None] = dict.fromkeys(wanted)
        listed: set[str] = set()
        for line in done.stdout.split(b"\0"):
            info, tab, raw_path = line.partition(b"\t")
            fields = info.split()
            path = decode_path(raw_path)
            listed.add(path)
            if tab and path in found and len(fields) == 4 and fields[1] == b"blob" and fields[3].isdigit():
                found[path] = (fields[2].decode("ascii"), "blob", int(fields[3]))
        # Unlisted is absent, unless git listed what is inside it (a folder asked for shows its files).
        folders = {parent for path in listed for parent in _parents(path)}
        for path, entry in found.items():
            if entry is not None or (path not in listed and path not in folders):
                self._entries[f"{rev}:{path}"] = entry

    def _large_folder(self, rev: str, paths: list[str]) -> bool:
        """Whether a folder of `paths` at `rev` is a tree large enough that reading it once instead of once
        per file pays for a process of its own (its size from git's object header: it is not read)."""
        for folder in {path.rpartition("/")[0] for path in paths if "/" in path}:
            found = self.header(f"{rev}:{folder}")
            if found is not None and found[1] == "tree" and found[2] >= _LISTING_PAYS:
                return True
        return False

    def prefetch(self, names: Iterable[str]) -> None:
        """Read many objects in one stream, then serve `read` of them from memory until `forget`: a
        question and answer per object costs a round trip through two pipes, and an audit asks 80,000."""
        wanted = [
            name
            for name in dict.fromkeys(names)
            if name not in self._fetched and "\n" not in name and "\0" not in name
        ]
        if not wanted:
            return

        def ask() -> None:  # a thread: git's answers must be read while the questions are written
            try:
                self._in.write(b"".join(name.encode("utf-8", "surrogateescape") + b"\n" for name in wanted))
                self._in.flush()
            except BrokenPipeError:
                pass  # git has gone; the reader below says so

        asking = threading.Thread(target=ask, name="cat-file-questions", daemon=True)
        asking.start()
        try:
            for name in wanted:
                answer = self._answer(keep=_KEPT_AHEAD)
                if answer is not _DRAINED:
                    self._fetched[name] = answer
        finally:
            asking.join()

    def ask(self, names: Iterable[str]) -> None:
        """Ask git for these objects (ids) without waiting: `next_blob` reads the answers, in order. The
        caller reads them while it asks more, and leaves unread no more names than a pipe holds (about
        1,500): git, which waits for its answers to be read, would stop reading the names."""
        self._in.write(b"".join(name.encode("ascii") + b"\n" for name in names))
        self._in.flush()

    def next_blob(self, keep: int) -> bytes | BeyondLimit | None:
        """The answer to the next name `ask`ed: the blob, its size when beyond `keep` (drained, not kept),
        None when there is no such blob."""
        header = self._out.readline()
        found = self._answer(keep=keep, header=header)
        if found is _DRAINED:
            return BeyondLimit(int(header.split()[2]), keep)
        return found[2] if found is not None and found[1] == "blob" else None

    def forget(self) -> None:
        """Drop what `prefetch` read (it holds whole files in memory)."""
        self._fetched.clear()

    def hand_over(self) -> dict[str, tuple[str, str, bytes] | None]:
        """What `prefetch` read, for another reader's `keep`; forgotten here."""
        fetched, self._fetched = self._fetched, {}
        return fetched

    def keep(self, fetched: dict[str, tuple[str, str, bytes] | None]) -> None:
        """Serve these objects from memory (read by a `Fetcher`) until `forget`."""
        self._fetched.update(fetched)

    def blob(self, name: str) -> bytes | None:
        found = self.read(name)
        return found[2] if found is not None and found[1] == "blob" else None


class Fetcher:
    """Reads the next batch of objects in the background, through a `cat-file` process of its own, while
    the caller works on the previous batch: git decompresses on one core while Python judges on the
    other. One batch at a time: `start`, then `take`; a batch's `first` objects are read before the rest
    and can be had alone (`early`) while the rest is still being read."""

    def __init__(self, root: Path) -> None:
        self._objects = Objects(root)
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self._early: dict[str, tuple[str, str, bytes] | None] = {}
        self._early_read = threading.Event()

    def start(self, names: Iterable[str], first: Iterable[str] = ()) -> None:
        assert self._thread is None, "take the previous batch first"
        early = list(dict.fromkeys(first))
        read_first = set(early)
        wanted = [name for name in names if name not in read_first]
        self._early, self._early_read = {}, threading.Event()
        done = self._early_read

        def fetch() -> None:
            try:
                if early:
                    self._objects.prefetch(early)
                    self._early = self._objects.hand_over()
                done.set()  # after `_early` is written: `early` reads it once this is set
                self._objects.prefetch(wanted)
            except BaseException as exc:  # handed to the caller by take()
                self._failure = exc
            finally:
                done.set()  # `early` waits no longer: there is nothing more to wait for

        self._thread = threading.Thread(target=fetch, name="cat-file-ahead", daemon=True)
        self._thread.start()

    def early(self, *, wait: bool = False) -> dict[str, tuple[str, str, bytes] | None] | None:
        """The batch's `first` objects once they are read (the rest may still be on its way), else None
        (and None when reading failed: `take` raises it); `wait`: until they are read. `take` gives them
        again with the rest."""
        if self._thread is None or not (self._early_read.wait() if wait else self._early_read.is_set()):
            return None
        return self._early if self._failure is None else None

    def take(self) -> dict[str, tuple[str, str, bytes] | None]:
        assert self._thread is not None, "start a batch first"
        self._thread.join()
        self._thread = None
        if self._failure is not None:
            raise self._failure
        fetched = self._objects.hand_over()
        if self._early:
            fetched.update(self._early)
            self._early = {}
        return fetched

    def close(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._objects.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def _plain_path(path: str) -> bool:
    """A path as git lists it (no empty, `.` or `..` part, no NUL or newline): `entries_at` compares git's
    listing with it as written."""
    parts = path.split("/")
    return "\0" not in path and "\n" not in path and all(part not in ("", ".", "..") for part in parts)


def _parents(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:index]) for index in range(1, len(parts))]

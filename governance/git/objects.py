"""The object reader: many objects through ONE `git cat-file --batch` process, never one process per file,
and a second one reading the next batch in the background."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO

from governance.errors import GovernanceError
from governance.git.process import command, environment
from governance.limits import BeyondLimit

# A blob read ahead (`prefetch`) is kept in memory up to this size (a YAML file's limit); a larger one (a
# text or a scan beyond its limit) is drained, not kept, and read again only if asked, by `blob_within`
# for what has a limit: a window of read-ahead blobs never holds an adversary's gigabyte.
_KEPT_AHEAD = 4 * 1024 * 1024
_DRAIN = 64 * 1024
_DRAINED = ("", "", b"")  # `_answer`'s mark for a blob drained, not kept


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

    def __enter__(self) -> Objects:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
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
        if "\n" in name or "\0" in name:
            return None  # cannot be asked on the batch protocol; no such object can be meant
        self._in.write(name.encode("utf-8", "surrogateescape") + b"\n")
        self._in.flush()
        return self._answer()

    def _answer(self, keep: int | None = None) -> tuple[str, str, bytes] | None:
        """The next answer; with `keep`, content larger than `keep` bytes is drained and `_DRAINED`."""
        header = self._out.readline()
        if not header:
            raise GovernanceError("git cat-file stopped answering; is the repository readable?")
        parts = header.split()
        if not _found(parts):
            return None
        size = int(parts[2])
        if keep is not None and size > keep:
            while size > 0:
                chunk = self._out.read(min(size, _DRAIN))
                if not chunk:
                    raise GovernanceError("git cat-file stopped answering; is the repository readable?")
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
        if "\n" in name or "\0" in name:
            return None
        if self._headers is None:
            self._headers = subprocess.Popen(
                command("cat-file", "--batch-check"),
                cwd=self._root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=environment(),
            )
        assert self._headers.stdin is not None and self._headers.stdout is not None
        self._headers.stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
        self._headers.stdin.flush()
        line = self._headers.stdout.readline()
        if not line:
            raise GovernanceError("git cat-file stopped answering; is the repository readable?")
        parts = line.split()
        return (parts[0].decode(), parts[1].decode(), int(parts[2])) if _found(parts) else None

    def blob_within(self, name: str, limit: int) -> bytes | BeyondLimit | None:
        """The blob, None when there is none, or its size when beyond `limit`: then not a byte of it is
        read (git's object header says its size), so a file an adversary made huge costs nothing."""
        found = self.header(name)
        if found is None or found[1] != "blob":
            return None
        if found[2] > limit:
            return BeyondLimit(found[2], limit)
        return self.blob(name if name in self._fetched else found[0])

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
    other. One batch at a time: `start`, then `take`."""

    def __init__(self, root: Path) -> None:
        self._objects = Objects(root)
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    def start(self, names: Iterable[str]) -> None:
        assert self._thread is None, "take the previous batch first"
        wanted = list(names)

        def fetch() -> None:
            try:
                self._objects.prefetch(wanted)
            except BaseException as exc:  # handed to the caller by take()
                self._failure = exc

        self._thread = threading.Thread(target=fetch, name="cat-file-ahead", daemon=True)
        self._thread.start()

    def take(self) -> dict[str, tuple[str, str, bytes] | None]:
        assert self._thread is not None, "start a batch first"
        self._thread.join()
        self._thread = None
        if self._failure is not None:
            raise self._failure
        return self._objects.hand_over()

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

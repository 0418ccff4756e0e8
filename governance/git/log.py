"""The first-parent log: every commit of a branch with its diff against its first parent, read whole or
streamed as git writes it."""

from __future__ import annotations

import atexit
import os
import queue
import subprocess
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, BinaryIO

from governance.errors import GovernanceError
from governance.git.parse import LogCommit, parse_log, parse_tokens
from governance.git.process import check_sha, command, environment, failure, run
from governance.i18n import _


def _log_args(rev: str) -> list[str]:
    return [
        "log",
        "--first-parent",
        "--reverse",
        "--raw",
        "-z",
        "--no-renames",
        "--no-abbrev",
        "--diff-merges=first-parent",
        "--format=%x01%H %P%x02%s",
        "--end-of-options",
        rev,
    ]


def first_parent_log(root: Path, rev: str) -> list[LogCommit]:
    """The first-parent history of `rev`, oldest first, each commit with its changes against its first
    parent (so a merge is diffed against the branch it was merged into: an evil merge shows)."""
    return parse_log(run(root, *_log_args(rev)))


@contextmanager
def streamed_first_parent_log(root: Path, rev: str) -> Iterator[Iterator[LogCommit]]:
    """first_parent_log, commit by commit as git writes it: an audit judges the first commits while git
    is still diffing the last ones (on two cores, the walk then costs about what git alone costs), and
    the output of 100,000 commits is never in memory at once. Iterate to the end: git's exit status is
    checked there; leaving early stops git."""
    early = _EARLY.pop((str(root), rev), None)
    with early[1] if early is not None else _errors_file() as errors:
        if early is not None:
            process = early[0]
        else:
            try:
                process = _started(root, rev, errors)
            except FileNotFoundError:
                raise GovernanceError(_("git was not found; install git")) from None
        assert process.stdout is not None
        output = process.stdout
        # A thread drains the pipe into a queue, so git never waits on a full pipe (64 KiB) while the walk
        # is busy judging: that is what lets the two run at once.
        drained = _Drain(output)

        def commits() -> Iterator[LogCommit]:
            yield from parse_tokens(_tokens(drained))
            if process.wait() != 0:
                errors.seek(0)
                raise failure(root, "log", errors.read(), process.returncode)

        try:
            yield commits()
        finally:
            if process.poll() is None:
                process.kill()
            drained.stop()
            output.close()
            process.wait()


def _started(root: Path, rev: str, errors: BinaryIO) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command(*_log_args(rev)), cwd=root, stdout=subprocess.PIPE, stderr=errors, env=environment()
    )


def start_early(root: Path, rev: str) -> None:
    """Start git on the log `streamed_first_parent_log(root, rev)` will read, now: git's diffs (90 ms of
    work at 1,000 x 1,000, its first commit written about 15 ms after it starts) then run while the gate's
    modules load (45 ms), which the audit otherwise waited through first (issue 14). Not a thread: the
    walk's children are forked before any is started. One that nobody reads is ended at exit."""
    key = (str(root), rev)
    if key in _EARLY:
        return
    errors = _errors_file()
    try:
        process = _started(root, rev, errors)
    except OSError:
        errors.close()
        return  # the walk starts git itself, and says what is wrong
    if not _EARLY:
        atexit.register(_end_early)
    _EARLY[key] = (process, errors)


def _end_early() -> None:
    for process, errors in _EARLY.values():
        if process.poll() is None:
            process.kill()
        assert process.stdout is not None
        process.stdout.close()
        process.wait()
        errors.close()
    _EARLY.clear()


# The logs `start_early` started, by repository and commit, until the walk takes each.
_EARLY: dict[tuple[str, str], tuple[subprocess.Popen[bytes], BinaryIO]] = {}


def _errors_file() -> BinaryIO:
    """A file for git's messages, read if it fails: a pipe could fill while the walk reads only the log.
    In memory where the system makes unnamed files (Linux), without loading tempfile (and the random,
    shutil, bz2 and lzma it brings: about 4 ms of every audit's start-up, issue 14)."""
    if hasattr(os, "memfd_create"):
        return os.fdopen(os.memfd_create("git-log-errors"), "w+b")
    import tempfile

    return tempfile.TemporaryFile()


class _Drain:
    """Chunks read from a pipe by a thread of their own, at most 64 of up to a MiB waiting."""

    def __init__(self, pipe: IO[bytes]) -> None:
        self._pipe = pipe
        self._chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=64)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._read, name="git-log-reader", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            while not self._stopping.is_set() and (chunk := self._pipe.read1(1 << 20)):  # type: ignore[attr-defined]
                self._put(chunk)
        except (OSError, ValueError):
            pass  # the pipe was closed under us: the end of the stream follows
        finally:
            self._put(None)

    def _put(self, item: bytes | None) -> None:
        while not self._stopping.is_set():
            try:
                self._chunks.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def __iter__(self) -> Iterator[bytes]:
        while (chunk := self._chunks.get()) is not None:
            yield chunk

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()


def _tokens(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The NUL-separated fields of a stream of chunks."""
    rest = b""
    for chunk in chunks:
        fields = (rest + chunk).split(b"\0")
        rest = fields.pop()
        yield from fields
    if rest:
        yield rest


def first_parent_log_after(root: Path, old: str, new: str) -> list[LogCommit]:
    """As first_parent_log, only the commits of `new`'s first-parent line after `old` (both commit ids)."""
    return first_parent_log(root, f"{check_sha(old)}..{check_sha(new)}")

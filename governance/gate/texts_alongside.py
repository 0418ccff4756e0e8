"""The regulation texts' facts worked out beside the audit's walk, in a child process that reads the texts
from a `git cat-file --batch` of its own: an audit that only reports keeps no text, and reading, hashing
and reading the front matter of every text its walk names (15 MB at 1,000 x 1,000) was the largest part of
the main process's own work, the critical path of the walk (issue 14).

The facts are those judging a change asks of its texts (`changes.TextFacts`: the digest, whether it is
UTF-8, what its front matter says of who decides), worked out by the very functions the main process calls
(`changes.text_facts`): nothing here decides anything. The child answers each blob id in the order asked,
naming it; a text it cannot read, or one beyond what a read ahead keeps, it says it does not know. A child
that cannot be forked (no fork, or other threads running: a fork copies none of them and may copy a lock one
holds), that stops answering or that answers anything but a well-formed answer to the blob asked leaves the
texts to the main process, which reads them itself: the verdicts are the same either way.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable
from pathlib import Path

from governance import git
from governance.gate.changes import BodiesNamed, TextFacts, text_facts
from governance.records.verifying import Feeder, fork_child

# The largest text the child reads (a read ahead's bound, git/objects.py): a larger one the main process
# reads when it is asked, as it always did.
_KEPT = 4 * 1024 * 1024
_AHEAD = 128  # names the child keeps git asked ahead of the text it works on: far below what a pipe holds
_KNOWN = 65536  # the facts the child keeps by blob id: an amendment's old side is an earlier one's new side
_DIGEST = re.compile(rb"sha256:[0-9a-f]{64}")
_UNKNOWN, _KNOWN_FACTS = b"U", b"F"
_FLAGS = frozenset({b"F00", b"F01", b"F10", b"F11"})
_0 = ord("0")
_NO_BODIES, _TRANSLATION = BodiesNamed(False, None), BodiesNamed(True, None)
_READ = 1024 * 1024  # bytes of answers read at once at most


class TextsAlongside:
    """`facts` of the blobs `submit`ted, worked out by the child. `close` it (contextlib.closing)."""

    def __init__(self, pid: int, requests: int, answers: int) -> None:
        self._pid = pid
        self._answers: int | None = answers
        self._rest = b""  # an answer's beginning, read before its end
        self._feeder = Feeder(requests, "texts-to-child")
        self._lock = threading.Lock()
        # The blob ids asked of the child, in the order it answers them; those not answered yet (a lock
        # guards the asking: the adoption's texts are asked from the thread that lists them).
        self._order: deque[str] = deque()
        self._pending: set[str] = set()
        self._asking: list[str] = []
        self._uses: dict[str, int] = {}  # blob id: how many times `facts` is still to be asked about it
        self._facts: dict[str, TextFacts | None] = {}  # answered, not yet asked as often as submitted

    @classmethod
    def fork(cls, root: Path) -> TextsAlongside | None:
        """The child, forked now: before any thread is started."""
        forked = fork_child(lambda requests, answers: _serve(root, requests, answers))
        return None if forked is None else cls(*forked)

    @property
    def alive(self) -> bool:
        """Whether the child still answers (else the main process reads every text itself)."""
        return self._answers is not None

    def submit(self, blobs: Iterable[str]) -> None:
        """Have the child work out the facts of these texts (blob ids), in this order: `facts` is asked once
        for each of them (its answer is dropped once asked as many times as submitted). A text already
        asked of the child, and not yet taken, is not asked again."""
        with self._lock:
            uses = self._uses
            for blob in blobs:
                uses[blob] = uses.get(blob, 0) + 1
                self._ask(blob)
            self._send()

    def expect(self, blobs: Iterable[str]) -> None:
        """Have the child start on these texts before they are `submit`ted (the adoption's, as soon as they
        are listed: from the thread that lists them). Their facts are kept until submitted and asked."""
        with self._lock:
            for blob in blobs:
                self._ask(blob)
            self._send()

    def _ask(self, blob: str) -> None:
        if blob not in self._pending and blob not in self._facts and self._answers is not None:
            self._pending.add(blob)
            self._asking.append(blob)

    def _send(self) -> None:
        """Send what `_ask` gathered (the lock held), as a batch: its count on a line, then an id a line."""
        asking, self._asking = self._asking, []
        if asking:
            self._order.extend(asking)
            self._feeder.send(
                b"%d\n" % len(asking) + b"".join(blob.encode("ascii") + b"\n" for blob in asking)
            )

    def facts(self, blob: str) -> TextFacts | None:
        """The facts of the text `blob`, once the child has answered them; None when not submitted, not
        known to the child, or the child has stopped answering (then the caller reads the text)."""
        while blob in self._pending:
            self._read_answers()
        uses = self._uses.get(blob, 0)
        if uses > 1:
            self._uses[blob] = uses - 1
            return self._facts.get(blob)
        if uses:
            del self._uses[blob]
        return self._facts.pop(blob, None)

    def _read_answers(self) -> None:
        """Take in the answers the child has written (waiting for one at least): a read of the pipe and a
        line each, where a read per field was a fifth of the main process's saving (issue 14)."""
        assert self._answers is not None
        data = os.read(self._answers, _READ)
        lines = (self._rest + data).split(b"\n")
        self._rest = lines.pop()
        order, pending, facts = self._order, self._pending, self._facts
        try:
            if not data:
                raise _NoAnswer
            for line in lines:
                blob = order.popleft()
                facts[blob] = _parse_answer(line, blob)
                pending.discard(blob)
        except (_NoAnswer, IndexError, ValueError):  # cut short, one answer too many, or none
            self._stop()

    def _stop(self) -> None:
        """Ask the child nothing more: every text not answered is read by the main process."""
        if self._answers is not None:
            os.close(self._answers)
            self._answers = None
        self._order.clear()
        self._pending.clear()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGKILL)

    def close(self) -> None:
        """End the child: told by the end of its answers' pipe (when it writes) or of its input (when it
        waits for more), it closes its git and exits; one that does not within a second (its git stuck) is
        killed, and so never left waiting, nor the thread writing to it."""
        if self._answers is not None:
            os.close(self._answers)
            self._answers = None
        self._feeder.end()
        try:
            for _ in range(1000):
                with contextlib.suppress(ChildProcessError):
                    if os.waitpid(self._pid, os.WNOHANG) == (0, 0):
                        time.sleep(0.001)
                        continue
                return  # ended (or reaped by the program's own SIGCHLD handler)
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self._pid, 0)
        finally:
            self._feeder.join()  # its last write fails once the child is gone


class _NoAnswer(Exception):
    """The child's answer is not one."""


def _parse_answer(line: bytes, blob: str) -> TextFacts | None:
    """An answer (`_answer`) about `blob`; None when the child does not know its text."""
    parts = line.split(b" ")
    if parts[0].decode("ascii") != blob:
        raise _NoAnswer
    if len(parts) == 2 and parts[1] == _UNKNOWN:
        return None
    if len(parts) != 4 or parts[1] not in _FLAGS or not _DIGEST.fullmatch(parts[2]):
        raise _NoAnswer
    flags = parts[1]
    if parts[3] == b"-":
        named = _NO_BODIES if flags[2] == _0 else _TRANSLATION
    else:
        governed_by = bytes.fromhex(parts[3].decode("ascii")).decode("utf-8", "surrogatepass")
        if not governed_by:
            raise _NoAnswer
        named = BodiesNamed(flags[2] != _0, governed_by)
    return TextFacts(parts[2].decode("ascii"), flags[1] != _0, named)


def _answer(blob: str, facts: TextFacts | None) -> bytes:
    """A line: the blob id, then U (its text not known), or F and the UTF-8 and translation flags (0 or 1),
    the digest, and governed_by in hexadecimal (its UTF-8 bytes) or - when the front matter names none."""
    if facts is None:
        return blob.encode("ascii") + b" " + _UNKNOWN + b"\n"
    named = facts.named
    governed_by = (
        b"-"
        if named.governed_by is None
        else named.governed_by.encode("utf-8", "surrogatepass").hex().encode()
    )
    flags = _KNOWN_FACTS + (b"1" if facts.utf8 else b"0") + (b"1" if named.translation else b"0")
    return b" ".join((blob.encode("ascii"), flags, facts.digest.encode("ascii"), governed_by)) + b"\n"


def _serve(root: Path, requests: int, answers: int) -> None:
    """The child: reads batches of blob ids (their count on a line, then an id a line) and answers each id
    in order (`_answer`)."""
    reader = os.fdopen(requests, "rb")
    known: dict[str, bytes] = {}  # blob id: its answer
    with git.Objects(root) as objects:
        while True:
            count = reader.readline()
            if not count:
                return
            names = [reader.readline()[:-1].decode("ascii") for _ in range(int(count))]
            _answer_all(objects, names, known, answers)


def _answer_all(objects: git.Objects, names: list[str], known: dict[str, bytes], answers: int) -> None:
    """Answer each of `names` in order, reading from git those not `known`, git kept a few ahead."""
    if len(known) > _KNOWN:
        for blob in list(known)[: len(known) - _KNOWN // 2]:
            del known[blob]
    todo = [name for name in dict.fromkeys(names) if name not in known]
    asked = min(_AHEAD, len(todo))
    objects.ask(todo[:asked])
    done = 0
    out: list[bytes] = []
    for name in names:
        if name not in known:
            if asked < len(todo) and asked - done < _AHEAD:
                more = min(asked + _AHEAD, len(todo))
                objects.ask(todo[asked:more])
                asked = more
            found = objects.next_blob(_KEPT)
            done += 1
            known[name] = _answer(name, text_facts(found) if isinstance(found, bytes) else None)
        out.append(known[name])
        if len(out) == _WRITTEN:
            _write_all(answers, b"".join(out))
            out = []
    _write_all(answers, b"".join(out))


_WRITTEN = 16  # answers written at once: a write each was a tenth of the child's work


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]

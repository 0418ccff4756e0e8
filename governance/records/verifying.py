"""Many signatures verified, and records read, while the caller goes on judging: the audit's 1,000 Ed25519
verifications at 1,000 x 1,000 were 0.1 s of a 0.7 s walk and reading its records 0.09 s, one core busy
while the other waited (issue 14).

`Verifications` answers each request exactly as `verify_signature` does. What is read of a signature
(sshsig.plain_signature: its envelope, the allowed_signers lines, the signer) is read here, by the caller;
only the Ed25519 arithmetic of the plain ones goes to a child process forked for it, which is sent the key,
the signature and the signed bytes and answers one byte each, in order. Its "no" is not a verdict either:
as in `verify_signature`, ssh-keygen then decides. A child that cannot be forked (no fork, or other threads
running: a fork copies none of them and may copy a lock one holds) or that stops answering leaves the
arithmetic to the caller, with the same answers.

A record is read (`reader`, the gate's parse of a record: pure, the same function in both processes) by
the child too when it is `submit_readings`ed: the caller then loads what the child made of it (pickle,
a tenth of the reading's cost) instead of reading it again. A reading the child could not make (it raised)
is made by the caller, which then raises as it always did.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable
from typing import BinaryIO, Generic, TypeVar, cast

from governance.records import sshsig
from governance.records.signatures import (
    SignatureCheck,
    signed_by,
    verify_signature,
    verify_signatures,
    verify_with_ssh_keygen,
)

Request = tuple[bytes, bytes, str, str]  # record, signature, allowed_signers, namespace
Reading = tuple[str, bytes]  # a record's path and content
T = TypeVar("T")
_SIZE = 4  # bytes of a length
_SIGNATURE, _READING = b"S", b"R"  # a frame's kind
_NOTHING = object()


class Verifications(Generic[T]):
    """`verify_signature` of the requests `submit`ted, asked by `check`; `reader` of the records
    `submit_readings`ed, asked by `read`; with `alongside`, the arithmetic of the plain signatures and the
    readings in a child process while the caller works. `close` it (contextlib.closing)."""

    def __init__(self, reader: Callable[[str, bytes], T], *, alongside: bool) -> None:
        self._reader = reader
        self._checks: dict[Request, SignatureCheck] = {}
        self._sent: dict[Request, sshsig.PlainSignature] = {}  # with the child, its answer not read yet
        self._readings: dict[Reading, T] = {}
        self._reading: set[Reading] = set()  # with the child, its answer not read yet
        # What the child was sent, in the order it answers.
        self._order: deque[tuple[bytes, Request | Reading]] = deque()
        self._frames: list[bytes] = []  # submitted, not sent yet (`flush`)
        self._others: dict[Request, None] = {}  # submitted for ssh-keygen, not verified yet (`flush`)
        self._child = _Child.fork(reader) if alongside else None

    def close(self) -> None:
        if self._child is not None:
            self._child.close()
            self._child = None

    def submit(self, requests: Iterable[Request]) -> None:
        """Start verifying these (each distinct one once) at the next `flush`; `check` gives the answers."""
        for request in requests:
            if request in self._checks or request in self._sent or request in self._others:
                continue
            found = sshsig.plain_signature(*request)
            if found is None:
                self._others[request] = None  # beyond the limit, or for ssh-keygen: verify_signatures
            elif self._child is None:
                self._checks[request] = _judged(
                    request, found, sshsig.holds(found.public, found.signature, found.data)
                )
            else:
                self._frames.append(
                    _SIGNATURE
                    + (96 + len(found.data)).to_bytes(_SIZE, "big")
                    + found.public
                    + found.signature
                    + found.data
                )
                self._sent[request] = found
                self._order.append((_SIGNATURE, request))

    def submit_readings(self, readings: Iterable[Reading]) -> None:
        """Have the child start reading these records at the next `flush` (without a child: nothing; `read`
        reads them)."""
        if self._child is None:
            return
        for path, content in readings:
            if (path, content) in self._reading or (path, content) in self._readings:
                continue
            name = path.encode("utf-8", "surrogateescape")
            self._frames.append(
                _READING
                + (_SIZE + len(name) + len(content)).to_bytes(_SIZE, "big")
                + len(name).to_bytes(_SIZE, "big")
                + name
                + content
            )
            self._reading.add((path, content))
            self._order.append((_READING, (path, content)))

    def flush(self) -> None:
        """Send what was submitted to the child in one go, and have ssh-keygen verify what is its (several
        processes at once: verify_signatures)."""
        if self._others:
            others = list(self._others)
            self._others.clear()
            self._checks.update(zip(others, verify_signatures(others), strict=True))
        if self._frames and self._child is not None:
            self._child.send(self._frames)
        self._frames = []

    def check(self, request: Request) -> SignatureCheck:
        """`verify_signature` of the request: from what `submit` started, or verified now."""
        self.flush()
        known = self._checks.get(request)
        if known is not None:
            return known
        while request in self._sent:
            self._take_answer()
        return self._checks.get(request) or verify_signature(*request)

    def read(self, path: str, content: bytes) -> T:
        """`reader(path, content)`: as the child made it, or made now (once: it is not kept)."""
        self.flush()
        key = (path, content)
        while key in self._reading:
            self._take_answer()
        found = self._readings.pop(key, _NOTHING)
        return self._reader(path, content) if found is _NOTHING else found  # type: ignore[return-value]

    def _take_answer(self) -> None:
        kind, key = self._order.popleft()
        child = self._child
        if kind == _SIGNATURE:
            request: Request = key  # type: ignore[assignment]
            found = self._sent.pop(request)
            holds = child.holds() if child is not None else None
            if holds is None:  # the child is gone: the arithmetic is done here
                holds = sshsig.holds(found.public, found.signature, found.data)
            self._checks[request] = _judged(request, found, holds)
            return
        reading: Reading = key  # type: ignore[assignment]
        self._reading.discard(reading)
        made = child.made() if child is not None else _NOTHING
        if made is not _NOTHING:  # else `read` reads it
            self._readings[reading] = cast(T, made)


def _judged(request: Request, found: sshsig.PlainSignature, holds: bool) -> SignatureCheck:
    """`verify_signature`'s answer: signed by the signer when the equation holds, else ssh-keygen's."""
    return signed_by(found.signer) if holds else verify_with_ssh_keygen(*request)


class _Child:
    """The child process: reads frames (a signature's key, signature and signed bytes; a record's path and
    content) and answers each in order: b"1" or b"0", and the pickled reading (or nothing, if it raised)."""

    def __init__(self, pid: int, requests: int, answers: int) -> None:
        self._pid = pid
        self._requests = requests
        self._answers: BinaryIO | None = os.fdopen(answers, "rb")
        self._queue: deque[bytes | None] = deque()
        self._ready = threading.Condition()
        # A thread writes the frames: the child answers while it reads them, and the caller, who reads
        # the answers, must never wait on a full pipe of requests meanwhile.
        self._writer = threading.Thread(target=self._write, name="work-to-child", daemon=True)
        self._writer.start()

    @classmethod
    def fork(cls, reader: Callable[[str, bytes], object]) -> _Child | None:
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return None
        requests_in, requests_out = os.pipe()
        answers_in, answers_out = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for end in (requests_in, requests_out, answers_in, answers_out):
                os.close(end)
            return None
        if pid == 0:  # the child: never returns, never prints, leaves the parent's files alone
            code = 1
            try:
                gc.disable()  # no finalizer of the parent's objects runs here
                _keep_only(requests_in, answers_out)
                _serve(requests_in, answers_out, reader)
                code = 0
            finally:
                os._exit(code)
        os.close(requests_in)
        os.close(answers_out)
        return cls(pid, requests_out, answers_in)

    def send(self, frames: Iterable[bytes]) -> None:
        joined = b"".join(frames)
        with self._ready:
            self._queue.append(joined)
            self._ready.notify()

    def holds(self) -> bool | None:
        """The next answer, a signature's; None once the child has stopped answering."""
        byte = self._next(1)
        return None if byte is None or byte not in (b"0", b"1") else byte == b"1"

    def made(self) -> object:
        """The next answer, a reading; _NOTHING when the child could not make it, or stopped answering."""
        size = self._next(_SIZE)
        pickled = (
            self._next(int.from_bytes(size, "big")) if size is not None and size != bytes(_SIZE) else None
        )
        return _NOTHING if pickled is None else pickle.loads(pickled)

    def _next(self, size: int) -> bytes | None:
        if self._answers is None:
            return None
        data = self._answers.read(size)
        if len(data) < size:
            self._answers.close()
            self._answers = None
            return None
        return data

    def close(self) -> None:
        with self._ready:
            self._queue.append(None)
            self._ready.notify()
        os.kill(self._pid, signal.SIGKILL)  # what it still had to do is not wanted; not reaped yet: it exists
        self._writer.join()
        if self._answers is not None:
            self._answers.close()
            self._answers = None
        os.waitpid(self._pid, 0)

    def _write(self) -> None:
        try:
            while True:
                with self._ready:
                    while not self._queue:
                        self._ready.wait()
                    frames = self._queue.popleft()
                if frames is None:
                    return
                view = memoryview(frames)
                while view:
                    view = view[os.write(self._requests, view) :]
        except OSError:
            pass  # the child is gone: the caller does the work itself
        finally:
            os.close(self._requests)


def _keep_only(*kept: int) -> None:
    """Close every descriptor above stderr but `kept`: the child holds no pipe of the parent's open (a
    git process would wait for an end of input that never comes)."""
    low = 3
    for fd in sorted(kept):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 65536)


def _serve(requests: int, answers: int, reader: Callable[[str, bytes], object]) -> None:
    frames = os.fdopen(requests, "rb")
    while True:
        head = frames.read(1 + _SIZE)
        if len(head) < 1 + _SIZE:
            return
        body = frames.read(int.from_bytes(head[1:], "big"))
        if head[:1] == _SIGNATURE:
            good = sshsig.holds(body[:32], body[32:96], body[96:])
            os.write(answers, b"1" if good else b"0")
            continue
        named = _SIZE + int.from_bytes(body[:_SIZE], "big")
        try:
            made = pickle.dumps(reader(body[_SIZE:named].decode("utf-8", "surrogateescape"), body[named:]))
        except Exception:  # the caller reads it again, and raises what the reader raises
            made = b""
        _write_all(answers, len(made).to_bytes(_SIZE, "big") + made)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]

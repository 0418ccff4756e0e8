"""Many signatures verified while the caller goes on judging: the audit's 1,000 Ed25519 verifications at
1,000 x 1,000 were 0.1 s of a 0.7 s walk, one core busy while the other waited (issue 14).

`Verifications` answers each request exactly as `verify_signature` does. What is read of a signature
(sshsig.plain_signature: its envelope, the allowed_signers lines, the signer) is read here, by the caller;
only the Ed25519 arithmetic of the plain ones goes to a child process forked for it, which is sent the key,
the signature and the signed bytes and answers one byte each, in order. Its "no" is a refusal only where
ssh-keygen computes the same equation (`judged_plain`); elsewhere ssh-keygen decides, as in `verify_signature`. A child that cannot be forked (no fork, or other threads
running: a fork copies none of them and may copy a lock one holds) or that stops answering leaves the
arithmetic to the caller, with the same answers.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable
from typing import BinaryIO

from governance.records import sshsig
from governance.records.signatures import (
    SignatureCheck,
    judged_plain,
    verify_signature,
    verify_signatures,
    verify_with_ssh_keygen,
)

Request = tuple[bytes, bytes, str, str]  # record, signature, allowed_signers, namespace
_FRAME = 4  # bytes of a request's length


class Verifications:
    """`verify_signature` of the requests `submit`ted, asked by `check`; with `alongside`, the arithmetic
    of the plain ones in a child process while the caller works. `close` it (contextlib.closing)."""

    def __init__(self, *, alongside: bool) -> None:
        self._checks: dict[Request, SignatureCheck] = {}
        self._sent: dict[Request, sshsig.PlainSignature] = {}  # with the child, its answer not read yet
        self._order: deque[Request] = deque()  # the requests sent, in the order the child answers them
        self._child = _Arithmetic.fork() if alongside else None

    def close(self) -> None:
        if self._child is not None:
            self._child.close()
            self._child = None

    def submit(self, requests: Iterable[Request]) -> None:
        """Start verifying these (each distinct one once); `check` gives the answers."""
        plain: list[tuple[Request, sshsig.PlainSignature]] = []
        other: list[Request] = []
        for request in dict.fromkeys(requests):
            if request in self._checks or request in self._sent:
                continue
            found = sshsig.plain_signature(*request)
            if found is None:
                other.append(request)  # beyond the limit, or for ssh-keygen: as verify_signatures says
            else:
                plain.append((request, found))
        self._checks.update(zip(other, verify_signatures(other), strict=True))
        child = self._child
        if child is None:
            for request, found in plain:
                self._checks[request] = _judged(
                    request, found, sshsig.holds(found.public, found.signature, found.data)
                )
            return
        child.send([found for _, found in plain])
        for request, found in plain:
            self._sent[request] = found
            self._order.append(request)

    def check(self, request: Request) -> SignatureCheck:
        """`verify_signature` of the request: from what `submit` started, or verified now."""
        known = self._checks.get(request)
        if known is not None:
            return known
        while request in self._sent:
            self._take_answer()
        return self._checks.get(request) or verify_signature(*request)

    def _take_answer(self) -> None:
        request = self._order.popleft()
        found = self._sent.pop(request)
        answer = self._child.answer() if self._child is not None else None
        if answer is None:  # the child is gone: the arithmetic is done here
            answer = sshsig.holds(found.public, found.signature, found.data)
        self._checks[request] = _judged(request, found, answer)


def _judged(request: Request, found: sshsig.PlainSignature, holds: bool) -> SignatureCheck:
    """`verify_signature`'s answer: signed by the signer when the equation holds, refused when it fails as it
    does for ssh-keygen, else ssh-keygen's."""
    return judged_plain(*request, found, holds) or verify_with_ssh_keygen(*request)


class _Arithmetic:
    """The child process: reads (key, signature, signed bytes) frames, answers b"1" or b"0" for each."""

    def __init__(self, pid: int, requests: int, answers: int) -> None:
        self._pid = pid
        self._answers: BinaryIO | None = os.fdopen(answers, "rb")
        self._feeder = Feeder(requests, "signatures-to-child")

    @classmethod
    def fork(cls) -> _Arithmetic | None:
        forked = fork_child(_serve)
        return None if forked is None else cls(*forked)

    def send(self, found: list[sshsig.PlainSignature]) -> None:
        self._feeder.send(
            b"".join(
                len(item.data).to_bytes(_FRAME, "big") + item.public + item.signature + item.data
                for item in found
            )
        )

    def answer(self) -> bool | None:
        """The next answer; None once the child has stopped answering."""
        if self._answers is None:
            return None
        byte = self._answers.read(1)
        if byte not in (b"0", b"1"):
            self._answers.close()
            self._answers = None
            return None
        return byte == b"1"

    def close(self) -> None:
        # What it still had to do is not wanted. Not reaped yet, so it exists, unless the program reaps every
        # child itself (a SIGCHLD handler waiting for any): then there is nothing left to end or to wait for.
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGKILL)
        self._feeder.close()
        if self._answers is not None:
            self._answers.close()
            self._answers = None
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)


def fork_child(serve: Callable[[int, int], None]) -> tuple[int, int, int] | None:
    """A child process forked now that runs `serve(requests, answers)` on two pipes of its own, then exits:
    (its pid, the write end of its requests, the read end of its answers). None when it cannot be forked
    (no fork, or other threads running: a fork copies none of them and may copy a lock one holds)."""
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
            keep_only(requests_in, answers_out)
            serve(requests_in, answers_out)
            code = 0
        finally:
            os._exit(code)
    os.close(requests_in)
    os.close(answers_out)
    return pid, requests_out, answers_in


class Feeder:
    """Writes what it is sent to a child's pipe of requests from a thread of its own, started at the first
    `send` (a child is forked before any thread): the child answers while it reads, and whoever reads its
    answers must never wait on a full pipe of requests meanwhile. The pipe is closed at `close`, or as
    soon as the child is gone (its answers are then worked out by the caller)."""

    def __init__(self, requests: int, name: str) -> None:
        self._requests, self._name = requests, name
        self._queue: deque[bytes | None] = deque()
        self._ready = threading.Condition()
        self._thread: threading.Thread | None = None
        self._gone = False  # the child is gone: nothing sent is kept (a walk's every later window was)

    def send(self, data: bytes) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._write, name=self._name, daemon=True)
            self._thread.start()
        with self._ready:
            if self._gone:
                return
            self._queue.append(data)
            self._ready.notify()

    def close(self) -> None:
        """Close the pipe once what was sent is written (or the child is gone)."""
        self.end()
        self.join()

    def end(self) -> None:
        """Have the pipe closed once what was sent is written, without waiting for it."""
        if self._thread is None:
            if self._requests >= 0:
                os.close(self._requests)
                self._requests = -1
            return
        with self._ready:
            self._queue.append(None)
            self._ready.notify()

    def join(self) -> None:
        """Wait for the pipe to be closed (the child gone, or what was sent written)."""
        if self._thread is not None:
            self._thread.join()

    def _write(self) -> None:
        try:
            while True:
                with self._ready:
                    while not self._queue:
                        self._ready.wait()
                    data = self._queue.popleft()
                if data is None:
                    return
                view = memoryview(data)
                while view:
                    view = view[os.write(self._requests, view) :]
        except OSError:
            with self._ready:  # the child is gone
                self._gone = True
                self._queue.clear()
        finally:
            os.close(self._requests)


def keep_only(*kept: int) -> None:
    """Close every descriptor above stderr but `kept`: the child holds no pipe of the parent's open (a
    git process would wait for an end of input that never comes)."""
    low = 3
    for fd in sorted(kept):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 65536)


def _serve(requests: int, answers: int) -> None:
    # The arithmetic's library loaded now, not at the first request (25 to 50 ms): the caller walks the log
    # and reads the first blobs meanwhile, where it waited for the first answers (issue 14).
    sshsig.holds(bytes(32), bytes(64), b"")
    reader = os.fdopen(requests, "rb")
    while True:
        head = reader.read(_FRAME)
        if len(head) < _FRAME:
            return
        body = reader.read(32 + 64 + int.from_bytes(head, "big"))
        public, signature, data = body[:32], body[32:96], body[96:]
        os.write(answers, b"1" if sshsig.holds(public, signature, data) else b"0")

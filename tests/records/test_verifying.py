"""Signatures verified beside the caller's work (governance/records/verifying.py): every answer is
`verify_signature`'s, whether the arithmetic was done by the forked child, by the caller, or by the
caller after the child went away; and the child holds none of the caller's files open."""

from __future__ import annotations

import os
import select
import signal
import threading
from contextlib import closing
from pathlib import Path

import pytest

from governance.limits import MAX_SIGNATURE_BYTES
from governance.records import sshsig
from governance.records.signatures import SignatureCheck, sign_record, verify_signature
from governance.records.verifying import Request, Verifications
from tests.testing.sshkeys import NAMESPACE, Keys

RECORD = b"id: BD-2026-007\nbody: board-of-directors\n"


@pytest.fixture(scope="module")
def requests(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> list[Request]:
    """Good plain signatures, and each way a request leaves the plain case or fails in it."""
    folder = tmp_path_factory.mktemp("verifying")
    allowed = keys.secretary.allowed_signers()
    signed: list[Request] = []
    for number in range(6):
        record = folder / f"BD-2026-{number:03}.yml"
        record.write_bytes(RECORD + f"number: {number}\n".encode())
        signed.append(
            (
                record.read_bytes(),
                sign_record(record, keys.secretary.private, NAMESPACE).read_bytes(),
                allowed,
                NAMESPACE,
            )
        )
    outsider = folder / "outsider.yml"
    outsider.write_bytes(RECORD)
    by_outsider = sign_record(outsider, keys.outsider.private, NAMESPACE).read_bytes()
    good_record, good_signature = signed[0][0], signed[0][1]
    return [
        *signed,
        (good_record + b"# changed\n", good_signature, allowed, NAMESPACE),  # plain, the equation fails
        (good_record, good_signature, allowed, "git"),  # another namespace: ssh-keygen says why
        (RECORD, by_outsider, allowed, NAMESPACE),  # a key nobody allowed
        (
            good_record,
            good_signature.replace(b"\n", b"\n" + b" " * MAX_SIGNATURE_BYTES, 1),
            allowed,
            NAMESPACE,
        ),
        (
            good_record,
            good_signature,
            f'"{keys.secretary.identity}" {keys.secretary.public.read_text()}',
            NAMESPACE,
        ),
        *signed[:2],  # asked twice
    ]


def _expected(requests: list[Request]) -> list[SignatureCheck]:
    return [verify_signature(*request) for request in requests]


def test_the_child_does_the_arithmetic_and_every_answer_is_verify_signatures(
    requests: list[Request], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _expected(requests)
    with closing(Verifications(alongside=True)) as verifications:
        # The child was forked with the real arithmetic; here, none may be done.
        monkeypatch.setattr(sshsig, "holds", _no_arithmetic)
        verifications.submit(requests[:5])
        verifications.submit(requests[3:])
        answers = [verifications.check(request) for request in reversed(requests)]

    assert answers[::-1] == expected
    assert [check.valid for check in expected] == [True] * 6 + [False] * 4 + [True] * 3  # ssh-keygen: quoted


def test_without_a_child_the_answers_are_the_same(requests: list[Request]) -> None:
    with closing(Verifications(alongside=False)) as verifications:
        verifications.submit(requests)
        answers = [verifications.check(request) for request in requests]

    assert answers == _expected(requests)


def test_a_child_that_went_away_leaves_the_arithmetic_to_the_caller(requests: list[Request]) -> None:
    with closing(Verifications(alongside=True)) as verifications:
        child = verifications._child
        assert child is not None
        os.kill(child._pid, signal.SIGKILL)
        verifications.submit(requests)
        answers = [verifications.check(request) for request in requests]

    assert answers == _expected(requests)


def test_a_request_never_submitted_is_verified_when_asked(requests: list[Request]) -> None:
    with closing(Verifications(alongside=True)) as verifications:
        verifications.submit(requests[:1])
        answers = [verifications.check(request) for request in requests]

    assert answers == _expected(requests)


def test_no_child_is_forked_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with closing(Verifications(alongside=True)) as verifications:
            assert verifications._child is None
    finally:
        stop.set()
        other.join()
    with closing(Verifications(alongside=True)) as verifications:
        assert verifications._child is not None


def test_the_child_holds_none_of_the_callers_files_open(tmp_path: Path) -> None:
    """A pipe to git that the child kept open would make git wait forever for the end of its input."""
    reading, writing = os.pipe()
    try:
        with closing(Verifications(alongside=True)) as verifications:
            assert verifications._child is not None
            os.close(writing)
            ready, _, _ = select.select([reading], [], [], 10)
            assert ready and os.read(reading, 1) == b""  # the end of input: nobody else holds it
    finally:
        os.close(reading)


def test_the_child_is_reaped(requests: list[Request]) -> None:
    with closing(Verifications(alongside=True)) as verifications:
        child = verifications._child
        assert child is not None
        verifications.submit(requests)
        verifications.check(requests[0])
    with pytest.raises(ChildProcessError):
        os.waitpid(child._pid, os.WNOHANG)


def _no_arithmetic(public: bytes, signature: bytes, data: bytes) -> bool:
    raise AssertionError("the arithmetic was done by the caller, not by the child")


def test_a_child_reaped_by_someone_else_is_no_error(requests: list[Request]) -> None:
    """A program that reaps every child itself (a SIGCHLD handler waiting for any) leaves nothing to end."""
    verifications = Verifications(alongside=True)
    child = verifications._child
    assert child is not None
    verifications.submit(requests[:1])
    verifications.check(requests[0])
    os.kill(child._pid, signal.SIGKILL)
    os.waitpid(child._pid, 0)

    verifications.close()

    assert verifications._child is None

"""A bad signature is refused in-process where every ssh-keygen refuses it, with the words ssh-keygen's path
gives, so that it costs no process (fourth red-team review: 1,000 garbage .sig files, 7 ms each). Each
in-process verdict is proved here with ssh-keygen absent from PATH, and compared with real ssh-keygen's."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance.records import sshsig
from governance.records.signatures import SignatureCheck, verify_signature, verify_with_ssh_keygen
from tests.testing.sshkeys import NAMESPACE, KeyPair, Keys

RECORD = b"id: BD-2026-011\nbody: board-of-directors\ndecisions: []\n"
_L = 2**252 + 27742317777372353535851937790883648493


@pytest.fixture(scope="module")
def signature(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _sign(keys.secretary, tmp_path_factory.mktemp("bad-signatures"))


def _sign(key: KeyPair, folder: Path, namespace: str = NAMESPACE) -> bytes:
    done = subprocess.run(
        ["ssh-keygen", "-Y", "sign", "-f", str(key.private), "-n", namespace],
        input=RECORD,
        capture_output=True,
        check=True,
        cwd=folder,
    )
    return done.stdout


def _armor(blob: bytes, newline: bytes = b"\n") -> bytes:
    body = base64.b64encode(blob)
    lines = [body[i : i + 70] for i in range(0, len(body), 70)]
    return newline.join([b"-----BEGIN SSH SIGNATURE-----", *lines, b"-----END SSH SIGNATURE-----", b""])


def _with_signature(armored: bytes, raw: bytes) -> bytes:
    """The signature with its 64 Ed25519 bytes replaced (they end the blob)."""
    blob = sshsig.dearmor(armored)
    assert blob is not None and len(raw) == 64
    return _armor(blob[:-64] + raw)


def _without_ssh_keygen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "no-ssh-keygen"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(empty))


def _ssh_keygen_accepts(record: bytes, armored: bytes, allowed: str, identity: str, tmp_path: Path) -> bool:
    (tmp_path / "allowed").write_text(allowed, encoding="utf-8")
    (tmp_path / "record.sig").write_bytes(armored)
    done = subprocess.run(
        ["ssh-keygen", "-Y", "verify", "-f", "allowed", "-I", identity, "-n", NAMESPACE, "-s", "record.sig"],
        input=record,
        capture_output=True,
        check=False,
        cwd=tmp_path,
    )
    return done.returncode == 0


def _refusals(
    record: bytes, armored: bytes, allowed: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> tuple[SignatureCheck, SignatureCheck]:
    """The refusal made without ssh-keygen on PATH, and then ssh-keygen's own."""
    by_ssh_keygen = verify_with_ssh_keygen(record, armored, allowed, NAMESPACE)
    with monkeypatch.context() as patch:
        _without_ssh_keygen(patch, tmp_path)
        in_process = verify_signature(record, armored, allowed, NAMESPACE)
    return in_process, by_ssh_keygen


def test_a_wrong_signature_by_an_allowed_key_is_refused_in_process_in_ssh_keygens_words(
    keys: Keys, signature: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    allowed = keys.secretary.allowed_signers()
    blob = sshsig.dearmor(signature)
    assert blob is not None
    wrong = _with_signature(signature, bytes(64))  # an adversary's bytes beside the allowed key blob
    changed = RECORD + b"# changed\n"
    for record, armored in ((RECORD, wrong), (changed, signature)):
        in_process, by_ssh_keygen = _refusals(record, armored, allowed, monkeypatch, tmp_path)
        assert in_process == by_ssh_keygen
        assert not in_process.valid and in_process.signer is None
        assert in_process.reason == (
            "the signature does not verify for hanako.sato@example.com in namespace "
            "'regulation-governance': the record was changed after signing, or signed for another namespace "
            "(Signature verification failed: incorrect signature)"
        )


def test_a_signature_for_another_namespace_is_refused_in_process(
    keys: Keys, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    armored = _sign(keys.secretary, tmp_path, namespace="file")
    allowed = keys.secretary.allowed_signers()
    in_process, by_ssh_keygen = _refusals(RECORD, armored, allowed, monkeypatch, tmp_path)
    assert in_process == by_ssh_keygen
    assert "namespace does not match" in in_process.reason


@pytest.mark.parametrize(
    "armored",
    [
        b"",
        b"not a signature at all\n",
        bytes(range(256)),
        b" -----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n",
        b"-----BEGIN SSH SIGNATURE-----AAAA\n-----END SSH SIGNATURE-----\n",
        b"-----BEGIN SSH SIGNATURE-----\nAAAA\n",
        b"-----BEGIN SSH SIGNATURE-----\nAA*A\n-----END SSH SIGNATURE-----\n",
        b"-----BEGIN SSH SIGNATURE-----\nAA\x00A\n-----END SSH SIGNATURE-----\n",
        _armor(b"SSHSIX" + bytes(60)),
        _armor(b"SSHSIG\x00\x00\x00\x02" + bytes(60)),
        _armor(b"SSHSIG\x00\x00"),
    ],
)
def test_what_no_ssh_keygen_reads_is_malformed_in_process(
    keys: Keys, armored: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert sshsig.unreadable(armored)
    in_process, by_ssh_keygen = _refusals(
        RECORD, armored, keys.secretary.allowed_signers(), monkeypatch, tmp_path
    )
    assert in_process == by_ssh_keygen
    assert (
        in_process.reason == "the signature is malformed or was not made by a key listed in allowed_signers"
    )


def test_armor_variants_get_ssh_keygens_own_verdict(keys: Keys, signature: bytes, tmp_path: Path) -> None:
    """A missing final newline is read in-process; CRLF line ends (a Windows checkout) are left to the
    ssh-keygen installed, which decides (OpenSSH 9.2 refuses them, later versions read them)."""
    allowed = keys.secretary.allowed_signers()
    identity = keys.secretary.identity
    blob = sshsig.dearmor(signature)
    assert blob is not None
    no_final_newline = signature[:-1]
    assert sshsig.verify_plain(RECORD, no_final_newline, allowed, NAMESPACE) == identity
    assert _ssh_keygen_accepts(RECORD, no_final_newline, allowed, identity, tmp_path)
    crlf = _armor(blob, b"\r\n")
    assert not sshsig.unreadable(crlf) and sshsig.refusal(crlf, NAMESPACE) is None
    check = verify_signature(RECORD, crlf, allowed, NAMESPACE)
    assert check.valid == _ssh_keygen_accepts(RECORD, crlf, allowed, identity, tmp_path)


def test_padding_bits_ssh_keygen_refuses_are_not_read_in_process(keys: Keys, signature: bytes) -> None:
    """ssh-keygen's base64 decoder refuses padding bits that are not zero, Python's ignores them."""
    body = b"".join(signature.split(b"\n")[1:-2])
    assert body.endswith(b"=")  # the secretary's 172-byte blob ends in padding
    stem = body.rstrip(b"=")
    last = base64.b64encode(base64.b64decode(stem[-4:] + b"=" * (-len(stem) % 4)))  # canonical
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    odd = stem[:-1] + alphabet[alphabet.index(stem[-1:]) + 1 : alphabet.index(stem[-1:]) + 2]
    padded = odd + b"=" * (len(body) - len(stem))
    assert padded != body and last
    armored = b"-----BEGIN SSH SIGNATURE-----\n" + padded + b"\n-----END SSH SIGNATURE-----\n"
    allowed = keys.secretary.allowed_signers()
    assert sshsig.dearmor(armored) is None
    assert sshsig.verify_plain(RECORD, armored, allowed, NAMESPACE) is None
    assert not verify_signature(RECORD, armored, allowed, NAMESPACE).valid  # ssh-keygen's verdict


def test_a_scalar_beyond_the_group_order_gets_ssh_keygens_verdict(
    keys: Keys, signature: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """S + L verifies for ssh-keygen's reduced arithmetic and not for OpenSSL's: it is left to ssh-keygen
    when its equation holds, and refused in-process when it fails (as for ssh-keygen); S >= 2^253 is refused
    in-process (ssh-keygen's first test)."""
    allowed = keys.secretary.allowed_signers()
    blob = sshsig.dearmor(signature)
    assert blob is not None
    r, s = blob[-64:-32], int.from_bytes(blob[-32:], "little")
    if s + _L < 2**253:
        malleated = _with_signature(signature, r + (s + _L).to_bytes(32, "little"))
        check = verify_signature(RECORD, malleated, allowed, NAMESPACE)
        assert check.valid == _ssh_keygen_accepts(
            RECORD, malleated, allowed, keys.secretary.identity, tmp_path
        )
        in_process, by_ssh_keygen = _refusals(RECORD + b"#\n", malleated, allowed, monkeypatch, tmp_path)
        assert in_process == by_ssh_keygen and not in_process.valid
    high = _with_signature(signature, r + (s | 1 << 254).to_bytes(32, "little"))
    in_process, by_ssh_keygen = _refusals(RECORD, high, allowed, monkeypatch, tmp_path)
    assert in_process == by_ssh_keygen and "incorrect signature" in in_process.reason


@pytest.mark.parametrize(
    "public",
    [
        (1).to_bytes(32, "little"),  # y = 1: x = 0, the neutral point (the decoders differ on x = 0)
        ((2**255 - 19 + 1).to_bytes(32, "little")),  # y >= p: not canonical
        (2).to_bytes(32, "little"),  # y = 2: no x on the curve
    ],
)
def test_keys_the_decoders_may_read_differently_are_left_to_ssh_keygen(public: bytes) -> None:
    assert not sshsig.same_point(public)


def test_a_real_key_is_the_same_point_for_both(keys: Keys) -> None:
    key = base64.b64decode(keys.secretary.public.read_text(encoding="utf-8").split()[1])
    public = sshsig.ed25519_key(key)
    assert public is not None and sshsig.same_point(public)


_EDITS = st.sampled_from([b"\r\n", b"\n", b" ", b"=", b"A", b"*", b"\x00", b"-", b"\t", b"\xc2\xa0"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_what_is_judged_in_process_is_what_ssh_keygen_says(
    keys: Keys, signature: bytes, tmp_path: Path, data: st.DataObject
) -> None:
    """Edited armors (blanks, padding, CRLF, NUL, bytes outside base64, cuts): whatever the in-process
    reading claims, real `ssh-keygen -Y verify` says the same."""
    armored = bytearray(signature)
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(armored)))
        if data.draw(st.booleans()):
            armored[at:at] = data.draw(_EDITS)
        else:
            del armored[at : at + data.draw(st.integers(1, 40))]
    edited = bytes(armored)
    allowed = keys.secretary.allowed_signers()
    accepted = _ssh_keygen_accepts(RECORD, edited, allowed, keys.secretary.identity, tmp_path)
    if sshsig.unreadable(edited) or sshsig.refusal(edited, NAMESPACE) is not None:
        assert not accepted
    if sshsig.verify_plain(RECORD, edited, allowed, NAMESPACE) is not None:
        assert accepted


def test_a_signature_only_ssh_keygen_judges_is_asked_once_however_it_is_re_armored(
    keys: Keys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(R, S + L) holds for ssh-keygen's reduced arithmetic and is left to it: a thousand armors of it (blanks,
    longer lines, text after the footer) would be a thousand processes; they are one."""
    allowed = keys.secretary.allowed_signers()
    for attempt in range(40):  # a signature whose S + L stays below 2^253 (about one in two)
        record = RECORD + f"# {attempt}\n".encode()
        (tmp_path / "record.yml").write_bytes(record)
        done = subprocess.run(
            ["ssh-keygen", "-Y", "sign", "-f", str(keys.secretary.private), "-n", NAMESPACE],
            input=record,
            capture_output=True,
            check=True,
        )
        blob = sshsig.dearmor(done.stdout)
        assert blob is not None
        s = int.from_bytes(blob[-32:], "little")
        if s + _L < 2**253:
            break
    else:
        pytest.fail("no signature with S + L below 2^253 in 40")
    malleated = _with_signature(done.stdout, blob[-64:-32] + (s + _L).to_bytes(32, "little"))
    lines = malleated.split(b"\n")
    variants = [
        malleated,
        malleated.replace(b"\nU1", b"\n U1"),
        malleated + b"a note\n",
        b"\n".join([lines[0], b"".join(lines[1:-2]), *lines[-2:]]),  # one long line
        malleated.replace(b"\n", b"\n\t", 2).replace(b"-----\n\t", b"-----\n", 1),
    ]
    assert len(set(variants)) == len(variants)
    log = tmp_path / "runs.log"
    real = shutil.which("ssh-keygen")
    assert real is not None
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "ssh-keygen").write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> {log}\nexec {real} "$@"\n')
    (folder / "ssh-keygen").chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")

    checks = [verify_signature(record, variant, allowed, NAMESPACE) for variant in variants]

    assert len(log.read_text(encoding="utf-8").splitlines()) == 1
    assert len(set(checks)) == 1  # one verdict, ssh-keygen's (9.2 reduces S and accepts; a later one may not)
    assert checks[0].valid == _ssh_keygen_accepts(
        record, malleated, allowed, keys.secretary.identity, tmp_path
    )

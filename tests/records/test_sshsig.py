"""The in-process verifier against ssh-keygen itself: it may only ever say "valid" where ssh-keygen says
valid with the same signer, and must say it for the plain case (real keys, real signatures)."""

from __future__ import annotations

import base64
import binascii
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from governance.records import sshsig
from governance.records.signatures import verify_signature, verify_with_ssh_keygen
from tests.testing.sshkeys import NAMESPACE, KeyPair, Keys

RECORD = b"id: BD-2026-009\nbody: board-of-directors\ndecisions: []\n"


def _sign(key: KeyPair, folder: Path, *options: str, namespace: str = NAMESPACE) -> bytes:
    done = subprocess.run(
        ["ssh-keygen", "-Y", "sign", "-f", str(key.private), "-n", namespace, *options],
        input=RECORD,
        capture_output=True,
        check=True,
        cwd=folder,
    )
    return done.stdout


@pytest.fixture(scope="module")
def signature(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _sign(keys.secretary, tmp_path_factory.mktemp("sshsig"))


@pytest.fixture(scope="module")
def ecdsa(tmp_path_factory: pytest.TempPathFactory) -> KeyPair:
    private = tmp_path_factory.mktemp("ecdsa") / "id_ecdsa"
    subprocess.run(["ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", str(private)], check=True)
    return KeyPair(private, "ecdsa@example.com")


def _public(key: KeyPair) -> str:
    return " ".join(key.public.read_text(encoding="utf-8").split()[:2])


def _agree(record: bytes, armored: bytes, allowed: str, namespace: str = NAMESPACE) -> str | None:
    """The in-process verdict, after proving ssh-keygen says valid with the same signer wherever it
    names a signer (a None from it is "ask ssh-keygen", never a verdict)."""
    plain = sshsig.verify_plain(record, armored, allowed, namespace)
    if plain is not None:
        by_ssh_keygen = verify_with_ssh_keygen(record, armored, allowed, namespace)
        assert by_ssh_keygen.valid and by_ssh_keygen.signer == plain, by_ssh_keygen.reason
    return plain


def _fields(armored: bytes) -> list[bytes]:
    blob = sshsig.dearmor(armored)
    assert blob is not None
    parsed = sshsig._strings(blob, 10, 5)
    assert parsed is not None
    return parsed[0]


def _envelope(
    fields: list[bytes], *, version: int = 1, trailing: bytes = b"", width: int = 70, newline: bytes = b"\n"
) -> bytes:
    blob = b"SSHSIG" + version.to_bytes(4, "big")
    blob += b"".join(len(field).to_bytes(4, "big") + field for field in fields) + trailing
    body = base64.b64encode(blob)
    lines = [body[i : i + width] for i in range(0, len(body), width)]
    return newline.join([b"-----BEGIN SSH SIGNATURE-----", *lines, b"-----END SSH SIGNATURE-----", b""])


def test_the_plain_case_is_judged_in_process_as_ssh_keygen_judges_it(
    keys: Keys, signature: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    allowed = keys.secretary.allowed_signers()
    assert _agree(RECORD, signature, allowed) == keys.secretary.identity
    # ...and without a process: the point of the module.
    monkeypatch.setattr("governance.records.signatures._run", _no_process)
    check = verify_signature(RECORD, signature, allowed, NAMESPACE)
    assert check.valid and check.signer == keys.secretary.identity


def _no_process(args: list[str], stdin: bytes = b"") -> None:
    raise AssertionError(f"no ssh-keygen run expected, got {args}")


def test_a_sha256_signature(keys: Keys, tmp_path: Path) -> None:
    armored = _sign(keys.secretary, tmp_path, "-O", "hashalg=sha256")
    assert _fields(armored)[3] == b"sha256"
    assert _agree(RECORD, armored, keys.secretary.allowed_signers()) == keys.secretary.identity


def test_a_changed_record_or_namespace_is_left_to_ssh_keygen_which_refuses(
    keys: Keys, signature: bytes
) -> None:
    allowed = keys.secretary.allowed_signers()
    for record, namespace in [(RECORD + b"\n", NAMESPACE), (RECORD[:-1], NAMESPACE), (RECORD, "git")]:
        assert sshsig.verify_plain(record, signature, allowed, namespace) is None
        assert not verify_signature(record, signature, allowed, namespace).valid


def test_no_single_bit_flip_of_the_signature_is_plainly_good(keys: Keys, signature: bytes) -> None:
    """Every bit of every byte of the SSHSIG blob (magic, version, lengths, key, namespace, hash name,
    signature): in-process never valid; ssh-keygen, asked about a sample, never valid either."""
    allowed = keys.secretary.allowed_signers()
    blob = sshsig.dearmor(signature)
    assert blob is not None
    for index in range(len(blob)):
        for bit in range(8):
            changed = blob[:index] + bytes([blob[index] ^ (1 << bit)]) + blob[index + 1 :]
            body = base64.b64encode(changed)
            armored = b"-----BEGIN SSH SIGNATURE-----\n" + body + b"\n-----END SSH SIGNATURE-----\n"
            assert sshsig.verify_plain(RECORD, armored, allowed, NAMESPACE) is None, (index, bit)
            if bit == 0 and index % 16 == 0:
                assert not verify_signature(RECORD, armored, allowed, NAMESPACE).valid, index


def test_layouts_ssh_keygen_might_read_differently_are_left_to_it(keys: Keys, signature: bytes) -> None:
    allowed = keys.secretary.allowed_signers()
    fields = _fields(signature)
    odd = {
        "reserved field used": _envelope([*fields[:2], b"x", *fields[3:]]),
        "version 0": _envelope(fields, version=0),
        "version 2": _envelope(fields, version=2),
        "trailing bytes": _envelope(fields, trailing=b"\0"),
        "CRLF armor": _envelope(fields, newline=b"\r\n"),
        "text before the armor": b"note\n" + signature,
    }
    for name, armored in odd.items():
        assert _agree(RECORD, armored, allowed) is None, name
    # The same fields re-armored as ssh-keygen does are plainly good: the helpers above change only
    # what each case names.
    assert _agree(RECORD, _envelope(fields), allowed) == keys.secretary.identity
    assert _agree(RECORD, _envelope(fields, width=64), allowed) == keys.secretary.identity
    # Read as ssh-keygen reads them (sshsig_dearmor, b64_pton), which accepts them too.
    assert _agree(RECORD, _envelope(fields, width=120), allowed) == keys.secretary.identity
    assert _agree(RECORD, signature.replace(b"\nU1", b"\n U\t1"), allowed) == keys.secretary.identity
    assert _agree(RECORD, signature + b"a note after the footer\n", allowed) == keys.secretary.identity
    assert _agree(RECORD, signature.rstrip(b"\n"), allowed) == keys.secretary.identity


def test_allowed_signers_forms(keys: Keys, signature: bytes, ecdsa: KeyPair) -> None:
    secretary, outsider = _public(keys.secretary), _public(keys.outsider)
    ns = f'namespaces="{NAMESPACE}"'
    cases: list[tuple[str, str | None]] = [
        (f"p@x {ns} {secretary}\n", "p@x"),
        (f"p@x {secretary} a comment\n", "p@x"),  # no option: every namespace
        (f'p@x namespaces="git,{NAMESPACE}" {secretary}\n', "p@x"),
        (f"# the secretary\n\n  p@x,q@x\t{ns} {secretary}\n", "p@x"),
        (f"p@x {ns} {outsider}\np@x {ns} {secretary}\n", "p@x"),  # a rotated key: the other line counts
        (f'p@x namespaces="git" {secretary}\nq@x {secretary}\n', "q@x"),  # p may not sign records; q may
        (f"other@x {ns} {_public(ecdsa)}\np@x {ns} {secretary}\n", "p@x"),
        # Left to ssh-keygen (None), whatever it then says:
        (f'p@x namespaces="git" {secretary}\n', None),  # not allowed in this namespace: ssh-keygen refuses
        (f'p@x namespaces="git" {secretary}\np@x {secretary}\n', None),  # ssh-keygen stops at the first
        (f'p@x valid-before="19990101" {secretary}\n', None),
        (f'p@x valid-after="19990101",{ns} {secretary}\n', None),
        (f"*@x {secretary}\n", None),
        (f"!q@x,p@x {secretary}\n", None),
        (f'"p@x" {secretary}\n', None),
        (f"p@x cert-authority {secretary}\n", None),
        (f"p@x {ns} {_public(ecdsa)}\np@x {ns} {secretary}\n", None),  # ssh-keygen reads the ECDSA line first
        (f"p@x {ns} {secretary}\r\n", None),
        (f"p@x {ns} {outsider}\n", None),  # not the signer's key
        (f"p@x {ns} ssh-ed25519 AAAA!\n", None),
    ]
    for allowed, expected in cases:
        assert _agree(RECORD, signature, allowed) == expected, allowed


def test_another_key_type_is_left_to_ssh_keygen(ecdsa: KeyPair, tmp_path: Path) -> None:
    armored = _sign(ecdsa, tmp_path)
    allowed = f'{ecdsa.identity} namespaces="{NAMESPACE}" {_public(ecdsa)}\n'
    assert sshsig.verify_plain(RECORD, armored, allowed, NAMESPACE) is None
    check = verify_signature(RECORD, armored, allowed, NAMESPACE)
    assert check.valid and check.signer == ecdsa.identity


@pytest.mark.parametrize(
    ("blob", "expected"),
    [
        (b"\0\0\0\x0bssh-ed25519\0\0\0\x20" + b"k" * 32, b"k" * 32),
        (b"\0\0\0\x0bssh-ed25519\0\0\0\x1f" + b"k" * 31, None),
        (b"\0\0\0\x0bssh-ed25519\0\0\0\x20" + b"k" * 33, None),  # trailing byte
        (b"\0\0\0\x07ssh-rsa\0\0\0\x20" + b"k" * 32, None),
        (b"\0\0\0\xffssh-ed25519", None),  # a length past the end
        (b"", None),
    ],
)
def test_ed25519_key(blob: bytes, expected: bytes | None) -> None:
    assert sshsig.ed25519_key(blob) == expected


def _dearmor_by_lines(armored: bytes) -> bytes | None:
    """The armor read line by line, as sshsig.dearmor read it before its one match of the whole (issue 14)."""
    lines = armored.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if (
        len(lines) < 3
        or lines[0] != b"-----BEGIN SSH SIGNATURE-----"
        or lines[-1] != b"-----END SSH SIGNATURE-----"
    ):
        return None
    body = lines[1:-1]
    if not all(re.fullmatch(rb"[A-Za-z0-9+/=]{1,76}", line) for line in body):
        return None
    try:
        return base64.b64decode(b"".join(body), validate=True)
    except (binascii.Error, ValueError):
        return None


_ARMOR_LINES = st.sampled_from(
    [b"-----BEGIN SSH SIGNATURE-----", b"-----END SSH SIGNATURE-----", b"", b" ", b"\r", b"=", b"U1NI", b"U1NIU0lH",
     b"U1NIU0lHAAAAAQ==", b"A" * 76, b"A" * 77, b"AAA\r", b"AA AA", b"-----BEGIN SSH SIGNATURE----- ", b"\xc3\xa9"]
)  # fmt: skip


@given(st.lists(_ARMOR_LINES, max_size=7), st.sampled_from([b"", b"\n", b"\n\n", b"\r\n"]))
@example([b"-----BEGIN SSH SIGNATURE-----", b"U1NIU0lH", b"-----END SSH SIGNATURE-----"], b"\n")
@example([b"-----BEGIN SSH SIGNATURE-----", b"U1NIU0lH", b"-----END SSH SIGNATURE-----"], b"")
@example([b"-----BEGIN SSH SIGNATURE-----", b"U1NIU0lH", b"A" * 76, b"-----END SSH SIGNATURE-----"], b"\n\n")
@example([b"-----BEGIN SSH SIGNATURE-----", b"-----END SSH SIGNATURE-----"], b"\n")
def test_the_armor_is_read_as_line_by_line(lines: list[bytes], end: bytes) -> None:
    """As it was read line by line where that read it, and as OpenSSH's sshsig.c reads it everywhere."""
    armored = b"\n".join(lines) + end
    by_lines = _dearmor_by_lines(armored)
    assert by_lines is None or sshsig.dearmor(armored) == by_lines
    assert sshsig.dearmor(armored) == _dearmor_as_sshsig_c(armored)


def _dearmor_as_sshsig_c(armored: bytes) -> bytes | None:
    """sshsig_dearmor and b64_pton (OpenSSH): the header and a LF, the base64 up to the first LF followed by
    the footer, blanks skipped, nothing but zero bits in the padding; what follows the footer ignored."""
    header = b"-----BEGIN SSH SIGNATURE-----\n"
    if not armored.startswith(header):
        return None
    body, footer, _ = armored[len(header) :].partition(b"\n-----END SSH SIGNATURE-----")
    compact = bytes(byte for byte in body if byte not in b" \t\n\v\f\r")
    if not footer or not re.fullmatch(rb"[A-Za-z0-9+/=]*", compact):
        return None
    try:
        blob = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return None
    return blob if base64.b64encode(blob) == compact else None


def test_a_real_signature_is_read_as_line_by_line(signature: bytes) -> None:
    assert sshsig.dearmor(signature) == _dearmor_by_lines(signature) is not None

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from governance.errors import GovernanceError
from governance.limits import MAX_SIGNATURE_BYTES
from governance.records.signatures import (
    SignatureCheck,
    allowed_signers_line,
    candidate_principals,
    parse_allowed_signers,
    sign_record,
    signature_key,
    signature_principals,
    verify_signature,
    verify_signatures,
)
from tests.testing.sshkeys import NAMESPACE, KeyPair, Keys

RECORD = b"id: BD-2026-007\nbody: board-of-directors\n"


@pytest.fixture(scope="module")
def signed(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """The record and its signature by the secretary: one ssh-keygen run shared by the module."""
    record = tmp_path_factory.mktemp("signed") / "BD-2026-007.yml"
    record.write_bytes(RECORD)
    return RECORD, sign_record(record, keys.secretary.private, NAMESPACE).read_bytes()


def _sign(key: KeyPair, folder: Path, namespace: str = NAMESPACE) -> bytes:
    record = folder / "BD-2026-007.yml"
    record.write_bytes(RECORD)
    record.with_name(record.name + ".sig").unlink(missing_ok=True)  # a signature is never replaced
    return sign_record(record, key.private, namespace).read_bytes()


def test_a_good_signature_verifies(keys: Keys, signed: tuple[bytes, bytes]) -> None:
    record, signature = signed
    assert signature.startswith(b"-----BEGIN SSH SIGNATURE-----")
    check = verify_signature(record, signature, keys.secretary.allowed_signers(), NAMESPACE)
    assert check == SignatureCheck(True, "hanako.sato@example.com", "signed by hanako.sato@example.com")


def test_a_tampered_record_fails(keys: Keys, signed: tuple[bytes, bytes]) -> None:
    record, signature = signed
    check = verify_signature(
        record + b"# one more line\n", signature, keys.secretary.allowed_signers(), NAMESPACE
    )
    assert not check.valid and check.signer is None
    assert "changed after signing" in check.reason


def test_a_key_nobody_allowed_fails(keys: Keys, tmp_path: Path) -> None:
    signature = _sign(keys.outsider, tmp_path)
    check = verify_signature(RECORD, signature, keys.secretary.allowed_signers(), NAMESPACE)
    assert not check.valid
    assert "not made by a key listed in allowed_signers" in check.reason
    # The same signature passes once its key is allowed: the refusal was about the key, nothing else.
    both = keys.secretary.allowed_signers() + keys.outsider.allowed_signers()
    assert verify_signature(RECORD, signature, both, NAMESPACE).signer == "mallory@example.com"


def test_a_signature_for_another_namespace_fails(keys: Keys, tmp_path: Path) -> None:
    signature = _sign(keys.secretary, tmp_path, namespace="git")
    check = verify_signature(RECORD, signature, keys.secretary.allowed_signers(), NAMESPACE)
    assert not check.valid
    assert f"in namespace '{NAMESPACE}'" in check.reason
    # An allowed_signers line restricted to another namespace refuses even a signature made for ours.
    good = _sign(keys.secretary, tmp_path)
    elsewhere = keys.secretary.allowed_signers(namespace="git")
    assert not verify_signature(RECORD, good, elsewhere, NAMESPACE).valid


def test_garbage_and_empty_inputs_fail_without_raising(keys: Keys, signed: tuple[bytes, bytes]) -> None:
    record, signature = signed
    allowed = keys.secretary.allowed_signers()
    assert not verify_signature(record, b"not a signature\n", allowed, NAMESPACE).valid
    assert not verify_signature(record, b"", allowed, NAMESPACE).valid
    assert not verify_signature(record, signature, "", NAMESPACE).valid
    assert not verify_signature(record, signature, "garbage line\n", NAMESPACE).valid


def test_a_line_with_several_principals(keys: Keys, signed: tuple[bytes, bytes]) -> None:
    record, signature = signed
    line = keys.secretary.allowed_signers().replace(
        "hanako.sato@example.com", "sato@example.com,hanako@example.com"
    )
    assert signature_principals(signature, line) == ["sato@example.com", "hanako@example.com"]
    assert verify_signature(record, signature, line, NAMESPACE).signer == "sato@example.com"


def test_signing_errors(keys: Keys, tmp_path: Path) -> None:
    record = tmp_path / "BD-2026-007.yml"
    record.write_bytes(RECORD)
    with pytest.raises(GovernanceError, match="key file does not exist"):
        sign_record(record, tmp_path / "missing-key", NAMESPACE)
    with pytest.raises(GovernanceError, match="record does not exist"):
        sign_record(tmp_path / "BD-2026-999.yml", keys.secretary.private, NAMESPACE)
    with pytest.raises(GovernanceError, match="could not sign"):
        sign_record(record, record, NAMESPACE)  # not a key
    assert not (tmp_path / "BD-2026-007.yml.sig").exists()


def test_ssh_keygen_missing_is_an_error(monkeypatch: pytest.MonkeyPatch, signed: tuple[bytes, bytes]) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(GovernanceError, match="ssh-keygen was not found"):
        verify_signature(*signed, "", NAMESPACE)


def test_allowed_signers_line(keys: Keys) -> None:
    public = keys.secretary.public.read_text(encoding="utf-8")
    line = allowed_signers_line("hanako.sato@example.com", public, NAMESPACE)
    assert line == keys.secretary.allowed_signers()
    with pytest.raises(GovernanceError, match="not an SSH public key"):
        allowed_signers_line("hanako", "-----BEGIN OPENSSH PRIVATE KEY-----", NAMESPACE)
    with pytest.raises(GovernanceError, match="one word"):
        allowed_signers_line("Hanako Sato", public, NAMESPACE)


def _ssh_string(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def _key(seed: int, key_type: bytes = b"ssh-ed25519") -> bytes:
    return _ssh_string(key_type) + _ssh_string(bytes([seed]) * 32)


def _armored(key: bytes) -> bytes:
    """An SSHSIG envelope around `key`, with no valid signature in it: parsing only."""
    blob = b"SSHSIG" + (1).to_bytes(4, "big") + _ssh_string(key) + _ssh_string(NAMESPACE.encode())
    blob += _ssh_string(b"") + _ssh_string(b"sha512") + _ssh_string(b"not a signature")
    body = base64.b64encode(blob).decode()
    lines = [body[i : i + 70] for i in range(0, len(body), 70)]
    return ("-----BEGIN SSH SIGNATURE-----\n" + "\n".join(lines) + "\n-----END SSH SIGNATURE-----\n").encode()


def _line(principals: str, key: bytes, options: str = f'namespaces="{NAMESPACE}" ') -> str:
    return f"{principals} {options}ssh-ed25519 {base64.b64encode(key).decode()} comment\n"


ALICE, BOB, CERT = _key(1), _key(2), _key(3, b"ssh-ed25519-cert-v01@openssh.com")


@pytest.mark.parametrize(
    ("signature", "allowed", "expected"),
    [
        (_armored(ALICE), _line("alice@example.com", ALICE), ["alice@example.com"]),
        (_armored(ALICE), _line("bob@example.com", BOB), []),  # the key is on no line: no process
        (_armored(ALICE), "", []),
        (_armored(ALICE), "# a comment\n\n" + _line("a@x,b@x", ALICE, options=""), ["a@x", "b@x"]),
        (  # every line holding the key, each principal once, in order
            _armored(BOB),
            _line("bob@x", BOB) + _line("alice@x", ALICE) + _line("bob@x,robert@x", BOB),
            ["bob@x", "robert@x"],
        ),
        (_armored(ALICE), _line("a@x", ALICE, options='valid-after="20200101",namespaces="x y" '), ["a@x"]),
        # Beyond the plain parser: ssh-keygen must find the principals (None).
        (_armored(ALICE), _line("*.example.com", BOB, options="cert-authority "), None),
        (_armored(ALICE), _line('"alice smith"', ALICE), None),
        (_armored(ALICE), "alice@x ssh-ed25519 not-base64!\n", None),
        (_armored(ALICE), f"alice@x ssh-rsa {base64.b64encode(ALICE).decode()}\n", None),  # type mismatch
        (_armored(ALICE), 'alice@x namespaces="unterminated ssh-ed25519 AAAA\n', None),
        (_armored(CERT), _line("alice@x", CERT), None),  # a certificate: its CA decides
        (b"not a signature\n", _line("alice@x", ALICE), None),
        (b"-----BEGIN SSH SIGNATURE-----\n!!!\n-----END SSH SIGNATURE-----\n", _line("a@x", ALICE), None),
    ],
)
def test_candidate_principals(signature: bytes, allowed: str, expected: list[str] | None) -> None:
    assert candidate_principals(signature, allowed) == expected


def test_signature_key_reads_the_embedded_key(keys: Keys, signed: tuple[bytes, bytes]) -> None:
    _, signature = signed
    key_type, encoded = keys.secretary.public.read_text(encoding="utf-8").split()[:2]
    assert signature_key(signature) == base64.b64decode(encoded)
    assert key_type == "ssh-ed25519"
    assert signature_key(_armored(ALICE)) == ALICE
    # "SSHSIG" alone: the version and the key are missing.
    assert signature_key(b"-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----") is None
    [line] = parse_allowed_signers(keys.secretary.allowed_signers()) or []
    assert line.principals == ("hanako.sato@example.com",) and line.key == base64.b64decode(encoded)


def test_a_signature_whose_key_is_not_allowed_needs_no_process(
    keys: Keys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    signature = _sign(keys.outsider, tmp_path)
    allowed = keys.secretary.allowed_signers()
    assert candidate_principals(signature, allowed) == []
    monkeypatch.setattr("governance.records.signatures._run", _no_process)
    check = verify_signature(RECORD, signature, allowed, NAMESPACE)
    assert not check.valid
    assert "not made by a key listed in allowed_signers" in check.reason


def _no_process(args: list[str], stdin: bytes = b"") -> None:
    raise AssertionError(f"no ssh-keygen run expected, got {args}")


def test_verify_signatures_in_order_concurrently(keys: Keys, signed: tuple[bytes, bytes]) -> None:
    record, signature = signed
    allowed = keys.secretary.allowed_signers()
    requests = [
        (record, signature, allowed, NAMESPACE),
        (record + b"x", signature, allowed, NAMESPACE),
        (record, signature, allowed, "git"),
        (record, signature, allowed, NAMESPACE),
    ]
    checks = verify_signatures(requests, workers=2)
    assert [check.valid for check in checks] == [True, False, False, True]
    assert checks[0] == verify_signatures(requests[:1], workers=1)[0]


def test_a_signature_beyond_the_limit_is_invalid_unread(keys: Keys, signed: tuple[bytes, bytes]) -> None:
    record, signature = signed
    # A good signature padded with blanks inside its armor: the base64 would still decode.
    padded = signature.replace(b"\n", b"\n" + b" " * MAX_SIGNATURE_BYTES, 1)
    for check in (
        verify_signature(record, padded, keys.secretary.allowed_signers(), NAMESPACE),
        *verify_signatures([(record, padded, keys.secretary.allowed_signers(), NAMESPACE)] * 2),
    ):
        assert not check.valid and check.signer is None
        assert f"more than the limit of {MAX_SIGNATURE_BYTES:,}" in check.reason
    at_the_limit = signature + b" " * (MAX_SIGNATURE_BYTES - len(signature))
    assert verify_signature(record, at_the_limit, keys.secretary.allowed_signers(), NAMESPACE).valid

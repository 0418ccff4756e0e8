from __future__ import annotations

from pathlib import Path

import pytest

from governance.errors import GovernanceError
from governance.signatures import (
    SignatureCheck,
    allowed_signers_line,
    sign_record,
    signature_principals,
    verify_signature,
)
from tests.sshkeys import NAMESPACE, KeyPair, Keys

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

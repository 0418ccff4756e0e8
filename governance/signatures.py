"""SSH signatures of resolution records (`ssh-keygen -Y`), the secretary's proof of authenticity.

Only ssh-keygen touches keys and signatures: it is audited, present wherever git is, and the same
tool a secretary uses by hand. Every input comes from a pull request and may be hostile, so it goes
through temporary files, never a shell, and a bad signature is a result (valid=False), not an error.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from governance.errors import GovernanceError
from governance.record_writer import write_atomically

_TIMEOUT = 60  # seconds; ssh-keygen may wait for a passphrase typed at the terminal when signing


@dataclass(frozen=True)
class SignatureCheck:
    valid: bool
    signer: str | None  # the principal in allowed_signers whose key made the signature
    reason: str  # why it is (in)valid, for the report


def _ssh_keygen() -> str:
    program = shutil.which("ssh-keygen")
    if program is None:
        raise GovernanceError(
            "ssh-keygen was not found; install OpenSSH (8.2 or later) to sign and verify records"
        )
    return program


def _run(args: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(args, input=stdin, capture_output=True, timeout=_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise GovernanceError(f"ssh-keygen did not finish within {_TIMEOUT} s") from None


def _message(output: bytes) -> str:
    lines = [line.strip() for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
    return "; ".join(lines[-2:]) or "no message"


def allowed_signers_line(identity: str, public_key: str, namespace: str) -> str:
    """One line of allowed_signers: this key may sign records, and only in the records' namespace."""
    fields = public_key.split()
    if len(fields) < 2 or not fields[0].startswith(("ssh-", "ecdsa-", "sk-")):
        raise GovernanceError("not an SSH public key (expected a line such as 'ssh-ed25519 AAAA... comment')")
    if not identity or any(char.isspace() or char in ',"' for char in identity):
        raise GovernanceError(f"the signer identity '{identity}' must be one word without commas or quotes")
    return f'{identity} namespaces="{namespace}" {fields[0]} {fields[1]}\n'


def signature_principals(signature: bytes, allowed_signers: str) -> list[str]:
    """The principals of allowed_signers whose key made `signature` (the namespace is not checked here)."""
    program = _ssh_keygen()
    with tempfile.TemporaryDirectory(prefix="governance-sig-") as folder:
        signers_file, signature_file = Path(folder, "allowed_signers"), Path(folder, "record.sig")
        signers_file.write_text(allowed_signers, encoding="utf-8")
        signature_file.write_bytes(signature)
        done = _run([program, "-Y", "find-principals", "-s", str(signature_file), "-f", str(signers_file)])
    if done.returncode != 0:
        return []
    principals: list[str] = []
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        # A line of allowed_signers may list several principals separated by commas.
        principals.extend(part for part in line.strip().split(",") if part)
    return principals


def verify_signature(record: bytes, signature: bytes, allowed_signers: str, namespace: str) -> SignatureCheck:
    """Whether `signature` is a good signature of exactly `record` by a key allowed for `namespace`."""
    program = _ssh_keygen()
    principals = signature_principals(signature, allowed_signers)
    if not principals:
        return SignatureCheck(
            False, None, "the signature is malformed or was not made by a key listed in allowed_signers"
        )
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="governance-sig-") as folder:
        signers_file, signature_file = Path(folder, "allowed_signers"), Path(folder, "record.sig")
        signers_file.write_text(allowed_signers, encoding="utf-8")
        signature_file.write_bytes(signature)
        for principal in principals:
            done = _run(
                [
                    program,
                    "-Y",
                    "verify",
                    "-f",
                    str(signers_file),
                    "-I",
                    principal,
                    "-n",
                    namespace,
                    "-s",
                    str(signature_file),
                ],
                stdin=record,
            )
            if done.returncode == 0:
                return SignatureCheck(True, principal, f"signed by {principal}")
            failures.append(_message(done.stderr))
    return SignatureCheck(
        False,
        None,
        f"the signature does not verify for {', '.join(principals)} in namespace '{namespace}': "
        f"the record was changed after signing, or signed for another namespace ({failures[-1]})",
    )


def sign_record(record_path: Path, key_path: Path, namespace: str) -> Path:
    """Sign the record with the private key (or a public key held by ssh-agent); writes `<record>.sig`."""
    program = _ssh_keygen()
    if not key_path.is_file():
        raise GovernanceError("the key file does not exist; give the secretary's private key", path=key_path)
    if not record_path.is_file():
        raise GovernanceError("the record does not exist", path=record_path)
    # Signing stdin to stdout leaves no half-written .sig behind if ssh-keygen fails or is interrupted.
    done = subprocess.run(
        [program, "-Y", "sign", "-f", str(key_path), "-n", namespace],
        input=record_path.read_bytes(),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0 or not done.stdout:
        raise GovernanceError(f"ssh-keygen could not sign: {_message(done.stderr)}", path=key_path)
    target = record_path.with_name(record_path.name + ".sig")
    write_atomically(target, done.stdout)
    return target


def sign_and_verify(
    record_path: Path, key_path: Path, allowed_signers: str, namespace: str
) -> SignatureCheck:
    """Sign, then prove the signature will count: a signature by a key nobody allowed is removed again."""
    target = record_path.with_name(record_path.name + ".sig")
    if target.exists():
        raise GovernanceError(
            "the record is already signed; a signature is never replaced (delete it first only if it was never committed)",
            path=target,
        )
    sign_record(record_path, key_path, namespace)
    check = verify_signature(record_path.read_bytes(), target.read_bytes(), allowed_signers, namespace)
    if not check.valid:
        target.unlink()
        raise GovernanceError(
            f"this key may not sign records ({check.reason}); its public half must be in allowed_signers "
            f'with namespaces="{namespace}", a change the board approves',
            path=key_path,
        )
    return check

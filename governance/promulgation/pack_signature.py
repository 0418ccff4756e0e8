"""The evidence pack's signature: a detached SSH signature (`ssh-keygen -Y sign`) of manifest.json, whose
`files` hold the SHA-256 of every other file, so one signature vouches for the whole pack.

Its namespace is the pack's own (NAMESPACE), never the records' (governance.yml's signature_namespace,
"regulation-governance" by default): ssh-keygen binds a signature to its namespace, so a resolution
record's signature never verifies as a pack's and a pack's never as a record's, even by a key allowed for
both. The keys allowed to sign packs are an allowed_signers file the verifier gives
(`namespaces="governance-evidence-pack"` on their lines), not the repository's list of secretaries.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from governance.config import EVIDENCE_PACK_NAMESPACE
from governance.errors import GovernanceError
from governance.i18n import Message, _
from governance.limits import MAX_SIGNATURE_BYTES
from governance.records import signatures

NAMESPACE = EVIDENCE_PACK_NAMESPACE
SIGNATURE = "manifest.json.sig"
_TIMEOUT = 60


@dataclass(frozen=True)
class PackSignature:
    """What the pack's signature says: `valid` with the principal who signed, or why not."""

    present: bool
    valid: bool
    signer: str | None
    key: str | None  # the signing key's fingerprint (SHA256:...), read from the signature
    reason: str


def fingerprint(signature: bytes) -> str | None:
    """The fingerprint of the key embedded in `signature`, as `ssh-keygen -l` prints it (SHA256:...)."""
    blob = signatures.signature_key(signature)
    if blob is None:
        return None
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def sign(manifest: bytes, key: Path) -> bytes:
    """The armored signature of the manifest's bytes by `key` (a private key, or a public key whose
    private half ssh-agent holds), in the pack's namespace."""
    return signatures.signature_of(manifest, key, NAMESPACE)


def read_allowed_signers(path: Path) -> str:
    if not path.is_file():
        raise GovernanceError(
            _(
                "no such allowed signers file; give the file listing the keys allowed to sign evidence "
                'packs (lines such as: compliance@example.com namespaces="{namespace}" ssh-ed25519 AAAA...)'
            ).format(namespace=NAMESPACE),
            path=path,
        )
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise GovernanceError(_("the allowed signers file is not UTF-8 text"), path=path) from None


def check(pack: Path, allowed_signers: str, identity: str | None) -> PackSignature:
    """Whether PACK/manifest.json.sig is a good signature of PACK/manifest.json, in the pack's namespace,
    by a key `allowed_signers` lists (as `identity`, when given)."""
    signature_path = pack / SIGNATURE
    if not signature_path.is_file():
        return unsigned(pack)
    if signature_path.stat().st_size > MAX_SIGNATURE_BYTES:
        return PackSignature(
            True,
            False,
            None,
            None,
            Message(
                "{file} is larger than {limit:,} bytes: it is no SSH signature",
                file=SIGNATURE,
                limit=MAX_SIGNATURE_BYTES,
            ),
        )
    signature = signature_path.read_bytes()
    manifest = (pack / "manifest.json").read_bytes()
    key = fingerprint(signature)
    if identity is None:
        found = signatures.verify_signature(manifest, signature, allowed_signers, NAMESPACE)
        if found.valid:
            return PackSignature(
                True, True, found.signer, key, Message("signed by {signer}", signer=found.signer)
            )
        return PackSignature(True, False, None, key, _refused(key, found.reason))
    failure = _verify_as(manifest, signature, allowed_signers, identity)
    if failure is None:
        return PackSignature(True, True, identity, key, Message("signed by {signer}", signer=identity))
    return PackSignature(
        True,
        False,
        None,
        key,
        _refused(
            key,
            Message(
                "it does not verify as {identity}'s signature in namespace '{namespace}' ({failure})",
                identity=identity,
                namespace=NAMESPACE,
                failure=failure,
            ),
        ),
    )


def unsigned(pack: Path) -> PackSignature:
    return PackSignature(
        False,
        False,
        None,
        None,
        Message(
            "the pack is not signed (no {file}): whoever rewrote its files and its manifest together would "
            "pass these checks; have it signed (governance evidence sign {pack} --key KEY) and verify it with "
            "--allowed-signers FILE, the keys allowed to sign evidence packs",
            file=SIGNATURE,
            pack=str(pack),
        ),
    )


def _refused(key: str | None, reason: str) -> Message:
    return Message(
        "{file} is not a good signature of manifest.json by a key the allowed signers file lists for "
        "evidence packs (key {key}): {reason}; the manifest (so the pack) was changed after signing, or "
        "signed by another key, or for another namespace than '{namespace}'",
        file=SIGNATURE,
        key=key or "unreadable",
        reason=reason,
        namespace=NAMESPACE,
    )


def _verify_as(manifest: bytes, signature: bytes, allowed_signers: str, identity: str) -> str | None:
    """None when `ssh-keygen -Y verify -I identity` accepts the signature, else its message."""
    program = shutil.which("ssh-keygen")
    if program is None:
        raise GovernanceError(
            _("ssh-keygen was not found; install OpenSSH (8.2 or later) to verify the pack")
        )
    with tempfile.TemporaryDirectory(prefix="governance-pack-") as folder:
        signers_file, signature_file = Path(folder, "allowed_signers"), Path(folder, SIGNATURE)
        signers_file.write_text(allowed_signers, encoding="utf-8")
        signature_file.write_bytes(signature)
        args = [program, "-Y", "verify", "-f", str(signers_file), "-I", identity, "-n", NAMESPACE]
        try:
            done = subprocess.run(
                [*args, "-s", str(signature_file)],
                input=manifest,
                capture_output=True,
                timeout=_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise GovernanceError(
                Message("ssh-keygen did not finish within {seconds} s", seconds=_TIMEOUT)
            ) from None
    if done.returncode == 0:
        return None
    # ssh-keygen says only "Could not verify signature." for a principal with no line for the key; say why
    # when the file is plain enough to tell (a certificate authority's line is ssh-keygen's alone to read).
    plain = signatures.parse_allowed_signers(allowed_signers) is not None
    if plain and identity not in signatures.readable_principals(signature, allowed_signers):
        return Message("{identity} has no line for this key in the allowed signers file", identity=identity)
    said = (done.stderr + done.stdout).decode("utf-8", "replace")
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    return "; ".join(lines[-2:]) or "no message"

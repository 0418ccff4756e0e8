"""In-process verification of the common case of an SSH signature (OpenSSH PROTOCOL.sshsig): an Ed25519
signature, as ssh-keygen writes it, by a key on a plain allowed_signers line.

Why: `ssh-keygen -Y verify` checks one signature per process, about 10 ms each, which made a full audit of
10,000 records cost 100 s of process starts for 10,000 x 60 us of arithmetic. Why it is safe: this module
only ever answers "valid, signed by P" or "ask ssh-keygen" (None). It answers "valid" only when every byte
of the signature has the one layout ssh-keygen itself writes, the Ed25519 equation holds (OpenSSL, through
pyca/cryptography) over the very bytes ssh-keygen signs, and the allowed_signers file is in the plain form
whose meaning is exact (literal principals, at most a `namespaces="..."` option of literal names). For
anything else (another key type, a certificate, `valid-after`, a wildcard principal, a broken or odd
signature) it steps aside and ssh-keygen decides as before, with its own message. An attacker cannot pick
the weaker verifier: without the private key neither accepts, and a verdict of this module is never
"invalid", so it cannot hide a good signature either.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import re
import struct
from dataclasses import dataclass

from governance.limits import MAX_SIGNATURE_BYTES

# The armor exactly as `ssh-keygen -Y sign` writes it: its lines of base64 (76 characters at most), a
# newline at the end or not. One match of the whole: the audit reads a signature at every commit.
_ARMOR = re.compile(
    rb"-----BEGIN SSH SIGNATURE-----\n((?:[A-Za-z0-9+/=]{1,76}\n)+)-----END SSH SIGNATURE-----\n?"
)
_UINT32 = struct.Struct(">I")  # an SSH wire string's length
_ED25519 = b"ssh-ed25519"
_HASHES = {b"sha256": hashlib.sha256, b"sha512": hashlib.sha512}
_NAMESPACES = re.compile(r'namespaces="([^"\\*?!\s]+)"')
_PLAIN_PRINCIPALS = re.compile(r"[^\s\"'*?!#\\]+")  # literal names: no quoting, no pattern characters
_FIELD = re.compile(r"[ \t]+")


@dataclass(frozen=True)
class Envelope:
    """The fields of an SSHSIG blob (PROTOCOL.sshsig), version 1, with an Ed25519 key."""

    public_key: bytes  # the key blob: string "ssh-ed25519", string 32 bytes
    key: bytes  # its 32 bytes
    namespace: bytes
    hash_algorithm: bytes
    signature: bytes  # the raw 64-byte Ed25519 signature


@dataclass(frozen=True)
class PlainSignerLine:
    """A line of allowed_signers as read without ssh-keygen."""

    principals: tuple[str, ...]
    namespaces: tuple[str, ...] | None  # None: any namespace (no option on the line)
    key_type: str
    key: bytes


def _strings(data: bytes, offset: int, count: int) -> tuple[list[bytes], int] | None:
    """`count` SSH wire strings (uint32 length, bytes) from `offset`, and the offset after them."""
    values: list[bytes] = []
    for _ in range(count):
        if len(data) < offset + 4:
            return None
        end = offset + 4 + _UINT32.unpack_from(data, offset)[0]
        if len(data) < end:
            return None
        values.append(data[offset + 4 : end])
        offset = end
    return values, offset


def wire_string(data: bytes, offset: int) -> bytes | None:
    """The one SSH wire string at `offset`, or None when truncated."""
    parsed = _strings(data, offset, 1)
    return parsed[0][0] if parsed is not None else None


def _exactly(data: bytes, count: int) -> list[bytes] | None:
    """`data` as exactly `count` SSH wire strings, nothing after them."""
    parsed = _strings(data, 0, count)
    return parsed[0] if parsed is not None and parsed[1] == len(data) else None


def ed25519_key(blob: bytes) -> bytes | None:
    """The 32 public bytes of an Ed25519 key blob, or None when the blob is anything else."""
    fields = _exactly(blob, 2)
    if fields is None or fields[0] != _ED25519 or len(fields[1]) != 32:
        return None
    return fields[1]


def dearmor(armored: bytes) -> bytes | None:
    """The SSHSIG blob of a signature exactly as `ssh-keygen -Y sign` armors it, or None."""
    armor = _ARMOR.fullmatch(armored)
    if armor is None:
        return None
    try:
        return base64.b64decode(armor[1].replace(b"\n", b""), validate=True)
    except (binascii.Error, ValueError):
        return None


def parse_envelope(blob: bytes) -> Envelope | None:
    """The envelope of a version-1 SSHSIG blob with an Ed25519 key and signature, or None for any other
    layout (then ssh-keygen, not this parser, says what is wrong with it)."""
    if blob[:6] != b"SSHSIG" or len(blob) < 10 or int.from_bytes(blob[6:10], "big") != 1:
        return None
    fields = _strings(blob, 10, 5)
    if fields is None or fields[1] != len(blob):
        return None
    public_key, namespace, reserved, hash_algorithm, signature_blob = fields[0]
    signature = _exactly(signature_blob, 2)
    key = ed25519_key(public_key)
    if (
        key is None
        or reserved != b""
        or hash_algorithm not in _HASHES
        or signature is None
        or signature[0] != _ED25519
        or len(signature[1]) != 64
    ):
        return None
    return Envelope(public_key, key, namespace, hash_algorithm, signature[1])


def signed_data(envelope: Envelope, message: bytes) -> bytes:
    """The bytes an SSHSIG signature signs: the preamble, namespace, reserved, hash name and H(message)."""

    def string(value: bytes) -> bytes:
        return len(value).to_bytes(4, "big") + value

    digest = _HASHES[envelope.hash_algorithm](message).digest()
    return (
        b"SSHSIG"
        + string(envelope.namespace)
        + string(b"")
        + string(envelope.hash_algorithm)
        + string(digest)
    )


@functools.lru_cache(maxsize=16)
def parse_plain_signers(text: str) -> tuple[PlainSignerLine, ...] | None:
    """The lines of an allowed_signers file in its plain form (literal principals, no option but
    `namespaces="..."` of literal names, a readable key), or None when any line is beyond it. Cached:
    an audit asks about the same file for every record."""
    if any(char in text for char in "\r\x00"):
        return None
    lines: list[PlainSignerLine] = []
    for raw in text.split("\n"):
        line = raw.strip(" \t")
        if not line or line.startswith("#"):
            continue
        principals_field, *fields = _FIELD.split(line)
        if len(fields) < 2 or not _PLAIN_PRINCIPALS.fullmatch(principals_field):
            return None
        namespaces: tuple[str, ...] | None = None
        if not fields[0].startswith(("ssh-", "ecdsa-", "sk-")):
            option = _NAMESPACES.fullmatch(fields.pop(0))
            if option is None or len(fields) < 2:
                return None
            namespaces = tuple(option.group(1).split(","))
        key_type, encoded = fields[0], fields[1]
        try:
            key = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            return None
        principals = tuple(principals_field.split(","))
        if wire_string(key, 0) != key_type.encode() or "" in principals:
            return None
        lines.append(PlainSignerLine(principals, namespaces, key_type, key))
    return tuple(lines)


def _decisive_line(
    lines: tuple[PlainSignerLine, ...], principal: str, key: bytes
) -> PlainSignerLine | bool | None:
    """The line ssh-keygen decides on for `-I principal` with this key: the first line naming the
    principal that holds the key. False when ssh-keygen would stop earlier on a line this module cannot
    judge (one naming the principal with a key that is not a plain Ed25519 key), None when there is none."""
    for line in lines:
        if principal not in line.principals:
            continue
        if line.key == key:
            return line
        if line.key_type != "ssh-ed25519" or ed25519_key(line.key) is None:
            return False
    return None


@dataclass(frozen=True)
class PlainSignature:
    """A signature in the plain form, all read but the arithmetic: it is good, by `signer`, exactly when
    the Ed25519 equation holds (`holds`) for `public`, `signature` and `data`."""

    signer: str
    public: bytes  # the 32 bytes of the key
    signature: bytes  # the 64 bytes of the signature
    data: bytes  # what it signs (`signed_data`)


def plain_signature(
    message: bytes, armored: bytes, allowed_signers: str, namespace: str
) -> PlainSignature | None:
    """What `verify_plain` checks of a signature before the arithmetic, or None (then ssh-keygen decides)."""
    if len(armored) > MAX_SIGNATURE_BYTES:
        return None  # governance/records/signatures.py refuses it unread
    blob = dearmor(armored)
    envelope = parse_envelope(blob) if blob is not None else None
    lines = parse_plain_signers(allowed_signers)
    if envelope is None or lines is None or envelope.namespace != namespace.encode():
        return None
    candidates = [p for line in lines if line.key == envelope.public_key for p in line.principals]
    signer: str | None = None
    for principal in dict.fromkeys(candidates):
        decisive = _decisive_line(lines, principal, envelope.public_key)
        if decisive is False:
            return None
        if isinstance(decisive, PlainSignerLine) and (
            decisive.namespaces is None or namespace in decisive.namespaces
        ):
            signer = principal
            break
    if signer is None:
        return None
    return PlainSignature(signer, envelope.key, envelope.signature, signed_data(envelope, message))


def holds(public: bytes, signature: bytes, data: bytes) -> bool:
    """Whether the Ed25519 equation holds (OpenSSL, through pyca/cryptography)."""
    # Imported here: pyca/cryptography costs 50 ms to load, which a command verifying nothing should not pay.
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def verify_plain(message: bytes, armored: bytes, allowed_signers: str, namespace: str) -> str | None:
    """The principal that made a good `namespace` signature of exactly `message`, when the signature and
    allowed_signers are in the plain form this module judges; None means "ask ssh-keygen": it is not a
    verdict of invalidity."""
    plain = plain_signature(message, armored, allowed_signers, namespace)
    if plain is None or not holds(plain.public, plain.signature, plain.data):
        return None
    return plain.signer

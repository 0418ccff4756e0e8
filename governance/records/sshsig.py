"""In-process verification of the common case of an SSH signature (OpenSSH PROTOCOL.sshsig): an Ed25519
signature, as ssh-keygen writes it, by a key on a plain allowed_signers line.

Why: `ssh-keygen -Y verify` checks one signature per process, about 10 ms each, which made a full audit of
10,000 records cost 100 s of process starts for 10,000 x 60 us of arithmetic. Why it is safe: this module
answers "valid, signed by P", "refused" or "ask ssh-keygen" (None). It answers "valid" only when the armor is
read as every ssh-keygen reads it (the header and its LF, base64 and blanks, `dearmor`), the envelope has
the one layout ssh-keygen itself writes, the Ed25519 equation holds (OpenSSL, through
pyca/cryptography) over the very bytes ssh-keygen signs, and the allowed_signers file is in the plain form
whose meaning is exact (literal principals, at most a `namespaces="..."` option of literal names). For
anything else (another key type, a certificate, `valid-after`, a wildcard principal, a broken or odd
signature) it steps aside and ssh-keygen decides as before, with its own message. An attacker cannot pick
the weaker verifier: without the private key neither accepts.

It also says "refused" where every ssh-keygen since 8.2 refuses too (OpenSSH sshsig.c: sshsig_dearmor,
sshsig_parse_preamble, sshsig_wrap_verify, and ed25519.c's crypto_sign_ed25519_open), so that a bad
signature costs no process either (fourth red-team review: 1,000 garbage .sig files took 7.5 s, a
process each): `unreadable` (no header, no footer, a byte that is neither base64 nor a blank, no
"SSHSIG" or a version above 1), a namespace other than the one asked (checked before any arithmetic), and
an Ed25519 equation that fails where both verifiers compute the same equation: a canonical key that is a
point of the curve, S below 2^253 (ssh-keygen's first test) and reduced modulo L as ssh-keygen reduces it.
A CRLF armor is not among them: OpenSSH 9.2 refuses it ("missing header"), later ones read it.
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

# What ssh-keygen's refusals say (its stderr, as governance/records/signatures.py quotes it): the same
# words whether ssh-keygen or this module refuses.
INCORRECT = "Signature verification failed: incorrect signature"
OTHER_NAMESPACE = "Couldn't verify signature: namespace does not match"
MALFORMED = "malformed"  # no message of ssh-keygen's: it refuses before naming any principal
_HEADER, _FOOTER = b"-----BEGIN SSH SIGNATURE-----", b"\n-----END SSH SIGNATURE-----"
_BASE64_OR_BLANK = re.compile(rb"[A-Za-z0-9+/= \t\n\v\f\r]*")  # what b64_pton reads or skips (isspace)
_BLANKS = b" \t\n\v\f\r"
# Ed25519 (RFC 8032): the field's prime, the curve's constant d, the group order L.
_P = 2**255 - 19
_D = -121665 * pow(121666, -1, _P) % _P
_L = 2**252 + 27742317777372353535851937790883648493


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
    """The SSHSIG blob of a signature as every ssh-keygen reads it, or None. The armor as `ssh-keygen -Y
    sign` writes it is one match; any other layout is read as sshsig_dearmor reads it (`_as_ssh_keygen`),
    so that a good signature re-armored (longer lines, blanks, text after the footer) costs no process."""
    armor = _ARMOR.fullmatch(armored)
    if armor is None:
        return _as_ssh_keygen(armored)
    return _decoded(armor[1].replace(b"\n", b""))


def armor(blob: bytes) -> bytes:
    """The blob armored as ssh-keygen writes it (sshsig_armor: base64 in lines of 70)."""
    body = base64.b64encode(blob)
    lines = [body[at : at + 70] + b"\n" for at in range(0, len(body), 70)]
    return _HEADER + b"\n" + b"".join(lines) + _FOOTER[1:] + b"\n"


def _as_ssh_keygen(armored: bytes) -> bytes | None:
    """sshsig_dearmor's reading, where every version reads alike: the header and its LF (a CRLF there is
    refused by OpenSSH 9.2 and read by later versions: None), base64 and the blanks b64_pton skips up to the
    first LF before the footer, anything after the footer."""
    start = len(_HEADER) + 1
    if armored[:start] != _HEADER + b"\n":
        return None
    end = armored.find(_FOOTER, start)
    if end < 0 or not _BASE64_OR_BLANK.fullmatch(armored, start, end):
        return None
    return _decoded(armored[start:end].translate(None, _BLANKS))


def _decoded(compact: bytes) -> bytes | None:
    """`compact` base64 decoded as ssh-keygen's b64_pton decodes it, or None when this is not sure: b64_pton
    refuses padding bits that are not zero, which Python's decoder ignores, so only the one canonical
    encoding of the bytes is read here."""
    try:
        blob = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return None
    return blob if base64.b64encode(blob) == compact else None


def unreadable(armored: bytes) -> bool:
    """Whether every ssh-keygen refuses to read `armored` as a signature before any key or principal is
    looked at (sshsig_dearmor, then sshsig_parse_preamble): False when it may read it."""
    if not armored.startswith(_HEADER):
        return True
    rest = armored[len(_HEADER) :]
    eol = 2 if rest.startswith(b"\r\n") else 1 if rest.startswith(b"\n") else 0
    end = rest.find(_FOOTER, eol)
    if not eol or end < 0:
        return True
    content = rest[eol:end]
    if not _BASE64_OR_BLANK.fullmatch(content):
        return True  # a NUL (sshbuf_dup_string) or a byte b64_pton neither decodes nor skips
    blob = _decoded(content.translate(None, _BLANKS))
    if blob is None:
        return False  # b64_pton's own reading of odd padding: ssh-keygen says
    return blob[:6] != b"SSHSIG" or len(blob) < 10 or int.from_bytes(blob[6:10], "big") > 1


@functools.lru_cache(maxsize=64)
def same_point(public: bytes) -> bool:
    """Whether both Ed25519 verifiers read the 32 bytes as the same point: a canonical y (below p) of a
    point of the curve whose x is not 0 (OpenSSH's and OpenSSL's decoders differ on the sign of x = 0)."""
    y = int.from_bytes(public, "little") & ((1 << 255) - 1)
    if y >= _P:
        return False
    x2 = (y * y - 1) * pow(_D * y * y + 1, -1, _P) % _P
    return x2 != 0 and pow(x2, (_P - 1) // 2, _P) == 1


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
    signature: bytes  # the 64 bytes of the signature, S reduced modulo L as ssh-keygen reduces it
    data: bytes  # what it signs (`signed_data`)
    # S was L or more (below 2^253): ssh-keygen reduces it and may accept, OpenSSL refuses it unreduced;
    # a holding equation is then for ssh-keygen to judge, a failing one fails for both.
    reduced: bool = False


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
    scalar = int.from_bytes(envelope.signature[32:], "little")
    if scalar >= 1 << 253:
        return None  # refused by ssh-keygen's first test (`refusal`)
    signature = envelope.signature
    if scalar >= _L:
        signature = signature[:32] + (scalar % _L).to_bytes(32, "little")
    return PlainSignature(signer, envelope.key, signature, signed_data(envelope, message), scalar >= _L)


def refusal(armored: bytes, namespace: str) -> str | None:
    """ssh-keygen's reason for refusing a signature that `plain_signature` did not read, when every
    ssh-keygen refuses it whatever allowed_signers says (MALFORMED, OTHER_NAMESPACE, INCORRECT); None
    when it may not."""
    if len(armored) > MAX_SIGNATURE_BYTES:
        return None
    blob = dearmor(armored)
    if blob is None:
        return MALFORMED if unreadable(armored) else None
    envelope = parse_envelope(blob)
    if envelope is None:
        return MALFORMED if unreadable(armored) else None
    if envelope.namespace != namespace.encode():
        return OTHER_NAMESPACE  # sshsig_wrap_verify compares it before the arithmetic
    if int.from_bytes(envelope.signature[32:], "little") >= 1 << 253:
        return INCORRECT  # crypto_sign_ed25519_open: "if (sm[63] & 224) goto badsig"
    return None


def failed(plain: PlainSignature) -> str | None:
    """ssh-keygen's reason for refusing a plain signature whose equation does not hold here: INCORRECT
    when it computes the very same equation, None when only ssh-keygen can say."""
    return INCORRECT if same_point(plain.public) else None


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
    if plain is None or plain.reduced or not holds(plain.public, plain.signature, plain.data):
        return None
    return plain.signer

"""SSH signatures of resolution records (`ssh-keygen -Y`), the secretary's proof of authenticity.

ssh-keygen signs, and verifies every signature that governance/records/sshsig.py does not judge in-process
(an Ed25519 key on a plain allowed_signers line, the common case, good or bad, and a signature no
ssh-keygen reads: without a process each). Every input comes from a pull request and may be hostile, so it goes
through temporary files, never a shell, and a bad signature is a result (valid=False), not an error.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from governance.errors import GovernanceError
from governance.i18n import Message, _, localized
from governance.limits import MAX_SIGNATURE_BYTES
from governance.records import sshsig

_TIMEOUT = 60  # seconds; ssh-keygen may wait for a passphrase typed at the terminal when signing
_ARMOR_BEGIN, _ARMOR_END = b"-----BEGIN SSH SIGNATURE-----", b"-----END SSH SIGNATURE-----"
_KEY_TYPES = ("ssh-", "ecdsa-", "sk-")  # how the key type of an allowed_signers line begins
_SIGNED = (
    "the record is already signed; a signature is never replaced (delete it first only if it was never "
    "committed)"
)


@dataclass(frozen=True)
class SignatureCheck:
    """Whether a record's signature verifies, by whom, and why (not)."""

    valid: bool
    signer: str | None  # the principal in allowed_signers whose key made the signature
    reason: str  # why it is (in)valid, for the report


def _ssh_keygen() -> str:
    # shutil and tempfile (about 4 ms of imports with what they bring: random, bz2, lzma) only where
    # ssh-keygen runs: an audit whose signatures all verify in-process never does (issue 14).
    import shutil

    program = shutil.which("ssh-keygen")
    if program is None:
        raise GovernanceError(
            _("ssh-keygen was not found; install OpenSSH (8.2 or later) to sign and verify records")
        )
    return program


def _run(args: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(args, input=stdin, capture_output=True, timeout=_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise GovernanceError(
            Message("ssh-keygen did not finish within {seconds} s", seconds=_TIMEOUT)
        ) from None


def _message(output: bytes) -> str:
    lines = [line.strip() for line in output.decode("utf-8", "replace").splitlines() if line.strip()]
    return "; ".join(lines[-2:]) or "no message"


def allowed_signers_line(identity: str, public_key: str, namespace: str) -> str:
    """One line of allowed_signers: this key may sign records, and only in the records' namespace."""
    fields = public_key.split()
    if len(fields) < 2 or not fields[0].startswith(("ssh-", "ecdsa-", "sk-")):
        raise GovernanceError(
            Message("not an SSH public key (expected a line such as 'ssh-ed25519 AAAA... comment')")
        )
    if not identity or any(char.isspace() or char in ',"' for char in identity):
        raise GovernanceError(
            Message(
                "the signer identity '{identity}' must be one word without commas or quotes",
                identity=identity,
            )
        )
    return f'{identity} namespaces="{namespace}" {fields[0]} {fields[1]}\n'


def signature_key(signature: bytes) -> bytes | None:
    """The public key blob embedded in an armored SSHSIG signature (OpenSSH PROTOCOL.sshsig: "SSHSIG",
    uint32 version, string publickey, ...), or None when it cannot be read. Parsing only: whether the
    signature is good is for ssh-keygen alone to say."""
    text = signature.strip()
    if not (text.startswith(_ARMOR_BEGIN) and text.endswith(_ARMOR_END)):
        return None
    try:
        blob = base64.b64decode(b"".join(text[len(_ARMOR_BEGIN) : -len(_ARMOR_END)].split()), validate=True)
    except (binascii.Error, ValueError):
        return None
    if blob[:6] != b"SSHSIG":
        return None
    return sshsig.wire_string(blob, 10)


_MALFORMED = SignatureCheck(
    False, None, Message("the signature is malformed or was not made by a key listed in allowed_signers")
)


@dataclass(frozen=True)
class SignerLine:
    """A line of allowed_signers: its principals and public key."""

    principals: tuple[str, ...]
    key: bytes  # the public key blob


def parse_allowed_signers(text: str) -> list[SignerLine] | None:
    """The lines of allowed_signers as principals and key, or None for any line beyond this plain parser
    (a quoted principal, a cert-authority line, a key it cannot decode): then ssh-keygen must read it."""
    lines: list[SignerLine] = []
    # A line ends at "\n" alone, as ssh-keygen reads it (str.splitlines would also end one at \x85,
    # \u2028, \x0b, ...: a comment holding one would hide a line from ssh-keygen but not from us).
    for raw in text.split("\n"):
        line = raw.lstrip(" \t")
        if not line or line.startswith("#"):
            continue
        principals, rest = _split_field(line)
        if not rest or principals.startswith('"'):
            return None
        if not rest.startswith(_KEY_TYPES):
            options, rest = _skip_options(rest)
            if options is None or "cert-authority" in options.lower():
                return None
        key_type, rest = _split_field(rest)
        encoded, _ = _split_field(rest)
        try:
            key = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            return None
        if not key_type.startswith(_KEY_TYPES) or sshsig.wire_string(key, 0) != key_type.encode():
            return None
        lines.append(SignerLine(tuple(part for part in principals.split(",") if part), key))
    return lines


# An option ssh-keygen reads on an allowed_signers line: it matches option names without regard to case
# (strncasecmp) and an option begins a line's field, follows a comma or a principal's closing quote.
_TIME_BOUND = re.compile(r'(?:^|[\s,"])valid-(?:before|after)=', re.IGNORECASE | re.ASCII)


@functools.lru_cache(maxsize=16)
def time_bound_line(allowed_signers: str) -> int | None:
    """The number of the first line of allowed_signers giving a key `valid-before` or `valid-after`, None
    when no line does. ssh-keygen judges those options at the moment it is asked, and the audit asks again
    for every record on every run: the verdict on a record would change with the day, and any time taken
    from git to ask "as of" is forgeable. So no line may have them. Cautious: a comment or a principal
    spelled like the option counts too (the file is then refused, never misread)."""
    for number, raw in enumerate(allowed_signers.split("\n"), start=1):
        line = raw.lstrip(" \t")
        if line and not line.startswith("#") and _TIME_BOUND.search(line):
            return number
    return None


def refuse_time_bounds(allowed_signers: str, path: str | Message) -> None:
    """A clear error when a line of allowed_signers has `valid-before` or `valid-after` (time_bound_line)."""
    line = time_bound_line(allowed_signers)
    if line is not None:
        raise GovernanceError(
            Message(
                "a key has valid-before or valid-after: ssh-keygen judges them on the day it is asked, so "
                "the verdict on every record that key signed would change with the day the audit runs; "
                "remove the option, and end or begin a key's use by a resolution that changes "
                "allowed_signers, which the board approves (rotate the key)"
            ),
            path=path,
            line=line,
        )


def _split_field(text: str) -> tuple[str, str]:
    """The field up to the first space or tab, and the rest without its leading blanks."""
    for index, char in enumerate(text):
        if char in " \t":
            return text[:index], text[index:].lstrip(" \t")
    return text, ""


def _skip_options(text: str) -> tuple[str | None, str]:
    """Options up to the first blank outside double quotes (as ssh-keygen skips them), and the rest."""
    quoted, index = False, 0
    while index < len(text) and (quoted or text[index] not in " \t"):
        if text[index] == "\\" and text[index + 1 : index + 2] == '"':
            index += 1
        elif text[index] == '"':
            quoted = not quoted
        index += 1
    if quoted:
        return None, ""
    return text[:index], text[index:].lstrip(" \t")


def candidate_principals(signature: bytes, allowed_signers: str) -> list[str] | None:
    """The principals of the allowed_signers lines holding the key embedded in `signature`, found without
    a process; None when only ssh-keygen can tell (an unreadable signature or line, a certificate). A
    principal named here proves nothing: `ssh-keygen -Y verify -I` decides, against the same file."""
    key = signature_key(signature)
    lines = parse_allowed_signers(allowed_signers)
    if key is None or lines is None:
        return None
    key_type = sshsig.wire_string(key, 0)
    if key_type is None or key_type.endswith(b"-cert-v01@openssh.com"):
        return None
    principals: list[str] = []
    for line in lines:
        if line.key == key:
            principals += [principal for principal in line.principals if principal not in principals]
    return principals


def readable_principals(signature: bytes, allowed_signers: str) -> list[str]:
    """candidate_principals of each line this module can read, the others left out: beside ssh-keygen's
    answer when a line is beyond this module, which names the principals of the first line holding the
    key only (a later line may hold it for the namespace asked). Proves nothing either."""
    principals: list[str] = []
    for line in allowed_signers.split("\n"):
        principals += [p for p in candidate_principals(signature, line) or () if p not in principals]
    return principals


def signature_principals(signature: bytes, allowed_signers: str) -> list[str]:
    """The principals of allowed_signers whose key made `signature`, as `ssh-keygen -Y find-principals`
    names them (the namespace is not checked here)."""
    program = _ssh_keygen()
    import tempfile

    with tempfile.TemporaryDirectory(prefix="governance-sig-") as folder:
        signers_file, signature_file = Path(folder, "allowed_signers"), Path(folder, "record.sig")
        signers_file.write_text(allowed_signers, encoding="utf-8")
        signature_file.write_bytes(signature)
        done = _run([program, "-Y", "find-principals", "-s", str(signature_file), "-f", str(signers_file)])
    if done.returncode != 0:
        return []
    principals: list[str] = []
    for line in done.stdout.decode("utf-8", "surrogateescape").split("\n"):
        # A line of allowed_signers may list several principals separated by commas; a principal is
        # given back to ssh-keygen (-I) as it printed it, odd characters and all.
        principals.extend(part for part in line.split(",") if part)
    return principals


def beyond_limit(size: int) -> SignatureCheck | None:
    """An invalid check for a signature of `size` bytes beyond the documented limit (governance/limits.py),
    None within it: such a file is no SSH signature, and it is neither decoded nor handed to ssh-keygen."""
    if size <= MAX_SIGNATURE_BYTES:
        return None
    return SignatureCheck(
        False,
        None,
        Message(
            "the signature file is {size:,} bytes, more than the limit of {limit:,} (an SSH signature is a "
            "few hundred bytes); it was not read: sign the record again (governance resolution sign)",
            size=size,
            limit=MAX_SIGNATURE_BYTES,
        ),
    )


def verify_signature(record: bytes, signature: bytes, allowed_signers: str, namespace: str) -> SignatureCheck:
    """Whether `signature` is a good signature of exactly `record` by a key allowed for `namespace`.
    The plain case (an Ed25519 key on a plain allowed_signers line) and what no ssh-keygen reads are judged
    in-process (governance/records/sshsig.py), with ssh-keygen's words; anything else by ssh-keygen."""
    check = beyond_limit(len(signature)) or _in_process(record, signature, allowed_signers, namespace)
    return check or verify_with_ssh_keygen(record, signature, allowed_signers, namespace)


def verify_in_process(
    record: bytes, signature: bytes, allowed_signers: str, namespace: str
) -> SignatureCheck | None:
    """`verify_signature`'s answer where it needs no ssh-keygen, else None."""
    return beyond_limit(len(signature)) or _in_process(record, signature, allowed_signers, namespace)


def _in_process(
    record: bytes, signature: bytes, allowed_signers: str, namespace: str
) -> SignatureCheck | None:
    plain = sshsig.plain_signature(record, signature, allowed_signers, namespace)
    if plain is None:
        return _refused(signature, allowed_signers, namespace, sshsig.refusal(signature, namespace))
    holds = sshsig.holds(plain.public, plain.signature, plain.data)
    return judged_plain(record, signature, allowed_signers, namespace, plain, holds)


def judged_plain(
    record: bytes,
    signature: bytes,
    allowed_signers: str,
    namespace: str,
    plain: sshsig.PlainSignature,
    holds: bool,
) -> SignatureCheck | None:
    """`verify_signature`'s answer for a signature in the plain form once the equation is computed: signed
    by its signer when it holds, refused when it fails as it does for ssh-keygen; None when only ssh-keygen
    can say (`sshsig.failed`, `PlainSignature.reduced`)."""
    if holds:
        return None if plain.reduced else signed_by(plain.signer)
    return _refused(signature, allowed_signers, namespace, sshsig.failed(plain))


def _refused(
    signature: bytes, allowed_signers: str, namespace: str, failure: str | None
) -> SignatureCheck | None:
    """The very refusal `verify_with_ssh_keygen` gives a signature ssh-keygen refuses for `failure` (its
    stderr), made without a process; None when there is no such failure or its principals are for ssh-keygen
    to find."""
    if failure is None:
        return None
    if failure == sshsig.MALFORMED:
        return _MALFORMED
    principals = candidate_principals(signature, allowed_signers)
    if principals is None:
        return None
    return _not_verified(principals, namespace, failure) if principals else _MALFORMED


def _not_verified(principals: list[str], namespace: str, failure: str) -> SignatureCheck:
    return SignatureCheck(
        False,
        None,
        Message(
            "the signature does not verify for {principals} in namespace '{namespace}': the record was changed "
            "after signing, or signed for another namespace ({failure})",
            principals=", ".join(principals),
            namespace=namespace,
            failure=failure,
        ),
    )


@functools.lru_cache(maxsize=256)
def signed_by(signer: str) -> SignatureCheck:
    """A good signature by `signer`, as the report says it (made once a signer: an audit verifies a
    thousand signatures of a few secretaries)."""
    return SignatureCheck(True, signer, Message("signed by {signer}", signer=signer))


def verify_with_ssh_keygen(
    record: bytes, signature: bytes, allowed_signers: str, namespace: str
) -> SignatureCheck:
    """`verify_signature` by `ssh-keygen -Y verify` alone; the principals to ask it about are found
    in-process when possible (one process per record instead of two), else by `-Y find-principals`.
    A signature whose armor is read in-process (sshsig.dearmor reads it as every ssh-keygen does) is asked
    as its blob armored as ssh-keygen writes it, once a blob: an adversary who re-armors one signature only
    ssh-keygen judges (a scalar beyond the group order, a certificate) a thousand ways gets one process."""
    refused = beyond_limit(len(signature))
    if refused is not None:
        return refused
    _ssh_keygen()  # a verdict known already is still none without the program that gives it
    blob = sshsig.dearmor(signature)
    if blob is None:
        return _by_ssh_keygen(record, signature, allowed_signers, namespace)
    parts = (
        record,
        blob,
        allowed_signers.encode("utf-8", "surrogatepass"),
        namespace.encode("utf-8", "surrogatepass"),
    )
    key = hashlib.sha256(b"".join(len(part).to_bytes(8, "big") + part for part in parts)).digest()
    known = _BY_BLOB.get(key)
    if known is None:
        if len(_BY_BLOB) >= _BY_BLOB_SIZE:
            _BY_BLOB.clear()
        known = _BY_BLOB[key] = _by_ssh_keygen(record, sshsig.armor(blob), allowed_signers, namespace)
    return known


# ssh-keygen's verdicts by the SHA-256 of (the record, the blob, allowed_signers, the namespace), each
# length-prefixed: 32 bytes a key whatever the sizes, so a long-running service keeps at most a few hundred KB.
_BY_BLOB: dict[bytes, SignatureCheck] = {}
_BY_BLOB_SIZE = 4096


def _by_ssh_keygen(record: bytes, signature: bytes, allowed_signers: str, namespace: str) -> SignatureCheck:
    program = _ssh_keygen()
    principals = candidate_principals(signature, allowed_signers)
    if principals is None:
        found = signature_principals(signature, allowed_signers)
        principals = found + [p for p in readable_principals(signature, allowed_signers) if p not in found]
    if not principals:
        return _MALFORMED
    failures: list[str] = []
    import tempfile

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
                return SignatureCheck(True, principal, Message("signed by {signer}", signer=principal))
            failures.append(_message(done.stderr))
    return _not_verified(principals, namespace, failures[-1])


def verify_signatures(
    requests: Sequence[tuple[bytes, bytes, str, str]], *, workers: int | None = None
) -> list[SignatureCheck]:
    """`verify_signature` of each (record, signature, allowed_signers, namespace), in order. What is not
    judged in-process goes to independent ssh-keygen processes, a few at once."""
    results = [beyond_limit(len(request[1])) or _in_process(*request) for request in requests]
    left = [request for request, result in zip(requests, results, strict=True) if result is None]
    if workers is None:
        # Twice the cores: a run spends much of its life starting up (exec, loading), not computing.
        workers = min(4, 2 * (os.cpu_count() or 1))
    if workers <= 1 or len(left) <= 1:
        checked = iter([verify_with_ssh_keygen(*request) for request in left])
    else:
        # Imported here: the plain Ed25519 case (every audit of a repository `governance init` made) never
        # runs ssh-keygen, and concurrent.futures brings logging with it (issue 14).
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ssh-keygen") as pool:
            checked = iter(list(pool.map(lambda request: verify_with_ssh_keygen(*request), left)))
    return [result if result is not None else next(checked) for result in results]


def signature_of(record: bytes, key_path: Path, namespace: str) -> bytes:
    """The armored signature of `record` by the private key (or a public key held by ssh-agent)."""
    program = _ssh_keygen()
    if not key_path.is_file():
        raise GovernanceError(
            _("the key file does not exist; give the secretary's private key"), path=key_path
        )
    done = subprocess.run(
        [program, "-Y", "sign", "-f", str(key_path), "-n", namespace],
        input=record,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0 or not done.stdout:
        raise GovernanceError(
            Message("ssh-keygen could not sign: {problem}", problem=_message(done.stderr)), path=key_path
        )
    return done.stdout


def sign_record(record_path: Path, key_path: Path, namespace: str) -> Path:
    """Sign the record with the private key (or a public key held by ssh-agent); writes `<record>.sig`."""
    if not record_path.is_file():
        raise GovernanceError(_("the record does not exist"), path=record_path)
    from governance.records.writer import write_new  # the secretary's, not the gate's (issue 14)

    target = record_path.with_name(record_path.name + ".sig")
    write_new(target, signature_of(record_path.read_bytes(), key_path, namespace), exists=_(_SIGNED))
    return target


def sign_and_verify(
    record_path: Path, key_path: Path, allowed_signers: str, namespace: str
) -> SignatureCheck:
    """Sign, prove the signature will count, and only then write `<record>.sig`, never over one: a key
    nobody allowed writes nothing, and of two runs at once the first to finish keeps its signature while
    the other says the record is signed already (so neither deletes the other's)."""
    target = record_path.with_name(record_path.name + ".sig")
    if target.exists():
        raise GovernanceError(_SIGNED, path=target)
    if not record_path.is_file():
        raise GovernanceError(_("the record does not exist"), path=record_path)
    record = record_path.read_bytes()
    signature = signature_of(record, key_path, namespace)
    check = verify_signature(record, signature, allowed_signers, namespace)
    if not check.valid:
        raise GovernanceError(
            _(
                "this key may not sign records ({reason}); its public half must be in allowed_signers with "
                'namespaces="{namespace}", a change the board approves'
            ).format(reason=localized(check.reason), namespace=namespace),
            path=key_path,
        )
    from governance.records.writer import write_new

    write_new(target, signature, exists=_(_SIGNED))
    return check

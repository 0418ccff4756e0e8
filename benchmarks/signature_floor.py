"""The audit's floor with its signatures: read every blob a first-parent walk names and verify each
record's signature once, and nothing else.

    git log --first-parent --reverse --raw --no-renames --no-abbrev --format= main | python signature_floor.py

Reads git's raw diff lines on stdin, asks one `git cat-file --batch` (in the current folder) for every
blob they name, as the audit's floor without signatures does (`run.py`'s BLOBS), and for each record
`X` whose signature `X.sig` the walk names (the records folder's layout: `resolutions/BD-...yml` beside
`resolutions/BD-...yml.sig`, an armored SSHSIG of the record's bytes) checks the Ed25519 equation over the
bytes ssh-keygen signs (OpenSSH PROTOCOL.sshsig). It is written apart from governance/records/sshsig.py on
purpose: a floor must not get cheaper or dearer with the code it measures. No check the audit makes beyond
the arithmetic (the armor's layout, the namespace, who may sign, what a record says): a floor that did
them would no longer be one. A signature that does not verify, or one without its record, is exit 1: a
floor that skipped a record would be cheaper than the work it stands for.

Prints how many signatures it verified.
"""

from __future__ import annotations

import base64
import hashlib
import queue
import subprocess
import sys
import threading
from collections.abc import Iterable
from typing import IO

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

SIGNATURE_SUFFIX = ".sig"
_DONE = None


def wire_strings(data: bytes, offset: int, count: int) -> list[bytes]:
    """`count` SSH wire strings (uint32 length, then the bytes) from `offset`."""
    values = []
    for _ in range(count):
        end = offset + 4 + int.from_bytes(data[offset : offset + 4], "big")
        values.append(data[offset + 4 : end])
        offset = end
    return values


def string(value: bytes) -> bytes:
    return len(value).to_bytes(4, "big") + value


class Verifier:
    """Ed25519 SSHSIG verification, a key object made once per distinct key."""

    def __init__(self) -> None:
        self._keys: dict[bytes, Ed25519PublicKey] = {}

    def verify(self, message: bytes, armored: bytes) -> bool:
        # Between the armor's first and last lines: base64 of "SSHSIG", uint32 version, then the strings
        # publickey, namespace, reserved, hash_algorithm, signature.
        blob = base64.b64decode(b"".join(armored.strip().split(b"\n")[1:-1]))
        key_blob, namespace, reserved, hash_algorithm, signature_blob = wire_strings(blob, 10, 5)
        key = self._keys.get(key_blob)
        if key is None:
            key = self._keys[key_blob] = Ed25519PublicKey.from_public_bytes(wire_strings(key_blob, 0, 2)[1])
        digest = hashlib.new(hash_algorithm.decode("ascii"), message).digest()
        signed = b"SSHSIG" + string(namespace) + string(reserved) + string(hash_algorithm) + string(digest)
        try:
            key.verify(wire_strings(signature_blob, 0, 2)[1], signed)
        except InvalidSignature:
            return False
        return True


def changed_blobs(raw_lines: Iterable[str]) -> Iterable[tuple[str, str]]:
    """(path, new blob id) of each change in `git log --raw --no-abbrev` output that leaves a blob."""
    for line in raw_lines:
        if not line.startswith(":"):
            continue
        fields, path = line.rstrip("\n").split("\t", 1)
        blob = fields.split()[3]
        if blob.strip("0"):
            yield path, blob


def _request(raw_lines: Iterable[str], batch: IO[bytes], paths: queue.SimpleQueue[str | None]) -> None:
    for path, blob in changed_blobs(raw_lines):
        paths.put(path)
        batch.write(blob.encode() + b"\n")
    paths.put(_DONE)
    batch.close()


def verify_walk(raw_lines: Iterable[str]) -> tuple[int, list[str]]:
    """Read every blob `raw_lines` names and verify each record's signature: (verified, failures)."""
    batch = subprocess.Popen(["git", "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert batch.stdin is not None and batch.stdout is not None
    paths: queue.SimpleQueue[str | None] = queue.SimpleQueue()
    # A thread of its own writes the requests: git answers while we ask, and both pipes are bounded.
    requests = threading.Thread(target=_request, args=(raw_lines, batch.stdin, paths), daemon=True)
    requests.start()
    verifier = Verifier()
    pending: dict[str, bytes] = {}  # a record or a signature whose other half is not read yet
    verified, failures = 0, []
    while (path := paths.get()) is not _DONE:
        size = int(batch.stdout.readline().split()[2])
        content = batch.stdout.read(size + 1)[:-1]
        if path.endswith(SIGNATURE_SUFFIX):
            record, signature = path[: -len(SIGNATURE_SUFFIX)], path
        else:
            record, signature = path, path + SIGNATURE_SUFFIX
        other = signature if path == record else record
        if other not in pending:
            pending[path] = content
            continue
        halves = {path: content, other: pending.pop(other)}
        if verifier.verify(halves[record], halves[signature]):
            verified += 1
        else:
            failures.append(record)
    requests.join()
    batch.wait()
    # A record never signed (governance.yml has no signature either) is not a signature to verify; a
    # signature without its record is.
    failures += [path for path in pending if path.endswith(SIGNATURE_SUFFIX)]
    return verified, failures


def main() -> int:
    verified, failures = verify_walk(sys.stdin)
    if failures:
        print(f"error: {len(failures)} signatures did not verify, first {failures[0]}", file=sys.stderr)
        return 1
    print(f"{verified} signatures verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The resolution records as published: read from the audited revision and their signatures verified,
for the pages of governance.site.resolution_pages. The only I/O of the resolution pages."""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from pathlib import Path

from governance import git
from governance.errors import GovernanceError
from governance.gate.rules import allowed_signers_at, config_at
from governance.records.resolutions import (
    ID_PATTERN,
    RECORD_SUFFIX,
    SIGNATURE_SUFFIX,
    is_record_path,
    load_resolution,
)
from governance.records.signatures import signature_key, verify_signature
from governance.site.record_views import RecordView, Signature
from governance.text.digests import digest_bytes


def published_records(root: Path, rev: str = "HEAD") -> tuple[dict[str, RecordView], bool]:
    """Every resolution record at `rev` by id, and whether signatures are required there. The audit of
    `rev` has passed before this runs, so a record that does not parse is a bug, not a reader's problem."""
    commit = git.resolve_commit(root, rev)
    records: dict[str, RecordView] = {}
    with git.Objects(root) as objects:
        config = config_at(objects, commit)
        required = config.signatures == "required"
        signers = allowed_signers_at(objects, commit, config) or ""
        try:
            entries = git.list_tree(root, commit, config.records)
        except GovernanceError:
            return {}, required  # no records folder yet
        for entry in entries:
            if entry.kind != "blob" or not is_record_path(entry.path, config.records):
                continue
            if not re.match(ID_PATTERN, posixpath.basename(entry.path)[: -len(RECORD_SUFFIX)]):
                continue  # the records folder's other files (before-adoption.yml, lint-baseline.yml)
            data = objects.blob(f"{commit}:{entry.path}")
            if data is None:
                continue
            resolution = load_resolution(data.decode("utf-8"), entry.path)
            signature_path = entry.path[: -len(RECORD_SUFFIX)] + SIGNATURE_SUFFIX
            signature = objects.blob(f"{commit}:{signature_path}")
            records[resolution.id] = RecordView(
                resolution=resolution,
                path=entry.path,
                text=data.decode("utf-8"),
                digest=digest_bytes(data),
                signature=_signature(data, signature, signers, config.signature_namespace, required),
            )
    return records, required


def _signature(
    record: bytes, signature: bytes | None, signers: str, namespace: str, required: bool
) -> Signature:
    if signature is None:
        return Signature("unsigned" if required else "not-required")
    check = verify_signature(record, signature, signers, namespace)
    if not check.valid:
        return Signature("invalid", reason=check.reason)
    return Signature("verified", signer=check.signer, key=_fingerprint(signature_key(signature)))


def _fingerprint(key: bytes | None) -> str | None:
    """The key's fingerprint as `ssh-keygen -l` prints it: SHA256: and unpadded base64."""
    if key is None:
        return None
    return "SHA256:" + base64.b64encode(hashlib.sha256(key).digest()).decode("ascii").rstrip("=")

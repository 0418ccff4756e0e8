"""The resolution records as the site shows them: a record, where it is, and what its signature says.
Plain values, filled by governance.site.records_read and shown by governance.site.resolution_pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from governance.records.resolutions import Resolution

SignatureState = Literal["verified", "invalid", "unsigned", "not-required"]


@dataclass(frozen=True)
class Signature:
    state: SignatureState
    signer: str | None = None  # the principal of allowed_signers whose key made it
    key: str | None = None  # its fingerprint, SHA256:...
    reason: str = ""  # why it did not verify


@dataclass(frozen=True)
class RecordView:
    resolution: Resolution
    path: str  # where the record is in the repository
    text: str  # the record file, as published
    digest: str
    signature: Signature

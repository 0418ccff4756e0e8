"""The digest that identifies an approved text: sha256 of its exact bytes, as `sha256sum` prints it."""

from __future__ import annotations

import hashlib
from pathlib import Path


def digest_bytes(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def digest_file(path: Path) -> str:
    return digest_bytes(path.read_bytes())

"""The digest that identifies an approved text: sha256 of its exact bytes, as `sha256sum` prints it."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

DIGEST_PATTERN = re.compile(r"sha256:[0-9a-f]{64}")


def digest_bytes(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def digest_file(path: Path) -> str:
    return digest_bytes(path.read_bytes())

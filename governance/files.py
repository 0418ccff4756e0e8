"""Files a user reads or hands on (a board pack, a paper copy): replaced whole or not at all, with the
mode the user's umask gives any new file (a temporary file from `tempfile` would leave them 0600)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path


def replace_file(target: Path, content: bytes) -> None:
    """Write `content` to `target`, replacing it atomically: a reader never finds half a file, and a
    failure leaves neither a half-written target nor the temporary file."""
    replace_stream(target, [content])


def replace_stream(target: Path, chunks: Iterable[bytes]) -> None:
    """replace_file for content too large to hold: written chunk by chunk, then renamed into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        try:
            for chunk in chunks:
                _write_every_byte(handle, chunk)
            os.fsync(handle)
        finally:
            os.close(handle)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_all(handle: int, content: bytes) -> None:
    """Write every byte (os.write may write fewer) and flush it to the disk."""
    _write_every_byte(handle, content)
    os.fsync(handle)


def _write_every_byte(handle: int, content: bytes) -> None:
    view = memoryview(content)
    while view:
        view = view[os.write(handle, view) :]

"""Files a user reads or hands on (a board pack, a paper copy): replaced whole or not at all, with the
mode the user's umask gives any new file (a temporary file from `tempfile` would leave them 0600)."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path


def replace_file(target: Path, content: bytes) -> None:
    """Write `content` to `target`, replacing it atomically: a reader never finds half a file, and a
    failure leaves neither a half-written target nor the temporary file."""
    replace_stream(target, [content])


def replace_stream(target: Path, chunks: Iterable[bytes]) -> None:
    """replace_file for content too large to hold: written chunk by chunk, then renamed into place.

    The content goes to an unnamed file (O_TMPFILE) that gets a temporary name only once complete, for
    the rename: a process killed while writing leaves no hidden file that `git add` would commit. Where
    the file system makes no unnamed files, a named temporary file is written instead."""
    import secrets  # only where a file is written: random and hmac are not the audit's and the check's to load

    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    unnamed = _unnamed_file(target.parent)
    if unnamed is not None:
        try:
            for chunk in chunks:
                _write_every_byte(unnamed, chunk)
            os.fsync(unnamed)
            # A dir_fd makes Python call linkat(AT_SYMLINK_FOLLOW): it links the file the fd names.
            folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            try:
                os.link(f"/proc/self/fd/{unnamed}", temporary.name, dst_dir_fd=folder, follow_symlinks=True)
            finally:
                os.close(folder)
        finally:
            os.close(unnamed)
        try:
            temporary.replace(target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return
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


def _unnamed_file(folder: Path) -> int | None:
    """A file with no name yet in `folder`, open for writing (mode 0666 less the umask once linked); None
    where the platform or the file system makes none."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not Path("/proc/self/fd").is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_WRONLY | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            return None
        raise


def write_all(handle: int, content: bytes) -> None:
    """Write every byte (os.write may write fewer) and flush it to the disk."""
    _write_every_byte(handle, content)
    os.fsync(handle)


def _write_every_byte(handle: int, content: bytes) -> None:
    view = memoryview(content)
    while view:
        view = view[os.write(handle, view) :]

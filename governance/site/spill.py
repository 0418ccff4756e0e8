"""Pages held on disk while MkDocs builds, in one file: each page appended as it comes, read back by its
offset. A site of tens of thousands of pages is never held in memory, and never written as a file per
page either: a file each cost a creation, a copy into the site and a deletion per page (at 100 x 500,
13,000 files; on a disk that discards deleted blocks, the deletions alone took longer than the render).
"""

from __future__ import annotations

import os
from pathlib import Path

from governance.site.context import Page


class Spill:
    """Strings appended to one file (created new, readable by its owner alone), each read back whole by
    its URI; a URI added again is read as its last addition. Close it when done."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        self._end = 0
        self._where: dict[str, tuple[int, int]] = {}  # uri -> (offset, length in bytes)
        self.uris: list[str] = []  # in the order of their first addition

    def add(self, page: Page) -> None:
        self.put(page.uri, page.content)

    def put(self, uri: str, content: str) -> None:
        data = memoryview(content.encode("utf-8"))
        offset = self._end
        while data:
            written = os.pwrite(self._fd, data, self._end)
            self._end += written
            data = data[written:]
        if uri not in self._where:
            self.uris.append(uri)
        self._where[uri] = (offset, self._end - offset)

    def read_bytes(self, uri: str) -> bytes:
        offset, length = self._where[uri]
        chunks = []
        while length:
            chunk = os.pread(self._fd, length, offset)
            if not chunk:
                raise OSError(f"{self.path}: cut short")
            chunks.append(chunk)
            offset += len(chunk)
            length -= len(chunk)
        return b"".join(chunks)

    def read(self, uri: str) -> str:
        return self.read_bytes(uri).decode("utf-8")

    def __contains__(self, uri: str) -> bool:
        return uri in self._where

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

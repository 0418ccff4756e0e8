"""The undated pages of the last build, kept for the next one: a daily build in which nothing changed but
the date renders again only the pages whose text depends on the date (main pages, version pages, the
point-in-time pages, the home page and what's new); the history, redlines and comparisons are reused.

What a cache may never do is make a page differ from a fresh build, so an entry is used only when its key
is exactly this build's: the digest of every input but the date, with the state of every version on the
date (governance.site.builder.site_key), and of this tool's own code and the libraries that render text.
Anything else (another key, a damaged file, a wrong format) is a miss, never an error. A build reads the
file's index only, and each page when it asks for it, checked against the index's digest of it (a page
damaged alone is made again): a daily build of tens of thousands of pages never holds them together.

Where: in the repository's git folder (`.git/governance/site-pages.json.gz`), which git never tracks, so
no commit can put an entry there, and whoever can write it can already rewrite the history being built.
JSON, never pickle: reading it runs no code. Embedded regulation text is kept without its markers
(governance.site.embedding): each build marks it with its own secret.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import secrets
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping
from importlib import metadata
from pathlib import Path

from governance import git
from governance.site.embedding import reembedded, unembedded

FORMAT = 3
FILE = "governance/site-pages.json.gz"
_RENDERING_LIBRARIES = ("markdown-it-py", "PyYAML", "pydantic")


class PageCache:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def of(cls, root: Path) -> PageCache:
        """The cache of the repository at `root`, in its git folder (shared by its worktrees)."""
        common = git.run(root, "rev-parse", "--path-format=absolute", "--git-common-dir")
        return cls(Path(common.decode("utf-8").strip()) / FILE)

    def load(self, key: str) -> KeptPages:
        """The undated pages kept under `key` (none when the file is another build's, or damaged), each
        read from the file when asked for: a daily build never holds them all."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return KeptPages(None, {})
        try:
            index = _index(fd, key)
        except (OSError, EOFError, zlib.error, ValueError, TypeError):  # not ours, not whole, not JSON
            index = None
        if not index:
            os.close(fd)
            return KeptPages(None, {})
        return KeptPages(fd, index)

    def save(self, key: str, pages: Mapping[str, str]) -> None:
        """Keep `pages` under `key`, replacing what was kept (one entry: the last build's)."""
        with self.writer(key) as keep:
            for uri, content in pages.items():
                keep(uri, content)

    @contextlib.contextmanager
    def writer(self, key: str) -> Iterator[Callable[[str, str], None]]:
        """A function keeping one page under `key` at each call, written as it comes (tens of thousands of
        pages are never held together). What was kept before is replaced when the block ends, and left as
        it was when the block raises. A cache that cannot be written costs time, never a page: a write
        that fails (a full disk, a read-only folder) leaves the old file and raises nothing."""
        staging = self.path.with_name(f".{self.path.name}.{secrets.token_hex(8)}.tmp")
        stream = None
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            stream = staging.open("xb")
        written = 0
        where: dict[str, list[object]] = {}  # uri -> [offset, length, digest of its member]

        def write(data: bytes) -> None:
            nonlocal stream, written
            written += len(data)
            if stream is None:
                return
            try:
                stream.write(data)
            except OSError:
                stream.close()
                stream = None

        def keep(uri: str, content: str) -> None:
            member = _member(_line([uri, unembedded(content)]))
            where[uri] = [uri, written, len(member), hashlib.sha256(member).hexdigest()]
            write(member)

        try:
            write(_member(_line({"format": FORMAT, "key": _full(key)})))
            yield keep
            index = _member(_line({"pages": list(where.values())}))
            at = written
            write(index + _tail(at, index))
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.flush()
                    os.fsync(stream.fileno())
                    stream.close()
                    stream = None
                    staging.replace(self.path)
        finally:
            if stream is not None:
                stream.close()
            with contextlib.suppress(OSError):
                staging.unlink(missing_ok=True)


class KeptPages(Mapping[str, str]):
    """The pages of a kept file by URI, each read and checked when asked for. A page whose bytes are not
    those the file's index names (damaged, edited) is missing: made again, never served."""

    def __init__(self, fd: int | None, index: dict[str, tuple[int, int, str]]) -> None:
        self._fd = fd
        self._index = index

    def __getitem__(self, uri: str) -> str:
        offset, length, digest = self._index[uri]
        content = None
        if self._fd is not None:
            with contextlib.suppress(OSError, EOFError, zlib.error, ValueError):
                content = _page(os.pread(self._fd, length, offset), digest, uri)
        if content is None:
            raise KeyError(uri)
        return content

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        self.close()


# The file: gzip of JSON lines, each line a gzip member of its own so that any one can be read alone: a
# header (format, key), a line per page ([uri, segments]), the index of the pages ([uri, offset, length,
# digest of its member]), and last a tail of fixed size (stored, not compressed) giving the index's offset
# and digest. A file cut short, edited or written by another build is a miss; a page whose member is not
# the one its index names is a miss of that page.
def _line(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _member(data: bytes, level: int = 1) -> bytes:
    return zlib.compress(data, level, wbits=31)  # 31: the gzip format


def _tail(at: int, index: bytes) -> bytes:
    return _member(_line({"index": f"{at:016x}", "length": f"{len(index):016x}", "digest": _hex(index)}), 0)


def _hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_TAIL_SIZE = len(_tail(0, b""))


def _one(member: bytes) -> object:
    """The JSON line of exactly one gzip member."""
    reader = zlib.decompressobj(31)
    data = reader.decompress(member)
    if not reader.eof or reader.unused_data:
        raise ValueError("not one whole member")
    return json.loads(data)


def _index(fd: int, key: str) -> dict[str, tuple[int, int, str]] | None:
    size = os.fstat(fd).st_size
    reader = zlib.decompressobj(31)
    first = os.pread(fd, 64 * 1024, 0)
    header = json.loads(reader.decompress(first))
    if not reader.eof or not isinstance(header, dict):
        return None
    if header.get("format") != FORMAT or header.get("key") != _full(key):
        return None
    pages_from = len(first) - len(reader.unused_data)
    tail = _one(os.pread(fd, _TAIL_SIZE, size - _TAIL_SIZE))
    if not isinstance(tail, dict):
        return None
    at, length = int(tail["index"], 16), int(tail["length"], 16)
    if at + length != size - _TAIL_SIZE:
        return None
    member = os.pread(fd, length, at)
    if _hex(member) != tail["digest"]:
        return None
    pages = _one(member)
    if not isinstance(pages, dict) or not isinstance(pages.get("pages"), list):
        return None
    index: dict[str, tuple[int, int, str]] = {}
    for entry in pages["pages"]:
        uri, offset, size_, digest = entry
        if not (isinstance(uri, str) and isinstance(offset, int) and isinstance(size_, int)):
            return None
        if not (isinstance(digest, str) and pages_from <= offset and offset + size_ <= at):
            return None
        index[uri] = (offset, size_, digest)
    return index


def _page(member: bytes, digest: str, uri: str) -> str | None:
    if _hex(member) != digest:
        return None
    entry = _one(member)
    if not (isinstance(entry, list) and len(entry) == 2 and entry[0] == uri):
        return None
    segments = entry[1]
    if not isinstance(segments, list) or not all(isinstance(s, str) for s in segments):
        return None
    return reembedded(segments)


def _full(key: str) -> str:
    return hashlib.sha256(f"{key}\0{code_digest()}".encode()).hexdigest()


@functools.cache
def code_digest() -> str:
    """This tool's code (every module of the package, byte for byte), the interpreter (difflib and
    unicodedata change with it) and the versions of the libraries that parse and render a text: an
    upgrade or an edit of any is a miss."""
    digest = hashlib.sha256(sys.version.encode() + b"\0")
    package = Path(__file__).resolve().parent.parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes() + b"\0")
    for name in _RENDERING_LIBRARIES:
        try:
            digest.update(f"{name}=={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} absent\0".encode())
    return digest.hexdigest()

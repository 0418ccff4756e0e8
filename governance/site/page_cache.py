"""The undated pages of the last build, kept for the next one: a daily build in which nothing changed but
the date renders again only the pages whose text depends on the date (main pages, version pages, the
point-in-time pages, the home page and what's new); the history, redlines and comparisons are reused.

What a cache may never do is make a page differ from a fresh build, so an entry is used only when its key
is exactly this build's: the digest of every input but the date, with the state of every version on the
date (governance.site.builder.site_key), and of this tool's own code and the libraries that render text.
Anything else (another key, a damaged file, a wrong format) is a miss, never an error.

Where: in the repository's git folder (`.git/governance/site-pages.json.gz`), which git never tracks, so
no commit can put an entry there, and whoever can write it can already rewrite the history being built.
JSON, never pickle: reading it runs no code. Embedded regulation text is kept without its markers
(governance.site.embedding): each build marks it with its own secret.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
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

FORMAT = 2
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

    def load(self, key: str) -> dict[str, str]:
        """The undated pages kept under `key`, or none."""
        try:
            with gzip.open(self.path, "rb") as stream:
                return _read(stream, key)
        except (OSError, EOFError, zlib.error, ValueError):  # no file, not gzip, not JSON
            return {}

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
        digest = hashlib.sha256()
        packer = zlib.compressobj(1, zlib.DEFLATED, 31)  # 31: the gzip format

        def write(data: bytes) -> None:
            nonlocal stream
            if stream is None:
                return
            try:
                stream.write(data)
            except OSError:
                stream.close()
                stream = None

        def keep(uri: str, content: str) -> None:
            line = _line([uri, unembedded(content)])
            digest.update(line)
            write(packer.compress(line))

        try:
            write(packer.compress(_line({"format": FORMAT, "key": _full(key)})))
            yield keep
            write(packer.compress(_line({"digest": digest.hexdigest()})) + packer.flush())
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


# The file: gzip of JSON lines; a header (format, key), a line per page ([uri, segments]) and a trailer
# with the digest of the page lines, so a file cut short or edited is a miss.
def _line(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _read(stream: gzip.GzipFile, key: str) -> dict[str, str]:
    header = json.loads(stream.readline())
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("key") != _full(key):
        return {}
    digest = hashlib.sha256()
    pages: dict[str, str] = {}
    for line in stream:
        entry = json.loads(line)
        if isinstance(entry, dict):  # the trailer, last
            whole = entry.get("digest") == digest.hexdigest() and not stream.read(1)
            return pages if whole else {}
        digest.update(line)
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)):
            return {}
        segments = entry[1]
        if not isinstance(segments, list) or not all(isinstance(s, str) for s in segments):
            return {}
        content = reembedded(segments)
        if content is None:
            return {}
        pages[entry[0]] = content
    return {}  # no trailer: cut short


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

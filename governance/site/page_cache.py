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

import functools
import gzip
import hashlib
import json
import zlib
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path

from governance import git
from governance.files import replace_file
from governance.site.embedding import reembedded, unembedded

FORMAT = 1
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
            data = json.loads(gzip.decompress(self.path.read_bytes()))
        except (OSError, EOFError, zlib.error, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != _full(key):
            return {}
        kept = data.get("pages")
        if not isinstance(kept, dict) or data.get("digest") != _digest(kept):
            return {}
        pages: dict[str, str] = {}
        for uri, segments in kept.items():
            if not isinstance(segments, list) or not all(isinstance(s, str) for s in segments):
                return {}
            content = reembedded(segments)
            if content is None:
                return {}
            pages[uri] = content
        return pages

    def save(self, key: str, pages: Mapping[str, str]) -> None:
        """Keep `pages` under `key`, replacing what was kept (one entry: the last build's)."""
        kept = {uri: unembedded(content) for uri, content in pages.items()}
        data = {"format": FORMAT, "key": _full(key), "digest": _digest(kept), "pages": kept}
        encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        replace_file(self.path, gzip.compress(encoded, compresslevel=1))


def _full(key: str) -> str:
    return hashlib.sha256(f"{key}\0{code_digest()}".encode()).hexdigest()


def _digest(kept: object) -> str:
    return hashlib.sha256(json.dumps(kept, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


@functools.cache
def code_digest() -> str:
    """This tool's code (every module of the package, byte for byte) and the versions of the libraries
    that parse and render a text: an upgrade or an edit of either is a miss."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes() + b"\0")
    for name in _RENDERING_LIBRARIES:
        try:
            digest.update(f"{name}=={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} absent\0".encode())
    return digest.hexdigest()

"""Links between texts: which regulation of the repository a link written in a text names, if any.

One rule for the two that need it: the site links such an address to that regulation's page
(governance.site.links), and lint accepts a link of a new text only when it names a regulation by its
file (governance.lint.links). A text names another by the relative path of its file, as on GitHub and
in an editor (`../finance/expenses.md#article-3`); the site also resolves the addresses an adopted
repository's texts used on their old site (`/policies/finance/expenses/`, `expenses.html`), which lint
asks to be written as the file's path. Pure: the caller says which paths are regulations.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SUFFIXES = (".md", ".html", ".htm")
MAX_ID_SEGMENTS = 16  # the last folders and file of an old site's address that can name a regulation


@dataclass(frozen=True)
class TextLink:
    path: str  # repository path of the regulation named
    fragment: str  # the anchor after '#', decoded ("" when none)
    by_file: bool  # named by its file's relative path (not by an old site's address)


def text_link(
    source: str,
    href: str,
    is_text: Callable[[str], bool],
    by_id: Callable[[str], str | None] | None = None,
) -> TextLink | None:
    """The regulation that `href`, written in the text at repository path `source`, names; None when it
    names none. `is_text(path)`: whether a repository path is a regulation's file; `by_id(id)`: the path
    of the regulation of a (lower-case) id, for an old site's absolute addresses (None: not resolved).

    The address is decoded as a browser would (markdown-it percent-encodes `../人事/規程.md`); one that
    leaves the repository or has a query names nothing."""
    address, _, fragment = href.partition("#")
    if not address or _SCHEME.match(address) or "?" in address:
        return None
    address, fragment = unquote(address), unquote(fragment)
    if address.startswith("/"):  # the old site's address: its last segments name the regulation
        if by_id is None:
            return None
        # Only the last segments can name a regulation: a bounded number, so a long address stays linear.
        segments = [s for s in _stem(address).lower().split("/") if s][-MAX_ID_SEGMENTS:]
        for start in range(len(segments)):
            found = by_id("/".join(segments[start:]))
            if found is not None:
                return TextLink(found, fragment, by_file=False)
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), address))
    if joined == ".." or joined.startswith("../") or "\\" in joined:
        return None
    if address.endswith(".md") and is_text(joined):
        return TextLink(joined, fragment, by_file=True)
    stem = _stem(joined) + ".md"
    return TextLink(stem, fragment, by_file=False) if is_text(stem) else None


def relative_path(source: str, target: str) -> str:
    """How the text at `source` names the file `target`: its path relative to the source's folder."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def _stem(path: str) -> str:
    path = path.rstrip("/")
    for suffix in _SUFFIXES:
        path = path.removesuffix(suffix)
    return path.removesuffix("/index")

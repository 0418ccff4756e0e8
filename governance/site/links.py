"""Links between texts: a policy that links to another by the file (`../finance/travel.md`) or by the
address it had on the site before (`/policies/finance/travel/`) links to that regulation's page here.
A link that names no regulation of the site is shown as written, as the renderer shows every address
outside its subset, and reported (the build prints the list), so an administrator can fix the text."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable

from governance.gate.works import Work
from governance.site.context import page_url, work_uri

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SUFFIXES = (".md", ".html", ".htm")


class TextLinks:
    """Resolves links between the texts of one build, and keeps those it could not resolve."""

    def __init__(self, works: Iterable[Work]) -> None:
        self._by_path = {work.path: work.id for work in works}
        self._by_id = {work_id.lower(): work_id for work_id in self._by_path.values()}
        self.unresolved: set[tuple[str, str]] = set()  # (text's path, address as written)

    def resolver(self, source: str, page_uri: str) -> Callable[[str], str | None]:
        """For the text at repository path `source` shown on `page_uri`: an address -> the page's
        relative URL, or None (shown as written, and reported)."""

        def resolve(href: str) -> str | None:
            path, hash_mark, fragment = href.partition("#")
            work_id = None if _SCHEME.match(path) or not path else self._target(source, path)
            if work_id is None:
                self.unresolved.add((source, href))
                return None
            here = page_url(page_uri)
            there = page_url(work_uri(work_id))
            relative = posixpath.relpath(there, here or ".") + "/"
            return relative + hash_mark + fragment

        return resolve

    def _target(self, source: str, path: str) -> str | None:
        if path.startswith("/"):  # the old site's address: its last segments name the regulation
            segments = [s for s in _stem(path).lower().split("/") if s]
            for start in range(len(segments)):
                found = self._by_id.get("/".join(segments[start:]))
                if found is not None:
                    return found
            return None
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
        return self._by_path.get(joined) or self._by_path.get(_stem(joined) + ".md")


def _stem(path: str) -> str:
    path = path.rstrip("/")
    for suffix in _SUFFIXES:
        path = path.removesuffix(suffix)
    return path.removesuffix("/index")

"""Links between texts on the site: a policy that links to another by the file (`../finance/travel.md`)
or by the address it had on the site before (`/policies/finance/travel/`) links to that regulation's page
here (governance.text.links decides what an address names, for lint as for the site). A link that names
no regulation of the site is shown as written, as the renderer shows every address outside its subset,
and reported (the build prints the list), so an administrator can fix the text."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable

from governance.gate.works import Work
from governance.site.context import page_url, work_uri
from governance.text.links import text_link


class TextLinks:
    """Resolves links between the texts of one build, and keeps those it could not resolve."""

    def __init__(self, works: Iterable[Work]) -> None:
        self._by_path = {work.path: work.id for work in works}
        self._path_by_id = {work_id.lower(): path for path, work_id in self._by_path.items()}
        self.unresolved: set[tuple[str, str]] = set()  # (text's path, address as written)

    def resolver(self, source: str, page_uri: str) -> Callable[[str], str | None]:
        """For the text at repository path `source` shown on `page_uri`: an address -> the page's
        relative URL, or None (shown as written, and reported)."""

        def resolve(href: str) -> str | None:
            found = text_link(source, href, self._by_path.__contains__, self._path_by_id.get)
            if found is None:
                self.unresolved.add((source, href))
                return None
            here = page_url(page_uri)
            there = page_url(work_uri(self._by_path[found.path]))
            relative = posixpath.relpath(there, here or ".") + "/"
            _, hash_mark, fragment = href.partition("#")
            return relative + hash_mark + fragment

        return resolve

"""Where a command finds the catalog of published versions: the built site's (what the service and the
readers see), or the audit of the repository's history when no site is given."""

from __future__ import annotations

import contextlib
import threading
from datetime import date
from pathlib import Path

from governance.config import read_utf8
from governance.errors import GovernanceError
from governance.i18n import _
from governance.promulgation.catalog import CATALOG_URI, Catalog, build_catalog, parse_catalog

MAX_CATALOG_BYTES = 256 * 1024 * 1024


def site_catalog(site: Path, *, or_root: bool = True) -> Catalog:
    """`or_root`: the command also reads the repository (--root), which the message then offers."""
    path = site / CATALOG_URI
    if not path.is_file():
        raise GovernanceError(
            (
                _(
                    "no {catalog} in the built site {site}; build it with `mkdocs build` (the regulations "
                    "plugin writes it) or give the repository with --root"
                )
                if or_root
                else _(
                    "no {catalog} in the built site {site}; build it with `mkdocs build` (the regulations plugin writes it)"
                )
            ).format(catalog=CATALOG_URI, site=site),
            path=path,
        )
    if path.stat().st_size > MAX_CATALOG_BYTES:
        raise GovernanceError(_("the catalog is larger than 256 MiB"), path=path)
    return parse_catalog(read_utf8(path, MAX_CATALOG_BYTES), str(path))


class SiteCatalog:
    """The built site's catalog as it is now: read again when the site is rebuilt (a new version came
    into force), so the running service sees it without a restart.

    Each look compares the file's identity (inode, size, modification time) with the one read. A new
    file is read and parsed whole before it replaces the catalog in use, in one assignment: a request
    sees the old catalog or the new one, never a mixture. While the file is missing or does not parse (a
    build in place is writing it), the catalog in use stays; the next look tries again once the file
    has changed. Building into a new folder and switching a symbolic link to it changes everything at
    once, pages included (site/guides/acknowledgement-service.md)."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self._path = site / CATALOG_URI
        self._lock = threading.Lock()
        self._seen = _identity(self._path)
        self._catalog = site_catalog(site, or_root=False)  # at start it must be there and whole

    def current(self) -> Catalog:
        seen = _identity(self._path)
        if seen is None or seen == self._seen:
            return self._catalog
        with self._lock:  # one reader parses a new file; the others wait for it, then use it
            if seen != self._seen:
                self._seen = seen
                # Half written, or gone again: the one in use stays; tried again once the file changes.
                with contextlib.suppress(GovernanceError, OSError, ValueError):
                    self._catalog = site_catalog(self.site)
        return self._catalog


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


def repository_catalog(root: Path, *, today: date) -> Catalog:
    from governance.gate.published import published_works  # the audit: only approved versions count

    return build_catalog(published_works(root, today=today))


def load_catalog(site: Path | None, root: Path, *, today: date) -> Catalog:
    return site_catalog(site) if site is not None else repository_catalog(root, today=today)

"""Where a command finds the catalog of published versions: the built site's (what the service and the
readers see), or the audit of the repository's history when no site is given."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from governance.errors import GovernanceError
from governance.promulgation.catalog import CATALOG_URI, Catalog, build_catalog, parse_catalog

MAX_CATALOG_BYTES = 256 * 1024 * 1024


def site_catalog(site: Path) -> Catalog:
    path = site / CATALOG_URI
    if not path.is_file():
        raise GovernanceError(
            f"no {CATALOG_URI} in the built site {site}; build it with `mkdocs build` "
            "(the regulations plugin writes it) or give the repository with --root",
            path=path,
        )
    if path.stat().st_size > MAX_CATALOG_BYTES:
        raise GovernanceError("the catalog is larger than 256 MiB", path=path)
    return parse_catalog(path.read_text(encoding="utf-8"), str(path))


def repository_catalog(root: Path, *, today: date) -> Catalog:
    from governance.gate.published import published_works  # the audit: only approved versions count

    return build_catalog(published_works(root, today=today))


def load_catalog(site: Path | None, root: Path, *, today: date) -> Catalog:
    return site_catalog(site) if site is not None else repository_catalog(root, today=today)

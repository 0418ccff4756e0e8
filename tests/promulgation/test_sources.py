"""The service's catalog follows the built site: a new catalog replaces the one in use only once it is
whole; while a build is writing it (missing, half written) the one in use stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.errors import GovernanceError
from governance.promulgation.catalog import CATALOG_URI, catalog_json
from governance.promulgation.sources import SiteCatalog
from tests.promulgation import works as p
from tests.promulgation.test_service import write_site


def test_a_catalog_is_replaced_only_by_a_whole_one(tmp_path: Path) -> None:
    catalogs = SiteCatalog(write_site(tmp_path / "public"))
    first = catalogs.current()
    assert catalogs.current() is first  # unchanged file: not read again
    path = tmp_path / "public" / CATALOG_URI
    rebuilt = catalog_json(p.catalog(editorial_needs_acknowledgement=True))
    path.unlink()
    assert catalogs.current() is first
    path.write_text(rebuilt[: len(rebuilt) // 2], encoding="utf-8")
    assert catalogs.current() is first
    path.write_text(rebuilt, encoding="utf-8")
    second = catalogs.current()
    editorial = second.version_of(p.EDITORIAL_DIGEST)
    assert second is not first and editorial is not None and editorial[1].acknowledgement_required


def test_the_service_does_not_start_without_a_catalog(tmp_path: Path) -> None:
    (tmp_path / "public").mkdir()
    with pytest.raises(GovernanceError, match=r"no promulgation/catalog\.json in the built site"):
        SiteCatalog(tmp_path / "public")

"""Two regulations holding byte-identical texts share one digest (the second red-team review's open point,
H7): the catalog took the first regulation holding it, so once that one was rescinded, the readers of
the other, in force, were told their text was no longer in force, and a translation of the other was
refused as following another regulation's text. Acknowledged through the real store (SQLite and
PostgreSQL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from governance.gate.works import Work
from governance.promulgation.access import AccessPolicy
from governance.promulgation.catalog import CATALOG_URI, build_catalog, catalog_json
from governance.promulgation.control import acknowledgeable_pages
from governance.promulgation.service import Service, create_app
from governance.promulgation.sources import SiteCatalog
from governance.promulgation.store import Store
from tests.promulgation import works as p
from tests.promulgation.test_service import PROXY, headers
from tests.testing import site_works as w

SHARED = w.digest(w.OLD_RULES)


def _works() -> list[Work]:
    again = "gift-register-2"  # the rescinded register's text, enacted again under another name
    translation = f"{again}.ja"
    return [
        w.rescinded(),  # in force 2026-04-01 to 2026-11-01: the first to hold the text
        Work(
            again,
            f"regulations/{again}.md",
            [w.version(again, w.OLD_RULES, "enact", w.approval("BD-2026-012", "2026-12-01"))],
        ),
        Work(
            translation,
            f"regulations/{translation}.md",
            [
                w.version(
                    translation,
                    w.japanese(SHARED),
                    "enact",
                    w.approval("CD-2026-003", "2026-12-01", body=w.COMPLIANCE),
                )
            ],
        ),
    ]


def test_a_text_two_regulations_hold_is_acknowledged_as_the_one_in_force(store: Store) -> None:
    store.replace_roster(p.ROSTER)
    catalog = build_catalog(_works())

    resolved = catalog.resolve(SHARED, p.TODAY)
    in_japanese = catalog.resolve(w.digest(w.japanese(SHARED)), p.TODAY)

    assert (resolved.work.id, resolved.version.effective.isoformat()) == ("gift-register-2", "2026-12-01")
    assert (in_japanese.work.id, in_japanese.language) == ("gift-register-2", "ja")
    record, created = p.acknowledge(store, p.ALICE.person, resolved)
    assert created and record.regulation == "gift-register-2"
    assert catalog.unpublished(record) is None  # db verify --site finds what the service wrote
    # While the first was in force, its text was the first's.
    assert catalog.resolve(SHARED, date(2026, 6, 1)).work.id == "gift-register"


def test_the_page_says_which_regulation_its_text_is_acknowledged_as(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both in force: the page's control sends its regulation beside the digest, and the record names it;
    a page built before it was sent (the digest alone) is answered as before."""
    monkeypatch.setenv("GOVERNANCE_TODAY", p.TODAY.isoformat())
    works = [
        Work(
            name,
            f"regulations/{name}.md",
            [w.version(name, w.OLD_RULES, "enact", w.approval(resolution, "2026-04-01"))],
        )
        for name, resolution in (("gifts-a", "BD-2026-013"), ("gifts-b", "BD-2026-014"))
    ]
    site = tmp_path / "public"
    (site / CATALOG_URI).parent.mkdir(parents=True)
    (site / CATALOG_URI).write_text(catalog_json(build_catalog(works)), encoding="utf-8")
    store.replace_roster(p.ROSTER)
    pages = acknowledgeable_pages(works, p.TODAY)
    assert pages["regulations/gifts-b/index.md"] == (SHARED, "en", "gifts-b")

    with TestClient(create_app(Service(SiteCatalog(site), store, AccessPolicy())), client=PROXY) as client:
        status = client.get(f"/api/acknowledgements/{SHARED}?regulation=gifts-b", headers=headers())
        made = client.post(
            "/api/acknowledgements", json={"digest": SHARED, "regulation": "gifts-b"}, headers=headers()
        )
        old_page = client.post(
            "/api/acknowledgements", json={"digest": SHARED}, headers=headers("bob@iij.example")
        )

    assert status.json()["regulation"] == "gifts-b"
    assert (made.status_code, made.json()["acknowledgement"]["regulation"]) == (201, "gifts-b")
    assert (old_page.status_code, old_page.json()["acknowledgement"]["regulation"]) == (201, "gifts-a")
    assert [record.regulation for record in store.records()] == ["gifts-b", "gifts-a"]

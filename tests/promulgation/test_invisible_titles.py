"""A title holding characters no reader sees (a right-to-left override, a zero-width space), adopted with
its lint findings baselined, reaches every reader of the built site's catalog as the pages show it: the
service's compliance page, the reminders and the evidence pack, from a real `mkdocs build`, on
SQLite and PostgreSQL. A catalog or a pack made before titles were marked reads the same."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from governance.clock import today
from governance.promulgation import coverage
from governance.promulgation import evidence as pack
from governance.promulgation.access import AccessPolicy
from governance.promulgation.catalog import CATALOG_URI
from governance.promulgation.evidence_pdf import pack_html
from governance.promulgation.reminders import reminders
from governance.promulgation.roster import Person
from governance.promulgation.service import Service, create_app
from governance.promulgation.sources import SiteCatalog, site_catalog
from governance.promulgation.store import Store
from governance.text.invisible import INVISIBLE
from tests.site.test_invisible_characters import RLO, ZWSP, build_repository

SHOWN = "Bribery [U+202E]snoitalugeR[U+202C] Prevention"
RAW = f"Bribery {RLO}snoitalugeR\u202c Prevention"
OFFICER = {"X-Forwarded-Email": "aiko@iij.example", "X-Forwarded-Groups": "compliance"}
ROSTER = [Person("aiko@iij.example", "Aiko Abe", "iij", "aiko@iij.example", None)]


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_repository(tmp_path_factory.mktemp("invisible-titles"))


def _hidden(text: str) -> list[str]:
    return [hex(ord(m.group())) for m in INVISIBLE.finditer(text) if m.group() not in "\t\r\n"]


@pytest.fixture
def client(repository: Path, store: Store) -> Iterator[TestClient]:
    store.replace_roster(ROSTER)
    service = Service(SiteCatalog(repository / "site"), store, AccessPolicy())
    with TestClient(create_app(service), client=("127.0.0.1", 40000)) as opened:
        yield opened


def test_the_compliance_page_shows_the_marks(client: TestClient) -> None:
    page = client.get("/compliance/", headers=OFFICER)
    assert page.status_code == 200, page.text
    assert SHOWN in page.text and not _hidden(page.text)


def test_the_reminders_show_the_marks(repository: Path, store: Store) -> None:
    store.replace_roster(ROSTER)
    catalog = site_catalog(repository / "site")
    rows = list(coverage.missing(store, catalog, today(catalog.utc_offset)))
    (message,), unreachable = reminders(rows, sender="compliance@iij.example", site_url=None)
    assert unreachable == []
    body = message.get_content()
    assert SHOWN in body and not _hidden(body + str(message["Subject"]))


def test_a_catalog_built_before_titles_were_marked_is_read_with_the_marks(
    repository: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(repository / "site" / "promulgation", site / "promulgation")
    path = site / CATALOG_URI
    path.write_text(path.read_text(encoding="utf-8").replace(SHOWN, RAW), encoding="utf-8")
    assert RLO in path.read_text(encoding="utf-8")
    (work,) = site_catalog(site).works.values()
    assert [version.title for version in work.versions] == [SHOWN]


def test_the_evidence_pack_shows_the_marks_and_an_earlier_pack_still_verifies(
    repository: Path, store: Store, tmp_path: Path
) -> None:
    store.replace_roster(ROSTER)
    day = today()
    period = pack.Period(day.replace(month=1, day=1), day)
    built = pack.build_pack(repository, store, period, None)
    (regulation,) = built.manifest["regulations"]
    assert regulation["title"] == SHOWN
    report = pack_html({**built.manifest, "language": "en"}, "en")  # what evidence.pdf is printed from
    assert SHOWN in report and not _hidden(report)
    folder = tmp_path / "pack"
    pack.write_pack(folder, built, b"%PDF-1.7 stand-in", None)
    assert pack.verify_pack(folder, root=repository, unsigned_ok=True).problems == []
    # A pack made before titles were marked holds the characters; made again, its title has the marks.
    manifest = folder / pack.MANIFEST
    earlier = json.loads(manifest.read_text(encoding="utf-8"))
    earlier["regulations"][0]["title"] = RAW
    manifest.write_text(json.dumps(earlier, ensure_ascii=False), encoding="utf-8")
    assert pack.verify_pack(folder, root=repository, unsigned_ok=True).problems == []
    # Any other title is still a difference.
    earlier["regulations"][0]["title"] = SHOWN.replace("Prevention", "Promotion")
    manifest.write_text(json.dumps(earlier, ensure_ascii=False), encoding="utf-8")
    (problem,) = pack.verify_pack(folder, root=repository, unsigned_ok=True).problems
    assert "regulations[0].title" in problem and ZWSP not in problem

"""The service judges what is in force on the day its pages say, in the zone the site was built in
(the publish workflow builds with TZ=Asia/Tokyo): a real `mkdocs build` records its zone in the catalog,
and a real `governance serve` on a server in another zone (UTC-12 against a site built in UTC+14, whose
days always differ) accepts the version the pages show in force and refuses the one they show replaced.
Before, the server's own day counted: from 15:00 UTC a Tokyo site showed an amendment in force that the
service refused for nine hours, while it took acknowledgements of the text it replaced."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from governance.errors import GovernanceError
from governance.gate.works import Work
from governance.promulgation.catalog import CATALOG_URI, build_catalog, catalog_json, parse_catalog
from governance.promulgation.store import Store
from tests.promulgation import works as p
from tests.promulgation.servers import _wait, acknowledge, build_with_service, free_port, status
from tests.testing import site_works as w
from tests.testing.governed import governed_copy
from tests.testing.sshkeys import Keys

EAST = 14 * 60  # Etc/GMT-14 (POSIX signs are inverted): UTC+14


def _work(effective_today: str) -> Work:
    return Work(
        "bribery-prevention",
        "regulations/bribery-prevention.md",
        [
            w.version("bribery-prevention", w.SEED, "enact", w.approval("BD-2026-001", "2026-04-01")),
            w.version(
                "bribery-prevention",
                w.AMENDED,
                "amend",
                w.approval("BD-2026-007", "2026-04-02", effective_today),
            ),
        ],
    )


@pytest.fixture
def served(database_url: str, tmp_path: Path) -> Iterator[str]:
    site = tmp_path / "public"
    (site / "promulgation").mkdir(parents=True)
    east_today = (datetime.now(UTC) + timedelta(minutes=EAST)).date().isoformat()
    catalog = build_catalog([_work(east_today)], utc_offset=EAST)
    (site / CATALOG_URI).write_text(catalog_json(catalog), encoding="utf-8")
    (site / "index.html").write_text("<!DOCTYPE html><title>Regulations</title>", encoding="utf-8")
    store = Store(database_url)
    store.upgrade()
    store.replace_roster(p.ROSTER)
    store.close()
    port = free_port()
    environment = {key: value for key, value in os.environ.items() if key != "GOVERNANCE_TODAY"}
    process = subprocess.Popen(
        [
            *(str(Path(sys.executable).with_name("governance")), "serve", "--site", str(site)),
            *("--database", database_url, "--port", str(port)),
        ],
        env={**environment, "TZ": "Etc/GMT+12"},  # UTC-12: a day or two behind the site's
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url, process)
        yield url
    finally:
        process.kill()
        process.wait()
        if process.stderr:
            process.stderr.close()


def test_the_version_the_pages_show_in_force_is_acknowledged(served: str) -> None:
    answered, body = acknowledge(served, p.ALICE.person, p.AMENDED_DIGEST)
    assert answered == 201, body
    assert status(served, p.BOB.person, p.AMENDED_DIGEST)["acknowledgeable"] is True
    refused, body = acknowledge(served, p.BOB.person, p.SEED_DIGEST)
    assert refused == 422 and body["error"] == "not-in-force", body


def test_a_build_records_the_zone_of_its_days(
    tmp_path: Path, keys: Keys, tmp_path_factory: pytest.TempPathFactory
) -> None:
    gov = governed_copy(tmp_path, keys, tmp_path_factory)
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    try:
        build_with_service(gov.path, tmp_path / "public")
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()
    catalog = (tmp_path / "public" / CATALOG_URI).read_text(encoding="utf-8")
    assert parse_catalog(catalog, "catalog.json").utc_offset == 9 * 60


@pytest.mark.parametrize("offset", ["840", "15000", "true", '"+09:00"'])
def test_a_catalog_with_no_offset_of_a_zone_is_refused(offset: str) -> None:
    text = catalog_json(build_catalog([])).replace(
        '"translations": []', f'"translations": [],\n "utc_offset_minutes": {offset}'
    )
    if offset == "840":
        assert parse_catalog(text, "c.json").utc_offset == 840
        return
    with pytest.raises(GovernanceError, match="utc_offset_minutes"):
        parse_catalog(text, "c.json")

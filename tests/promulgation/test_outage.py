"""A database outage: the PostgreSQL server stopped under a running `governance serve`, then started
again. Meanwhile every request that needs the database answers 503 with Retry-After and a message that
says nothing was recorded; the pages are still served; once the server is back the service answers as
before, without a restart, and the chain is whole."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from governance.promulgation.roster import Person
from governance.promulgation.store import Store
from tests.promulgation import works as p
from tests.promulgation.postgres import Server, fresh_database, server_process
from tests.promulgation.servers import serving
from tests.promulgation.test_service import write_site

PEOPLE = [Person(f"person{n}@iij.example", f"Person {n}", "iij", None, None) for n in range(4)]


@pytest.fixture
def private_server() -> Iterator[Server]:
    # Its own server: stopping the session's would fail every other test using it meanwhile.
    with server_process() as server:
        yield server


@pytest.fixture
def served(private_server: Server, tmp_path: Path) -> tuple[str, Path]:
    database = fresh_database(private_server.url, "outage")
    store = Store(database)
    store.upgrade()
    store.replace_roster(PEOPLE)
    store.close()
    return database, write_site(tmp_path / "public")


def _call(
    url: str, path: str, person: str, *, post: bool = False
) -> tuple[int, dict[str, str], dict[str, object]]:
    request = urllib.request.Request(
        f"{url}{path}",
        data=json.dumps({"digest": p.EDITORIAL_DIGEST}).encode() if post else None,
        headers={"X-Forwarded-Email": person, "Origin": url, "Content-Type": "application/json"},
        method="POST" if post else "GET",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, _lower(answer.headers.items()), json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, _lower(error.headers.items()), json.loads(error.read() or b"{}")


def _lower(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers}


def test_a_stopped_database_is_503_with_retry_after_and_the_service_recovers(
    private_server: Server, served: tuple[str, Path]
) -> None:
    database, site = served
    status_path = f"/api/acknowledgements/{p.EDITORIAL_DIGEST}"
    with serving(site, database) as (url, _):
        assert _call(url, "/api/acknowledgements", PEOPLE[0].person, post=True)[0] == 201

        private_server.stop()
        for path, post in [("/api/acknowledgements", True), (status_path, False), ("/api/health", False)]:
            status, headers, body = _call(url, path, PEOPLE[1].person, post=post)
            assert status == 503, (path, status, body)
            assert headers["retry-after"].isdigit(), path
            assert body["error"] == "database-unavailable"
            assert body["message"] == (
                "The acknowledgement service cannot reach its database just now. Nothing was recorded: "
                "try again in a minute."
            )
        for path in [
            "/compliance/",
            "/compliance/coverage.csv",
            "/compliance/missing.csv",
            "/compliance/acknowledgements.csv",  # read before the answer starts: never a 200 cut short
        ]:
            # An outage is no bad filter of the compliance pages: 503, never 400 with the database's address.
            officer = {"X-Forwarded-Email": PEOPLE[0].person, "X-Forwarded-Groups": "compliance"}
            try:
                urllib.request.urlopen(urllib.request.Request(f"{url}{path}", headers=officer), timeout=60)
                raise AssertionError(f"{path} answered while the database was stopped")
            except urllib.error.HTTPError as error:
                assert error.code == 503, (path, error.code, error.read())
                assert error.headers["Retry-After"].isdigit(), path
        # A person's browser gets a page saying so, in its language, with the same status.
        browser = {**officer, "Accept": "text/html", "Accept-Language": "ja"}
        try:
            urllib.request.urlopen(urllib.request.Request(f"{url}/compliance/", headers=browser), timeout=60)
            raise AssertionError("/compliance/ answered while the database was stopped")
        except urllib.error.HTTPError as error:
            assert (error.code, error.headers["Content-Language"]) == (503, "ja")
            assert error.headers["Retry-After"].isdigit()
            said = error.read().decode()
            assert "確認サービスは今データベースに接続できません" in said and '<html lang="ja">' in said
        with urllib.request.urlopen(f"{url}/", timeout=30) as page:  # the site does not need the database
            assert page.status == 200

        private_server.start()
        status, _, body = _call(url, "/api/acknowledgements", PEOPLE[1].person, post=True)
        assert status == 201, body
        status, _, body = _call(url, status_path, PEOPLE[1].person)
        assert status == 200
        assert body["acknowledged"] is not None
        assert _call(url, "/api/health", PEOPLE[0].person)[0] == 200

    store = Store(database)
    try:
        report = store.verify()
        assert report.ok, report.problems
        assert report.count == 2
    finally:
        store.close()


def test_a_database_killed_and_restarted_between_two_acknowledgements_loses_nothing(
    private_server: Server, served: tuple[str, Path]
) -> None:
    """An immediate stop (as a crash) under the writer's kept connection: the next acknowledgement after
    the restart is written on a new connection at the first try."""
    database, site = served
    with serving(site, database) as (url, _):
        assert _call(url, "/api/acknowledgements", PEOPLE[0].person, post=True)[0] == 201
        private_server.stop("immediate")
        private_server.start()
        for person in PEOPLE[1:]:
            status, _, body = _call(url, "/api/acknowledgements", person.person, post=True)
            assert status == 201, body
    store = Store(database)
    try:
        report = store.verify()
        assert report.ok, report.problems
        assert report.count == len(PEOPLE)
    finally:
        store.close()

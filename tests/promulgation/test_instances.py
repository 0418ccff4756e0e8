"""Real `governance serve` processes on one PostgreSQL: two instances share the store with one chain, and
an instance killed during the load has lost nothing it answered 2xx for."""

from __future__ import annotations

import os
import signal
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from governance.promulgation.roster import Person
from governance.promulgation.store import Store
from tests.promulgation import works as p
from tests.promulgation.postgres import fresh_database
from tests.promulgation.servers import acknowledge, serving
from tests.promulgation.test_service import write_site

PEOPLE = [Person(f"person{n}@iij.example", f"Person {n}", "iij", None, None) for n in range(300)]


@pytest.fixture
def shared(postgres_server: str, tmp_path: Path) -> tuple[Path, str]:
    database = fresh_database(postgres_server, f"instances_{os.getpid()}_{tmp_path.name}"[:60])
    store = Store(database)
    store.upgrade()
    store.replace_roster(PEOPLE)
    store.close()
    return write_site(tmp_path / "public"), database


def test_two_instances_share_one_chain(shared: tuple[Path, str]) -> None:
    site, database = shared
    with serving(site, database) as (first, _), serving(site, database, "--no-migrate") as (second, _):
        # Every person acknowledges through both instances at once: one record each, one unbroken chain.
        jobs = [(url, person.person) for person in PEOPLE[:100] for url in (first, second)]
        with ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(lambda job: acknowledge(*job), jobs))
    assert sorted({status for status, _ in answers}) == [200, 201]
    assert sum(status == 201 for status, _ in answers) == 100
    store = Store(database)
    report = store.verify()
    store.close()
    assert report.ok, report.problems
    assert report.count == 100


def test_nothing_answered_2xx_is_lost_when_the_server_is_killed(shared: tuple[Path, str]) -> None:
    site, database = shared
    answered: list[str] = []
    lock = threading.Lock()
    with serving(site, database) as (url, process):

        def one(person: str) -> None:
            try:
                status, _ = acknowledge(url, person)
            except OSError:
                return  # the connection died with the server: not answered, may or may not be stored
            if 200 <= status < 300:
                with lock:
                    answered.append(person)
                    if len(answered) == 60:
                        os.kill(process.pid, signal.SIGKILL)

        with ThreadPoolExecutor(16) as pool:
            list(pool.map(one, [person.person for person in PEOPLE]))
    assert 60 <= len(answered) < len(PEOPLE), "the kill must fall in the middle of the load"
    store = Store(database)
    try:
        for person in answered:
            assert store.find(person, [p.EDITORIAL_DIGEST]) is not None, (
                f"{person} was answered 2xx but is lost"
            )
        report = store.verify()
    finally:
        store.close()
    assert report.ok, report.problems


def test_a_forwarded_for_header_does_not_make_a_client_a_proxy(shared: tuple[Path, str]) -> None:
    site, database = shared
    with serving(site, database, "--trusted-proxy", "10.0.0.1") as (url, _):
        request = urllib.request.Request(
            f"{url}/api/acknowledgements",
            data=b'{"digest": "' + p.EDITORIAL_DIGEST.encode() + b'"}',
            headers={
                "X-Forwarded-Email": PEOPLE[0].person,
                "X-Forwarded-For": "10.0.0.1",
                "Origin": url,
                "Content-Type": "application/json",
            },
            method="POST",
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403
        assert b"untrusted-identity" in refused.value.read()
    store = Store(database)
    assert store.head().seq == 0
    store.close()

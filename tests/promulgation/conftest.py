"""The same tests on both databases: the embedded SQLite default and a real PostgreSQL server."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from governance.promulgation.store import Store
from tests.promulgation.postgres import fresh_database, running_server

_numbers = itertools.count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    with running_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'acknowledgements.db'}"
    server: str = request.getfixturevalue("postgres_server")
    return fresh_database(server, f"test_{next(_numbers)}")


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store(database_url)
    opened.upgrade()
    try:
        yield opened
    finally:
        opened.close()

"""The same tests on both databases: the embedded SQLite default and a real PostgreSQL server."""

from __future__ import annotations

import itertools
import shutil
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


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "migrated.db"
    store = Store(f"sqlite:///{path}")
    store.upgrade()
    store.close()
    return path


@pytest.fixture(scope="session")
def migrated_template(postgres_server: str) -> str:
    """A database migrated once; each test's database is a copy of it (CREATE DATABASE ... TEMPLATE)."""
    url = fresh_database(postgres_server, "migrated")
    store = Store(url)
    store.upgrade()
    store.close()
    return "migrated"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        migrated: Path = request.getfixturevalue("migrated_sqlite")
        copy = tmp_path / "acknowledgements.db"
        shutil.copyfile(migrated, copy)
        return f"sqlite:///{copy}"
    server: str = request.getfixturevalue("postgres_server")
    template: str = request.getfixturevalue("migrated_template")
    return fresh_database(server, f"test_{next(_numbers)}", template=template)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store(database_url)
    opened.upgrade()
    try:
        yield opened
    finally:
        opened.close()

"""The tables Alembic's migrations make (0001-0005) are the ones the code reads and writes through
(governance.promulgation.schema), column for column, on SQLite and PostgreSQL: a migration that forgot a
column, or a schema.py that forgot a migration, fails here rather than in a company's database."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from governance.promulgation.schema import metadata
from governance.promulgation.store import Store


def test_the_migrations_make_the_tables_the_code_reads(store: Store) -> None:
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []

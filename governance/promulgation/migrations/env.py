"""Alembic's environment: migrations run on the connection the store hands over (never a URL from a
file), so `governance db upgrade` and `governance serve` migrate the database they were given."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from governance.promulgation.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        # Two instances starting at once: the second waits, then finds the schema up to date.
        connection.execute(text("SELECT pg_advisory_xact_lock(7160016)"))
    context.run_migrations()

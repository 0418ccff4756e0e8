"""The tables of the acknowledgement store (SQLAlchemy Core). Alembic's migrations create them
(governance/promulgation/migrations); this module is what the code reads and writes through."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

people = sa.Table(
    "people",
    metadata,
    sa.Column("person", sa.String(320), primary_key=True),
    sa.Column("name", sa.String(320), nullable=False),
    sa.Column("company", sa.String(320), nullable=False, index=True),
    sa.Column("email", sa.String(320)),
    sa.Column("joined", sa.Date),
    sa.Column("language", sa.String(35)),  # migration 0004: the language of the person's reminders
)

# Migration 0005: a company's default language (roster import --companies), for its people whose roster
# line gives none: their reminders, the service's pages, the company's evidence pack.
companies = sa.Table(
    "companies",
    metadata,
    sa.Column("company", sa.String(320), primary_key=True),
    sa.Column("language", sa.String(35), nullable=False),
)

acknowledgements = sa.Table(
    "acknowledgements",
    metadata,
    sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("person", sa.String(320), nullable=False),
    sa.Column("company", sa.String(320), nullable=False),
    sa.Column("regulation", sa.String(1000), nullable=False),
    sa.Column("digest", sa.String(71), nullable=False),
    sa.Column("effective", sa.Date, nullable=False),
    sa.Column("language", sa.String(35), nullable=False),
    sa.Column("read_digest", sa.String(71), nullable=False),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("previous", sa.String(71), nullable=False),
    sa.Column("hash", sa.String(71), nullable=False, unique=True),
    sa.UniqueConstraint("person", "digest", name="one_acknowledgement_per_person_and_version"),
    sa.Index("ix_acknowledgements_digest_person", "digest", "person"),  # migration 0003
)

# One row (id 1): the last record's seq and hash. Appending locks it, so appends are serialised across
# every instance of the service, and a deleted last record is told from a shorter chain.
chain_head = sa.Table(
    "chain_head",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("hash", sa.String(71), nullable=False),
)

# Derived, not evidence: how many people of the roster's company acknowledged each version. Kept by each
# append and rebuilt by each roster import (both under the chain head's lock), read by the coverage.
tallies = sa.Table(
    "tallies",
    metadata,
    sa.Column("company", sa.String(320), primary_key=True),
    sa.Column("digest", sa.String(71), primary_key=True),
    sa.Column("count", sa.BigInteger, nullable=False),
)

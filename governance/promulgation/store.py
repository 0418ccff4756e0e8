"""The acknowledgement store: SQLite (embedded default) or PostgreSQL, through SQLAlchemy 2 Core.

The service keeps no state of its own: everything lives here, so several instances can share one
PostgreSQL. Appends are serialised by a lock on the chain head's row (PostgreSQL: SELECT ... FOR UPDATE;
SQLite: BEGIN IMMEDIATE), which makes the chain a single line whatever the number of writers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from governance.errors import GovernanceError
from governance.promulgation import chain
from governance.promulgation.catalog import Resolved
from governance.promulgation.roster import Person
from governance.promulgation.schema import acknowledgements, chain_head, people

DEFAULT_URL = "sqlite:///acknowledgements.db"


def database_url(value: str) -> str:
    """A URL as given, a plain path as a SQLite file; postgresql:// means psycopg 3."""
    if "://" not in value:
        return f"sqlite:///{Path(value).resolve()}"
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str


class Store:
    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = database_url(url)
        try:
            if self.url.startswith("sqlite"):
                self.engine = sa.create_engine(self.url, connect_args={"timeout": 30})
                sa.event.listen(self.engine, "connect", _sqlite_connect)
                sa.event.listen(self.engine, "begin", _sqlite_begin)
            else:
                self.engine = sa.create_engine(
                    self.url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True
                )
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise GovernanceError(f"cannot use the database '{url}': {exc}") from None

    def close(self) -> None:
        self.engine.dispose()

    # -- schema ------------------------------------------------------------------------------------

    def upgrade(self) -> None:
        """Bring the schema to the latest migration (idempotent; safe with two instances starting)."""
        with self._connect() as connection:
            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()

    def check_schema(self) -> None:
        head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
        with self._connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
        if current != head:
            raise GovernanceError(
                f"the database is at schema {current or 'none'}, this version needs {head}; "
                "run `governance db upgrade` first"
            )

    # -- acknowledgements --------------------------------------------------------------------------

    def acknowledge(
        self, person: Person, resolved: Resolved, at: str | None = None
    ) -> tuple[chain.Acknowledgement, bool]:
        """Append one acknowledgement; the same person and version again returns the stored one (False)."""
        with self.engine.begin() as connection:
            head_row = connection.execute(
                sa.select(chain_head.c.seq, chain_head.c.hash).where(chain_head.c.id == 1).with_for_update()
            ).one()
            existing = connection.execute(
                sa.select(acknowledgements).where(
                    acknowledgements.c.person == person.person,
                    acknowledgements.c.digest == resolved.version.digest,
                )
            ).first()
            if existing is not None:
                return _record(existing._mapping), False
            fields: dict[str, Any] = {
                "seq": head_row.seq + 1,
                "person": person.person,
                "company": person.company,
                "regulation": resolved.work.id,
                "digest": resolved.version.digest,
                "effective": resolved.version.effective,
                "language": resolved.language,
                "read_digest": resolved.read_digest,
                "at": at or now(),
                "previous": head_row.hash,
            }
            record = chain.Acknowledgement(**fields, hash=chain.record_hash(**fields))
            connection.execute(sa.insert(acknowledgements).values(**asdict(record)))
            connection.execute(
                sa.update(chain_head).where(chain_head.c.id == 1).values(seq=record.seq, hash=record.hash)
            )
            return record, True

    def find(self, person: str, digests: Iterable[str]) -> chain.Acknowledgement | None:
        with self._connect() as connection:
            row = connection.execute(
                sa.select(acknowledgements)
                .where(acknowledgements.c.person == person, acknowledgements.c.digest.in_(list(digests)))
                .order_by(acknowledgements.c.seq.desc())
            ).first()
        return _record(row._mapping) if row is not None else None

    def records(self, *, upto: int | None = None) -> Iterator[chain.Acknowledgement]:
        """Every record in order, streamed (never all in memory)."""
        query = sa.select(acknowledgements).order_by(acknowledgements.c.seq)
        if upto is not None:
            query = query.where(acknowledgements.c.seq <= upto)
        with self._connect() as connection:
            result = connection.execution_options(yield_per=2000).execute(query)
            for row in result:
                yield _record(row._mapping)

    def head(self) -> Head:
        with self._connect() as connection:
            row = connection.execute(
                sa.select(chain_head.c.seq, chain_head.c.hash).where(chain_head.c.id == 1)
            ).one()
        return Head(row.seq, row.hash)

    def verify(self, expected: Head | None = None) -> chain.ChainReport:
        """The chain recomputed from the first record; against the stored head, and against a head
        published earlier (an evidence pack's) when given."""
        head = self.head()
        report = chain.verify(self.records())
        problems = list(report.problems)
        if report.ok and (report.count, report.head) != (head.seq, head.hash):
            problems.append(
                f"the chain ends at acknowledgement {report.count} but the store's head says {head.seq}: "
                "the last records were deleted"
            )
        if expected is not None and expected.seq > 0:
            at = chain.verify(self.records(upto=expected.seq))
            if at.count < expected.seq or at.head != expected.hash:
                problems.append(
                    f"the chain no longer reaches the published head (acknowledgement {expected.seq}, "
                    f"{expected.hash}): records up to it were changed or deleted"
                )
        return chain.ChainReport(report.count, report.head, problems)

    # -- roster --------------------------------------------------------------------------------------

    def replace_roster(self, roster: list[Person]) -> None:
        """The roster is HR's whole export: replaced in one transaction, or not at all."""
        with self.engine.begin() as connection:
            connection.execute(sa.delete(people))
            for start in range(0, len(roster), 5000):
                connection.execute(
                    sa.insert(people),
                    [
                        {
                            "person": p.person,
                            "name": p.name,
                            "company": p.company,
                            "email": p.email,
                            "joined": p.joined,
                        }
                        for p in roster[start : start + 5000]
                    ],
                )

    def person(self, identity: str) -> Person | None:
        with self._connect() as connection:
            row = connection.execute(sa.select(people).where(people.c.person == identity)).first()
        return _person(row._mapping) if row is not None else None

    def companies(self) -> list[str]:
        with self._connect() as connection:
            return list(
                connection.execute(
                    sa.select(people.c.company).distinct().order_by(people.c.company)
                ).scalars()
            )

    def _connect(self) -> sa.Connection:
        try:
            return self.engine.connect()
        except sa.exc.OperationalError as exc:
            raise GovernanceError(f"cannot reach the database: {str(exc.orig).strip()}") from None


def _alembic_config() -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(resources.files("governance.promulgation") / "migrations"))
    return config


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Transactions are begun by _sqlite_begin, not by the driver; WAL lets readers go on during a write.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    # IMMEDIATE: the write lock is taken at the start, so two appends never read the same head.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _record(row: Any) -> chain.Acknowledgement:
    return chain.Acknowledgement(**{name: row[name] for name in chain.Acknowledgement.__dataclass_fields__})


def _person(row: Any) -> Person:
    return Person(row["person"], row["name"], row["company"], row["email"], row["joined"])

"""The acknowledgement store: SQLite (embedded default) or PostgreSQL, through SQLAlchemy 2 Core.

The service keeps no state of its own: everything lives here, so several instances can share one
PostgreSQL. Appends are serialised by a lock on the chain head's row (PostgreSQL: SELECT ... FOR UPDATE;
SQLite: BEGIN IMMEDIATE), which makes the chain a single line whatever the number of writers.
"""

from __future__ import annotations

import queue
import threading
from collections import Counter
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
from sqlalchemy.dialects import postgresql, sqlite

from governance.errors import GovernanceError
from governance.promulgation import chain
from governance.promulgation.catalog import Resolved
from governance.promulgation.roster import Person
from governance.promulgation.schema import acknowledgements, chain_head, people, tallies

DEFAULT_URL = "sqlite:///acknowledgements.db"
MAX_BATCH = 500  # acknowledgements written in one transaction at most


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
                    self.url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800
                )
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise GovernanceError(f"cannot use the database '{url}': {exc}") from None
        self._queue: queue.SimpleQueue[_Pending] = queue.SimpleQueue()
        self._writer = threading.Lock()

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
        """Append one acknowledgement; the same person and version again returns the stored one (False).

        Group commit: a request waiting while another thread writes is written with the next batch, one
        transaction (one lock of the chain head, one commit) for all of them. Nothing is answered before
        its batch is committed."""
        pending = _Pending(person, resolved, at)
        self._queue.put(pending)
        with self._writer:
            while not pending.done:
                batch = [self._queue.get_nowait() for _ in range(min(self._queue.qsize(), MAX_BATCH))]
                self._append(batch)
        if pending.error is not None:
            raise pending.error
        assert pending.result is not None
        return pending.result

    def _append(self, batch: list[_Pending]) -> None:
        try:
            with self.engine.begin() as connection:
                head = connection.execute(
                    sa.select(chain_head.c.seq, chain_head.c.hash)
                    .where(chain_head.c.id == 1)
                    .with_for_update()
                ).one()
                keys = sorted({(item.person.person, item.resolved.version.digest) for item in batch})
                stored = {
                    (row.person, row.digest): _record(row._mapping)
                    for row in connection.execute(
                        sa.select(acknowledgements).where(
                            sa.tuple_(acknowledgements.c.person, acknowledgements.c.digest).in_(keys)
                        )
                    )
                }
                seq, previous = head.seq, head.hash
                written: list[chain.Acknowledgement] = []
                for item in batch:
                    key = (item.person.person, item.resolved.version.digest)
                    if key in stored:
                        item.result = (stored[key], False)
                        continue
                    seq += 1
                    record = _new_record(seq, previous, item)
                    previous = record.hash
                    stored[key] = record
                    written.append(record)
                    item.result = (record, True)
                if written:
                    connection.execute(sa.insert(acknowledgements), [asdict(record) for record in written])
                    connection.execute(
                        sa.update(chain_head).where(chain_head.c.id == 1).values(seq=seq, hash=previous)
                    )
                    _count(connection, Counter((record.company, record.digest) for record in written))
        except Exception as exc:  # every request of the batch gets the error: none is answered as stored
            for item in batch:
                item.result, item.error = None, exc
        finally:
            for item in batch:
                item.done = True

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
            # The chain head's lock: no acknowledgement is counted for a company while the roster changes.
            connection.execute(sa.select(chain_head.c.seq).where(chain_head.c.id == 1).with_for_update())
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
            connection.execute(sa.delete(tallies))
            connection.execute(
                sa.insert(tallies).from_select(
                    ["company", "digest", "count"],
                    sa.select(people.c.company, acknowledgements.c.digest, sa.func.count())
                    .join(people, people.c.person == acknowledgements.c.person)
                    .group_by(people.c.company, acknowledgements.c.digest),
                )
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


@dataclass
class _Pending:
    person: Person
    resolved: Resolved
    at: str | None
    done: bool = False
    result: tuple[chain.Acknowledgement, bool] | None = None
    error: Exception | None = None


def _new_record(seq: int, previous: str, item: _Pending) -> chain.Acknowledgement:
    fields: dict[str, Any] = {
        "seq": seq,
        "person": item.person.person,
        "company": item.person.company,
        "regulation": item.resolved.work.id,
        "digest": item.resolved.version.digest,
        "effective": item.resolved.version.effective,
        "language": item.resolved.language,
        "read_digest": item.resolved.read_digest,
        "at": item.at or now(),
        "previous": previous,
    }
    return chain.Acknowledgement(**fields, hash=chain.record_hash(**fields))


def _count(connection: sa.Connection, increments: Counter[tuple[str, str]]) -> None:
    """Add to the tallies (an upsert; PostgreSQL and SQLite spell it alike)."""
    upsert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    for (company, digest), count in increments.items():
        statement = upsert(tallies).values(company=company, digest=digest, count=count)
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=["company", "digest"],
                set_={"count": tallies.c.count + statement.excluded.count},
            )
        )


def _record(row: Any) -> chain.Acknowledgement:
    return chain.Acknowledgement(**{name: row[name] for name in chain.Acknowledgement.__dataclass_fields__})


def _person(row: Any) -> Person:
    return Person(row["person"], row["name"], row["company"], row["email"], row["joined"])

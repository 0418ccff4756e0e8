"""The acknowledgement store: SQLite (embedded default) or PostgreSQL, through SQLAlchemy 2 Core.

The service keeps no state of its own: everything lives here, so several instances can share one
PostgreSQL. Appends are serialised by a lock on the chain head's row (PostgreSQL: SELECT ... FOR UPDATE;
SQLite: BEGIN IMMEDIATE), which makes the chain a single line whatever the number of writers. An append
takes a batch (the service's group commit, governance/promulgation/group_commit.py): one lock, one
roster look-up, one insert and one commit for all of it, settled by governance/promulgation/batch.py.
PostgreSQL's append, the service's hot path, is governance/promulgation/postgres_append.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.dialects import sqlite

from governance.errors import GovernanceError
from governance.i18n import Message, _
from governance.promulgation import chain, postgres_append
from governance.promulgation.batch import Ask, Outcome, settle
from governance.promulgation.roster import Person
from governance.promulgation.schema import acknowledgements, chain_head, companies, people, tallies

DEFAULT_URL = "sqlite:///acknowledgements.db"
CONNECT_TIMEOUT = 5  # seconds

# SQLite's append. Built once: SQLAlchemy then reuses their compiled form and cache keys.
_LOCK_HEAD = sa.select(chain_head.c.seq, chain_head.c.hash).where(chain_head.c.id == 1).with_for_update()
_ROSTER = sa.select(people.c.person, people.c.company).where(
    people.c.person.in_(sa.bindparam("identities", expanding=True))
)
_INSERT = sa.insert(acknowledgements)
_MOVE_HEAD = (
    sa.update(chain_head)
    .where(chain_head.c.id == 1)
    .values(seq=sa.bindparam("new_seq"), hash=sa.bindparam("new_hash"))
)
_UPSERT = sqlite.insert(tallies)
_TALLY = _UPSERT.on_conflict_do_update(
    index_elements=["company", "digest"], set_={"count": tallies.c.count + _UPSERT.excluded.count}
)


@lru_cache(maxsize=128)
def _stored(count: int) -> sa.TextualSelect:
    """The acknowledgements of `count` (person, digest) pairs (:p0, :d0, ...), joined to the pairs: each
    pair is one probe of the index on both columns. Text, one per batch size: built with the expression
    language, its compilation cost more than the rest of the append."""
    pairs = ", ".join(f"(CAST(:p{n} AS VARCHAR(320)), CAST(:d{n} AS VARCHAR(71)))" for n in range(count))
    columns = ", ".join(f"acknowledgements.{column.name}" for column in acknowledgements.c)
    return sa.text(
        f"WITH asked (person, digest) AS (VALUES {pairs}) SELECT {columns} FROM acknowledgements "
        "JOIN asked ON acknowledgements.person = asked.person AND acknowledgements.digest = asked.digest"
    ).columns(*acknowledgements.c)


def database_url(value: str) -> str:
    """A URL as given, a plain path as a SQLite file; postgresql:// means psycopg 3."""
    if "://" not in value:
        return f"sqlite:///{Path(value).resolve()}"
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


class DatabaseProblem(GovernanceError):
    """The database cannot serve a request, whatever the request: never the user's mistake."""


class Unavailable(DatabaseProblem):
    """The database cannot be reached now (stopped, restarting, unreachable, busy): nothing was written,
    and the same request may succeed later. The service answers 503 with Retry-After."""


class NotSetUp(DatabaseProblem):
    """The database lacks the store's tables or columns: no retry mends that, its administrator must
    (`governance db upgrade`). The service answers 500 saying so; a command exits 2."""


# SQLite's result codes that mean "not now" (busy, locked, the file cannot be opened or read): any other
# (a syntax error, a constraint, a missing table) is no outage.
_SQLITE_OUTAGES = ("SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_FULL")
_SQLITE_MISSING = ("no such table", "no such column", "has no column named")


def _detail(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def not_set_up(exc: BaseException) -> NotSetUp | None:
    """`exc` as a NotSetUp when it says a table or column of the store is missing; None otherwise."""
    if isinstance(exc, NotSetUp):
        return exc
    if isinstance(exc, sa.exc.DBAPIError) and exc.orig is not None:
        exc = exc.orig
    missing = isinstance(exc, psycopg.errors.UndefinedTable | psycopg.errors.UndefinedColumn) or (
        isinstance(exc, sqlite3.OperationalError) and any(words in str(exc) for words in _SQLITE_MISSING)
    )
    if not missing:
        return None
    return NotSetUp(
        _(
            "the acknowledgement database is not set up for this version ({detail}); create or upgrade its "
            "tables with `governance db upgrade` (same --database), then start the service again"
        ).format(detail=_detail(exc))
    )


def unavailable(exc: BaseException) -> Unavailable | None:
    """`exc` as an Unavailable when it says the database cannot be reached or has gone away; None for
    anything else (a bug, a constraint, a missing table), which must not pass for an outage."""
    if isinstance(exc, Unavailable):
        return exc
    if isinstance(exc, sa.exc.DBAPIError):
        if not (
            exc.connection_invalidated or isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError)
        ):
            return None
        exc = exc.orig if exc.orig is not None else exc
    if isinstance(exc, sqlite3.OperationalError) and not str(getattr(exc, "sqlite_errorname", "")).startswith(
        _SQLITE_OUTAGES
    ):
        return None
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError | sqlite3.OperationalError):
        detail = _detail(exc)
        return Unavailable(
            _(
                "the acknowledgement database cannot be reached ({detail}); check that it is running and that "
                "--database (or $GOVERNANCE_DATABASE) names it"
            ).format(detail=detail)
        )
    return None


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
                # Statements are not prepared on the server: each is planned with its values, so no plan
                # made while the store was small (a generic plan on an empty table walks it whole) outlives
                # the store's growth; and a pooler in transaction mode (PgBouncer) has nothing to lose.
                self.engine = sa.create_engine(
                    self.url,
                    pool_size=pool_size,
                    max_overflow=pool_size,
                    pool_recycle=1800,
                    # A connection taken from the pool is probed first: after a restart of the database
                    # the first requests meet a new connection, not an error (the writer keeps its own).
                    pool_pre_ping=True,
                    connect_args=_postgres_connect_args(self.url),
                )
                self._appender = postgres_append.PostgresAppender(self.engine)
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise GovernanceError(
                _("cannot use the database '{url}': {error}").format(url=url, error=exc)
            ) from None
        sa.event.listen(self.engine, "handle_error", _said_as_setup)

    def close(self) -> None:
        if self.engine.dialect.name == "postgresql":
            self._appender.close()
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
                _(
                    "the database is at schema {current}, this version needs {head}; run `governance db upgrade` "
                    "first"
                ).format(current=current or "none", head=head)
            )

    # -- acknowledgements --------------------------------------------------------------------------

    def append(self, asks: list[Ask]) -> list[Outcome]:
        """A batch in one transaction, under the chain head's lock: each ask is checked against the
        roster and Article 8 as they are at that moment, then written, or found already written."""
        if self.engine.dialect.name == "postgresql":
            return self._appender.append(asks)
        with self.engine.begin() as connection:
            seq, previous = connection.execute(_LOCK_HEAD).one()
            identities = sorted({ask.identity for ask in asks})
            companies = {
                row.person: row.company for row in connection.execute(_ROSTER, {"identities": identities})
            }
            keys = sorted({(ask.identity, ask.resolved.version.digest) for ask in asks})
            pairs = {}
            for n, (person, digest) in enumerate(keys):
                pairs[f"p{n}"], pairs[f"d{n}"] = person, digest
            stored = {
                (row.person, row.digest): _record(row._mapping)
                for row in connection.execute(_stored(len(keys)), pairs)
            }
            settled = settle(asks, seq, previous, companies, stored)
            if settled.written:
                connection.execute(_INSERT, [vars(record) for record in settled.written])
                connection.execute(_MOVE_HEAD, {"new_seq": settled.seq, "new_hash": settled.head})
                connection.execute(_TALLY, settled.tally_rows())
        return settled.outcomes

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

    def verify(
        self,
        expected: Head | None = None,
        *,
        check: Callable[[chain.Acknowledgement], str | None] | None = None,
    ) -> chain.ChainReport:
        """The chain recomputed from the first record; against the stored head, and against a head
        published earlier (an evidence pack's) when given; each record held to `check` (chain.verify)."""
        head = self.head()
        report = chain.verify(self.records(), check=check)
        problems = list(report.problems)
        if report.ok and (report.count, report.head) != (head.seq, head.hash):
            problems.append(
                Message(
                    "the chain ends at acknowledgement {count} but the store's head says {head}: the last "
                    "records were deleted",
                    count=report.count,
                    head=head.seq,
                )
            )
        if expected is not None and expected.seq > 0:
            at = chain.verify(self.records(upto=expected.seq))
            if at.count < expected.seq or at.head != expected.hash:
                problems.append(
                    Message(
                        "the chain no longer reaches the published head (acknowledgement {seq}, {hash}): "
                        "records up to it were changed or deleted",
                        seq=expected.seq,
                        hash=expected.hash,
                    )
                )
        return chain.ChainReport(report.count, report.head, problems)

    # -- roster --------------------------------------------------------------------------------------

    def replace_roster(self, roster: list[Person], languages: Mapping[str, str] | None = None) -> None:
        """The roster is HR's whole export: replaced in one transaction, or not at all. `languages`: the
        companies' default languages, replaced with it; None keeps those set before (set once)."""
        with self.engine.begin() as connection:
            # The chain head's lock: no acknowledgement is counted for a company while the roster changes.
            connection.execute(sa.select(chain_head.c.seq).where(chain_head.c.id == 1).with_for_update())
            if languages is not None:
                connection.execute(sa.delete(companies))
                if languages:
                    connection.execute(
                        sa.insert(companies),
                        [{"company": name, "language": said} for name, said in sorted(languages.items())],
                    )
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
                            "language": p.language,
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
            # The planner learns the new roster's size now, not at the next automatic analysis.
            connection.exec_driver_sql("ANALYZE people")

    def person(self, identity: str) -> Person | None:
        with self._connect() as connection:
            row = connection.execute(sa.select(people).where(people.c.person == identity)).first()
        return _person(row._mapping) if row is not None else None

    def people(self, company: str | None = None) -> list[Person]:
        """The roster (of one company), by company and person: what the coverage's headcount counts."""
        query = sa.select(people).order_by(people.c.company, people.c.person)
        if company is not None:
            query = query.where(people.c.company == company)
        with self._connect() as connection:
            return [_person(row._mapping) for row in connection.execute(query)]

    def companies(self) -> list[str]:
        with self._connect() as connection:
            return list(
                connection.execute(
                    sa.select(people.c.company).distinct().order_by(people.c.company)
                ).scalars()
            )

    def company_languages(self) -> dict[str, str]:
        """Each company's default language (roster import --companies): company id -> en or ja."""
        with self._connect() as connection:
            return {
                str(row.company): str(row.language)
                for row in connection.execute(sa.select(companies.c.company, companies.c.language))
            }

    def _connect(self) -> sa.Connection:
        try:
            return self.engine.connect()
        except sa.exc.DBAPIError as exc:
            down = unavailable(exc)
            if down is None:
                raise
            raise down from None


def _said_as_setup(context: Any) -> None:
    """Every statement's error that says a table or column is missing, raised as what to do about it."""
    missing = not_set_up(context.original_exception)
    if missing is not None:
        raise missing from None


def _postgres_connect_args(url: str) -> dict[str, Any]:
    args: dict[str, Any] = {"prepare_threshold": None}
    if "connect_timeout" not in sa.make_url(url).query:
        # An unreachable server (not a stopped one, which refuses at once) fails a request within
        # seconds, answered 503, instead of holding it for the system's TCP timeout.
        args["connect_timeout"] = CONNECT_TIMEOUT
    return args


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
    return Person(row["person"], row["name"], row["company"], row["email"], row["joined"], row["language"])

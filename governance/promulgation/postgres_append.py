"""PostgreSQL's append of a batch: the service's hot path, in two round trips to the server.

1. Pipelined: the chain head's row locked (SELECT ... FOR UPDATE), then one statement that finds, for
   every (person, digest) asked, the person's company on the roster and the acknowledgement already
   stored. Sent after the lock in the same transaction, it sees everything committed before the lock
   was granted (READ COMMITTED takes a snapshot per statement), so two instances never both write one.
2. Pipelined with the commit: one statement that inserts the new records, moves the head and counts
   the tallies up.

The chain is computed in between, in Python (governance/promulgation/batch.py, the one definition of a
record's hash): the lock is held for those two round trips and that computation, nothing else. The rows
travel as one JSON parameter per statement, so each statement's text is the same whatever the batch's
size; the statements go through psycopg itself, not SQLAlchemy, whose per-statement cost was most of
the writer's time.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import psycopg
import sqlalchemy as sa
from sqlalchemy.pool import PoolProxiedConnection

from governance.promulgation import chain
from governance.promulgation.batch import Ask, Outcome, settle

_LOCK_HEAD = "SELECT seq, hash FROM chain_head WHERE id = 1 FOR UPDATE"
_COLUMNS = {
    "seq": "bigint",
    "person": "varchar",
    "company": "varchar",
    "regulation": "varchar",
    "digest": "varchar",
    "effective": "date",
    "language": "varchar",
    "read_digest": "varchar",
    "at": "varchar",
    "previous": "varchar",
    "hash": "varchar",
}
_LOOK_UP = (
    "SELECT asked.person, asked.digest, people.company, "
    + ", ".join(f"a.{name}" for name in _COLUMNS)
    # LIMIT: the planner's estimate of the batch's size (a function's rows are 100 to it otherwise,
    # enough for it to read the whole roster rather than look each person up).
    + " FROM (SELECT * FROM json_to_recordset(%s::json) AS r (person varchar, digest varchar) LIMIT %s)"
    " AS asked"
    " LEFT JOIN people ON people.person = asked.person"
    " LEFT JOIN acknowledgements AS a ON a.person = asked.person AND a.digest = asked.digest"
)
# One statement: the records, the head moved to the last of them, the tallies counted up.
_WRITE = (
    "WITH written AS (INSERT INTO acknowledgements ("
    + ", ".join(_COLUMNS)
    + ") SELECT * FROM json_to_recordset(%(records)s::json) AS r ("
    + ", ".join(f"{name} {kind}" for name, kind in _COLUMNS.items())
    + ")), head AS (UPDATE chain_head SET seq = %(seq)s, hash = %(hash)s WHERE id = 1) "
    "INSERT INTO tallies (company, digest, count) SELECT * FROM json_to_recordset(%(tallies)s::json) "
    "AS t (company varchar, digest varchar, count bigint) "
    "ON CONFLICT (company, digest) DO UPDATE SET count = tallies.count + excluded.count"
)


class PostgresAppender:
    """Appends through one connection of the engine's pool, kept between batches (the service's writer
    appends several hundred times a second: no check-out, no liveness probe each time).

    A connection found broken (the server restarted, or was stopped and is back) is thrown away and the
    batch tried once more on a new one. That is safe even when the break fell on the commit: an append
    is idempotent, so a batch that was committed after all finds its records stored and answers them as
    such. A second failure is raised: the database is down (the service answers 503)."""

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()  # the service appends from its one writer; a library user may not
        self._pooled: PoolProxiedConnection | None = None

    def append(self, asks: list[Ask]) -> list[Outcome]:
        keys = sorted({(ask.identity, ask.resolved.version.digest) for ask in asks})
        with self._lock:
            for attempt in (1, 2):
                if self._pooled is None:
                    self._pooled = self._engine.raw_connection()
                connection: psycopg.Connection[Any] = self._pooled.driver_connection  # type: ignore[assignment]
                try:
                    return _append(connection, asks, keys)
                except BaseException as exc:
                    if not connection.broken:
                        connection.rollback()
                        raise
                    self._pooled.invalidate()  # the pool must not hand this one out again
                    self._pooled = None
                    if attempt == 2 or not isinstance(exc, psycopg.Error):
                        raise
            raise AssertionError("unreachable: the second attempt returns or raises")

    def close(self) -> None:
        with self._lock:
            if self._pooled is not None:
                self._pooled.close()
                self._pooled = None


def _append(
    connection: psycopg.Connection[Any], asks: list[Ask], keys: list[tuple[str, str]]
) -> list[Outcome]:
    with connection.pipeline():
        head = connection.execute(_LOCK_HEAD)
        found = connection.execute(
            _LOOK_UP, (_json([{"person": p, "digest": d} for p, d in keys]), len(keys))
        )
        row = head.fetchone()  # the pipeline's first synchronisation: both statements' answers
        assert row is not None, "the chain head's row is created by the first migration"
        seq, previous = row
        companies: dict[str, str] = {}
        stored: dict[tuple[str, str], chain.Acknowledgement] = {}
        for person, digest, company, *record in found.fetchall():
            if company is not None:
                companies[person] = company
            if record[0] is not None:
                stored[(person, digest)] = chain.Acknowledgement(*record)
        settled = settle(asks, seq, previous, companies, stored)
        if settled.written:
            records = [
                {**vars(record), "effective": record.effective.isoformat()} for record in settled.written
            ]
            connection.execute(
                _WRITE,
                {
                    "records": _json(records),
                    "seq": settled.seq,
                    "hash": settled.head,
                    "tallies": _json(settled.tally_rows()),
                },
            )
        connection.commit()  # the second synchronisation: nothing is answered before it returns
    return settled.outcomes


def _json(value: object) -> str:
    # One text parameter the server takes apart (json_to_recordset): psycopg's dumping of the same rows
    # as arrays, in Python, cost the writer more than the rest of the append.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

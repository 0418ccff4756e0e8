"""The hash chain of the acknowledgement store: each record commits to the one before it, so editing or
deleting a stored acknowledgement breaks every hash after it, and a chain head published in an evidence
pack pins everything up to it. Pure: records in, hashes and findings out."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date

from governance.i18n import Message

GENESIS = "sha256:" + "0" * 64


@dataclass(frozen=True)
class Acknowledgement:
    seq: int  # 1, 2, 3 ... without gaps: a deleted record leaves a hole the verification finds
    person: str
    company: str
    regulation: str
    digest: str  # the acknowledged version (of the original)
    effective: date
    language: str
    read_digest: str  # the text on the page: the original, or a translation of it
    at: str  # UTC, ISO 8601 with microseconds and "Z"
    previous: str  # the hash of record seq - 1, GENESIS for the first
    hash: str


def record_hash(
    *,
    seq: int,
    person: str,
    company: str,
    regulation: str,
    digest: str,
    effective: date,
    language: str,
    read_digest: str,
    at: str,
    previous: str,
) -> str:
    canonical = json.dumps(
        {
            "seq": seq,
            "person": person,
            "company": company,
            "regulation": regulation,
            "digest": digest,
            "effective": effective.isoformat(),
            "language": language,
            "read_digest": read_digest,
            "at": at,
            "previous": previous,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def expected_hash(record: Acknowledgement) -> str:
    fields = asdict(record)
    del fields["hash"]
    return record_hash(**fields)


@dataclass(frozen=True)
class ChainReport:
    count: int
    head: str
    problems: list[str]
    cut_short: bool = False  # an export without its closing line: incomplete, whatever its rows say

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(
    records: Iterable[Acknowledgement],
    *,
    limit: int = 20,
    check: Callable[[Acknowledgement], str | None] | None = None,
) -> ChainReport:
    """Walk the records in order of seq; linear, one record in memory at a time. `check`: what else is
    wrong with a record (governance.promulgation.catalog.Catalog.unpublished), in the same walk."""
    problems: list[str] = []
    head = GENESIS
    count = 0
    for record in records:
        if len(problems) >= limit:
            break
        count += 1
        if record.seq != count:
            problems.append(
                Message(
                    "acknowledgement {count} is missing (the next stored is {seq}): a record was deleted",
                    count=count,
                    seq=record.seq,
                )
            )
            count = record.seq
        if record.previous != head:
            problems.append(
                Message(
                    "acknowledgement {seq} does not follow the one before it: a record was removed or replaced",
                    seq=record.seq,
                )
            )
        if expected_hash(record) != record.hash:
            problems.append(
                Message(
                    "acknowledgement {seq} was edited after it was written (its hash does not match)",
                    seq=record.seq,
                )
            )
        if check is not None:
            problem = check(record)
            if problem is not None:
                problems.append(problem)
        head = record.hash
    return ChainReport(count, head, problems)

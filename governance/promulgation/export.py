"""The acknowledgements exported as CSV, every field of every record in chain order (the hashes
included), and read back: an export can be checked offline (`governance db verify --export FILE`),
because the chain recomputed from its rows must end at the head the export's last row names. Pure:
records in, lines out; lines in, records out."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import fields
from datetime import date
from typing import Any

from governance.errors import GovernanceError
from governance.promulgation.chain import Acknowledgement

COLUMNS = [field.name for field in fields(Acknowledgement)]


def export_lines(records: Iterable[Acknowledgement]) -> Iterator[str]:
    """The header, then one CSV line per record; streamed (a large store never is in memory)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow([getattr(record, column) for column in COLUMNS])
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def read_export(lines: Iterable[str], source: str) -> Iterator[Acknowledgement]:
    """The records of an export; a malformed line is an error naming it."""
    reader = csv.reader(lines)
    try:
        yield from _records(reader, source)
    except UnicodeDecodeError:
        raise GovernanceError(
            f"line {reader.line_num + 1}: not UTF-8 text: give the file `governance db export` wrote",
            path=source,
        ) from None


def _records(reader: Any, source: str) -> Iterator[Acknowledgement]:
    header = next(reader, None)
    if header != COLUMNS:
        raise GovernanceError(
            f"not an export of acknowledgements: the first line must be {','.join(COLUMNS)}", path=source
        )
    for row in reader:
        try:
            v = dict(zip(COLUMNS, row, strict=True))
            yield Acknowledgement(
                seq=int(v["seq"]),
                person=v["person"],
                company=v["company"],
                regulation=v["regulation"],
                digest=v["digest"],
                effective=date.fromisoformat(v["effective"]),
                language=v["language"],
                read_digest=v["read_digest"],
                at=v["at"],
                previous=v["previous"],
                hash=v["hash"],
            )
        except ValueError as exc:
            raise GovernanceError(
                f"line {reader.line_num}: not a record of the export ({exc})", path=source
            ) from None

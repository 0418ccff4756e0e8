"""The acknowledgements exported as CSV, every field of every record in chain order (the hashes
included), and read back: an export can be checked offline (`governance db verify --export FILE`),
because the chain recomputed from its rows must end at the head the export names.

The export ends with a closing line, `end,<count>,<head>`, written only once the last record is: an export
cut short (the database went away while it streamed, a copy stopped half-way) has none, and `verify`
refuses it rather than vouch for the prefix it holds. Pure: records in, lines out; lines in, a report out.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from datetime import date
from typing import Any

from governance.errors import GovernanceError
from governance.i18n import Message, _
from governance.promulgation import chain
from governance.promulgation.chain import Acknowledgement

COLUMNS = [field.name for field in fields(Acknowledgement)]
END = "end"  # the first field of the closing line


def export_lines(records: Iterable[Acknowledgement]) -> Iterator[str]:
    """The header, one CSV line per record, then the closing line; streamed (a large store never is in
    memory)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    count, head = 0, chain.GENESIS
    for record in records:
        writer.writerow([getattr(record, column) for column in COLUMNS])
        count, head = count + 1, record.hash
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    writer.writerow([END, count, head])
    yield buffer.getvalue()


def verify_export(
    lines: Iterable[str], source: str, *, check: Callable[[Acknowledgement], str | None] | None = None
) -> chain.ChainReport:
    """The chain recomputed from an export's rows (each held to `check`, as chain.verify does), and held
    to its closing line: a problem when there is none (the export was cut short) or when the rows do not
    end where it says. A malformed line is an error naming it."""
    reader = csv.reader(lines)
    closing: list[list[str]] = []
    try:
        report = chain.verify(_records(reader, source, closing), check=check)
    except UnicodeDecodeError:
        raise GovernanceError(
            _("line {line}: not UTF-8 text: give the file `governance db export` wrote").format(
                line=reader.line_num + 1
            ),
            path=source,
        ) from None
    if not report.ok:
        return report
    if not closing:
        problem = Message(
            "the export ends at line {line} without its closing line ({end},<count>,<head>): it was cut short "
            "(the database went away while it was written, or the file was copied in part), so records may "
            "be missing; export again (`governance db export --out FILE`)",
            line=reader.line_num,
            end=END,
        )
        return chain.ChainReport(report.count, report.head, [problem], cut_short=True)
    said = closing[0]
    if said[1:] != [str(report.count), report.head]:
        problem = Message(
            "the export's closing line says {said} acknowledgement(s) ending at {said_head}, its rows give "
            "{count} ending at {head}: records were removed from the file",
            said=said[1],
            said_head=said[2],
            count=report.count,
            head=report.head,
        )
        return chain.ChainReport(report.count, report.head, [problem])
    return report


def _records(reader: Any, source: str, closing: list[list[str]]) -> Iterator[Acknowledgement]:
    """The records of the rows; the closing line, once read, put in `closing`."""
    header = next(reader, None)
    if header != COLUMNS:
        raise GovernanceError(
            _("not an export of acknowledgements: the first line must be {columns}").format(
                columns=",".join(COLUMNS)
            ),
            path=source,
        )
    for row in reader:
        if closing:
            raise GovernanceError(
                _(
                    "line {line}: a line after the closing line ({end},...): give the file "
                    "`governance db export` wrote"
                ).format(line=reader.line_num, end=END),
                path=source,
            )
        if row[:1] == [END] and len(row) == 3:
            closing.append(row)
            continue
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
                _("line {line}: not a record of the export ({error})").format(
                    line=reader.line_num, error=exc
                ),
                path=source,
            ) from None

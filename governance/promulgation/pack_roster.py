"""The roster an evidence pack counted as "required", kept in the pack (roster.csv), so that its coverage's
headcounts can be counted again from the pack alone, long after HR's roster has changed.

Its columns are the roster's (person, name, company, joined) without the e-mail address, which only the
reminders need. Written and read byte for byte as it was (no spreadsheet escaping: it is evidence, like
the acknowledgements' export); reading it is strict: the header exactly, four fields a line.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from governance.i18n import Message
from governance.promulgation.roster import MAX_BYTES, Person

FILE = "roster.csv"
COLUMNS = ("person", "name", "company", "joined")
WHOLE_GROUP = "the whole group"


def roster_csv(people: Iterable[Person]) -> bytes:
    out = io.StringIO()
    # RFC 4180's line ending: the writer then quotes a value holding a lone CR or LF (a name written into
    # the store by hand may), which the reader would otherwise take for the end of a line.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for person in people:
        writer.writerow(
            [person.person, person.name, person.company, person.joined.isoformat() if person.joined else ""]
        )
    return out.getvalue().encode("utf-8")


def headcounts(members: dict[str, set[str]]) -> Counter[str]:
    return Counter({company: len(people) for company, people in members.items()})


def members(data: bytes) -> tuple[dict[str, set[str]], list[str]]:
    """The people of each company of a pack's roster.csv, and what is wrong with the file (empty when
    nothing)."""
    if len(data) > MAX_BYTES:
        return {}, [Message("{file}: larger than the roster's limit", file=FILE)]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return {}, [Message("{file}: not UTF-8 (byte {byte})", file=FILE, byte=exc.start)]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    counts: dict[str, set[str]] = {}
    seen: set[str] = set()
    try:
        if tuple(next(reader, ())) != COLUMNS:
            return counts, [
                Message("{file}:1: the header is not {columns}", file=FILE, columns=",".join(COLUMNS))
            ]
        for row in reader:
            if len(row) != len(COLUMNS):
                return counts, [
                    Message(
                        "{file}:{line}: {width} fields, not {expected}",
                        file=FILE,
                        line=reader.line_num,
                        width=len(row),
                        expected=len(COLUMNS),
                    )
                ]
            if row[0] in seen:
                return counts, [
                    Message("{file}:{line}: {person} twice", file=FILE, line=reader.line_num, person=row[0])
                ]
            seen.add(row[0])
            counts.setdefault(row[2], set()).add(row[0])
    except csv.Error as exc:
        return counts, [
            Message("{file}:{line}: not CSV ({error})", file=FILE, line=reader.line_num, error=str(exc))
        ]
    return counts, []


def required(manifest: dict[str, Any], counts: Counter[str]) -> list[tuple[str, str, str, int]]:
    """The coverage's lines as the roster makes them: (company, regulation, version in force, people
    required), for each regulation of the pack in force on the coverage's day and each company of the
    roster it applies to, as governance.promulgation.coverage.summary makes them from the store."""
    day = date.fromisoformat(manifest["coverage_on"])
    companies = sorted(company for company, count in counts.items() if count)
    lines = []
    for regulation in manifest["regulations"]:
        for version in regulation["versions"]:
            until = version["in_force_until"]
            if date.fromisoformat(version["in_force_from"]) > day or (
                until is not None and date.fromisoformat(until) < day
            ):
                continue
            applies = version["applies_to"]
            scope = companies if applies == WHOLE_GROUP else [c for c in companies if c in applies]
            lines += [(company, regulation["id"], version["digest"], counts[company]) for company in scope]
    return sorted(lines)

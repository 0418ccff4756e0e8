"""The roster: who must acknowledge, per group company, read from a CSV export of HR.

Columns (header line required, any order): person (the identity single sign-on gives, as the proxy's
header carries it), name, company (an id: lowercase letters, digits, '-'); optional email (for
reminders; the person when absent and it is an address) and joined (YYYY-MM-DD: a person who joined
after a version came into force owes an acknowledgement from that day). Every line is checked and
every problem reported with its line; nothing is imported unless the whole file is right.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from governance.errors import GovernanceError
from governance.text.recognisers import COMPANY_ID

REQUIRED = ("person", "name", "company")
OPTIONAL = ("email", "joined")
MAX_BYTES = 64 * 1024 * 1024  # a group of a few hundred thousand people
MAX_FIELD = 320  # the longest e-mail address
_COMPANY = re.compile(COMPANY_ID)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_SHOWN = 20


@dataclass(frozen=True)
class Person:
    person: str
    name: str
    company: str
    email: str | None
    joined: date | None


def read_roster(path: Path) -> list[Person]:
    if not path.is_file():
        raise GovernanceError("no such roster file; give the CSV export of HR", path=path)
    if path.stat().st_size > MAX_BYTES:
        raise GovernanceError(f"the roster is larger than {MAX_BYTES // (1024 * 1024)} MiB", path=path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GovernanceError(
            f"the roster is not UTF-8 (byte {exc.start}); export it from HR as CSV UTF-8", path=path
        ) from None
    return parse_roster(text, str(path))


def parse_roster(text: str, source: str) -> list[Person]:
    """Every person of the file, or one GovernanceError listing the problems of every line."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[str] = []
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        raise GovernanceError(
            f"the roster is empty; its first line names the columns: {', '.join(REQUIRED)}",
            path=source,
            line=1,
        ) from None
    except csv.Error as exc:
        raise GovernanceError(f"the header is not CSV: {exc}", path=source, line=1) from None
    missing = [column for column in REQUIRED if column not in header]
    unknown = [column for column in header if column not in REQUIRED + OPTIONAL]
    if missing or unknown or len(set(header)) != len(header):
        said = [f"missing column(s): {', '.join(missing)}"] if missing else []
        said += [f"unknown column(s): {', '.join(unknown)}"] if unknown else []
        said += ["a column appears twice"] if len(set(header)) != len(header) else []
        raise GovernanceError(
            f"{'; '.join(said)}; the columns are {', '.join(REQUIRED)} and optionally {', '.join(OPTIONAL)}",
            path=source,
            line=1,
        )
    people: list[Person] = []
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            person, problem = _person(dict(zip(header, row, strict=False)), len(row), len(header))
            if problem is None and person is not None and person.person in seen:
                problem = (
                    f"{person.person} is already on line {seen[person.person]}; keep one line per person"
                )
            if problem is not None:
                problems.append(f"{source}:{line}: {problem}")
                continue
            assert person is not None
            seen[person.person] = line
            people.append(person)
    except csv.Error as exc:
        problems.append(f"{source}:{reader.line_num}: not CSV ({exc}); nothing after it was read")
    if problems:
        more = f"\n... and {len(problems) - _SHOWN} more" if len(problems) > _SHOWN else ""
        raise GovernanceError(
            f"the roster has {len(problems)} problem(s), so nothing was imported; fix them and import again:\n"
            + "\n".join(problems[:_SHOWN])
            + more
        )
    if not people:
        raise GovernanceError("the roster lists nobody; nothing was imported", path=source)
    return people


def _person(cells: dict[str, str], width: int, expected: int) -> tuple[Person | None, str | None]:
    if width != expected:
        return None, f"{width} fields where the header has {expected}; quote a value that contains a comma"
    values = {key: value.strip() for key, value in cells.items()}
    for column in REQUIRED:
        if not values[column]:
            return None, f"the {column} is empty"
    for column, value in values.items():
        if len(value) > MAX_FIELD:
            return None, f"the {column} is longer than {MAX_FIELD} characters"
        if any(ord(char) < 32 or ord(char) == 127 for char in value):
            return None, f"the {column} contains a control character"
    if not _COMPANY.fullmatch(values["company"]):
        return None, (
            f"company '{values['company']}' is not a company id (lowercase letters, digits and '-', "
            "as regulations name it in applies_to)"
        )
    email = values.get("email") or None
    if email is None and _EMAIL.fullmatch(values["person"]):
        email = values["person"]
    if email is not None and not _EMAIL.fullmatch(email):
        return None, f"'{email}' is not an e-mail address"
    joined = None
    if values.get("joined"):
        try:
            joined = date.fromisoformat(values["joined"])
        except ValueError:
            return None, f"joined '{values['joined']}' is not a date; write YYYY-MM-DD"
        if len(values["joined"]) != 10:
            return None, f"joined '{values['joined']}' is not a date; write YYYY-MM-DD"
    return Person(values["person"], values["name"], values["company"], email, joined), None

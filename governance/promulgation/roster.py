"""The roster: who must acknowledge, per group company, read from a CSV export of HR.

Columns (header line required, any order): person (the identity single sign-on gives, as the proxy's
header carries it), name, company (an id: lowercase letters, digits, '-'); optional email (for
reminders; the person when absent and it is an address), joined (YYYY-MM-DD: a person who joined
after a version came into force owes an acknowledgement from that day) and language (en, ja: the
language of their reminders; the company's default when absent). Every line is checked and
every problem reported with its line; nothing is imported unless the whole file is right.

The companies' file (optional, `roster import --companies`): columns company and language, a line per
company whose default language is set (a company in Japan: `ja`), at most 1 MiB; each company must be on
the roster. Its people's reminders, the service's pages and the company's evidence pack follow it unless
a person's own language, or the command's option, says otherwise.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from governance.errors import GovernanceError
from governance.i18n import LANGUAGES, _, join_sentences, shown
from governance.text.recognisers import COMPANY_ID

REQUIRED = ("person", "name", "company")
OPTIONAL = ("email", "joined", "language")
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
    language: str | None = None  # en or ja: the language of their reminders


def read_roster(path: Path) -> list[Person]:
    if not path.is_file():
        raise GovernanceError(_("no such roster file; give the CSV export of HR"), path=path)
    if path.stat().st_size > MAX_BYTES:
        raise GovernanceError(
            _("the roster is larger than {size} MiB").format(size=MAX_BYTES // (1024 * 1024)), path=path
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GovernanceError(
            _("the roster is not UTF-8 (byte {byte}); export it from HR as CSV UTF-8").format(byte=exc.start),
            path=path,
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
            _("the roster is empty; its first line names the columns: {columns}").format(
                columns=", ".join(REQUIRED)
            ),
            path=source,
            line=1,
        ) from None
    except csv.Error as exc:
        raise GovernanceError(
            _("the header is not CSV: {error}").format(error=exc), path=source, line=1
        ) from None
    missing = [column for column in REQUIRED if column not in header]
    unknown = [column for column in header if column not in REQUIRED + OPTIONAL]
    if missing or unknown or len(set(header)) != len(header):
        said = [_("missing column(s): {columns}").format(columns=", ".join(missing))] if missing else []
        said += [_("unknown column(s): {columns}").format(columns=", ".join(unknown))] if unknown else []
        said += [_("a column appears twice")] if len(set(header)) != len(header) else []
        raise GovernanceError(
            _("{problems}; the columns are {required} and optionally {optional}").format(
                problems=join_sentences(said), required=", ".join(REQUIRED), optional=", ".join(OPTIONAL)
            ),
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
                problem = _("{person} is already on line {line}; keep one line per person").format(
                    person=person.person, line=seen[person.person]
                )
            if problem is not None:
                problems.append(f"{source}:{line}: {problem}")
                continue
            assert person is not None
            seen[person.person] = line
            people.append(person)
    except csv.Error as exc:
        problems.append(
            f"{source}:{reader.line_num}: "
            + _("not CSV ({error}); nothing after it was read").format(error=exc)
        )
    if problems:
        more = (
            "\n" + _("... and {count} more").format(count=len(problems) - _SHOWN)
            if len(problems) > _SHOWN
            else ""
        )
        raise GovernanceError(
            _(
                "the roster has {count} problem(s), so nothing was imported; fix them and import again:"
            ).format(count=len(problems))
            + "\n"
            + "\n".join(problems[:_SHOWN])
            + more
        )
    if not people:
        raise GovernanceError(_("the roster lists nobody; nothing was imported"), path=source)
    return people


def _person(cells: dict[str, str], width: int, expected: int) -> tuple[Person | None, str | None]:
    if width != expected:
        return None, _(
            "{width} fields where the header has {expected}; quote a value that contains a comma"
        ).format(width=width, expected=expected)
    values = {key: value.strip() for key, value in cells.items()}
    for column in REQUIRED:
        if not values[column]:
            return None, _("the {column} is empty").format(column=column)
    for column, value in values.items():
        if len(value) > MAX_FIELD:
            return None, _("the {column} is longer than {limit} characters").format(
                column=column, limit=MAX_FIELD
            )
        if any(ord(char) < 32 or ord(char) == 127 for char in value):
            return None, _("the {column} contains a control character").format(column=column)
    if not _COMPANY.fullmatch(values["company"]):
        return None, _(
            "company '{company}' is not a company id (lowercase letters, digits and '-', as regulations name "
            "it in applies_to)"
        ).format(company=values["company"])
    email = values.get("email") or None
    if email is None and _EMAIL.fullmatch(values["person"]):
        email = values["person"]
    if email is not None and not _EMAIL.fullmatch(email):
        return None, _("'{email}' is not an e-mail address").format(email=email)
    joined = None
    if values.get("joined"):
        try:
            joined = date.fromisoformat(values["joined"])
        except ValueError:
            return None, _("joined '{joined}' is not a date; write YYYY-MM-DD").format(
                joined=values["joined"]
            )
        if len(values["joined"]) != 10:
            return None, _("joined '{joined}' is not a date; write YYYY-MM-DD").format(
                joined=values["joined"]
            )
    language = values.get("language") or None
    if language is not None and language not in LANGUAGES:
        return None, _(
            "language '{language}' is not one of {languages}; leave it empty for the company's"
        ).format(language=language, languages=", ".join(LANGUAGES))
    return Person(values["person"], values["name"], values["company"], email, joined, language), None


# The companies' file: a line per company whose people's default language is set (a Japanese company's
# `ja`); a small file, however large the group.
COMPANY_COLUMNS = ("company", "language")
MAX_COMPANIES_BYTES = 1024 * 1024


def read_companies(path: Path, known: Iterable[str]) -> dict[str, str]:
    """Each company's default language (company id -> en or ja) from the companies' CSV `path`, whose
    companies must be among `known` (the roster's): every line checked, one GovernanceError naming each
    wrong line, nothing returned unless the whole file is right."""
    if not path.is_file():
        raise GovernanceError(
            _("no such companies file; give a CSV with the columns {columns}").format(
                columns=", ".join(COMPANY_COLUMNS)
            ),
            path=path,
        )
    if path.stat().st_size > MAX_COMPANIES_BYTES:
        raise GovernanceError(_("the companies file is larger than 1 MiB"), path=path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GovernanceError(
            _("the companies file is not UTF-8 (byte {byte}); save it as CSV UTF-8").format(byte=exc.start),
            path=path,
        ) from None
    return parse_companies(text, str(path), known)


def parse_companies(text: str, source: str, known: Iterable[str]) -> dict[str, str]:
    roster = set(known)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
    except csv.Error as exc:
        raise GovernanceError(
            _("the header is not CSV: {error}").format(error=exc), path=source, line=1
        ) from None
    if sorted(header) != sorted(COMPANY_COLUMNS):
        raise GovernanceError(
            _("the first line names the columns: {columns}").format(columns=", ".join(COMPANY_COLUMNS)),
            path=source,
            line=1,
        )
    languages: dict[str, str] = {}
    seen: dict[str, int] = {}
    problems: list[str] = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            problem = _company_problem(row, header, roster, seen)
            if problem is not None:
                problems.append(f"{source}:{reader.line_num}: {problem}")
                continue
            values = dict(zip(header, (cell.strip() for cell in row), strict=True))
            seen[values["company"]] = reader.line_num
            languages[values["company"]] = values["language"]
    except csv.Error as exc:
        problems.append(
            f"{source}:{reader.line_num}: "
            + _("not CSV ({error}); nothing after it was read").format(error=exc)
        )
    if problems:
        raise GovernanceError(
            _(
                "the companies file has {count} problem(s), so nothing was imported; fix them and import "
                "again:"
            ).format(count=len(problems))
            + "\n"
            + "\n".join(problems[:_SHOWN])
            + (
                "\n" + _("... and {count} more").format(count=len(problems) - _SHOWN)
                if len(problems) > _SHOWN
                else ""
            )
        )
    return languages


def _company_problem(row: list[str], header: list[str], roster: set[str], seen: dict[str, int]) -> str | None:
    if len(row) != len(header):
        return _(
            "{width} fields where the header has {expected}; quote a value that contains a comma"
        ).format(width=len(row), expected=len(header))
    values = dict(zip(header, (cell.strip() for cell in row), strict=True))
    company, language = values["company"], values["language"]
    if not _COMPANY.fullmatch(company):
        return _(
            "company '{company}' is not a company id (lowercase letters, digits and '-', as regulations name "
            "it in applies_to)"
        ).format(company=shown(company[:MAX_FIELD]))
    if company not in roster:
        return _("company '{company}' has nobody on the roster; import the roster with its people").format(
            company=company
        )
    if company in seen:
        return _("{company} is already on line {line}; keep one line per company").format(
            company=company, line=seen[company]
        )
    if language not in LANGUAGES:
        return _("language '{language}' is not one of {languages}").format(
            language=shown(language[:MAX_FIELD]), languages=", ".join(LANGUAGES)
        )
    return None

"""Coverage: per company and regulation in force, how many of those who must have acknowledged the
version in force (or an earlier one its editorial successors keep valid), and who has not, since when.

Counted by the database (one grouped query per regulation), so the summary of a large group never
brings its people into memory; the names of those missing are read for one company and regulation, or
streamed for the reminders' CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from governance.errors import GovernanceError
from governance.i18n import _
from governance.promulgation.catalog import GROUP, Catalog, VersionEntry, WorkEntry
from governance.promulgation.schema import acknowledgements, people, tallies
from governance.promulgation.store import Store


@dataclass(frozen=True)
class Requirement:
    work: WorkEntry
    version: VersionEntry  # in force
    digests: frozenset[str]  # whose acknowledgement counts
    since: date  # the version in force's, or the last one that asked for a new acknowledgement


@dataclass(frozen=True)
class Line:
    company: str
    regulation: str
    title: str
    version: str
    effective: date
    since: date
    required: int
    acknowledged: int

    @property
    def missing(self) -> int:
        return self.required - self.acknowledged


@dataclass(frozen=True)
class Missing:
    company: str
    regulation: str
    title: str
    person: str
    name: str
    email: str | None
    since: date  # the requirement's date, or the day the person joined if later
    language: str | None = None  # the roster's language of the person


@dataclass(frozen=True)
class Read:
    """How many of a company acknowledged a version having read it in one language (one text)."""

    company: str
    regulation: str
    version: str
    language: str
    read_digest: str  # the original's digest, or the translation's
    count: int


def languages(
    store: Store, digests: Iterable[str], company: str | None = None, *, acknowledged_before: str
) -> list[Read]:
    """What was read in which language: the acknowledgements of these versions written before the
    given time, counted per company, version and text read."""
    wanted = sorted(set(digests))
    if not wanted:
        return []
    c = acknowledgements.c
    keys = (c.company, c.regulation, c.digest, c.language, c.read_digest)
    query = (
        sa.select(*keys, sa.func.count().label("count"))
        .where(c.digest.in_(wanted), c.at < acknowledged_before)
        .group_by(*keys)
        .order_by(*keys)
    )
    if company is not None:
        query = query.where(acknowledgements.c.company == company)
    with store.engine.connect() as connection:
        return [Read(*row) for row in connection.execute(query)]


def acknowledgers(store: Store, digests: Iterable[str], before: str) -> set[str]:
    """Everyone who acknowledged one of these texts before the given time (a UTC time as the store writes
    it), whatever their company now."""
    wanted = sorted(set(digests))
    if not wanted:
        return set()
    c = acknowledgements.c
    query = sa.select(c.person).where(c.digest.in_(wanted), c.at < before).distinct()
    with store.engine.connect() as connection:
        return set(connection.execute(query).scalars())


def requirements(catalog: Catalog, day: date) -> list[Requirement]:
    found = []
    for work_id in sorted(catalog.works):
        work = catalog.works[work_id]
        version = work.in_force(day)
        if version is not None:
            digests, since = work.accepted_digests(version)
            found.append(Requirement(work, version, digests, since))
    return found


def _scope(requirement: Requirement, companies: list[str]) -> list[str]:
    if requirement.version.applies_to is GROUP:
        return companies
    return [company for company in companies if company in requirement.version.applies_to]


def summary(
    store: Store,
    catalog: Catalog,
    day: date,
    company: str | None = None,
    *,
    acknowledged_before: str | None = None,
) -> list[Line]:
    """`acknowledged_before` (a UTC time as the store writes it): count only what was acknowledged
    before it, for coverage as it stood at the end of a past period. Today's coverage of a version is
    read from the tallies: one small table for the whole group, whatever its size."""
    companies = _companies(store, company)
    lines = []
    with store.engine.connect() as connection:
        headcount = _counts(
            connection.execute(sa.select(people.c.company, sa.func.count()).group_by(people.c.company))
        )
        # Read once: the tallies of the store (per company and version), kept by every append.
        tally = {
            (row.company, row.digest): int(row._mapping["count"])
            for row in connection.execute(sa.select(tallies.c.company, tallies.c.digest, tallies.c.count))
        }
        for requirement in requirements(catalog, day):
            scope = _scope(requirement, companies)
            if not scope:
                continue
            if acknowledged_before is None and len(requirement.digests) == 1:
                (digest,) = requirement.digests
                done = {name: tally.get((name, digest), 0) for name in scope}
            else:  # a past day, or versions kept valid by an editorial one: counted person by person
                done = _counts(
                    connection.execute(
                        sa.select(people.c.company, sa.func.count(sa.distinct(people.c.person)))
                        .join(acknowledgements, acknowledgements.c.person == people.c.person)
                        .where(
                            acknowledgements.c.digest.in_(sorted(requirement.digests)),
                            people.c.company.in_(scope),
                            acknowledgements.c.at < (acknowledged_before or "9999"),
                        )
                        .group_by(people.c.company)
                    )
                )
            for name in scope:
                lines.append(
                    Line(
                        company=name,
                        regulation=requirement.work.id,
                        title=requirement.version.title,
                        version=requirement.version.digest,
                        effective=requirement.version.effective,
                        since=requirement.since,
                        required=headcount.get(name, 0),
                        acknowledged=done.get(name, 0),
                    )
                )
    return sorted(lines, key=lambda line: (line.company, line.regulation))


def missing(
    store: Store, catalog: Catalog, day: date, company: str | None = None, regulation: str | None = None
) -> Iterator[Missing]:
    """Everyone who owes an acknowledgement, by company, regulation and person."""
    companies = _companies(store, company)
    chosen = requirements(catalog, day)
    if regulation is not None:
        chosen = [r for r in chosen if r.work.id == regulation]
        if not chosen:
            raise GovernanceError(
                _("no regulation '{regulation}' is in force on {day}").format(regulation=regulation, day=day)
            )
    # Checked before the first row is asked for: a streamed CSV must not fail half-way.
    return _missing_rows(store, chosen, companies)


def _missing_rows(store: Store, chosen: list[Requirement], companies: list[str]) -> Iterator[Missing]:
    with store.engine.connect() as connection:
        for requirement in chosen:
            scope = _scope(requirement, companies)
            if not scope:
                continue
            acknowledged = sa.exists().where(
                acknowledgements.c.person == people.c.person,
                acknowledgements.c.digest.in_(sorted(requirement.digests)),
            )
            query = (
                sa.select(people)
                .where(people.c.company.in_(scope), ~acknowledged)
                .order_by(people.c.company, people.c.person)
            )
            for row in connection.execution_options(yield_per=2000).execute(query):
                since = max(requirement.since, row.joined) if row.joined else requirement.since
                yield Missing(
                    row.company,
                    requirement.work.id,
                    requirement.version.title,
                    row.person,
                    row.name,
                    row.email,
                    since,
                    row.language,
                )


def _counts(result: Iterable[Any]) -> dict[str, int]:
    return {str(row[0]): int(row[1]) for row in result}


def _companies(store: Store, company: str | None) -> list[str]:
    known = store.companies()
    if company is None:
        return known
    if company not in known:
        listed = ", ".join(known) or _("none: import the roster first (`governance roster import`)")
        raise GovernanceError(
            _("unknown company '{company}'; the roster's companies are: {listed}").format(
                company=company, listed=listed
            )
        )
    return [company]


SUMMARY_COLUMNS = (
    "company",
    "regulation",
    "version",
    "effective",
    "since",
    "required",
    "acknowledged",
    "missing",
)
MISSING_COLUMNS = ("company", "regulation", "person", "name", "email", "since")


def summary_csv(lines: list[Line]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SUMMARY_COLUMNS)
    for line in lines:
        writer.writerow(
            [
                spreadsheet_cell(line.company),
                spreadsheet_cell(line.regulation),
                spreadsheet_cell(line.version),
                line.effective,
                line.since,
                line.required,
                line.acknowledged,
                line.missing,
            ]
        )
    return out.getvalue()


def missing_csv(rows: Iterator[Missing]) -> Iterator[str]:
    """The reminders' list as CSV, a line at a time, every text cell made inert (spreadsheet_cell)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MISSING_COLUMNS)
    yield out.getvalue()
    for row in rows:
        out.seek(0)
        out.truncate()
        writer.writerow(
            [
                spreadsheet_cell(v)
                for v in (
                    row.company,
                    row.regulation,
                    row.person,
                    row.name,
                    row.email or "",
                    row.since.isoformat(),
                )
            ]
        )
        yield out.getvalue()


# OWASP's CSV injection rule: a spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: str) -> str:
    """`value` as a spreadsheet shows it and never runs it: a leading apostrophe before a cell that would
    start a formula. Every text cell of a CSV made for a spreadsheet goes through it, whatever checked the
    value before: the store's rows are written by whoever can write to the database, not only by the
    roster's import. (The acknowledgements' export is not: it is the evidence, byte for byte.)"""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value

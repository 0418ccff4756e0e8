from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from governance.errors import GovernanceError
from governance.promulgation.roster import Person, parse_roster, read_roster

GOOD = 'person,name,company,email,joined\nalice@iij.example,Alice Abe,iij,,\n"bob","Baba, Bob",iij-engineering,bob@eng.example,2027-01-10\n'


def test_a_good_roster() -> None:
    assert parse_roster(GOOD, "hr.csv") == [
        Person("alice@iij.example", "Alice Abe", "iij", "alice@iij.example", None),
        Person("bob", "Baba, Bob", "iij-engineering", "bob@eng.example", date(2027, 1, 10)),
    ]


def test_every_bad_line_is_named() -> None:
    text = (
        "person,name,company,joined\n"
        "alice,Alice,iij,\n"
        "bob,Bob,IIJ Engineering,\n"
        ",Nobody,iij,\n"
        "carol,Carol,iij,01/02/2027\n"
        "alice,Alice again,iij,\n"
        "dave,Dave,iij,2027-01-01,extra\n"
    )
    with pytest.raises(GovernanceError) as raised:
        parse_roster(text, "hr.csv")
    message = raised.value.render()
    assert "5 problem(s), so nothing was imported" in message
    for expected in (
        "hr.csv:3: company 'IIJ Engineering' is not a company id",
        "hr.csv:4: the person is empty",
        "hr.csv:5: joined '01/02/2027' is not a date; write YYYY-MM-DD",
        "hr.csv:6: alice is already on line 2",
        "hr.csv:7: 5 fields where the header has 4",
    ):
        assert expected in message


def test_a_person_s_language() -> None:
    text = "person,name,company,language\nalice,Alice,iij,ja\nbob,Bob,iij,\ncarol,Carol,iij,fr\n"
    with pytest.raises(GovernanceError) as raised:
        parse_roster(text, "hr.csv")
    assert (
        "hr.csv:4: language 'fr' is not one of en, ja; leave it empty for the company's"
        in raised.value.render()
    )
    people = parse_roster(text.rsplit("carol", 1)[0], "hr.csv")
    assert [(person.person, person.language) for person in people] == [("alice", "ja"), ("bob", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the roster is empty"),
        ("name,company\n", "missing column(s): person"),
        ("person,name,company,salary\n", "unknown column(s): salary"),
        ("person,name,company\n", "the roster lists nobody"),
    ],
)
def test_a_bad_header(text: str, expected: str) -> None:
    with pytest.raises(GovernanceError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        parse_roster(text, "hr.csv")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_bytes("person,name,company\nalice,阿部,iij\n".encode("shift_jis"))
    with pytest.raises(GovernanceError, match="is not UTF-8"):
        read_roster(path)

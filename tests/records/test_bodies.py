from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from governance.errors import GovernanceError
from governance.records.bodies import Body, parse_bodies, procedural_problems
from governance.records.resolutions import parse_resolution

ROOT = Path(__file__).resolve().parents[2]
DIGEST = "sha256:" + "c" * 64
BODIES = """\
bodies:
  board-of-directors: {name: Board of Directors, members: 9, quorum: majority, majority: simple, written_consent: true}
  audit-board: {name: Audit Board, members: 6, quorum: two-thirds, majority: two-thirds}
  committee: {name: Committee, members: 5, quorum: 4}
"""
TODAY = date(2026, 12, 1)


def meeting(
    body: str = "board-of-directors", members: int = 9, present: int = 7, votes: str = "6, 1, 0"
) -> str:
    votes_for, against, abstain = votes.split(", ")
    return f"""\
id: BD-2026-001
body: {body}
date: 2026-11-20
attendance: {{members: {members}, present: {present}}}
votes: {{for: {votes_for}, against: {against}, abstain: {abstain}}}
decisions:
  - regulation: bribery-prevention
    action: amend
    digest: {DIGEST}
recorded_by: Secretary
"""


def consent(body: str = "board-of-directors", consents: int = 9, day: str = "2026-11-20") -> str:
    return f"""\
id: BD-2026-002
body: {body}
date: {day}
form: written-consent
consents: {consents}
decisions:
  - regulation: bribery-prevention
    action: amend
    digest: {DIGEST}
recorded_by: Secretary
"""


def problems(text: str, on: date = TODAY) -> list[str]:
    return procedural_problems(parse_resolution(text, "x.yml"), parse_bodies(BODIES, "bodies.yml"), on)


CASES = [
    ("valid meeting", meeting(), []),
    ("bare quorum and majority", meeting(present=5, votes="3, 2, 0"), []),
    ("quorum not met", meeting(present=4, votes="4, 0, 0"), ["quorum not met: 4 of 9 present, 5 needed"]),
    (
        "tie is not a majority",
        meeting(present=6, votes="3, 3, 0"),
        ["not carried: 3 of 6 present voted for, 4 needed"],
    ),
    ("abstentions weigh against", meeting(present=7, votes="3, 1, 3"), ["not carried: 3 of 7 present"]),
    (
        "wrong member count",
        meeting(members=8, present=7),
        ["attendance.members is 8 but the Board of Directors has 9"],
    ),
    (
        "more present than members",
        meeting(members=9, present=10, votes="6, 0, 0"),
        ["10 present is more than the 9"],
    ),
    (
        "more votes than present",
        meeting(present=5, votes="5, 1, 0"),
        ["6 votes cast (for, against, abstain) but only 5"],
    ),
    (
        "unknown body",
        meeting(body="shareholders"),
        ["unknown body 'shareholders'; bodies.yml defines: audit-board,"],
    ),
    ("two-thirds quorum met", meeting(body="audit-board", members=6, present=4, votes="3, 1, 0"), []),
    (
        "two-thirds quorum missed",
        meeting(body="audit-board", members=6, present=3, votes="3, 0, 0"),
        ["4 needed"],
    ),
    (
        "two-thirds majority missed",
        meeting(body="audit-board", members=6, present=6, votes="3, 3, 0"),
        ["4 needed (two thirds)"],
    ),
    (
        "integer quorum",
        meeting(body="committee", members=5, present=3, votes="3, 0, 0"),
        ["3 of 5 present, 4 needed"],
    ),
    ("unanimous written consent", consent(), []),
    ("written consent not unanimous", consent(consents=8), ["must be unanimous: 8 of 9 members consented"]),
    (
        "written consent not allowed",
        consent(body="committee", consents=5),
        ["does not allow resolutions by written consent"],
    ),
    (
        "future date",
        consent(day="2026-12-03"),  # a day of slack for time zones: 2026-12-02 would still pass
        ["dated 2026-12-03, which is in the future (today is 2026-12-01)"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_procedural_rules(text: str, expected: list[str]) -> None:
    found = problems(text)
    assert len(found) == len(expected), found
    for problem, fragment in zip(found, expected, strict=True):
        assert fragment in problem


def test_a_resolution_dated_today_is_valid() -> None:
    assert problems(consent(day="2026-12-01")) == []


def test_thresholds() -> None:
    body = Body(name="B", members=9)
    assert (body.quorum_needed(), body.votes_needed(7), body.votes_needed(6)) == (5, 4, 4)
    strict = Body(name="B", members=9, quorum="two-thirds", majority="two-thirds")
    assert (strict.quorum_needed(), strict.votes_needed(7), strict.votes_needed(9)) == (6, 5, 6)
    assert Body(name="B", members=9, quorum="all").quorum_needed() == 9


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("bodies:\n  board: {name: B, members: 0}\n", "bodies.board.members", 2),
        ("bodies:\n  board: {name: B, members: 3, quorum: 4}\n", "quorum 4 must be between 1 and the 3", 2),
        ("bodies:\n  board: {name: B, members: 3, quorum: most}\n", "bodies.board.quorum", 2),
        ("bodies:\n  Board: {name: B, members: 3}\n", "body id 'Board'", 1),
        ("bodies:\n  board: {name: B, members: 3, chair: X}\n", "unknown key 'bodies.board.chair'", 2),
        ("bodies:\n  board: {name: B, members: 3, written_consent: yes}\n", "ambiguous", 2),
        ("bodies: {}\n", "bodies", 1),
        ("boards:\n  board: {name: B, members: 3}\n", "the key 'bodies' is missing", 1),
    ],
)
def test_a_bad_bodies_file_is_refused(text: str, message: str, line: int) -> None:
    with pytest.raises(GovernanceError) as caught:
        parse_bodies(text, "resolutions/bodies.yml")
    assert message in caught.value.message
    assert (caught.value.path, caught.value.line) == ("resolutions/bodies.yml", line)


def test_this_repositorys_bodies_file() -> None:
    bodies = parse_bodies((ROOT / "resolutions" / "bodies.yml").read_text(encoding="utf-8"), "bodies.yml")
    board = bodies["board-of-directors"]
    assert (board.members, board.quorum, board.majority, board.written_consent) == (
        9,
        "majority",
        "simple",
        True,
    )
    assert bodies["compliance-department"].members == 1


def test_a_resolution_dated_today_in_tokyo_is_not_in_the_future_for_a_runner_in_utc() -> None:
    board = parse_bodies(BODIES_FOR_TIME_ZONES, "resolutions/bodies.yml")
    tokyo_today = date(2026, 11, 26)  # 08:00 in Tokyo is still 2026-11-25 in UTC
    record = parse_resolution(_meeting(tokyo_today), "resolutions/BD-2026-007.yml")
    assert procedural_problems(record, board, today=date(2026, 11, 25)) == []
    later = parse_resolution(_meeting(date(2026, 11, 27)), "resolutions/BD-2026-007.yml")
    assert any("in the future" in p for p in procedural_problems(later, board, today=date(2026, 11, 25)))


BODIES_FOR_TIME_ZONES = "bodies:\n  board-of-directors: {name: Board, members: 9, quorum: majority}\n"


def _meeting(day: date) -> str:
    return (
        f"id: BD-2026-007\nbody: board-of-directors\ndate: {day}\n"
        "attendance: {members: 9, present: 7}\nvotes: {for: 6, against: 1, abstain: 0}\n"
        "decisions:\n  - regulation: x\n    action: amend\n    digest: sha256:" + "a" * 64 + "\n"
        "recorded_by: S\n"
    )

"""The steps beyond the vote in records and bodies.yml: validated like attendance and votes, errors naming
the file and the line."""

from __future__ import annotations

from datetime import date

import pytest

from governance.errors import GovernanceError
from governance.records.bodies import parse_bodies, procedural_problems
from governance.records.procedures import opinion_problems
from governance.records.resolutions import parse_resolution

DIGEST = "sha256:" + "0" * 64
RECORD = f"""id: BD-2026-050
body: board
date: 2026-11-20
form: written-consent
consents: 3
decisions:
  - regulation: 人事/01_就業規則
    action: amend
    digest: {DIGEST}
consultations:
  - representative: 過半数代表者　山田太郎
    date: 2026-11-22
    opinion: resolutions/意見書/BD-2026-050.pdf
    digest: {DIGEST}
notifications:
  - office: 渋谷労働基準監督署
    date: 2026-11-25
recorded_by: 総務部
"""
BODIES = (
    "bodies:\n  board: {name: 取締役会, members: 3, written_consent: true,\n"
    '          requires: {consultations: ["*就業規則"], notifications: ["人事/*"]}}\n'
)


def test_a_record_with_its_steps_is_valid() -> None:
    record = parse_resolution(RECORD, "BD-2026-050.yml")
    assert [c.representative for c in record.consultations] == ["過半数代表者　山田太郎"]
    assert record.notifications[0].date == date(2026, 11, 25)
    assert procedural_problems(record, parse_bodies(BODIES, "bodies.yml"), date(2026, 12, 1)) == []


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("    date: 2026-11-22", "    date: 22/11/2026", 12, "YYYY-MM-DD"),
        (f"    digest: {DIGEST}\nnotifications", "    digest: md5-abc\nnotifications", 14, "digest"),
        ("opinion: resolutions/意見書/BD-2026-050.pdf", "opinion: ../outside.pdf", 13, "plain relative path"),
        (
            "  - office: 渋谷労働基準監督署\n",
            "  - office: 渋谷労働基準監督署\n    fax: 03-0000-0000\n",
            17,
            "fax",
        ),
        ("  - office: 渋谷労働基準監督署\n", "  - office: ''\n", 16, "office"),
    ],
)
def test_a_step_that_is_not_well_formed_is_refused_at_its_line(
    old: str, new: str, line: int, message: str
) -> None:
    assert old in RECORD
    with pytest.raises(GovernanceError, match=message) as raised:
        parse_resolution(RECORD.replace(old, new), "BD-2026-050.yml")
    assert raised.value.line == line, raised.value.render()


def test_required_steps_and_their_dates() -> None:
    bodies = parse_bodies(BODIES, "bodies.yml")
    bare = RECORD.split("consultations:")[0] + "recorded_by: 総務部\n"
    problems = procedural_problems(parse_resolution(bare, "x.yml"), bodies, date(2026, 12, 1))
    assert [p.split(" needs ")[1].split(" (")[0] for p in problems] == [
        "the opinion of the employees' representative",
        "the notification to the authority",
    ]
    other = bare.replace("人事/01_就業規則", "02_賃金規程")  # matched by no pattern: no step required
    assert procedural_problems(parse_resolution(other, "x.yml"), bodies, date(2026, 12, 1)) == []
    early = procedural_problems(parse_resolution(RECORD, "x.yml"), bodies, date(2026, 11, 20))
    assert early == [
        "consulted on 2026-11-22, which is in the future (today is 2026-11-20)",
        "notified on 2026-11-25, which is in the future (today is 2026-11-20)",
    ]
    with pytest.raises(
        GovernanceError, match=r"bodies\.yml:3: unknown key .bodies\.board\.requires\.consultation."
    ):
        parse_bodies(BODIES.replace("consultations:", "consultation:"), "bodies.yml")


def test_the_opinion_is_read_by_its_digest() -> None:
    record = parse_resolution(RECORD, "x.yml")
    assert opinion_problems(record, lambda path: None) == [
        "the opinion resolutions/意見書/BD-2026-050.pdf (意見書) is not in the repository; add it with the record"
    ]
    assert "not the sha256:000" in opinion_problems(record, lambda path: b"%PDF")[0]

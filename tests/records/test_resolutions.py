from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.errors import GovernanceError
from governance.records.resolutions import (
    check_record_name,
    is_record_path,
    load_resolution,
    parse_resolution,
)
from governance.records.writer import render_resolution

A = "sha256:" + "a" * 64
B = "sha256:" + "b" * 64
PATH = "resolutions/BD-2026-007.yml"

RECORD = f"""\
id: BD-2026-007
body: board-of-directors
date: 2026-11-20
form: meeting
attendance: {{members: 9, present: 7}}
votes: {{for: 6, against: 1, abstain: 0}}
decisions:
  - regulation: bribery-prevention
    action: amend
    digest: {A}
    effective: 2027-01-01
  - file: governance.yml
    action: amend
    digest: {B}
recorded_by: Hanako Sato, Board Secretary
"""

CONSENT = f"""\
id: CD-2026-001
body: compliance-department
date: 2026-03-01
form: written-consent
consents: 1
decisions:
  - regulation: bribery-prevention.ja
    action: enact
    digest: {A}
recorded_by: "Compliance: Taro Yamada"
"""


def test_a_meeting_record_reads_as_written() -> None:
    resolution = load_resolution(RECORD, PATH)
    assert (resolution.id, resolution.body, resolution.date) == (
        "BD-2026-007",
        "board-of-directors",
        date(2026, 11, 20),
    )
    assert resolution.attendance is not None and resolution.votes is not None
    assert (resolution.attendance.present, resolution.votes.for_, resolution.votes.cast) == (7, 6, 7)
    first, second = resolution.decisions
    assert (first.regulation, first.file, first.action, first.digest) == (
        "bribery-prevention",
        None,
        "amend",
        A,
    )
    assert first.effective_date(resolution) == date(2027, 1, 1)
    assert (second.regulation, second.file, second.target) == (None, "governance.yml", "file governance.yml")
    assert second.effective_date(resolution) == date(2026, 11, 20)  # the resolution date when absent


def test_a_written_consent_reads_as_written() -> None:
    resolution = parse_resolution(CONSENT, "CD-2026-001.yml")
    assert (resolution.form, resolution.consents, resolution.attendance, resolution.votes) == (
        "written-consent",
        1,
        None,
        None,
    )
    assert resolution.recorded_by == "Compliance: Taro Yamada"


@pytest.mark.parametrize("text", [RECORD, CONSENT])
def test_rendering_gives_back_the_same_record(text: str) -> None:
    resolution = parse_resolution(text, "x.yml")
    rendered = render_resolution(resolution)
    assert parse_resolution(rendered, "x.yml") == resolution
    if text is RECORD:
        assert rendered == RECORD  # the documented layout, byte for byte


def test_rendering_quotes_what_yaml_would_misread() -> None:
    text = RECORD.replace("Hanako Sato, Board Secretary", "'no'")
    resolution = parse_resolution(text, "x.yml")
    assert resolution.recorded_by == "no"
    assert 'recorded_by: "no"' in render_resolution(resolution)
    tricky = parse_resolution(RECORD.replace("Hanako Sato, Board Secretary", '"#1: Sato"'), "x.yml")
    assert parse_resolution(render_resolution(tricky), "x.yml").recorded_by == "#1: Sato"


def _line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


# (description, replace this, with this, expected message fragment, fragment of the line the error names)
BAD = [
    ("unknown key", "form: meeting", "form: meeting\nchair: Sato", "unknown key 'chair'", "chair:"),
    (
        "duplicate key",
        "body: board-of-directors",
        "body: board-of-directors\nbody: x",
        "appears twice",
        "body: x",
    ),
    ("alias", "recorded_by: Hanako Sato, Board Secretary", "recorded_by: *name", "alias", "recorded_by"),
    ("anchor", "body: board-of-directors", "body: &b board-of-directors", "anchor", "body:"),
    (
        "ambiguous no",
        "action: amend\n    digest: " + A,
        "action: no\n    digest: " + A,
        "ambiguous",
        "action: no",
    ),
    (
        "wrong digest",
        "digest: " + B,
        "digest: sha256:" + "B" * 64,
        "decisions.1.digest",
        "digest: sha256:BBB",
    ),
    ("short digest", "digest: " + A, "digest: sha256:abc", "decisions.0.digest", "digest: sha256:abc"),
    ("bad action", "action: amend\n    digest: " + A, "action: repeal\n    digest: " + A, "action", "repeal"),
    (
        "both targets",
        "- file: governance.yml",
        "- file: governance.yml\n    regulation: x",
        "exactly one",
        "- file",
    ),
    ("no target", "  - file: governance.yml\n    action", "  - action", "exactly one", "  - action: amend"),
    (
        "path traversal",
        "regulation: bribery-prevention",
        "regulation: ../etc/passwd",
        "plain relative",
        "regulation:",
    ),
    (
        "hidden regulation",
        "regulation: bribery-prevention",
        "regulation: .git/config",
        "plain relative",
        "regulation:",
    ),
    ("lower-case id", "id: BD-2026-007", "id: bd-2026-007", "'id'", "id:"),
    ("id short number", "id: BD-2026-007", "id: BD-2026-7", "'id'", "id:"),
    ("date as number", "date: 2026-11-20", "date: 20261120", "YYYY-MM-DD", "date:"),
    ("impossible date", "date: 2026-11-20", "date: 2026-02-30", "'date'", "date:"),
    ("votes as text", "votes: {for: 6,", "votes: {for: '6',", "votes.for", "votes:"),
    ("negative votes", "against: 1,", "against: -1,", "votes.against", "votes:"),
    (
        "meeting without votes",
        "votes: {for: 6, against: 1, abstain: 0}\n",
        "",
        "'attendance' and 'votes'",
        "id:",
    ),
    ("consents in a meeting", "form: meeting", "form: meeting\nconsents: 9", "'consents' belongs", "id:"),
    (
        "no decisions",
        RECORD[RECORD.index("decisions:") : RECORD.index("recorded_by")],
        "decisions: []\n",
        "decisions",
        "decisions:",
    ),
    (
        "same regulation twice",
        "- file: governance.yml",
        "- regulation: bribery-prevention",
        "appears in two decisions",
        "decisions:",
    ),
    (
        "missing recorder",
        "recorded_by: Hanako Sato, Board Secretary\n",
        "",
        "'recorded_by' is missing",
        "id:",
    ),
    ("tag", "body: board-of-directors", "body: !!str board-of-directors", "tag", "body:"),
]


@pytest.mark.parametrize(
    ("old", "new", "message", "line_fragment"), [case[1:] for case in BAD], ids=[c[0] for c in BAD]
)
def test_a_bad_record_is_refused_with_file_and_line(
    old: str, new: str, message: str, line_fragment: str
) -> None:
    assert old in RECORD
    text = RECORD.replace(old, new, 1)
    with pytest.raises(GovernanceError) as caught:
        parse_resolution(text, PATH)
    assert message in caught.value.message
    assert caught.value.path == PATH
    assert caught.value.line == _line_of(text, line_fragment)
    assert caught.value.render().startswith(f"{PATH}:{caught.value.line}: ")


def test_a_written_consent_with_meeting_fields_is_refused() -> None:
    with pytest.raises(GovernanceError, match="no 'attendance' or 'votes'"):
        parse_resolution(CONSENT + "attendance: {members: 1, present: 1}\n", "CD-2026-001.yml")
    with pytest.raises(GovernanceError, match="records 'consents'"):
        parse_resolution(CONSENT.replace("consents: 1\n", ""), "CD-2026-001.yml")


def test_a_huge_or_empty_file_is_refused() -> None:
    huge = RECORD + "# padding\n" * 420_000
    with pytest.raises(GovernanceError, match="larger than"):
        parse_resolution(huge, PATH)
    with pytest.raises(GovernanceError, match="mapping"):
        parse_resolution("", PATH)
    with pytest.raises(GovernanceError, match="mapping"):
        parse_resolution("- a list\n", PATH)


def test_the_file_name_must_be_the_id() -> None:
    resolution = parse_resolution(RECORD, PATH)
    check_record_name(resolution, PATH)
    check_record_name(resolution, "BD-2026-007.yml")
    with pytest.raises(GovernanceError, match=r"must be named BD-2026-007\.yml") as caught:
        load_resolution(RECORD, "resolutions/BD-2026-008.yml")
    assert caught.value.path == "resolutions/BD-2026-008.yml"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["resolutions", "2026", "", ".", "..", "BD-2026-007.yml", "xBD-2026-007.yml", "a b"]),
        max_size=4,
    ),
    st.sampled_from(["", "/", "//", "/."]),
)
def test_the_file_name_is_read_as_a_posix_path_reads_it(parts: list[str], end: str) -> None:
    """The name taken from the path's end (the audit's way, no path object) agrees with PurePosixPath's."""
    resolution = parse_resolution(RECORD, PATH)
    path = "/".join(parts) + end
    if PurePosixPath(path).name == "BD-2026-007.yml":
        check_record_name(resolution, path)
    else:
        with pytest.raises(GovernanceError, match="must be named"):
            check_record_name(resolution, path)


def test_record_paths() -> None:
    assert is_record_path("resolutions/BD-2026-007.yml", "resolutions")
    assert not is_record_path("resolutions/bodies.yml", "resolutions")
    assert not is_record_path("resolutions/BD-2026-007.yml.sig", "resolutions")
    assert not is_record_path("resolutions/old/BD-2026-007.yml", "resolutions")

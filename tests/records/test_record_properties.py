"""Properties of the record schema (hypothesis): a valid record is written as YAML that reads back as the
same record, and no edit of a record's text makes the reader fail with anything but a clear refusal."""

from __future__ import annotations

import dataclasses
from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from governance.errors import GovernanceError
from governance.records.resolutions import Decision, Resolution, decision_of, parse_resolution, resolution_of
from governance.records.writer import render_resolution

_SEGMENT = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,8}", fullmatch=True)
_DIGEST = st.from_regex(r"sha256:[0-9a-f]{64}", fullmatch=True)
_DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))


@st.composite
def decisions(draw: st.DrawFn) -> list[Decision]:
    targets = draw(
        st.lists(st.lists(_SEGMENT, min_size=1, max_size=3), min_size=1, max_size=4, unique_by=tuple)
    )
    found = []
    for parts in targets:
        target = {"file": ".".join(parts)} if draw(st.booleans()) else {"regulation": "/".join(parts)}
        found.append(
            decision_of(
                {
                    **target,
                    "action": draw(st.sampled_from(["enact", "amend", "rescind"])),
                    "digest": draw(_DIGEST),
                    "effective": draw(st.none() | _DATES),
                    "acknowledgement": draw(st.sampled_from(["required", "not-required"])),
                }
            )
        )
    return found


@st.composite
def resolutions(draw: st.DrawFn) -> Resolution:
    counts = st.integers(min_value=0, max_value=10**6)
    data: dict[str, object] = {
        "id": draw(st.from_regex(r"[A-Z][A-Z0-9]{0,3}-[0-9]{4}-[0-9]{3,6}", fullmatch=True)),
        "body": draw(st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True)),
        "date": draw(_DATES),
        "decisions": [dataclasses.asdict(decision) for decision in draw(decisions())],
        "recorded_by": draw(st.text(min_size=1, max_size=40)),
    }
    if draw(st.booleans()):
        data.update(form="written-consent", consents=draw(counts))
    else:
        members = draw(st.integers(min_value=1, max_value=10**6))
        data.update(
            form="meeting",
            attendance={"members": members, "present": draw(counts)},
            votes={"for": draw(counts), "against": draw(counts), "abstain": draw(counts)},
        )
    return resolution_of(data, f"{data['id']}.yml")


def _with(recorded_by: str) -> Resolution:
    return resolution_of(
        {
            "id": "BD-2026-007",
            "body": "board-of-directors",
            "date": date(2026, 11, 20),
            "form": "written-consent",
            "consents": 9,
            "decisions": [{"regulation": "r", "action": "amend", "digest": "sha256:" + "0" * 64}],
            "recorded_by": recorded_by,
        },
        "BD-2026-007.yml",
    )


@given(resolutions())
@example(_with("Hanako\x7fSato"))  # a control character YAML does not allow unescaped
@example(_with("Hanako\x85Sato"))  # NEL, a line break to YAML 1.1 inside double quotes
@example(_with("Hanako\u2028Sato"))
@example(_with("\ufeffHanako"))
@example(_with("yes"))
@example(_with("1e5"))
@example(_with("- Sato"))
def test_a_record_reads_back_as_written(resolution: Resolution) -> None:
    text = render_resolution(resolution)  # itself refuses a rendering that does not read back
    assert parse_resolution(text, f"{resolution.id}.yml") == resolution


_RECORD = render_resolution(_with("Hanako Sato, Board Secretary"))


@given(st.integers(0, len(_RECORD)), st.integers(0, 40), st.text(max_size=20))
@example(len(_RECORD), 0, "consents: " + "9" * 5000)
@example(0, 0, "x: " + "[" * 990 + "]" * 990 + "\n")
def test_an_edited_record_is_a_record_or_one_clear_refusal(at: int, cut: int, inserted: str) -> None:
    text = _RECORD[:at] + inserted + _RECORD[at + cut :]
    try:
        parse_resolution(text, "BD-2026-007.yml")
    except GovernanceError as exc:
        assert exc.path == "BD-2026-007.yml" and exc.message

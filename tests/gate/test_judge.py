"""The judge's rules on plain values, no repository: which record covers which change, and why not."""

from __future__ import annotations

from datetime import date

import pytest

from governance.gate.changes import Change
from governance.gate.judge import Record, cover, dangling, effect, judge_record, matches, suggestion
from governance.records.bodies import parse_bodies
from governance.records.resolutions import load_resolution
from tests.testing.governed import BOARD, BODIES, COMPLIANCE, digest, record_text

TODAY = date(2026, 12, 1)
NEW_TEXT = digest("new text")
OLD_TEXT = digest("old text")


def _change(
    kind: str = "amend", text: str = NEW_TEXT, body: str = BOARD, refusal: str | None = None
) -> Change:
    return Change(kind, "gifts", None, "regulations/gifts.md", text, body, refusal=refusal)  # type: ignore[arg-type]


def _record(
    ident: str, *decisions: tuple[str, str, str], body: str = BOARD, problems: tuple[str, ...] = ()
) -> Record:
    path = f"resolutions/{ident}.yml"
    return Record(path, load_resolution(record_text(ident, list(decisions), body=body), path), problems)


def test_a_decision_on_the_same_target_action_and_text_covers_the_change() -> None:
    record = _record("BD-2026-001", ("gifts", "amend", NEW_TEXT))
    [verdict] = cover([_change()], [record])
    assert verdict.covered and verdict.record is record
    assert verdict.decision is not None and matches(verdict.decision, _change())


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (_record("BD-2026-001", ("gifts", "amend", OLD_TEXT)), "the text was changed after approval"),
        (
            _record("BD-2026-001", ("gifts", "rescind", NEW_TEXT)),
            "decides to rescind gifts, but this change is to amend it",
        ),
        (
            _record("CD-2026-001", ("gifts", "amend", NEW_TEXT), body=COMPLIANCE),
            "this change needs the board-of-directors",
        ),
        (
            _record("BD-2026-001", ("gifts", "amend", NEW_TEXT), problems=("quorum not met",)),
            "does not count: quorum not met",
        ),
    ],
    ids=["other-text", "other-action", "other-body", "not-counting"],
)
def test_a_near_miss_says_why(record: Record, reason: str) -> None:
    [verdict] = cover([_change()], [record])
    assert not verdict.covered
    assert any(reason in r for r in verdict.reasons), verdict.reasons


def test_no_decision_on_the_target_gives_the_drivers_reason() -> None:
    unrelated = _record("BD-2026-001", ("other", "amend", NEW_TEXT))
    [verdict] = cover([_change()], [unrelated], nobody="nobody here")
    assert verdict.reasons == ("nobody here",)


def test_a_refused_change_is_never_covered() -> None:
    record = _record("BD-2026-001", ("gifts", "amend", NEW_TEXT))
    [verdict] = cover([_change(refusal="a symbolic link")], [record])
    assert not verdict.covered and verdict.reasons == ("a symbolic link",)


def test_a_consumed_decision_is_history() -> None:
    record = _record("BD-2026-001", ("gifts", "amend", NEW_TEXT))
    [verdict] = cover([_change()], [record], consumed=lambda r, d: True)
    assert not verdict.covered
    assert "BD-2026-001 was already used" in verdict.reasons[0]


def test_the_first_matching_record_covers() -> None:
    first = _record("BD-2026-001", ("gifts", "amend", NEW_TEXT))
    second = _record("BD-2026-002", ("gifts", "amend", NEW_TEXT))
    [verdict] = cover([_change()], [first, second], consumed=lambda r, d: r is first)
    assert verdict.record is second


def test_a_decision_that_matches_no_change_dangles() -> None:
    record = _record("BD-2026-001", ("gifts", "amend", NEW_TEXT), ("other", "enact", OLD_TEXT))
    [problem] = dangling([record], [_change()])
    assert problem.startswith("resolutions/BD-2026-001.yml: the decision to enact other")


def test_judge_record_reports_an_unreadable_record_and_a_retroactive_decision() -> None:
    bodies = parse_bodies(BODIES, "bodies.yml")
    broken = judge_record(
        "resolutions/X.yml",
        b"\xff",
        None,
        bodies=bodies,
        today=TODAY,
        allowed_signers=None,
        verifier=None,
        read=lambda path: None,
    )
    assert broken.problems == ("the record is not UTF-8 text",) and not broken.counts

    text = record_text("BD-2026-001", [("gifts", "amend", NEW_TEXT)]).replace(
        f"    digest: {NEW_TEXT}\n", f"    digest: {NEW_TEXT}\n    effective: 2026-01-01\n"
    )

    def judged(*, arriving: bool) -> Record:
        return judge_record(
            "resolutions/BD-2026-001.yml",
            text.encode(),
            None,
            bodies=bodies,
            today=TODAY,
            allowed_signers=None,
            verifier=None,
            arriving=arriving,
            read=lambda path: None,
        )

    baseline, arriving = judged(arriving=False), judged(arriving=True)
    assert baseline.counts
    assert not arriving.counts and "cannot change what was in force in the past" in arriving.problems[0]


def test_suggestion_and_effect() -> None:
    assert suggestion(_change()) == f"  - regulation: gifts\n    action: amend\n    digest: {NEW_TEXT}\n"
    assert effect("gifts", "rescind", OLD_TEXT) == ("gifts", "removed", OLD_TEXT)
    assert effect("gifts", "amend", NEW_TEXT) == effect("gifts", "enact", NEW_TEXT)

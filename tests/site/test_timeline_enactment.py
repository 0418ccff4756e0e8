"""The panel's and the home page's "enacted" and "last amended" of a regulation enacted again after its
rescission (closing review of the fifth red-team review's fix): they speak of the text in force, not of
the rescinded one's amendments or first enactment."""

from __future__ import annotations

from datetime import date

from governance.gate.works import Approval, Version, Work
from governance.site.timeline import Span, WorkView


def _span(action: str, resolution: str, start: date, end: date | None, state: str) -> Span:
    approval = Approval(resolution, "board-of-directors", start, start)
    version = Version("rule", "regulations/rule.md", resolution, "sha256:" + "0" * 64, action, approval, "c")  # type: ignore[arg-type]
    return Span(version, start.isoformat(), start, end, state, None)  # type: ignore[arg-type]


def _view(spans: list[Span]) -> WorkView:
    work = Work.__new__(Work)
    return WorkView(
        work, "Rule", "board-of-directors", "2020-01-01", "en", None, None, spans, None, date(2027, 1, 1)
    )


def test_a_text_enacted_again_has_no_amendment_of_the_rescinded_one_and_its_own_enactment() -> None:
    first = _span("enact", "BD-1", date(2020, 1, 1), date(2021, 12, 31), "past")
    amended = _span("amend", "BD-2", date(2022, 1, 1), date(2022, 5, 31), "past")
    again = _span("enact", "BD-4", date(2023, 1, 1), None, "current")
    view = _view([first, amended, again])

    assert view.last_amendment(amended) is amended
    assert view.last_amendment(again) is None  # BD-2 amended the rescinded text
    assert view.enactment(again) is again
    assert view.enactment(amended) is first


def test_an_amendment_after_the_second_enactment_is_the_last_one() -> None:
    first = _span("enact", "BD-1", date(2020, 1, 1), date(2021, 12, 31), "past")
    again = _span("enact", "BD-4", date(2023, 1, 1), date(2023, 12, 31), "past")
    skipped = _span("amend", "BD-5", date(2024, 1, 1), None, "superseded")
    amended = _span("amend", "BD-6", date(2024, 1, 1), None, "current")
    view = _view([first, again, skipped, amended])

    assert view.last_amendment(amended) is amended
    assert view.enactment(amended) is again

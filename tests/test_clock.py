"""The faces' clock: GOVERNANCE_TODAY overrides the date, read once at the edge."""

from __future__ import annotations

from datetime import date

import pytest

from governance.clock import today
from governance.errors import GovernanceError


def test_today_honours_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVERNANCE_TODAY", "2030-01-02")
    assert today() == date(2030, 1, 2)
    monkeypatch.setenv("GOVERNANCE_TODAY", "soon")
    with pytest.raises(GovernanceError, match="GOVERNANCE_TODAY"):
        today()
    monkeypatch.delenv("GOVERNANCE_TODAY")
    assert today() == date.today()

"""The cyclic garbage collector is paused around a parse or an audit's window, and always comes back."""

from __future__ import annotations

import gc
from datetime import date

import pytest

from governance.collector import collection_paused
from governance.gate.audit import audit
from tests.testing.governed import Governed


def test_the_collector_comes_back_after_the_work_and_after_an_error() -> None:
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), collection_paused():
        raise ValueError
    assert gc.isenabled()


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_audit_leaves_the_collector_on(gov: Governed) -> None:
    report = audit(gov.path, "main", today=date(2026, 12, 1))
    assert report.ok and report.walked >= 1
    assert gc.isenabled()

"""The cyclic garbage collector is paused around a parse or an audit's walk, and always comes back."""

from __future__ import annotations

import contextlib
import gc
import weakref
from collections.abc import Iterator
from datetime import date

import pytest

from governance.collector import collection_paused
from governance.gate import audit as audit_module
from governance.gate.audit import audit
from governance.gate.rules import rules_after
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


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_an_audit_walks_with_the_collector_paused_and_collects_each_windows_cycles(
    gov: Governed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paused while the log is read as well as while a window is judged (the collections walked every
    verdict kept so far); a cycle a window makes is collected by the walk itself, not left to its end."""
    enabled: list[bool] = []
    cycles: list[weakref.ref[_Cycle]] = []

    def watched(*args: object) -> object:
        enabled.append(gc.isenabled())
        cycles.append(weakref.ref(_Cycle()))
        return rules_after(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(audit_module, "rules_after", watched)
    monkeypatch.setattr(audit_module, "_COLLECT_AFTER", 1)
    with _no_collection_but_asked():
        report = audit(gov.path, "main", today=date(2026, 12, 1))
        assert report.ok and enabled and cycles
        assert enabled == [False] * len(enabled)
        assert [cycle() for cycle in cycles] == [None] * len(cycles)
    assert gc.isenabled()


@contextlib.contextmanager
def _no_collection_but_asked() -> Iterator[None]:
    """The collector's own collections put off (a threshold never reached): only an asked one runs."""
    thresholds = gc.get_threshold()
    gc.collect()
    gc.set_threshold(10**9)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)

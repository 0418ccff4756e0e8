"""governance.immutable: the values the gate makes by the thousand are dataclasses equal, hashed and
printed as frozen ones are, and the type checker refuses an assignment to their fields as it does to a
frozen one's (the run-time guard it leaves out cost more than the object, issue 14)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from mypy import api

from governance.immutable import immutable


@immutable
class Plain:
    path: str
    blobs: tuple[str, ...] = ()
    note: str = field(default="", compare=False)


@dataclass(frozen=True)
class Frozen:
    path: str
    blobs: tuple[str, ...] = ()
    note: str = field(default="", compare=False)


def test_an_immutable_value_is_equal_hashed_and_printed_as_a_frozen_dataclass() -> None:
    value, frozen = Plain("a.md", ("1", "2"), "x"), Frozen("a.md", ("1", "2"), "x")
    assert [f.name for f in fields(value)] == [f.name for f in fields(frozen)]
    assert hash(value) == hash(frozen)
    # A field outside the comparison is outside the hash, as in a frozen one.
    assert hash(Plain("a.md", ("1", "2"), "other")) == hash(value)
    assert value == Plain("a.md", ("1", "2"), "y") and value != Plain("b.md", ("1", "2"), "x")
    assert repr(value).removeprefix("Plain") == repr(frozen).removeprefix("Frozen")
    assert {value, Plain("a.md", ("1", "2"))} == {value}


def test_the_type_checker_refuses_an_assignment_to_a_field(tmp_path: Path) -> None:
    source = tmp_path / "assigns.py"
    source.write_text(
        "from governance.immutable import immutable\n\n\n"
        "@immutable\nclass Value:\n    path: str\n\n\n"
        "Value('a').path = 'b'\n",
        encoding="utf-8",
    )
    out, _, status = api.run(["--strict", "--cache-dir", str(tmp_path / "cache"), str(source)])
    assert status == 1
    assert 'Property "path" defined in "Value" is read-only' in out

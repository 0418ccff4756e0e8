"""The reader of records in the writer's layout (governance.records.canonical) against strict YAML: on
records the writer renders, records laid out as the writer does with any of the words around its values,
and edited records, it answers None or exactly the data strict_yaml.load reads; and a record it reads is
the resolution the full path (strict YAML, then the builder or the schema) makes of it, or the same
refusal."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from governance import strict_yaml
from governance.errors import GovernanceError
from governance.plain_schema import validated
from governance.records import resolutions as resolutions_module
from governance.records.canonical import record_data
from governance.records.resolutions import Resolution, build_resolution, parse_resolution
from governance.records.writer import render_resolution
from tests.records.test_record_properties import resolutions

_DIGEST = "sha256:" + "0123456789abcdef" * 4
# As `benchmarks/generate.py` writes them (no form: a meeting by default).
_GENERATED = f"""id: BD-2024-000999
body: board-of-directors
date: 2024-08-16
attendance: {{members: 9, present: 7}}
votes: {{for: 6, against: 1, abstain: 0}}
decisions:
  - regulation: reg-00849
    action: amend
    digest: {_DIGEST}
  - regulation: reg-00711
    action: amend
    digest: {_DIGEST.replace("0", "9")}
recorded_by: Benchmark Secretary
"""
_WRITTEN = f"""id: HR-2026-012
repository: acme/regulations
body: hr-committee
date: 2026-11-20
form: written-consent
consents: 5
decisions:
  - file: docs/handbook.md
    action: enact
    digest: {_DIGEST}
    effective: 2027-01-01
    acknowledgement: not-required
recorded_by: Hanako Sato
"""


def _full(text: str, path: str = "BD-2024-000999.yml") -> Resolution:
    """The full path: strict YAML, then the builder, or the schema where the builder is unsure."""
    return validated(build_resolution, resolutions_module._schema, strict_yaml.load(text, path), path)


def _outcome(read: Any, text: str) -> tuple[str, Any]:
    try:
        return "value", read(text)
    except GovernanceError as exc:
        return "refused", (exc.message, exc.line)


def _holds(text: str) -> None:
    data = record_data(text)
    if data is not None:
        assert strict_yaml.load(text, "r.yml").data == data
    assert _outcome(lambda t: parse_resolution(t, "BD-2024-000999.yml"), text) == _outcome(_full, text)


@pytest.mark.parametrize("text", [_GENERATED, _WRITTEN])
def test_the_writers_layout_is_read_without_a_yaml_reader(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _full(text)
    monkeypatch.setattr(strict_yaml, "load", lambda *args, **kwargs: pytest.fail("read by strict YAML"))
    assert record_data(text) is not None
    assert parse_resolution(text, "BD-2024-000999.yml") == expected


@given(resolutions())
def test_a_rendered_record_is_read_the_same(resolution: Resolution) -> None:
    text = render_resolution(resolution)
    _holds(text)
    plain = strict_yaml.plain_document(text) is not None  # every value a word the plain reader reads
    if plain and not resolution.consultations and not resolution.notifications:
        assert record_data(text) is not None


# Words in and around the values' shapes: what YAML reads as null, a boolean, a number, a refusal, or
# not as a plain word at all.
_WORDS = st.sampled_from(
    ["x", "reg-1", "a/b.md", ".github/x.yml", "null", "Null", "~", "true", "False", "yes", "no", "on", "Y",
     "n", "0", "7", "007", "0755", "1.5", ".5", "1e5", "9" * 19, "-1", "+3", "1_000", "a: b", "a:b", "a :b",
     "a  b", "a b", "a ", "a:", " a", "#a", "a #b", "'a'", '"a"', "{a: 1}", "[a]", "-", "- a", "é", "a\tb",
     "a\rb", "&a", "*a", "!x", "|", ">", "?", "%", "@", "`", "", "board-of-directors", "BD-2026-001",
     "2026-11-20", "2026-13-45", "20261120", _DIGEST, "sha256:ab", "enact", "amend", "rescind", "Enact",
     "meeting", "written-consent", "required", "not-required", "acme/regulations", "x" * 201]
)  # fmt: skip


@st.composite
def _laid_out(draw: st.DrawFn) -> str:
    """A record in the writer's layout, each value now and then another word, a row now and then left
    out or doubled."""

    def value(usual: str) -> str:
        return usual if draw(st.integers(0, 15)) else draw(_WORDS)

    def optional(row: str) -> list[str]:
        return [row] if draw(st.booleans()) else []

    form = draw(st.sampled_from(["meeting", "written-consent"]))
    rows = [f"id: {value('BD-2026-001')}", *optional(f"repository: {value('acme/regulations')}")]
    rows += [f"body: {value('board-of-directors')}", f"date: {value('2026-11-20')}"]
    rows += optional(f"form: {value(form)}")
    rows += optional(f"attendance: {{members: {value('9')}, present: {value('7')}}}")
    rows += optional(f"votes: {{for: {value('6')}, against: {value('1')}, abstain: {value('0')}}}")
    rows += [*optional(f"consents: {value('5')}"), "decisions:"]
    for _ in range(draw(st.sampled_from([1, 1, 2, 3, 0]))):
        rows.append(f"  - {draw(st.sampled_from(['regulation', 'file']))}: {value('reg-1')}")
        rows += [f"    action: {value('amend')}", f"    digest: {value(_DIGEST)}"]
        rows += optional(f"    effective: {value('2027-01-01')}")
        rows += optional(f"    acknowledgement: {value('not-required')}")
    rows.append(f"recorded_by: {value('Benchmark Secretary')}")
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(rows) - 1))
        rows.insert(at, rows[at])
    return "\n".join(rows) + "\n"


@given(_laid_out())
@example(_GENERATED.replace("body: board-of-directors", "body: no"))
@example(_GENERATED.replace("Benchmark Secretary", "123"))
@example(_GENERATED.replace("reg-00849", "1.5"))
@example(_GENERATED.replace("votes: {for: 6", "votes: {for: 0006"))
def test_a_record_in_the_writers_layout_is_read_as_strict_yaml_reads_it(text: str) -> None:
    _holds(text)


@given(st.sampled_from([_GENERATED, _WRITTEN]), st.data())
@example(_GENERATED, None)
def test_an_edited_record_is_read_as_strict_yaml_reads_it(base: str, data: st.DataObject | None) -> None:
    text = base
    if data is not None:
        at = data.draw(st.integers(0, len(base)))
        cut = data.draw(st.integers(0, 12))
        inserted = data.draw(
            st.sampled_from(["", " ", "  ", "\n", "#", "'", "é", "\t", "- ", ": ", "{"]) | st.text(max_size=6)
        )
        text = base[:at] + inserted + base[at + cut :]
    _holds(text)

"""Properties of the strict YAML loader (hypothesis): any text is a value or one clear refusal, and what
PyYAML writes of plain data reads back as the same data or is refused, never as something else."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from governance import strict_yaml
from governance.errors import GovernanceError

_YAMLISH = st.text(alphabet=st.sampled_from("ab:-[]{},'\"&*!#|>?~\n 0123456789.eE+_"), max_size=80)
# PyYAML's emitter writes NEL, LS and PS raw inside quotes, where YAML reads them as line breaks (folded
# to a space): PyYAML's limit, not the loader's, so the round trip leaves them out.
_TEXT = st.text(st.characters(exclude_characters="\x85\u2028\u2029"), max_size=20)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**18) + 1, max_value=10**18 - 1),
    _TEXT,
)
_DATA = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(_TEXT.filter(bool), children, max_size=4)
    ),
    max_leaves=20,
)


@given(st.one_of(_YAMLISH, st.text(max_size=80)))
@example("a: " + "[" * 990 + "]" * 990 + "\n")
@example("a: " + "9" * 5000 + "\n")
@example("- " * 900 + "x\n")
@example("a: &x 1\nb: *x\n")
def test_any_text_is_a_value_or_a_refusal_naming_the_file(text: str) -> None:
    try:
        strict_yaml.load(text, "f.yml")
    except GovernanceError as exc:
        assert exc.path == "f.yml" and exc.message


@given(_DATA, st.booleans())
@example({"a": "1e5"}, False)  # YAML 1.1 (PyYAML) reads a plain 1e5 as text, YAML 1.2 as a number
@example({"a": "0x1F"}, False)
def test_plain_data_reads_back_as_written_or_is_refused(data: Any, flow: bool) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    try:
        loaded = strict_yaml.load(text, "f.yml").data
    except GovernanceError:
        return  # refused as ambiguous: the writer must quote it
    assert loaded == data, text

"""Anchors and aliases in the files GitHub reads them in (workflows): each alias read as the very value
of its anchor, so the gate sees every `uses:` GitHub runs; refused where YAML readers differ, and bounded
(no billion laughs, no depth beyond the limit). Everywhere else (records, bodies.yml, governance.yml,
front matter) they stay refused."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from governance import strict_yaml
from governance.errors import GovernanceError
from governance.limits import MAX_YAML_ALIAS_NODES

WORKFLOW = """name: build
jobs:
  build:
    runs-on: ubuntu-24.04
    env: &env
      MODE: release
    steps: &steps
      - uses: &checkout actions/checkout@v5
      - uses: ./tools/deploy
  again:
    runs-on: ubuntu-24.04
    env: *env
    steps: *steps
  once:
    runs-on: ubuntu-24.04
    steps:
      - uses: *checkout
"""


def test_an_alias_is_the_value_of_its_anchor_and_its_line_is_the_alias() -> None:
    document = strict_yaml.load(WORKFLOW, "w.yml", aliases=True)

    jobs = document.data["jobs"]
    assert (
        jobs["again"]["steps"]
        == jobs["build"]["steps"]
        == [
            {"uses": "actions/checkout@v5"},
            {"uses": "./tools/deploy"},
        ]
    )
    assert jobs["again"]["env"] == {"MODE": "release"}
    assert jobs["once"]["steps"] == [{"uses": "actions/checkout@v5"}]
    assert document.data == yaml.safe_load(WORKFLOW)  # what any YAML reader reads
    assert document.line_of(("jobs", "build", "steps", 1, "uses")) == 9
    assert document.line_of(("jobs", "again", "steps", 1, "uses")) == 13  # the alias: `steps: *steps`


def test_without_aliases_allowed_the_loader_still_refuses_them() -> None:
    with pytest.raises(GovernanceError, match="an anchor"):
        strict_yaml.load(WORKFLOW, "record.yml")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: &x 1\nb: &x 2\nc: *x\n", 2, "the anchor &x is defined twice"),
        ("&x k: 1\nb: &x 2\nc: *x\n", 2, "the anchor &x is defined twice"),  # a key's anchor counts
        ("a: *x\nb: &x 1\n", 1, "the alias *x names no value's anchor (&x) before it"),
        ("&k uses: 1\nb: *k\n", 2, "the alias *k names no value's anchor (&k) before it"),
        ("a: &x [1, *x]\n", 1, "the alias *x is inside the node its anchor names"),
        ("a: &x 1\n*x : 2\n", 2, "a key must be a plain name"),
        ("a: &x {b: 1}\nc: {<<: *x}\n", 2, "merge keys (<<) are not allowed"),
        ("a: &x !!str 1\n", 1, "the tag tag:yaml.org,2002:str is not allowed"),
        ("a: &x yes\n", 1, "'yes' is ambiguous"),
        (
            "a: &a [" + "[" * 20 + "1" + "]" * 20 + "]\nb: &b [" + "[" * 11 + "*a" + "]" * 11 + "]\n",
            2,
            "nested more than 32 levels deep",
        ),
    ],
)
def test_refused_where_readers_differ_or_beyond_a_limit(text: str, line: int, message: str) -> None:
    with pytest.raises(GovernanceError) as raised:
        strict_yaml.load(text, "w.yml", aliases=True)
    assert raised.value.line == line
    assert message in raised.value.message


def _laughs(levels: int) -> str:
    """Each level ten aliases of the one before: 10**levels values from a few hundred bytes."""
    rows = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    rows += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, levels)]
    return "\n".join(rows) + "\n"


def test_the_billion_laughs_stop_at_the_limit() -> None:
    assert len(_laughs(9)) < 1000
    with pytest.raises(GovernanceError) as raised:
        strict_yaml.load(_laughs(9), "w.yml", aliases=True)
    assert f"more than {MAX_YAML_ALIAS_NODES:,} values" in raised.value.message
    assert raised.value.line == 5  # l4 would hold 111,111 values: refused at the alias that passes the limit
    assert strict_yaml.load(_laughs(4), "w.yml", aliases=True).data["l3"][9][9][9] == ["x"] * 10


# Keys and values from a few names, anchors and aliases between them: where the loader reads a text, it
# reads what PyYAML's composer reads (merge keys aside: the loader refuses them).
_ANCHORED = st.lists(st.sampled_from([*"ab: -[]{},&*\n", "&a ", "*a", "&b ", "*b", "  "]), max_size=30).map(
    "".join
)


@settings(max_examples=500, deadline=None)
@given(_ANCHORED)
@example("a: &a [b]\nb: *a\n")
@example("a: &a\n  - b\nb:\n  - *a\n  - *a\n")
def test_what_the_loader_reads_any_yaml_reader_reads(text: str) -> None:
    try:
        document = strict_yaml.load(text, "w.yml", aliases=True)
    except GovernanceError as exc:
        assert exc.path == "w.yml" and "\n" not in exc.message
        return
    assert document.data == _empty_keys_as_text(yaml.safe_load(text))


def _empty_keys_as_text(value: Any) -> Any:
    """PyYAML's reading with an empty key as "" (the loader's, aliases or not), not None."""
    if isinstance(value, dict):
        return {"" if key is None else key: _empty_keys_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_empty_keys_as_text(item) for item in value]
    return value

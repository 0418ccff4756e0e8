"""The strict loader: plain values, YAML 1.1 surprises refused with the line, no tricks."""

from __future__ import annotations

from typing import Any

import pytest

from governance import strict_yaml
from governance.errors import GovernanceError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\n", {"a": 1}),
        ("a: 2026-11-20\n", {"a": "2026-11-20"}),  # dates stay text; the schema parses them
        ('a: "no"\n', {"a": "no"}),
        ("a: true\nb: false\nc: ~\nd:\n", {"a": True, "b": False, "c": None, "d": None}),
        ("a: 1.5\nb: -3\nc: 0\n", {"a": 1.5, "b": -3, "c": 0}),
        ("a: [x, 'y']\nb: {c: d}\n", {"a": ["x", "y"], "b": {"c": "d"}}),
        ("a: |\n  two\n  lines\n", {"a": "two\nlines\n"}),
        ("", None),
        ("# only a comment\n", None),
    ],
)
def test_plain_values(text: str, expected: Any) -> None:
    assert strict_yaml.load(text, "f.yml").data == expected


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\na: 2\n", 2, "the key 'a' appears twice"),
        ("a: &x 1\nb: *x\n", 1, "an anchor (&name) is not allowed"),
        ("a: [1]\nb: *x\n", 2, "an alias (*name) is not allowed"),
        ("a: 1\nb: no\n", 2, "'no' is ambiguous"),
        ("a: off\n", 1, "'off' is ambiguous"),
        ("a: 0755\n", 1, "leading zero"),
        ("a: !!python/object:os.system x\n", 1, "is not allowed"),
        ("a: !custom x\n", 1, "is not allowed"),
        ("<<: {a: 1}\n", 1, "merge keys (<<) are not allowed"),
        ("a: 1\n---\nb: 2\n", 2, "only one YAML document"),
        ("[a]: 1\n", 1, "a key must be a plain name"),
        ("a: [\n", 2, "not valid YAML"),
        ("a: " + "9" * 19 + "\n", 1, "a number of more than 18 digits"),
        ("a: 1e5\n", 1, "'1e5' is a number to some YAML readers and text to others"),
        ("a: -" + "9" * 5000 + "\n", 1, "a number of more than 18 digits"),
        ("a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 40)), 33, "maximum nesting depth"),
        ("a: " + "[" * 100_000 + "]" * 100_000 + "\n", 1, "maximum nesting depth"),
        ("- " * 5000 + "x\n", 1, "maximum nesting depth"),
        # A character YAML refuses: one line naming it and its line (libyaml counts bytes, not characters).
        ("a: b\x00c\n", 1, "not valid YAML: the character U+0000 is not allowed"),
        ("a: ééé\nb: c\nd: \x07\n", 3, "the character U+0007 is not allowed"),
    ],
)
def test_refused_with_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(GovernanceError) as raised:
        strict_yaml.load(text, "f.yml")
    assert raised.value.path == "f.yml"
    assert raised.value.line == line
    assert message in raised.value.message
    assert "\n" not in raised.value.message


def test_the_deepest_and_longest_allowed_still_parse() -> None:
    deep = strict_yaml.load("[" * 32 + "]" * 32 + "\n", "f.yml").data
    for _ in range(31):
        deep = deep[0]
    assert deep == [] and strict_yaml.load(f"a: {'9' * 18}\n", "f.yml").data == {"a": 10**18 - 1}


def test_a_huge_file_is_refused_before_parsing() -> None:
    with pytest.raises(GovernanceError, match="larger than 4096 KiB"):
        strict_yaml.load("a: " + "x" * (4 * 1024 * 1024) + "\n", "f.yml")


def test_lines_of_keys_and_items_for_error_messages() -> None:
    document = strict_yaml.load("id: X\ndecisions:\n  - a: 1\n  - a: 2\n", "f.yml")
    assert document.line_of(("decisions", 1, "a")) == 4
    assert document.line_of(("decisions", 0)) == 3
    assert document.line_of(("missing",)) == 1

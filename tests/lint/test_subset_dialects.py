"""The dialect checks of the Markdown subset (MD002, MD003, MD007, MD009) find exactly what their plain
regexes find (hypothesis, the regexes kept here as the oracle), in time linear in the line: the plain forms
restarted a scan to the line's end at every '{', '[^' or '-' (a line of dashes after one emphasis took
1.5 s at 32 KB)."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from governance.lint.subset import _DIALECTS, DIALECT_HINT

ORACLE = {
    "MD002": re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)(?=[ \t]|$)"),
    "MD003": re.compile(r"\{[ \t]*:?[ \t]*(?:[#.][^\s}]|[A-Za-z_][\w-]*[ \t]*=)[^}\n]*\}|\{:[^}\n]*\}"),
    "MD007": re.compile(r"\[\^[^\]\s]+\]"),
    "MD009": re.compile(r"-{2,}8<-{2,}|~~(?=\S)|==(?=\S)[^=\n]*(?<=\S)=="),
}

# Short lines of the characters these constructs are made of, so that near-misses are common.
lines = st.text(alphabet=st.sampled_from(list("{}[]^:#.=_-~8< \tab\n!?+")), max_size=40)


@given(lines)
@example("{#a {b}")
@example("{a{b=}")
@example("{#{#a}")
@example("{:x")
@example("{ : .c }")
@example("[^[^a]")
@example("[^]")
@example("[^ a]")
@example("---8<--")
@example("-8<--")
@example("--8<-")
@example("{#a\n}")
def test_each_finder_matches_its_regex(line: str) -> None:
    for code, find, _ in _DIALECTS:
        match = ORACLE[code].search(line)
        assert find(line) == (match.group() if match else None), code


@given(lines)
@example("!!! note")
@example("?? ?")
@example("-8<-- --8<--")
@example("= =x==")
def test_a_line_without_the_hint_has_nothing_to_find(line: str) -> None:
    # Lint passes over a paragraph without DIALECT_HINT whole: no finder may find anything there.
    if DIALECT_HINT.search(line) is None:
        assert all(find(line) is None for _, find, _ in _DIALECTS)
    for code, find, _ in _DIALECTS:
        found = find(line)
        assert found is None or DIALECT_HINT.search(found), code


def test_the_shapes_that_were_quadratic_are_found_or_not_as_before() -> None:
    # The figures are in benchmarks/hostile.py; here, only that the answers stay those of the regexes.
    for line in ("-" * 5000, "{#a" * 2000, "[^a" * 2000, "-" * 5000 + "8<--", "{#a" * 2000 + "}"):
        for code, find, _ in _DIALECTS:
            match = ORACLE[code].search(line)
            assert find(line) == (match.group() if match else None), code

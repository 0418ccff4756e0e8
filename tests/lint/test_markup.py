"""STR007's code spans (governance/lint/markup.py): the spans it blanks before looking for raw HTML are
exactly those of the regex it used, `(`+).+?\\1` (kept here as the oracle, hypothesis), found in linear
time: the regex scanned to the line's end from every run of backticks it could not close."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from governance.lint.markup import check_markup, code_spans, without_code_spans

_ORACLE = re.compile(r"(`+).+?\1")


def _oracle(line: str) -> list[tuple[int, int]]:
    return [match.span() for match in _ORACLE.finditer(line)]


@given(st.text(alphabet=st.sampled_from(["`", "a", "<", " "]), max_size=40))
@example("``")
@example("```")
@example("`a``b`")
@example("``a`a``")
@example("````a``")
@example("`````")
@example("``a`")
def test_spans_are_the_regexes(line: str) -> None:
    assert code_spans(line) == _oracle(line)


@given(st.lists(st.sampled_from(["`", "``", "a", "<", " "]), max_size=30).map("".join))
def test_blanked_lines_are_the_regexes(line: str) -> None:
    assert without_code_spans(line) == _ORACLE.sub(lambda m: " " * len(m.group()), line)


def test_runs_of_falling_length() -> None:
    line = "".join("`" * k + "a" for k in range(60, 0, -1))
    assert code_spans(line) == _oracle(line)


def test_html_in_a_code_span_is_code_and_outside_it_is_raw_html() -> None:
    text = "# T\n\nWrite `<b>` for bold.\n\nNot <b>this</b>.\n"
    findings = check_markup(text, "r.md", 1)
    assert [(f.line, f.code) for f in findings] == [(5, "STR007")]

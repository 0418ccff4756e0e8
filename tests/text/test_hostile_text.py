"""Texts built to crash or stall the parser and lint: each is read correctly, within the documented limits."""

from __future__ import annotations

import unicodedata

import pytest

from governance.limits import MAX_TEXT_BYTES, MAX_TEXT_LINES
from governance.lint.encoding import _first_unnormalized, check_encoding
from governance.lint.markup import check_markup
from governance.lint.runner import lint_text
from governance.text.parser import parse_with_findings
from governance.text.recognisers import parse_number

HEADER = "---\ntitle: T\nissuer: X\nenacted: 2020-01-01\ngoverned_by: board-of-directors\n---\n\n# T\n\n"
HUGE = "9" * 5000


def _parse(body: str) -> tuple[list[str], list[str]]:
    regulation, findings = parse_with_findings(HEADER + body, "r.md", "r")
    return [section.anchor for section in regulation.sections], [finding.code for finding in findings]


def test_identical_headings_get_the_anchors_they_always_had() -> None:
    anchors, _ = _parse("## Same\n\n## Same\n\n## Same_1\n\n## Same\n\n## Other\n")
    assert anchors == ["same", "same_1", "same_1_1", "same_2", "other"]


@pytest.mark.parametrize(
    ("heading", "codes"),
    [
        (f"## Article {HUGE}. Purpose", ["STR006"]),
        (f"## 第{'１' * 5000}条（目的）", []),  # too long to look like an article heading at all
        (f"## 第{'一' * 5000}条（目的）", []),
    ],
)
def test_an_article_number_beyond_the_limit_is_no_article(heading: str, codes: list[str]) -> None:
    regulation, findings = parse_with_findings(HEADER + heading + "\n\nText.\n", "r.md", "r")
    assert regulation.articles == [] and [finding.code for finding in findings] == codes


def test_numbers_up_to_nine_digits_are_read() -> None:
    assert parse_number("123456789") == 123456789
    assert parse_number("1234567890") is None and parse_number("九" * 10) is None


@pytest.mark.parametrize(
    "reference", [f"Article {HUGE}", f"Article 1({HUGE})", f"第{HUGE}条", f"第1条第{'２' * 5000}項"]
)
def test_a_reference_with_a_number_beyond_the_limit_points_nowhere(reference: str) -> None:
    text = HEADER + f"## Article 1. Purpose\n\nSee {reference}.\n"
    findings = lint_text(text, "r.md", "r")
    assert [finding.code for finding in findings] == ["STR004"]


@pytest.mark.parametrize(
    ("line", "external"),
    [
        ("不正競争防止法第１８条", True),
        ("不正競争防止法　 　第１８条", True),
        ("就業規則第３条", True),
        ("本規程第１条", False),
        ("この 規程 第１条", False),
        ("第１条", False),
    ],
)
def test_references_to_other_instruments_are_still_told_apart(line: str, external: bool) -> None:
    text = HEADER + f"## 第1条（目的）\n\n{line}を参照。\n"
    regulation, _ = parse_with_findings(text, "r.md", "r")
    assert (regulation.references == []) is external


def test_trailing_whitespace_after_a_long_run_inside_the_line() -> None:
    line = "x" + " " * 50_000 + "y" + " \u3000"
    [finding] = [f for f in check_encoding(line + "\n", "r.md") if f.code == "ENC004"]
    assert finding.col == 50_003


@pytest.mark.parametrize(
    "line", ["e\u0301", "\u212b", "é" * 1000 + "e\u0301", "x\u0301\u0316y", "Å" + "a" * 10 + "A\u030a"]
)
def test_the_first_unnormalized_column_is_the_shortest_unnormalized_prefix(line: str) -> None:
    naive = next(
        (end for end in range(1, len(line) + 1) if not unicodedata.is_normalized("NFC", line[:end])), 1
    )
    assert _first_unnormalized(line) == naive


def test_raw_html_on_the_last_of_many_lines_is_placed_exactly() -> None:
    text = "plain\n" * 100_000 + "a <b>bold</b>\n"
    [finding] = check_markup(text, "r.md", 1)
    assert (finding.line, finding.col) == (100_001, 3)


def test_a_text_beyond_the_size_limit_is_refused_unread() -> None:
    text = HEADER + "\n" * (MAX_TEXT_BYTES + 1)
    [finding] = lint_text(text, "r.md", "r")
    assert finding.code == "FILE006" and "more than the limit of 1,048,576" in finding.message
    assert lint_text(text.encode(), "r.md", "r") == [finding]


@pytest.mark.parametrize("newline", ["\n", "\r", "\r\n"])
def test_a_text_beyond_the_line_limit_is_refused_unread(newline: str) -> None:
    text = HEADER.replace("\n", newline) + "x" + newline * MAX_TEXT_LINES
    [finding] = lint_text(text, "r.md", "r")
    assert finding.code == "FILE006" and "more than the limit of 25,000" in finding.message
    at_the_limit = HEADER + "x\n" * (MAX_TEXT_LINES - HEADER.count("\n"))
    assert [f.code for f in lint_text(at_the_limit, "r.md", "r") if f.code == "FILE006"] == []

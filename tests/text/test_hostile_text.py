"""Texts built to crash or stall the parser and lint: each is read correctly, within the documented limits."""

from __future__ import annotations

import unicodedata

import pytest

from governance.limits import MAX_INLINE_MARKUP, MAX_TEXT_BYTES, MAX_TEXT_LINES
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


def _links(count: int) -> str:
    # Each line: '[', ']' and ':' are markup to markdown-it's inline parse (3 a line).
    return HEADER + "## Article 1. Purpose\n\n" + "See [a](https://a.example/).\n" * count


def test_inline_markup_up_to_the_limit_is_linted_and_beyond_it_refused_before_the_inline_parse() -> None:
    assert [f.code for f in lint_text(_links(MAX_INLINE_MARKUP // 3), "r.md", "r")] == []
    findings = lint_text(_links(MAX_INLINE_MARKUP // 3 + 1), "r.md", "r")
    [finding] = [f for f in findings if f.code == "FILE006"]
    assert f"more than {MAX_INLINE_MARKUP:,} characters Markdown may read as markup" in finding.message
    assert finding.line == 12  # the paragraph that crosses the limit: all the links are one paragraph here


def test_markup_in_paragraphs_without_inline_markup_does_not_count() -> None:
    # Bullets and hyphens are block structure or plain text where no block holds inline markup.
    body = "## Article 1. Purpose\n\n" + "Text - with: plain = punctuation.\n\n" * (MAX_INLINE_MARKUP // 2)
    assert [f.code for f in lint_text(HEADER + body, "r.md", "r") if f.code == "FILE006"] == []


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("x " + "-" * 30_000 + " ~~y", "MD009"),  # a dash run: the regex restarted at every dash
        ("*x* " + "-" * 9_000 + "8<--", "MD009"),  # the same in a paragraph with inline markup
        ("{#a" * 10_000 + "}", "MD003"),
        ("[^a" * 3_000 + "]", "MD007"),
    ],
)
def test_long_lines_of_dialect_openings_are_judged(body: str, code: str) -> None:
    text = HEADER + "## Article 1. Purpose\n\n" + body + "\n"
    assert code in [f.code for f in lint_text(text, "r.md", "r")]


def test_runs_of_backticks_of_falling_length_are_code_spans_and_html_after_them_is_found() -> None:
    line = "".join("`" * length + "a" for length in range(1000, 0, -1))
    [finding] = check_markup("x " + line + " <b>x</b>\n", "r.md", 1)
    assert finding.code == "STR007"

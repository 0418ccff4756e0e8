"""The limits as lint enforces them (governance.lint.text_limits): what reads another text only within
them (a link's anchors) agrees with lint's FILE006 at every boundary: lines (LF, CRLF, lone CR), bytes,
and inline markup with or without front matter."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from governance.limits import MAX_INLINE_MARKUP, MAX_TEXT_BYTES, MAX_TEXT_LINES
from governance.lint.runner import lint_text
from governance.lint.text_limits import line_count, within_limits

HEADER = "---\ntitle: T\nissuer: X\nenacted: 2020-01-01\ngoverned_by: board-of-directors\n---\n\n# T\n"
# Front matter holding what markdown-it would read as markup, were it parsed as Markdown: lint does not.
MARKED_HEADER = HEADER.replace("issuer: X\n", "issuer: X\nnotes: '" + "[a](b) " * 200 + "'\n")
HEADERS = st.sampled_from(["", HEADER, MARKED_HEADER, "\ufeff" + HEADER])
NEAR = st.integers(min_value=-2, max_value=2)


@st.composite
def near_the_line_limit(draw: st.DrawFn) -> str:
    """Blank lines up to the limit (give or take two), some of them ended by CRLF or a lone CR."""
    header = draw(HEADERS)
    endings = ["\n"] * (MAX_TEXT_LINES + draw(NEAR) - line_count(header) - 1)
    for index in draw(st.lists(st.integers(0, len(endings) - 1), max_size=4)):
        endings[index] = draw(st.sampled_from(["\r", "\r\n"]))
    return header + "x" + "".join(endings) + draw(st.sampled_from(["", "y", "\n"]))


@st.composite
def near_the_size_limit(draw: st.DrawFn) -> str:
    """Lines of three-byte characters up to the size limit, give or take a few bytes."""
    header = draw(HEADERS)
    line = "あ" * 340 + "\n"
    size = MAX_TEXT_BYTES + draw(st.integers(min_value=-4, max_value=4)) - len(header.encode())
    count, rest = divmod(size, len(line.encode()))
    return header + line * count + "a" * rest


@st.composite
def near_the_markup_limit(draw: st.DrawFn) -> str:
    """Links ('[', ']', ':' are markup: three a line) up to the limit on inline markup, give or take."""
    header = draw(HEADERS)
    count = (MAX_INLINE_MARKUP + draw(st.integers(min_value=-3, max_value=3))) // 3
    return header + "\n## Article 1. Purpose\n\n" + "See [a](https://a.example/).\n" * count


def _lint_refuses_it_whole(text: str) -> bool:
    return any(finding.code == "FILE006" for finding in lint_text(text, "r.md", "r"))


@settings(max_examples=25)
@given(st.one_of(near_the_line_limit(), near_the_size_limit(), near_the_markup_limit()))
@example(HEADER + "x" + "\n" * (MAX_TEXT_LINES - line_count(HEADER)))  # exactly the limit: linted
@example(HEADER + "x" + "\r" * (MAX_TEXT_LINES - line_count(HEADER) + 1))  # lone CRs past it: refused
@example(MARKED_HEADER + "\n" + "See [a](https://a.example/).\n" * (MAX_INLINE_MARKUP // 3))
def test_within_limits_is_what_lint_parses_whole(text: str) -> None:
    assert within_limits(text, "r.md") is not _lint_refuses_it_whole(text)


def test_the_lines_are_counted_as_the_parser_counts_them() -> None:
    assert [line_count(text) for text in ("", "a", "a\n", "a\r", "a\r\n", "a\r\r\n\n")] == [0, 0, 1, 1, 1, 3]
    assert line_count(b"a\r\r\n\n") == 3

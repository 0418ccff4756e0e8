"""Properties of lint on any text (hypothesis): it always answers with findings that point into the text."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from governance.lint.encoding import _check_line, _first_unnormalized, _Present, check_encoding
from governance.lint.runner import lint_text
from tests.hostile_texts import regulation_texts
from tests.text.test_parser_properties import ONCE_FAILED

_CODE = r"(FM|ENC|STR|FILE|TRN)[0-9]{3}"


@given(regulation_texts())
@example(ONCE_FAILED[3])
@example(ONCE_FAILED[5])
@example(ONCE_FAILED[8])
@example(ONCE_FAILED[9])
@example(ONCE_FAILED[10])
@example(ONCE_FAILED[11])
def test_lint_answers_every_text_with_findings_in_the_text(text: str) -> None:
    findings = lint_text(text, "r.md", "r")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    assert findings == sorted(findings)
    for finding in findings:
        assert 1 <= finding.line <= lines and finding.col >= 1, finding
        assert finding.path == "r.md" and finding.message
    assert lint_text(text.encode("utf-8"), "r.md", "r") == findings  # bytes read as the same text


@given(st.binary(max_size=200))
@example(b"\xff\xfe---\n")
def test_bytes_that_are_not_utf8_are_one_finding(data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        [finding] = lint_text(data, "r.md", "r")
        assert finding.code == "ENC001"
    else:
        lint_text(data, "r.md", "r")


@given(st.text(alphabet=st.sampled_from("ae\u0301\u0316\u030a\u212bÅé x"), min_size=1, max_size=40))
@example("é" * 30 + "e\u0301")
def test_the_first_unnormalized_column_is_that_of_the_shortest_unnormalized_prefix(line: str) -> None:
    if unicodedata.is_normalized("NFC", line):
        assert all(finding.code != "ENC006" for finding in check_encoding(line + "\n", "r.md"))
        return
    shortest = next(
        end for end in range(1, len(line) + 1) if not unicodedata.is_normalized("NFC", line[:end])
    )
    assert _first_unnormalized(line) == shortest


@given(st.text(alphabet=st.sampled_from("x \t\u3000\u00a0y"), max_size=60))
def test_trailing_whitespace_is_found_where_it_starts(line: str) -> None:
    found = [f for f in check_encoding(line + "\n", "r.md") if f.code == "ENC004"]
    kept = line.rstrip(" \t\u3000\u00a0")
    assert [f.col for f in found] == ([len(kept) + 1] if kept != line else [])


@given(st.text(alphabet=st.sampled_from("ae\u0301Åа\u03b1x \t\u3000\u00a0\u200b\x01\n"), max_size=80))
@example("wоrd\nnext \n")
@example("e\u0301\nа")
def test_encoding_findings_are_those_of_every_check_on_every_line(text: str) -> None:
    # check_encoding skips the checks the whole text rules out (NFC, look-alikes, invisible, ASCII lines).
    everything = _Present(unnormalized=True, look_alikes=True, invisible=True)
    lines = text.split("\n")
    plain = [f for number, line in enumerate(lines, 1) for f in _check_line(line, number, "r.md", everything)]
    assert [
        f for f in check_encoding(text, "r.md") if f.code in {"ENC004", "ENC006", "ENC007", "ENC008"}
    ] == plain

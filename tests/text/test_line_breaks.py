"""The rule of a soft line break: nothing between two wide characters (CSS Text 3), a space elsewhere."""

from __future__ import annotations

import pytest

from governance.text.line_breaks import shows_no_space


@pytest.mark.parametrize(
    ("before", "after", "nothing"),
    [
        ("の", "枠", True),  # kana, kanji
        ("。", "「", True),  # full-width punctuation
        ("ア", "１", True),  # katakana, a full-width digit
        ("ｱ", "ｲ", True),  # half-width katakana
        ("a", "b", False),  # Latin words keep their space
        ("J", "グ", False),
        ("の", "5", False),
        ("※", "注", False),  # East Asian Ambiguous
        ("국", "문", False),  # Hangul: Korean puts spaces between words
        ("", "枠", False),  # nothing shown on one side
    ],
)
def test_a_line_break_shows_nothing_only_between_two_wide_characters(
    before: str, after: str, nothing: bool
) -> None:
    assert shows_no_space(before, after) == nothing

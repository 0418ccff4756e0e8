"""Characters a reader cannot see: lint refuses them in a text (ENC007), and every page shows them as a
visible mark where a text still holds them.

A text adopted with its findings baselined, or an earlier version published from before the adoption,
may hold a right-to-left override that shows "100 yen\u202e 0001 \u202cper gift" as "100 yen 1000 per
gift", or a zero-width space inside a word: the approved bytes, but not what a reader sees. So the
renderer writes each such character as `[U+202E]` (with its name as a tooltip), the way GitHub marks
them in a diff: the reader sees that the text holds one, where, and which, and nothing is reordered.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Zero-width and bidi controls, soft hyphen, invisible operators, word joiner, Hangul fillers and
# every C0/C1 control except the newline (a tab too: Markdown indentation must be visible spaces); every
# other format character (Unicode's Cf: tag characters that spell hidden ASCII, interlinear annotations,
# Arabic and Egyptian format marks), the line and paragraph separators, the combining grapheme joiner,
# Khmer's and Mongolian's invisible marks and the blank Braille pattern, which reads as a space; and a
# variation selector where it selects nothing: after ASCII, a blank or at a line's start, and after a
# Latin, Greek or Cyrillic letter or accent (é, e + U+0301, α, д: Unicode defines no variation of them),
# where it splits a word a reader searches for; after a kanji it picks the glyph of a name (葛󠄀), after
# a symbol its emoji or text form (©️, ✔️), and there it stays. Unassigned default-ignorable code points
# too (U+FFF0-FFF8, the rest of plane 14): browsers draw them as nothing, as Unicode asks, so a text
# holding one read as if it did not.
INVISIBLE = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u061c\u115f\u1160\u3164\uffa0"
    "\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u034f\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u17b4\u17b5\u180b-\u180f\u2028\u2029"
    "\u2065\u206a-\u206f\u2800\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\ufff0-\ufff8\U000e0000-\U000e00ff\U000e01f0-\U000e0fff]"
    r"|(?<![^\x00-\x7f\u00c0-\u02af\u0300-\u036f\u0370-\u03ff\u0400-\u052f\u1e00-\u1fff\s])"
    r"[\ufe00-\ufe0f\U000e0100-\U000e01ef]"
)
# A tab is shown as a blank by every browser: a 号's structure (`一<TAB>正社員`), not a hidden character.
_SHOWN_AS_BLANK = "\t"
INVISIBLE_CLASS = "governance-invisible"
# Text between tags in HTML this project writes (its text is escaped: no "<" or ">" in it).
_TEXT = re.compile(r"(?<=>)[^<>]+|\A[^<>]+")


def mark(char: str) -> str:
    """The visible stand-in of one invisible character: `[U+202E]`."""
    return f"[U+{ord(char):04X}]"


def shown_plain(text: str) -> str:
    """`text` with each invisible character as its mark (a title in a page's <title>, navigation, feed)."""
    if INVISIBLE.search(text) is None:  # nearly every text: one scan at C speed
        return text
    return INVISIBLE.sub(
        lambda match: match.group() if match.group() in _SHOWN_AS_BLANK else mark(match.group()), text
    )


def shown_html(markup: str) -> str:
    """HTML written by this project with each invisible character of its text (never of a tag or an
    attribute) as a marked span that names it."""
    if INVISIBLE.search(markup) is None:
        return markup
    return _TEXT.sub(lambda text: INVISIBLE.sub(_span, text.group()), markup)


def _span(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHOWN_AS_BLANK:
        return char
    name = html.escape(unicodedata.name(char, "control character"))
    return f'<span class="{INVISIBLE_CLASS}" title="{name}">{mark(char)}</span>'

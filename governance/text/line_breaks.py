"""Where a line break inside a paragraph shows no space: between two characters of a script written
without spaces.

A Japanese text wraps its lines anywhere in a sentence; a browser shows each soft line break as a space,
so "内部統制の\\n枠組み" reads "内部統制の 枠組み", a gap a Japanese reader takes for a typo. The rule is
CSS Text Level 3's segment break transformation (https://www.w3.org/TR/css-text-3/#line-break-transform),
which Chromium does not apply, and markdown-it-cjk-breaks' for Markdown: the break shows nothing when the
characters shown either side of it are both East Asian Fullwidth, Wide or Halfwidth (kana, kanji,
full-width punctuation such as 。「」（）, full-width digits) and neither is Hangul (Korean puts spaces
between words). Everywhere else (Latin words, a digit or a Latin letter beside a kanji, an Ambiguous
character such as ○ or ※) it stays a space. One rule for the regulations' renderer
(governance.text.html) and the guides' (governance.site.cjk_breaks).
"""

from __future__ import annotations

import functools
import re
import unicodedata

_WIDE = frozenset("FWH")
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff\uffa0-\uffdc]")


def shows_no_space(before: str, after: str) -> bool:
    """Whether a soft line break between the character `before` and the character `after` (as shown: the
    markup between them left out) shows nothing rather than a space. "" (no character) keeps the space."""
    return _wide(before) and _wide(after)


# A text has a few hundred distinct characters and may break lines beside them thousands of times.
@functools.lru_cache(maxsize=4096)
def _wide(char: str) -> bool:
    return len(char) == 1 and unicodedata.east_asian_width(char) in _WIDE and _HANGUL.match(char) is None

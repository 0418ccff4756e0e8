"""Japanese in the site's search index: words cut apart at build time, so a word inside a compound is found.

Material's search splits the index and the query with one regular expression (`plugins: search:
separator` in mkdocs.yml), and it cuts a run of kanji in the query greedily into terms the index holds.
Japanese has no spaces, so without help "贈収賄防止規程" is one term and a search for 防止 misses it.
Janome (a pure-Python morphological analyser) cuts the index's Japanese into words joined by a zero-width
space, which the separator splits on; the reader sees no difference, and the query side, cut on the same
separator and against the same vocabulary, finds the words. Only the index is touched: the pages keep
their text, and pages excluded from search (texts not in force) are not in the index to begin with.

An article is searched by its number, written any way: 第７条, 第7条 and 第七条 are one word, 第7条. The
index's digits are folded to ASCII as NFKC folds them, and so are the query's (assets/search-worker.js,
in the browser, which also reads a query's 第十二条 as 第12条). A reference such as 第10条 is kept whole
in the index, and the browser's segmenter is taught to keep it whole too (TinySegmenter would cut it into
第 / 1 / 0 / 条). A number written in kanji (第十条) stays as written, followed by its twin in digits
between two pairs of word breaks (TWIN): a word the search finds, which the worker takes out of the
results again, so that a reader sees the text as written.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable

from governance.text.recognisers import KANJI_NUMERALS, parse_number

WORD_BREAK = "\u200b"  # zero-width space: invisible in results, a separator for the search

_HIRAGANA = r"\u3041-\u309f"
_KATAKANA = r"\u30a0-\u30ff"
# Blanks, the zero-width space and punctuation split; so do the edges of a run of hiragana or katakana,
# which is how a typed phrase with particles (公務員に対する) reaches the index's words (公務員, に, 対する).
# Kanji compounds in the query are cut by Material itself against the index. JavaScript and Python read
# this expression the same way: mkdocs.yml must hold exactly SEPARATOR (a test compares them).
SEPARATOR = (
    r"[\s\u200b\-、。，．・：；！？「」『』（）()［］【】〔〕]+"
    rf"|(?<=[{_HIRAGANA}])(?=[^{_HIRAGANA}])|(?<=[^{_HIRAGANA}])(?=[{_HIRAGANA}])"
    rf"|(?<=[{_KATAKANA}])(?=[^{_KATAKANA}])|(?<=[^{_KATAKANA}])(?=[{_KATAKANA}])"
)

# Full-width digits -> ASCII, as NFKC maps them; the only characters folded (a snippet keeps its
# full-width parentheses and colons). search-worker.js folds the query the same way.
_FOLD_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# An article cited by its number (第7条, 第25条 of 第25条の2): one search word. search-worker.js holds the
# same expression (a test compares them).
ARTICLE_WORD = r"第[0-9]+条"
# The same in kanji numerals (第十条, 第二十五条): search-worker.js holds the same expression.
KANJI_ARTICLE_WORD = f"第[{KANJI_NUMERALS}]+条"
_ARTICLE_WORD = re.compile(f"({ARTICLE_WORD}|{KANJI_ARTICLE_WORD})")
TWIN = WORD_BREAK * 2  # around the digits' twin of a number written in kanji

_JAPANESE_RUN = re.compile(r"[\u3005\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+")
_TAG = re.compile(r"(<[^>]*>)")
_WIDE_DIGIT = re.compile("[０-９]")

Cutter = Callable[[str], list[str]]


@functools.lru_cache(maxsize=1)
def janome_cutter() -> Cutter:
    """Janome's word splitter; loaded once and only when the index holds Japanese (its dictionary is big)."""
    from janome.tokenizer import Tokenizer

    tokenizer = Tokenizer(wakati=True)

    # A run recurs across the index (a title, a phrase every version keeps): each short one is cut once.
    @functools.lru_cache(maxsize=65536)
    def short(text: str) -> tuple[str, ...]:
        return tuple(str(word) for word in tokenizer.tokenize(text))

    return lambda text: (
        list(short(text))
        if len(text) <= _REMEMBERED_RUN
        else [str(word) for word in tokenizer.tokenize(text)]
    )


_REMEMBERED_RUN = 256  # characters: a run longer than a sentence is rare, and not kept


def fold_digits(text: str) -> str:
    """`text` with its full-width digits as ASCII digits (第７条 -> 第7条)."""
    return text.translate(_FOLD_DIGITS)


def segment(text: str, cut: Cutter | None = None) -> str:
    """`text` with its digits folded and a zero-width space between the words of each Japanese run, an
    article's number (第10条) kept one word; HTML tags left whole."""
    if not _JAPANESE_RUN.search(text):
        if not _WIDE_DIGIT.search(text):  # most entries of a site in English: nothing to fold or cut
            return text
        return "".join(part if part.startswith("<") else fold_digits(part) for part in _TAG.split(text))
    words = cut or janome_cutter()

    def cut_runs(piece: str) -> str:
        return _JAPANESE_RUN.sub(lambda m: WORD_BREAK.join(words(m.group(0))), piece)

    def cut_part(part: str) -> str:
        pieces = _ARTICLE_WORD.split(fold_digits(part))  # the odd pieces are 第N条, kept whole
        return WORD_BREAK.join(
            article_word(piece) if i % 2 else cut_runs(piece) for i, piece in enumerate(pieces) if piece
        )

    return "".join(part if part.startswith("<") else cut_part(part) for part in _TAG.split(text))


def article_word(written: str) -> str:
    """An article's number as the index holds it: 第10条 as it is, 第十条 with its twin 第10条."""
    if written[1].isascii():
        return written
    number = parse_number(written[1:-1])
    return written if number is None else f"{written}{TWIN}第{number}条{TWIN}"


def segment_index(index_json: str, cut: Cutter | None = None) -> str:
    """Material's search_index.json with the Japanese of every entry's title and text cut into words."""
    index = json.loads(index_json)
    for doc in index.get("docs", []):
        for key in ("title", "text"):
            if isinstance(doc.get(key), str):
                doc[key] = segment(doc[key], cut)
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def terms(text: str) -> list[str]:
    """The terms Material's search makes of `text` (an index entry, whose tags are markup, not words, or
    a query without kanji for it to cut), lower-cased."""
    return [
        term.lower()
        for part in _TAG.split(text)
        if not part.startswith("<")
        for term in re.split(SEPARATOR, part)
        if term
    ]

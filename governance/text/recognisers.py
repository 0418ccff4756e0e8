"""Recognisers: the one place each shape of the vocabulary is recognised, for the parser, lint, the gate
and the site alike. When two of them recognised a shape each in its own way, a file could be a
translation to one and an error to another; here each shape has one definition.

- numbers as regulations write them (12, １２, 十二) and article headings (`Article 5. Title`,
  `第５条（見出し）`);
- names: a path a resolution can name (regulation ids, governed files), translation file names
  (`<original>.<language>.md`) and language tags;
- digests (`sha256:<64 hex>`);
- the front matter block that opens a text.

Pure functions over strings.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from governance.i18n import Message
from governance.immutable import immutable
from governance.limits import MAX_FILE_NAME_BYTES, MAX_NUMBER_DIGITS

R = TypeVar("R")

# --- numbers and article headings -------------------------------------------------------------------

DIGITS = "0-9０-９"
KANJI_NUMERALS = "〇一二三四五六七八九十百千"
NUMBER = f"[{DIGITS}]+|[{KANJI_NUMERALS}]+"

_DIGITS_ONLY = re.compile(f"[{DIGITS}]+")
_KANJI_ONLY = re.compile(f"[{KANJI_NUMERALS}]+")
_KANJI_DIGIT = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNIT = {"十": 10, "百": 100, "千": 1000}

_ARTICLE_EN = re.compile(r"Article[ \t]+([0-9]+)(?:\.(?:[ \t]+(\S.*))?)?")


# The patterns of Japanese headings and dates are compiled when first used: their character classes of
# kanji take re a few milliseconds to build, which every command paid at import, the check and the audit
# (which read neither) included (issue 14).
@functools.cache
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


# 枝番: 第25条の2 is an article inserted after Article 25 without renumbering the ones after it.
_ARTICLE_JA = f"第({NUMBER})条(?:の({NUMBER}))?(?:[（(]([^（）()]+)[）)]|[ 　]+(\\S.*))?"
# 章・節・款 group articles; 附則 (supplementary provisions: one per amendment) follow the last article.
_DIVISION_JA = f"第({NUMBER})(章|節|款)(?:[ 　]+(\\S.*))?"
_SUPPLEMENTARY_JA = re.compile(r"附[ 　]*則(?:[ 　]*\S.*)?")
DIVISION_KINDS = {"章": "chapter", "節": "section", "款": "subsection"}
DELETED_TITLES = ("削除", "Deleted")
_LOOKS_EN = re.compile(r"(?i)article\b")
_LOOKS_JA = re.compile(r"第[^章節款編目]{1,8}条")


def parse_number(text: str) -> int | None:
    """12, １２ or 十二 (also 一二, positional) -> 12; None when `text` is not such a number, or is
    longer than the documented limit (MAX_NUMBER_DIGITS characters: no regulation counts that far)."""
    if not text or len(text) > MAX_NUMBER_DIGITS:
        return None
    if _DIGITS_ONLY.fullmatch(text):
        return int(text)  # int() reads full-width digits as well
    if not _KANJI_ONLY.fullmatch(text):
        return None
    if not any(char in _KANJI_UNIT for char in text):
        value = 0
        for char in text:
            value = value * 10 + _KANJI_DIGIT[char]
        return value
    return _kanji_with_units(text)


def _kanji_with_units(text: str) -> int | None:
    total = 0
    pending: int | None = None
    last_unit = 10_000
    for char in text:
        if char in _KANJI_DIGIT:
            if pending is not None:
                return None  # two digits in a row, as in 二三十: not a number
            pending = _KANJI_DIGIT[char]
        else:
            unit = _KANJI_UNIT[char]
            if unit >= last_unit:
                return None  # 十百 or 十十: units must fall
            total += (1 if pending is None else pending) * unit
            pending = None
            last_unit = unit
    return total + (pending or 0)


@immutable
class ArticleHeading:
    """An article's heading: its number, branch number and title."""

    number: int
    title: str  # "" when the heading has none
    japanese: bool
    branch: int | None = None  # 2 for 第25条の2 (枝番)


def article_anchor(number: int, branch: int | None = None) -> str:
    """`article-25`, and `article-25_2` for 第25条の2 (as e-Gov numbers it: Num="25_2"), so a branch
    article never takes the anchor of a paragraph (`article-25-2`)."""
    return f"article-{number}" if branch is None else f"article-{number}_{branch}"


def article_label(number: int, branch: int | None = None) -> Message:
    """How a finding names an article: "Article 25", "Article 25の2" (第25条の2 in Japanese)."""
    if branch is None:
        return Message("Article {number}", number=number)
    return Message("Article {number}の{branch}", number=number, branch=branch)


@immutable
class DivisionHeading:
    """A 章, 節 or 款 heading: `第1章　総則`."""

    kind: str  # "chapter", "section", "subsection"
    number: int
    title: str


def division_heading(text: str) -> DivisionHeading | None:
    match = _pattern(_DIVISION_JA).fullmatch(text)
    if match is None:
        return None
    number = parse_number(match.group(1))
    if number is None:
        return None
    return DivisionHeading(DIVISION_KINDS[match.group(2)], number, (match.group(3) or "").strip())


def is_supplementary_heading(text: str) -> bool:
    """`附則`, `附　則`, `附則（2024年3月15日改正）`: the supplementary provisions of a text or an amendment."""
    return bool(_SUPPLEMENTARY_JA.fullmatch(text))


def article_heading(text: str) -> ArticleHeading | None:
    """`Article 5. Internal control` or `第５条（内部統制）` (the whole heading text, without ##)."""
    match = _ARTICLE_EN.fullmatch(text)
    if match:
        number = parse_number(match.group(1))
        return None if number is None else ArticleHeading(number, (match.group(2) or "").strip(), False)
    match = _pattern(_ARTICLE_JA).fullmatch(text)
    if match:
        number = parse_number(match.group(1))
        branch = parse_number(match.group(2)) if match.group(2) else None
        if number is not None and (branch is None or branch >= 2):
            return ArticleHeading(number, (match.group(3) or match.group(4) or "").strip(), True, branch)
    return None


_ARTICLE_LABEL = f"Article[ \t]+([0-9]+)|第({NUMBER})条(?:の({NUMBER}))?"


def article_number_label(heading: str) -> str:
    """The number of an article heading as written, "Article 9", "第９条", "第25条の2"; "" for another
    heading, and for a number that parse_number does not read (beyond the documented limit, 二三十)."""
    match = _pattern(_ARTICLE_LABEL).match(heading)
    if match is None or any(parse_number(number) is None for number in match.groups() if number is not None):
        return ""
    return match.group(0)


def article_number(heading: str) -> int | None:
    found = article_heading(heading)
    return found.number if found is not None else None


def looks_like_article(text: str) -> bool:
    """Text that a reader would take for an article heading, parsed or not (to report a malformed one)."""
    return bool(_LOOKS_EN.match(text) or _LOOKS_JA.match(text))


# --- dates ------------------------------------------------------------------------------------------

# 元号 (Japanese eras) by the Gregorian year before their first: 令和6年 = 2018 + 6 = 2024; 元年 is year 1.
_ERAS = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
_JA_DATE = f"(?:({'|'.join(_ERAS)})[ 　]*({NUMBER}|元)|([{DIGITS}]{{4}}))[ 　]*年[ 　]*({NUMBER})[ 　]*月[ 　]*({NUMBER})[ 　]*日"
# 附則: この規則は、令和6年3月15日に改正し、令和6年4月1日から施行する。 (also 付けで改正, より施行)
_AMENDED_ON = f"({_JA_DATE})(?:付けで|付で|に)?改正"
_EFFECTIVE_FROM = f"({_JA_DATE})(?:から|より)施行"
# A release named by its date: 2024-04-01, v2024.04.01, 20240401, 施行-2024_04_01.
_DATE_IN_NAME = r"(?<![0-9])([0-9]{4})[-._]?([0-9]{2})[-._]?([0-9]{2})(?![0-9])"


def japanese_date(text: str) -> date | None:
    """令和６年４月１日, 平成31年4月1日, 令和元年五月一日 or 2024年4月1日 -> the date; None when `text`
    is not such a date or names no day of the calendar (令和6年2月30日)."""
    match = _pattern(_JA_DATE).fullmatch(text.strip())
    if match is None:
        return None
    era, era_year, western, month, day = match.groups()
    if era is not None:
        number = 1 if era_year == "元" else parse_number(era_year)
        year = None if number is None else _ERAS[era] + number
    else:
        year = int(western)
    month_number, day_number = parse_number(month), parse_number(day)
    if year is None or month_number is None or day_number is None:
        return None
    try:
        return date(year, month_number, day_number)
    except ValueError:
        return None


@immutable
class SupplementaryDates:
    """What a 附則's sentence says: the day of the amendment (改正日) and the effective day (施行日), as
    written (`text`) and read (None where the sentence has no such date or names no day)."""

    amended_text: str | None
    effective_text: str | None

    @property
    def amended(self) -> date | None:
        return japanese_date(self.amended_text) if self.amended_text else None

    @property
    def effective(self) -> date | None:
        return japanese_date(self.effective_text) if self.effective_text else None


def supplementary_dates(paragraph: str) -> SupplementaryDates:
    """この規則は、令和6年3月15日に改正し、令和6年4月1日から施行する。 -> both dates, as written."""
    amended, effective = _pattern(_AMENDED_ON).search(paragraph), _pattern(_EFFECTIVE_FROM).search(paragraph)
    return SupplementaryDates(
        amended.group(1) if amended else None, effective.group(1) if effective else None
    )


def date_in_name(name: str) -> date | None:
    """The date a release's name gives (2024-04-01, v2024.04.01, 20240401, 令和6年4月1日), None when it
    gives none or names no day of the calendar."""
    for match in _pattern(_DATE_IN_NAME).finditer(name):
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    found = _pattern(_JA_DATE).search(name)
    return japanese_date(found.group()) if found else None


# --- names ------------------------------------------------------------------------------------------

# One path segment a resolution can name: never empty, "." or "..", no spaces, no shell or glob
# characters. A named path ends up in YAML, git pathspecs and URLs: a small set needs no quoting anywhere.
_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")
_DOT_SEGMENT = re.compile(r"\.?[A-Za-z0-9_][A-Za-z0-9._-]*")
REGULATION_NAME_RULE = Message(
    "a regulation is a Markdown file (.md) named with letters of any script, digits, '.', '_', '-' and '・' "
    "(01_就業規則.md), in Unicode NFC, without full-width Latin letters or digits, without Latin mixed "
    "with Cyrillic or Greek look-alikes in one name, and not spelt only with Cyrillic or Greek letters "
    "that look Latin (рау.md for pay.md); rename or remove it"
)
# A regulation's name may be Japanese (01_就業規則.md, 育児・介護休業規程.md): letters and digits of any
# script, but only one way to write each name (NFC, and NFKC changes nothing: no full-width ＡＢ or １２,
# no half-width ｶﾅ), no control, bidi or invisible character (none is a letter), and no word that mixes
# Latin with Cyrillic or Greek (роlicy.md beside policy.md): the checks that protect texts, on names.
_NAME_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd"})
_NAME_MARKS = frozenset("._-・")
_LOOKALIKE_SCRIPTS = ("CYRILLIC", "GREEK")
# UTS #39's whole-script confusables: a name spelt only with Cyrillic or Greek letters that each have a
# Latin twin (рау.md reads as pay.md; ТОС.md as TOC.md) passes for a Latin name it is not, beside it
# or in a link. These are the letters of Unicode's confusables.txt whose prototype is one Latin letter:
# a table of forty letters rather than a dependency for the whole file.
_LATIN_TWINS = frozenset(
    "аԁеһіјӏоԛрѕԝхсу"
    "АВСЕНІЈКМОРЅТХҮ"  # Cyrillic
    "αγιονρυ"
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ"  # Greek
)
NFD_NAME_RULE = Message(
    "the name is written in decomposed Unicode (NFD), as macOS writes file names: it looks right and no "
    "resolution can name it; rename it to the same name typed again, in NFC (on a Mac run `git config "
    "core.precomposeunicode true` first, then `git mv` it)"
)
GOVERNED_NAME_RULE = Message(
    "no resolution can name this governed file: a name of letters, digits, '.', '_', '-' and '/' only "
    "(no spaces); rename it"
)
# BCP 47 as far as regulations use it: a language (ja, en, fil) and optional subtags (zh-Hant, pt-BR).
LANGUAGE_TAG = r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*"
_LANGUAGE_TAG = re.compile(LANGUAGE_TAG)
_TRANSLATION_ID = re.compile(f"(?P<original>.+)\\.(?P<language>{LANGUAGE_TAG})")


def _kept_when_short(function: Callable[[str], R]) -> Callable[[str], R]:
    """`function` of a name, its answers kept for the names asked again and again (a regulation's id at
    each change of its text, 100,000 times of 5,000 texts at 5,000 x 100,000 grouped: issue 14): 16,384
    answers at most, and only for names up to 512 characters, so that values an adversary writes into
    records (4 MiB each) are read and never kept."""
    kept = functools.lru_cache(maxsize=16384)(function)

    @functools.wraps(function)
    def answer(name: str) -> R:
        return kept(name) if len(name) <= 512 else function(name)

    return answer


def is_nameable(path: str, *, leading_dot: bool) -> bool:
    """Whether a resolution can name `path` (a regulation id, or with `leading_dot` a governed file, whose
    name stays ASCII)."""
    # Kept: the decisions of every record the audit reads name the same few thousand texts.
    return _nameable_file(path) if leading_dot else _nameable_id(path)


@_kept_when_short
def _nameable_file(path: str) -> bool:
    return all(_DOT_SEGMENT.fullmatch(part) for part in path.split("/"))


@_kept_when_short
def _nameable_id(path: str) -> bool:
    return all(_SEGMENT.fullmatch(part) or _unicode_segment(part) for part in path.split("/"))


def _unicode_segment(part: str) -> bool:
    if not part or part[0] in "._-・":
        return False
    if unicodedata.normalize("NFKC", part) != part or not unicodedata.is_normalized("NFC", part):
        return False
    if not all(char in _NAME_MARKS or unicodedata.category(char) in _NAME_CATEGORIES for char in part):
        return False
    letters = [char for char in part if char.isalpha()]
    if letters and all(char in _LATIN_TWINS for char in letters):
        return False
    scripts = {unicodedata.name(char, "").split(" ")[0] for char in letters}
    return not ("LATIN" in scripts and any(script in scripts for script in _LOOKALIKE_SCRIPTS))


def name_problem(path: str) -> Message:
    """Why no resolution can name the regulation file `path`: a name only its Unicode form spoils (a
    macOS checkout's, whose printed name looks the same as the right one) or its length is told apart
    from the rest."""
    length = len(path.rpartition("/")[2].encode("utf-8", "surrogateescape"))
    if length > MAX_FILE_NAME_BYTES:
        return Message(
            "the file name is {length} bytes long (UTF-8); the site publishes the text beside its pages as "
            "<name>.txt and file systems take at most 255 bytes a name: shorten it to at most {limit}",
            length=length,
            limit=MAX_FILE_NAME_BYTES,
        )
    nfc = unicodedata.normalize("NFC", path)
    if nfc != path and nfc.endswith(".md") and is_nameable(nfc[: -len(".md")], leading_dot=False):
        return NFD_NAME_RULE
    return REGULATION_NAME_RULE


@_kept_when_short
def regulation_id(relative: str) -> str | None:
    """`a/b.md` (a path below the regulations folder) -> `a/b`; None when no resolution could name it."""
    if not relative.endswith(".md"):
        return None
    if len(relative.rpartition("/")[2].encode("utf-8", "surrogateescape")) > MAX_FILE_NAME_BYTES:
        return None  # name_problem says why
    ident = relative[: -len(".md")]
    return ident if is_nameable(ident, leading_dot=False) else None


# The pages the site generates inside a regulation's folder (governance.site: history.md, bilingual.md, on.md,
# one folder per version named by its effective date, "-2" appended when two share a date). A regulation
# id nested in another's folder under one of these names would be published at the same place.
GENERATED_PAGE_NAMES = ("history", "bilingual", "on", "compare")
_VERSION_FOLDER = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:-[0-9]+)?")


@_kept_when_short
def generated_page_clash(ident: str) -> Message | None:
    """Why the regulation id `ident` would collide with a page the site generates for another regulation
    (`a/history`, `a/2026-10-01`), None when it cannot."""
    parts = ident.split("/")
    for index, part in enumerate(parts[1:], start=1):
        owner = "/".join(parts[:index])
        if part in GENERATED_PAGE_NAMES:
            what = Message("the {page} page of {regulation}", page=part, regulation=owner)
        elif _VERSION_FOLDER.fullmatch(part):
            what = Message(
                "the pages of the version of {regulation} in force from {date}",
                regulation=owner,
                date=part[:10],
            )
        else:
            continue
        return Message(
            "the regulation id {ident} would be published where the site puts {what}; rename the file "
            "(below another regulation's name, a folder or file may not be named {names} or like a "
            "date, 2026-10-01)",
            ident=ident,
            what=what,
            names=", ".join(GENERATED_PAGE_NAMES),
        )
    return None


def is_language_tag(value: str) -> bool:
    return bool(_LANGUAGE_TAG.fullmatch(value))


def split_translation_id(regulation_id: str) -> tuple[str, str] | None:
    """ "bribery-prevention.ja" -> ("bribery-prevention", "ja"); None when the id names no language."""
    match = _TRANSLATION_ID.fullmatch(regulation_id)
    return (match.group("original"), match.group("language")) if match else None


# --- digests ----------------------------------------------------------------------------------------

DIGEST = r"sha256:[0-9a-f]{64}"
_DIGEST = re.compile(DIGEST)


def is_digest(value: str) -> bool:
    return bool(_DIGEST.fullmatch(value))


# --- front matter -----------------------------------------------------------------------------------

# A group company's id, as a regulation's `applies_to` names it (Article 8) and the HR roster gives it.
COMPANY_ID = r"[a-z0-9][a-z0-9-]*"


def source_text(text: str) -> str:
    """The text as the parser reads it: no byte-order mark, every newline "\n"."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_OPEN = "---"
_CLOSE = ("---", "...")


@immutable
class FrontMatterBlock:
    """The block that opens a text with a `---` line and closes with `---` or `...`."""

    source: str  # the YAML between the fences ("" when never closed)
    close_line: int  # 0-based line of the closing fence; -1 when never closed
    body: str  # the text after the closing fence ("" when never closed)

    @property
    def closed(self) -> bool:
        return self.close_line >= 0


def front_matter_block(text: str) -> FrontMatterBlock | None:
    """The front matter of `text` (newlines already "\\n"); None when it does not open with one. Reads
    only as far as the closing fence."""
    first = text.find("\n")
    if (text if first < 0 else text[:first]).rstrip() != _OPEN:
        return None
    if first < 0:
        return FrontMatterBlock("", -1, "")
    start = position = first + 1
    line = 1
    while True:
        end = text.find("\n", position)
        if (text[position:] if end < 0 else text[position:end]).rstrip() in _CLOSE:
            return FrontMatterBlock(text[start:position], line, "" if end < 0 else text[end + 1 :])
        if end < 0:
            return FrontMatterBlock("", -1, "")
        position, line = end + 1, line + 1


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter source without its fences, body); the source is "" when there is none."""
    block = front_matter_block(text)
    if block is None or not block.closed:
        return "", text
    return block.source, block.body

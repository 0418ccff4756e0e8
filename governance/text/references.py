"""Cross-references in running text: "Article 9", "Article 5.2", "Article 5, paragraph 2", "Article 5(2)",
"paragraph 2 of Article 5", 第９条, 第５条第２項 (ASCII, full-width or kanji numbers), and where they lead.

A reference to another instrument is not ours to resolve: "Article 3 of the X Act", "Article 9 of the
Articles of Incorporation", 不正競争防止法第１８条, 就業規則第３条, and a statute by the short name the
text gives it: 労働基準法（以下「労基法」という。）第89条 ... 労基法第39条, 労働安全衛生規則（以下「安衛則」
という。）... 安衛則第1条. Branch articles (第３条の２第１項) resolve to `article-3_2-1`. Relative
references (前条, 前項, 同条) are a known limit: not recognised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from governance.limits import MAX_NUMBER_DIGITS
from governance.text.model import Article, CrossReference
from governance.text.recognisers import DIGITS, KANJI_NUMERALS, NUMBER, article_anchor, parse_number

_REF_EN = re.compile(
    r"\b(?:[Pp]aragraph\s+(?P<p1>[0-9]+)\s+of\s+)?Article\s+(?P<a>[0-9]+)"
    r"(?:\.(?P<p2>[0-9]+)|,\s*[Pp]aragraph\s+(?P<p3>[0-9]+)|\((?P<p4>[0-9]+)\))?"
    # Whether what follows may name another instrument (_EXTERNAL_EN): read in the same scan, so the text
    # after a reference is matched again only then.
    r"(?:(?=(?P<of>\s+of\s)))?"
)
_OF_THIS = re.compile(r"\s+of\s+(?:these|this|the present)\b", re.IGNORECASE)
_EXTERNAL_EN = re.compile(
    r"\s+of\s+(?:the\s+)?(?:[A-Z]|[^.;:]{0,80}?\b(?:Act|Law|Code|Ordinance|Constitution|Convention|Treaty)\b)"
)
_REF_JA = re.compile(f"第(?P<a>{NUMBER})条(?P<branch>の[{DIGITS}{KANJI_NUMERALS}]+)?(?:第(?P<p>{NUMBER})項)?")
# What names another instrument when it ends the text before 第N条 (blanks aside).
_INSTRUMENTS = ("法", "令", "規則", "規程", "規約", "定款", "条約", "協定")
_BLANKS = " 　"
_OWN_JA = re.compile(r"(?:本|この|当)[ 　]*(?:規程|規則|規約)[ 　]*$")
# 労働基準法（以下「労基法」という。）: the short name a text gives an instrument.
_SHORT_NAME = re.compile(
    r"[（(]以下[、，]?[「『](?P<name>[^」』]{1,20})[」』](?:と(?:いう|総称する)。?)?[）)]"
)
_TRAILING_NOTE = re.compile(r"[（(][^（）()]{0,60}[）)][ 　]*$")
# How far back a reference looks for the instrument it names: a name is short, and a bounded look keeps
# a line with many references linear.
_LOOK_BACK = 80


def _external_before(before: str, short_names: set[str]) -> bool:
    """Whether the text just before 第N条 names another instrument (a law, another regulation) or a short
    name the text gave one; `この規則` and `本規程` name this one."""
    window = before[-_LOOK_BACK:]
    # The patterns end in blanks at the end of the window: the last character before the blanks says
    # whether one can match before it is searched for from every position of the window.
    while window.rstrip(_BLANKS).endswith(("）", ")")):  # 労働基準法（以下「労基法」という。）第89条
        note = _TRAILING_NOTE.search(window)
        if note is None:
            break
        window = window[: note.start()]
    tail = window.rstrip(_BLANKS)
    if tail.endswith(("規程", "規則", "規約")) and _OWN_JA.search(window):
        return False
    return tail.endswith(_INSTRUMENTS) or any(window.endswith(name) for name in short_names)


def _short_names(content: str) -> Iterator[str]:
    """The short names this line gives to other instruments."""
    for match in _SHORT_NAME.finditer(content):
        if _external_before(_before(content, match.start()), set()):
            yield match.group("name")


def find_references(
    text_lines: Iterable[tuple[int, str, str]], articles: list[Article]
) -> list[CrossReference]:
    """References in (line number, text, source line) triples, resolved against `articles`."""
    anchors = {
        (article.number, article.branch): {paragraph.number for paragraph in article.paragraphs}
        for article in articles
    }
    # Only a line naming an article can hold a reference (_REF_EN reads "Article", _REF_JA "第"), and only
    # one with 以下 a short name (_SHORT_NAME): the others, most of a text, are passed over at C speed.
    lines = [entry for entry in text_lines if "Article" in entry[1] or "第" in entry[1] or "以下" in entry[1]]
    # A short name is given once (usually in Article 1) and used anywhere after.
    short_names = {name for _, content, _ in lines if "以下" in content for name in _short_names(content)}
    # What a reference's text reads as, and where it leads, worked out once for each text: a line of tens
    # of thousands of "Article 1" resolves one.
    resolved: dict[str, tuple[int, int | None, int | None, str | None] | None] = {}
    found: list[CrossReference] = []
    for line, content, source in lines:
        # The text is the source line without its indentation and list or quote markers.
        shift = source.find(content) if content else -1
        searched = 0  # where to look for the next reference's text when the line was rewritten
        for match in _matches(content, short_names):
            text = match.group()
            if text in resolved:
                reference = resolved[text]
            else:
                reference = resolved[text] = _resolve(match, anchors)
            if reference is None:
                continue
            if shift >= 0:
                col = shift + match.start() + 1
            else:
                at = source.find(text, searched)
                searched = at + 1 if at >= 0 else searched
                col = at + 1 if at >= 0 else 1
            article, paragraph, branch, target = reference
            found.append(
                CrossReference(
                    text=text,
                    article=article,
                    paragraph=paragraph,
                    branch=branch,
                    line=line,
                    target=target,
                    col=col,
                )
            )
    return found


def _matches(content: str, short_names: set[str]) -> Iterator[re.Match[str]]:
    """Each reference of the line: matches of _REF_EN, then of _REF_JA."""
    # Never a copy of the rest or the start of the line per reference: a line of tens of thousands of
    # references must stay linear.
    if "Article" in content:
        for match in _REF_EN.finditer(content):
            if match.group("of") is not None:
                end = match.end()
                if not _OF_THIS.match(content, end) and _EXTERNAL_EN.match(content, end):
                    continue
            yield match
    if "第" in content:
        for match in _REF_JA.finditer(content):
            if not _external_before(_before(content, match.start()), short_names):
                yield match


def _resolve(
    match: re.Match[str], anchors: dict[tuple[int, int | None], set[int]]
) -> tuple[int, int | None, int | None, str | None] | None:
    """(article, paragraph, branch, target) of a reference, None when its article is no number: the same
    for every reference of the same text (a match's groups are those of its text)."""
    article = _number(match.group("a"))
    if article is None:
        return None
    if match.re is _REF_JA:
        paragraph = _number(match.group("p")) if match.group("p") else None
        branch = _number(match.group("branch")[1:]) if match.group("branch") else None
    else:
        written = match.group("p1") or match.group("p2") or match.group("p3") or match.group("p4")
        paragraph, branch = (_number(written) if written else None), None
    return article, paragraph, branch, _target(anchors, article, branch, paragraph)


def _before(content: str, start: int) -> str:
    """What _external_before reads of the text before `start` (it looks back _LOOK_BACK characters)."""
    return content[max(0, start - _LOOK_BACK) : start]


# A reference whose number is too long to be read resolves to no article (article 0): STR004 reports it.
_UNREADABLE = 0


def _number(text: str) -> int | None:
    """parse_number; a number too long to read is _UNREADABLE, so the reference resolves nowhere."""
    number = parse_number(text)
    return _UNREADABLE if number is None and len(text) > MAX_NUMBER_DIGITS else number


def _target(
    anchors: dict[tuple[int, int | None], set[int]], article: int, branch: int | None, paragraph: int | None
) -> str | None:
    key = (article, branch)
    if key not in anchors:
        return None
    if paragraph is None:
        return article_anchor(article, branch)
    return f"{article_anchor(article, branch)}-{paragraph}" if paragraph in anchors[key] else None

"""Cross-references in running text: "Article 9", "Article 5.2", "Article 5, paragraph 2", "Article 5(2)",
"paragraph 2 of Article 5", 第９条, 第５条第２項 (ASCII, full-width or kanji numbers), and where they lead.

A reference to another instrument is not ours to resolve: "Article 3 of the X Act", "Article 9 of the
Articles of Incorporation", 不正競争防止法第１８条, 就業規則第３条. Relative references (前条, 前項,
同条) and branch articles (第５条の２, which this model cannot hold) are known limits: the first are
not recognised, the second never resolve.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from governance.text.model import Article, CrossReference
from governance.text.recognisers import DIGITS, KANJI_NUMERALS, NUMBER, parse_number

_REF_EN = re.compile(
    r"\b(?:[Pp]aragraph\s+(?P<p1>[0-9]+)\s+of\s+)?Article\s+(?P<a>[0-9]+)"
    r"(?:\.(?P<p2>[0-9]+)|,\s*[Pp]aragraph\s+(?P<p3>[0-9]+)|\((?P<p4>[0-9]+)\))?"
)
_OF_THIS = re.compile(r"\s+of\s+(?:these|this|the present)\b", re.IGNORECASE)
_EXTERNAL_EN = re.compile(
    r"\s+of\s+(?:the\s+)?(?:[A-Z]|[^.;:]{0,80}?\b(?:Act|Law|Code|Ordinance|Constitution|Convention|Treaty)\b)"
)
_REF_JA = re.compile(f"第(?P<a>{NUMBER})条(?P<branch>の[{DIGITS}{KANJI_NUMERALS}]+)?(?:第(?P<p>{NUMBER})項)?")
_EXTERNAL_JA = re.compile(r"(?:法|令|規則|規程|規約|定款|条約|協定)[ 　]*$")
_OWN_JA = re.compile(r"(?:本|この|当)[ 　]*(?:規程|規則|規約)[ 　]*$")


def find_references(
    text_lines: Iterable[tuple[int, str, str]], articles: list[Article]
) -> list[CrossReference]:
    """References in (line number, text, source line) triples, resolved against `articles`."""
    anchors = {article.number: {paragraph.number for paragraph in article.paragraphs} for article in articles}
    found: list[CrossReference] = []
    for line, content, source in text_lines:
        # The text is the source line without its indentation and list or quote markers.
        shift = source.find(content) if content else -1
        for start, text, article, paragraph, branch in _matches(content):
            col = shift + start + 1 if shift >= 0 else source.find(text) + 1 or 1
            target = None if branch else _target(anchors, article, paragraph)
            found.append(
                CrossReference(
                    text=text, article=article, paragraph=paragraph, line=line, target=target, col=col
                )
            )
    return found


def _matches(content: str) -> Iterator[tuple[int, str, int, int | None, bool]]:
    for match in _REF_EN.finditer(content):
        after = content[match.end() :]
        if not _OF_THIS.match(after) and _EXTERNAL_EN.match(after):
            continue
        paragraph = match.group("p1") or match.group("p2") or match.group("p3") or match.group("p4")
        yield (
            match.start(),
            match.group(0),
            int(match.group("a")),
            int(paragraph) if paragraph else None,
            False,
        )
    for match in _REF_JA.finditer(content):
        before = content[: match.start()]
        if _EXTERNAL_JA.search(before) and not _OWN_JA.search(before):
            continue
        article = parse_number(match.group("a"))
        paragraph = parse_number(match.group("p")) if match.group("p") else None
        if article is not None:
            yield match.start(), match.group(0), article, paragraph, bool(match.group("branch"))


def _target(anchors: dict[int, set[int]], article: int, paragraph: int | None) -> str | None:
    if article not in anchors:
        return None
    if paragraph is None:
        return f"article-{article}"
    return f"article-{article}-{paragraph}" if paragraph in anchors[article] else None

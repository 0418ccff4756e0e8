"""The typed model of a regulation text: what the parser produces and the site and lint consume.

Vocabulary after Akoma Ntoso / cobalt: a regulation is a *work*; each adopted text is a *version*.
This module holds only the structure of one text. Anchors are language-independent
(`article-5`, `article-5-2`, and for items the paragraph anchor plus one segment per level:
`article-2-1-3-a` is (3)(a) of Article 2's only paragraph, as is （３）イ), so an English and a
Japanese text share them (see governance.text.parser).

Only the front matter, which an author writes, is validated (governance.text.front_matter: a trust
boundary). The rest is made by the parser from values it worked out itself, so it is named tuples: immutable, typed, and
five times cheaper to make than a validated model or a frozen dataclass (a megabyte of text makes 30,000
to 100,000 of them; validating them again was a third of linting it). tests/text/test_model_oracle.py
holds every model the parser makes to its declared types, validated strictly by pydantic.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import NamedTuple

from governance.text.recognisers import DELETED_TITLES, LANGUAGE_TAG

_LANGUAGE_TAG = re.compile(LANGUAGE_TAG)


@functools.cache
def _japanese() -> re.Pattern[str]:
    # Kana and kanji. Compiled when first read, not at import: the class's 28,000 characters are a few
    # milliseconds of every command's start-up, and a text that states its language never needs it.
    return re.compile("[\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


class CrossReference(NamedTuple):
    """A reference such as "Article 9", "Article 5.2" or 第５条第２項, and what it points at."""

    text: str
    article: int
    paragraph: int | None
    branch: int | None  # 2 in 第3条の2第1項
    line: int
    target: str | None  # the anchor it resolves to; None when it does not resolve
    col: int  # 1-based column of `text` in its line


class Item(NamedTuple):
    label: str  # as written: "(1)", "(a)", "（１）", "一", "イ"
    number: int  # its ordinal value: (c) -> 3, 三 -> 3, イ -> 1
    text: str
    line: int
    anchor: str
    items: list[Item]


class Paragraph(NamedTuple):
    number: int  # 1 for an article's only (unnumbered) paragraph
    label: str | None  # as written ("1.", "２"), None when unnumbered
    text: str  # Markdown source of the paragraph, without its number
    line: int
    anchor: str  # article-5-2
    items: list[Item]


class Definition(NamedTuple):
    term: str  # "Civil servants, etc."
    text: str
    line: int
    anchor: str


class Article(NamedTuple):
    number: int
    title: str
    heading: str  # the heading as written: "Article 5. Internal control", "第5条（内部統制）"
    line: int
    anchor: str  # article-5; article-25_2 for 第25条の2
    paragraphs: list[Paragraph]
    branch: int | None  # 枝番: 2 for 第25条の2

    @property
    def deleted(self) -> bool:
        """`第13条　削除`: an article kept with its number after its text was repealed."""
        return self.title in DELETED_TITLES and not any(p.text or p.items for p in self.paragraphs)


class Division(NamedTuple):
    """A 章, 節 or 款 heading (`第1章　総則`): it groups the articles after it."""

    kind: str  # "chapter", "section", "subsection"
    number: int
    title: str
    heading: str  # as written
    line: int
    anchor: str  # chapter-1, chapter-2-section-1


class SupplementaryProvision(NamedTuple):
    """A 附則: what follows the articles, one for the text as enacted and one per amendment. Its own
    articles (第1条（施行期日）) count apart from the regulation's."""

    heading: str  # as written: "附則", "附則（2024年3月15日改正）"
    line: int
    anchor: str  # supplementary-1, supplementary-2, ...
    text: str  # its Markdown source, without the heading


class Section(NamedTuple):
    """A heading of a policy that has no Article structure, with its body."""

    title: str
    level: int
    line: int
    anchor: str  # slug of the title, unique in the document
    text: str


class FrontMatter(NamedTuple):
    """The front matter of a strict text, read by governance.text.front_matter: by plain code, and by its
    schema (governance.text.front_matter_schema, which words the problems) when unsure."""

    title: str
    issuer: str
    enacted: date
    governed_by: str
    language: str = "en"
    # language code of the authoritative original, for a translation
    translation_of: str | None = None
    # sha256:<hex> of the original this translation follows
    original_digest: str | None = None
    # Article 8: the company ids a company's own regulation applies to; absent, the whole group
    applies_to: list[str] | None = None


class Regulation(NamedTuple):
    id: str  # path below the regulations folder without ".md": "bribery-prevention", "bribery-prevention.ja"
    path: str
    front_matter: FrontMatter | None  # None when front matter is lenient and does not fit the schema
    metadata: dict[str, object]  # the raw front matter as read
    title: str
    body_line: int  # first line after the front matter
    articles: list[Article]
    sections: list[Section]
    definitions: list[Definition]
    references: list[CrossReference]
    divisions: list[Division]
    supplementary: list[SupplementaryProvision]

    @property
    def is_article_structured(self) -> bool:
        return bool(self.articles)

    @property
    def language(self) -> str:
        """The language of the text: its front matter's `language` when stated, else `ja` for a text whose
        title or headings are written in Japanese (a company's own 就業規則 adopted as it is), else `en`."""
        stated = self.metadata.get("language")
        # Only a language tag: a text adopted with its findings baselined may state anything, and pages put
        # the language in attributes and links (`hreflang="..."`).
        if isinstance(stated, str) and _LANGUAGE_TAG.fullmatch(stated):
            return stated
        headings = [self.title, *(a.heading for a in self.articles), *(s.title for s in self.sections)]
        japanese = _japanese()
        return "ja" if any(japanese.search(heading) for heading in headings) else "en"

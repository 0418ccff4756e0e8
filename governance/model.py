"""The typed model of a regulation text: what the parser produces and the site and lint consume.

Vocabulary after Akoma Ntoso / cobalt: a regulation is a *work*; each adopted text is a *version*.
This module holds only the structure of one text. Anchors are language-independent
(`article-5`, `article-5-2`, `article-2-1-a`), so an English and a Japanese text share them.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CrossReference(_Frozen):
    """A reference such as "Article 9", "Article 5.2" or 第５条第２項, and what it points at."""

    text: str
    article: int
    paragraph: int | None = None
    line: int
    target: str | None = None  # the anchor it resolves to; None when it does not resolve


class Item(_Frozen):
    label: str  # as written: "(1)", "(a)", "（１）", "一", "イ"
    number: int  # its ordinal value: (c) -> 3, 三 -> 3, イ -> 1
    text: str
    line: int
    anchor: str
    items: list[Item] = []


class Paragraph(_Frozen):
    number: int  # 1 for an article's only (unnumbered) paragraph
    label: str | None  # as written ("1.", "２"), None when unnumbered
    text: str  # Markdown source of the paragraph, without its number
    line: int
    anchor: str  # article-5-2
    items: list[Item] = []


class Definition(_Frozen):
    term: str  # "Civil servants, etc."
    text: str
    line: int
    anchor: str


class Article(_Frozen):
    number: int
    title: str
    heading: str  # the heading as written: "Article 5. Internal control", "第5条（内部統制）"
    line: int
    anchor: str  # article-5
    paragraphs: list[Paragraph] = []


class Section(_Frozen):
    """A heading of a policy that has no Article structure, with its body."""

    title: str
    level: int
    line: int
    anchor: str  # slug of the title, unique in the document
    text: str


class FrontMatter(_Frozen):
    title: str
    issuer: str
    enacted: date
    governed_by: str
    language: str = "en"
    translation_of: str | None = None  # language code of the authoritative original, for a translation
    original_digest: str | None = None  # sha256:<hex> of the original this translation follows


class Regulation(_Frozen):
    id: str  # path below the regulations folder without ".md": "bribery-prevention", "bribery-prevention.ja"
    path: str
    front_matter: FrontMatter | None  # None when front matter is lenient and does not fit the schema
    metadata: dict[str, object] = {}  # the raw front matter as read
    title: str
    body_line: int  # first line after the front matter
    articles: list[Article] = []
    sections: list[Section] = []
    definitions: list[Definition] = []
    references: list[CrossReference] = []

    @property
    def is_article_structured(self) -> bool:
        return bool(self.articles)

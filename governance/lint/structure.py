"""Structure rules (STR001-STR005) on the parsed model: numbering that reads one way and counts another,
references that point nowhere, articles with nothing in them. STR006 comes from the parser itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from governance.i18n import Message
from governance.text.findings import Finding
from governance.text.model import Article, Item, Paragraph, Regulation
from governance.text.recognisers import article_label


def check_structure(regulation: Regulation) -> list[Finding]:
    return list(_check(regulation))


def _check(regulation: Regulation) -> Iterator[Finding]:
    path = regulation.path
    seen: set[tuple[int, int | None]] = set()
    # compared with the previous number, so one gap is one finding, not a cascade
    previous: tuple[int, int | None] = (0, None)
    for article in regulation.articles:
        key = (article.number, article.branch)
        name = article_label(article.number, article.branch)
        # After Article 25 come Article 26 or 25の2 (枝番), after 25の2 come 26 or 25の3.
        follows = {(previous[0] + 1, None), (previous[0], (previous[1] or 1) + 1)}
        if key in seen:
            message = Message("{article} appears twice; renumber the articles 1, 2, 3, ...", article=name)
            yield Finding(path, article.line, 1, "STR001", message)
        elif key not in follows:
            yield Finding(
                path,
                article.line,
                1,
                "STR001",
                Message(
                    "{article} where {expected} is expected; number articles consecutively from 1 (an "
                    "article inserted later may be numbered 第N条の2)",
                    article=name,
                    expected=article_label(previous[0] + 1),
                ),
            )
        seen.add(key)
        previous = key
        yield from _check_article(article, path)
    for reference in regulation.references:
        if reference.target is None:
            yield Finding(
                path,
                reference.line,
                reference.col,
                "STR004",
                Message(
                    "the reference '{reference}' points to no article or paragraph of this regulation; "
                    "correct it",
                    reference=reference.text,
                ),
            )


def _check_article(article: Article, path: str) -> Iterator[Finding]:
    if article.deleted:
        return  # `第13条　削除`: the number is kept, the text is gone
    if not any(paragraph.text or paragraph.items for paragraph in article.paragraphs):
        yield Finding(
            path,
            article.line,
            1,
            "STR005",
            Message(
                "{article} is empty; give it its text (or '削除' / 'Deleted')",
                article=article_label(article.number, article.branch),
            ),
        )
        return
    for paragraph, expected in _out_of_order(article.paragraphs):
        yield Finding(
            path,
            paragraph.line,
            1,
            "STR002",
            Message(
                "paragraph {paragraph} of {article} where paragraph {expected} is expected; number "
                "paragraphs consecutively (the first may be unnumbered)",
                paragraph=paragraph.label or paragraph.number,
                article=article_label(article.number, article.branch),
                expected=expected,
            ),
        )
    for paragraph in article.paragraphs:
        yield from _check_items(paragraph.items, path)


def _check_items(items: list[Item], path: str) -> Iterator[Finding]:
    for item, expected in _out_of_order(items):
        yield Finding(
            path,
            item.line,
            1,
            "STR003",
            Message(
                "item {item} is item number {number} where number {expected} is expected; number the "
                "items in order",
                item=item.label,
                number=item.number,
                expected=expected,
            ),
        )
    for item in items:
        yield from _check_items(item.items, path)


_Numbered = TypeVar("_Numbered", Paragraph, Item)


def _out_of_order(numbered: list[_Numbered]) -> Iterator[tuple[_Numbered, int]]:
    """Each paragraph or item whose number does not follow the one before it, with the expected number."""
    previous = 0
    for entry in numbered:
        if entry.number != previous + 1:
            yield entry, previous + 1
        previous = entry.number

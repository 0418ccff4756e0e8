"""Structure rules (STR001-STR005) on the parsed model: numbering that reads one way and counts another,
references that point nowhere, articles with nothing in them. STR006 comes from the parser itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from governance.text.findings import Finding
from governance.text.model import Article, Item, Paragraph, Regulation


def check_structure(regulation: Regulation) -> list[Finding]:
    return list(_check(regulation))


def _check(regulation: Regulation) -> Iterator[Finding]:
    path = regulation.path
    seen: set[int] = set()
    previous = 0  # compared with the previous number, so one gap is one finding, not a cascade
    for article in regulation.articles:
        expected = previous + 1
        if article.number in seen:
            yield Finding(
                path,
                article.line,
                1,
                "STR001",
                f"Article {article.number} appears twice; renumber the articles 1, 2, 3, ...",
            )
        elif article.number != expected:
            yield Finding(
                path,
                article.line,
                1,
                "STR001",
                f"Article {article.number} where Article {expected} is expected; number articles consecutively from 1",
            )
        seen.add(article.number)
        previous = article.number
        yield from _check_article(article, path)
    for reference in regulation.references:
        if reference.target is None:
            yield Finding(
                path,
                reference.line,
                reference.col,
                "STR004",
                f"the reference '{reference.text}' points to no article or paragraph of this regulation; correct it",
            )


def _check_article(article: Article, path: str) -> Iterator[Finding]:
    if not any(paragraph.text or paragraph.items for paragraph in article.paragraphs):
        yield Finding(
            path,
            article.line,
            1,
            "STR005",
            f"Article {article.number} is empty; give it its text (or '削除' / 'Deleted')",
        )
        return
    for paragraph, expected in _out_of_order(article.paragraphs):
        yield Finding(
            path,
            paragraph.line,
            1,
            "STR002",
            f"paragraph {paragraph.label or paragraph.number} of Article {article.number} where paragraph "
            f"{expected} is expected; number paragraphs consecutively (the first may be unnumbered)",
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
            f"item {item.label} is item number {item.number} where number {expected} is expected; "
            "number the items in order",
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

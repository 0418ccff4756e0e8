"""Cross-references become links to the anchors the parser resolved them to."""

from __future__ import annotations

import markdown  # type: ignore[import-untyped]
import pytest

from governance.site.builder import anchored
from governance.site.links import link_references
from governance.text.parser import parse_with_findings

EN = """---
title: Test Rules
issuer: Example Inc.
enacted: 2026-04-01
governed_by: board-of-directors
---

# Test Rules

## Article 1. Purpose

These rules apply as set out in Article 2.

## Article 2. Duties

1. Every employee follows Article 1.

2. LINE
"""

JA = """---
title: テスト規程
issuer: 株式会社テスト
enacted: 2026-04-01
governed_by: board-of-directors
language: ja
---

# テスト規程

## 第1条（目的）

この規程は、第２条第２項に定めるところによる。

## 第2条（義務）

従業員は、第１条を守る。

２　LINE
"""

LINK = "{ .governance-reference }"


def linked(text: str, line: str) -> str:
    """The linked form of `line`, written as paragraph 2 of Article 2 in `text` (after its number)."""
    source = text.replace("LINE", line)
    regulation, _ = parse_with_findings(source, "r.md", "r", lenient=True)
    number = source.split("\n").index(next(row for row in source.split("\n") if row.endswith(line)))
    out = link_references(source.split("\n"), regulation.references)[number]
    return out.split(" ", 1)[1] if text is EN else out.split("\u3000", 1)[1]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("See Article 1.", f"See [Article 1](#article-1){LINK}."),
        (
            "Article 2.1 and Article 1 apply.",
            f"[Article 2.1](#article-2-1){LINK} and [Article 1](#article-1){LINK} apply.",
        ),
        ("As paragraph 1 of Article 2 says.", f"As [paragraph 1 of Article 2](#article-2-1){LINK} says."),
        ("Article 42 does not exist.", "Article 42 does not exist."),  # unresolved: left as written
        ("Article 3 of the Companies Act applies.", "Article 3 of the Companies Act applies."),  # not ours
        (
            "See [Article 1](https://example.com/a).",
            "See [Article 1](https://example.com/a).",
        ),  # a link already
        ("Write `Article 1` here.", "Write `Article 1` here."),  # code
        ('<span title="Article 1">x</span>', '<span title="Article 1">x</span>'),  # HTML
    ],
)
def test_english_references_link_to_their_anchors(line: str, expected: str) -> None:
    assert linked(EN, line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "第１条及び第２条第１項による。",
            f"[第１条](#article-1){LINK}及び[第２条第１項](#article-2-1){LINK}による。",
        ),
        ("第九条による。", "第九条による。"),  # no Article 9 here
        ("会社法第３条による。", "会社法第３条による。"),  # another instrument
    ],
)
def test_japanese_references_link_to_their_anchors(line: str, expected: str) -> None:
    assert linked(JA, line) == expected


def test_the_site_text_and_the_paper_copy_carry_the_links() -> None:
    text = anchored(EN.replace("LINE", "Duties follow Article 1."), "r.md", "r")
    assert f"as set out in [Article 2](#article-2){LINK}." in text
    assert "## Article 2. Duties { #article-2 }" in text  # headings are titles, not references
    html = markdown.markdown(text, extensions=["attr_list", "md_in_html", "toc"])
    assert '<a class="governance-reference" href="#article-1">Article 1</a>' in html
    assert 'id="article-1"' in html

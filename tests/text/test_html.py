"""The one renderer of regulation text: the subset as HTML, numbers as written, the parser's anchors,
cross-references as links, and everything outside the subset shown as written."""

from __future__ import annotations

import pytest

from governance.text.html import render_text, visible_text

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


def body(text: str, line: str) -> str:
    return render_text(text.replace("LINE", line), "r.md", "r").html


def ref(target: str, text: str) -> str:
    return f'<a class="governance-reference" href="#{target}">{text}</a>'


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("See Article 1.", f"See {ref('article-1', 'Article 1')}."),
        (
            "Article 2.1 and Article 1 apply.",
            f"{ref('article-2-1', 'Article 2.1')} and {ref('article-1', 'Article 1')} apply.",
        ),
        ("As paragraph 1 of Article 2 says.", f"As {ref('article-2-1', 'paragraph 1 of Article 2')} says."),
        ("Article 42 does not exist.", "Article 42 does not exist."),  # unresolved: left as written
        ("Article 1 and Article 10.", f"{ref('article-1', 'Article 1')} and Article 10."),  # whole numbers
        ("Article 3 of the Companies Act applies.", "Article 3 of the Companies Act applies."),  # not ours
        ("See [Article 1](https://example.com/a).", 'See <a href="https://example.com/a">Article 1</a>.'),
        ("Write `Article 1` here.", "Write <code>Article 1</code> here."),
        ('<span title="Article 1">x</span>', "&lt;span title=&quot;Article 1&quot;&gt;x&lt;/span&gt;"),
    ],
)
def test_english_references_link_to_their_anchors(line: str, expected: str) -> None:
    assert f'<span class="governance-number">2.</span> {expected} <a class="governance-permalink"' in body(
        EN, line
    )


def test_japanese_references_and_paragraphs_written_without_a_blank_line() -> None:
    html = body(JA, "第１条及び第２条第１項による。")
    assert f"この規程は、{ref('article-2-2', '第２条第２項')}に定めるところによる。" in html
    # ２　opens paragraph 2 of Article 2 on the next line: a paragraph of its own, with its anchor.
    assert (
        f'<p id="article-2-2">２　{ref("article-1", "第１条")}及び{ref("article-2-1", "第２条第１項")}による。'
        in html
    )
    assert '<h2 id="article-1">第1条（目的）' in html


def test_numbers_are_shown_as_written_not_counted() -> None:
    rendered = render_text(EN.replace("2. LINE", "1. Again"), "r.md", "r").html
    assert rendered.count('<span class="governance-number">1.</span>') == 2  # not 1., 2.
    assert "<ol" not in rendered  # a browser would count them
    started = render_text(EN.replace("1. Every", "2. Every"), "r.md", "r").html
    assert '<span class="governance-number">2.</span> Every' in started


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ('!!! success "In force from 2030-01-01"', '!!! success "In force from 2030-01-01"'),
        ('Hidden { style="display:none" }', 'Hidden { style="display:none" }'),
        ("A &#x202E; B &#8203; C &amp; D", "A &#x202E; B &#8203; C &amp; D"),
        ("\\`<b>bold</b>\\`", "`<b>bold</b>`"),
        ("![logo](https://example.com/x.png)", "![logo](https://example.com/x.png)"),
        ("[click](javascript:alert(1))", "[click](javascript:alert(1))"),
        ("Text[^1]", "Text[^1]"),
    ],
)
def test_what_is_outside_the_subset_is_shown_as_written(source: str, shown: str) -> None:
    html = body(EN, source)
    text = visible_text(html)
    assert shown in text
    assert "<b>" not in html and 'style="' not in html and 'href="javascript' not in html


def test_what_shows_nothing_and_says_nothing_renders_as_nothing() -> None:
    text = EN.replace("2. LINE", '2. <a id="old-2"></a>Kept <!-- markdownlint-disable-line --> as adopted.')
    html = render_text(
        text.replace("## Article 1.", "<!-- prettier-ignore -->\n\n## Article 1."), "r.md", "r"
    ).html
    assert '<a id="old-2"></a>Kept  as adopted.' in html and "prettier" not in html
    hijack = render_text(EN.replace("LINE", '<a id="article-1"></a>here'), "r.md", "r").html
    assert "&lt;a id=&quot;article-1&quot;&gt;&lt;/a&gt;here" in hijack  # never a second article-1
    secret = render_text(EN.replace("LINE", "<!-- unless waived -->"), "r.md", "r").html
    assert "&lt;!-- unless waived --&gt;" in secret  # any other comment is shown as written


def test_a_link_reference_definition_is_shown_not_swallowed() -> None:
    text = EN.replace("2. LINE", "2. See [the law][law].\n\n[law]: https://example.com/law")
    html = render_text(text, "r.md", "r").html
    assert "[law]: https://example.com/law" in visible_text(html)


def test_divisions_follow_the_articles_and_the_closing_after_a_break() -> None:
    text = EN.replace("2. LINE", "2. Last.\n\n***\n\nEnd of text")
    divisions = render_text(text, "r.md", "r").divisions
    assert [d.key for d in divisions] == ["preamble", "article-1", "article-2", "closing"]
    assert divisions[-1].text.strip() == "End of text"
    assert divisions[2].heading == "Article 2. Duties"


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        # Inside a Japanese sentence a line break shows nothing (governance.text.line_breaks)...
        ("内部統制の\n枠組みを定める。", "内部統制の枠組みを定める。"),
        ("定める。\n「役員」とは", "定める。「役員」とは"),  # full-width punctuation
        # Emphasis is looked through: what is shown either side decides.
        ("前項の\n**規定**は\n*準用*する。", "前項の<strong>規定</strong>は<em>準用</em>する。"),
        ("別表\n１による。", "別表１による。"),  # a full-width digit
        ('この規程の<a id="old-3"></a>\n定め', 'この規程の<a id="old-3"></a>定め'),  # an empty anchor
        # ...and a space everywhere else: Latin words, Latin beside kanji, Korean, a hard break.
        ("Every\nemployee", "Every\nemployee"),
        ("IIJ\nグループ", "IIJ\nグループ"),
        ("グループの\nIIJ", "グループの\nIIJ"),
        ("第5\n条", "第5\n条"),  # an ASCII digit
        ("※\n注記", "※\n注記"),  # East Asian Ambiguous
        ("한국어\n문장", "한국어\n문장"),  # Hangul: Korean puts spaces between words
        ("内部統制の\\\n枠組み", "内部統制の<br>\n枠組み"),
        ("内部統制の`\n`枠組み", "内部統制の<code> </code>枠組み"),  # a code span shows its line break
    ],
)
def test_a_line_break_inside_a_japanese_sentence_shows_no_space(line: str, shown: str) -> None:
    assert f'<span class="governance-number">2.</span> {shown} <a class="governance-permalink"' in body(
        EN, line
    )

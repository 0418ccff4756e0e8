"""Tab-indented 号 as structure (issue 15): `一<TAB>正社員`, indented with tabs inside its paragraph, is an
item to the parser, to lint and to the renderer alike; every other tab is still ENC007 (a tab that makes
Markdown read a line as code, a tab inside a sentence)."""

from __future__ import annotations

from governance.lint.runner import lint_text
from governance.text.html import render_text
from governance.text.numbering import structural_tabs
from governance.text.parser import parse_regulation

HEAD = (
    "---\ntitle: 就業規則\nissuer: 株式会社サンプル\nenacted: 2019-04-01\ngoverned_by: board-of-directors\n"
    "language: ja\n---\n\n# 就業規則\n\n"
)
TABBED = (
    HEAD + "### 第1条（従業員の定義）\n\nこの規則で従業員とは、次の各号に掲げる者をいう。\n"
    "\t一\t正社員\n\t二\t契約社員\n\t\tイ\t有期\n\n"
    "### 第2条（休暇）\n\n休暇は次のとおりとする。\n\n（１）\t年次有給休暇\n（２）\t特別休暇\n"
)


def test_the_tabs_of_items_are_structure_to_the_parser_lint_and_the_renderer() -> None:
    regulation = parse_regulation(TABBED, "01_就業規則.md", "01_就業規則")
    first, second = regulation.articles
    items = first.paragraphs[0].items
    assert [(i.label, i.text) for i in items] == [("一", "正社員"), ("二", "契約社員")]
    assert [(i.label, i.text) for i in items[1].items] == [("イ", "有期")]
    assert [(i.label, i.text) for i in second.paragraphs[0].items] == [
        ("（１）", "年次有給休暇"),
        ("（２）", "特別休暇"),
    ]
    assert lint_text(TABBED, "01_就業規則.md", "01_就業規則") == []
    html = render_text(TABBED, "01_就業規則.md", "01_就業規則").html
    for anchor in ("article-1-1-1", "article-1-1-2", "article-1-1-2-a", "article-2-1-1", "article-2-1-2"):
        assert f'id="{anchor}"' in html, anchor
    assert "<pre>" not in html and "<code>" not in html


def test_every_other_tab_is_still_a_finding() -> None:
    code = HEAD + "### 第1条（例）\n\n本文。\n\n\t一\t正社員\n"  # after a blank line: Markdown's code block
    sentence = HEAD + "### 第1条（例）\n\n従業員は、\t誠実に勤務する。\n"
    after_text = (
        HEAD + "### 第1条（例）\n\n次のとおり。\n一\t正社員\tを含む\n"
    )  # only the label's tab is structure
    for text, line, columns in ((code, 15, [1, 3]), (sentence, 13, [6]), (after_text, 14, [6])):
        found = [(f.line, f.col) for f in lint_text(text, "x.md", "x") if f.code == "ENC007"]
        assert found == [(line, column) for column in columns], text


def test_an_english_text_keeps_its_tabs_refused() -> None:
    english = TABBED.replace("language: ja", "language: en")
    assert {f.code for f in lint_text(english, "x.md", "x")} >= {"ENC007"}


def test_the_structural_columns_of_a_line() -> None:
    assert sorted(structural_tabs("\t\t一\t\t正社員")) == [1, 2, 4, 5]
    assert sorted(structural_tabs("（１）\t年次有給休暇")) == [4]
    assert structural_tabs("\t本文\tの途中") == frozenset()

"""Japanese drafting as a company's 就業規則 is written (issue 15): 章・節・款, 枝番 articles, 削除
articles, 附則 per amendment, statute references by name or short name, 号 as written, a 項 after a
table. The fixture japanese_work_rules.md is written like a real 就業規則."""

from __future__ import annotations

from pathlib import Path

import pytest

from governance.lint.runner import lint_text
from governance.lint.structure import check_structure
from governance.text.html import render_text
from governance.text.model import Regulation
from governance.text.parser import parse_regulation
from governance.text.recognisers import article_heading, division_heading, is_supplementary_heading

RULES = (Path(__file__).parent / "japanese_work_rules.md").read_text(encoding="utf-8")
PATH = "01_就業規則.md"


@pytest.fixture(scope="module")
def rules() -> Regulation:
    return parse_regulation(RULES, PATH, "01_就業規則")


def test_the_work_rules_lint_clean() -> None:
    assert lint_text(RULES, PATH, "01_就業規則", bodies={"board-of-directors"}) == []


def test_branch_articles_have_their_own_anchor_in_order(rules: Regulation) -> None:
    assert [(a.number, a.branch, a.anchor) for a in rules.articles] == [
        (1, None, "article-1"),
        (2, None, "article-2"),
        (3, None, "article-3"),
        (3, 2, "article-3_2"),
        (4, None, "article-4"),
        (5, None, "article-5"),
        (6, None, "article-6"),
    ]
    branch = rules.articles[3]
    assert (branch.title, [p.anchor for p in branch.paragraphs]) == (
        "試用期間",
        ["article-3_2-1", "article-3_2-2"],
    )


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("第25条の2（休職）", (25, 2, "休職")),
        ("第２５条の２　休職", (25, 2, "休職")),
        ("第二十五条の二", (25, 2, "")),
        ("第25条の1", None),  # the first article of a number is the article itself
    ],
)
def test_branch_article_headings(heading: str, expected: tuple[int, int, str] | None) -> None:
    found = article_heading(heading)
    assert (None if found is None else (found.number, found.branch, found.title)) == expected


def test_a_deleted_article_keeps_its_number_and_is_no_finding(rules: Regulation) -> None:
    deleted = rules.articles[5]
    assert (deleted.heading, deleted.deleted) == ("第5条\u3000削除", True)
    without = RULES.replace("### 第5条　削除\n", "")
    found = check_structure(parse_regulation(without, PATH, "x"))
    assert [(f.code, f.message.split(";")[0]) for f in found] == [
        ("STR001", "Article 6 where Article 5 is expected")
    ]
    empty = RULES.replace("### 第5条　削除", "### 第5条（休憩）")
    assert [f.code for f in check_structure(parse_regulation(empty, PATH, "x"))] == ["STR005"]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (["1", "2", "2の2", "2の3", "3"], []),
        (["1", "1の3"], ["Article 1の3 where Article 2 is expected"]),
        (["1", "2", "2の2", "2の2"], ["Article 2の2 appears twice"]),
        (["1", "3"], ["Article 3 where Article 2 is expected"]),
    ],
)
def test_branch_numbering_order(order: list[str], expected: list[str]) -> None:
    headings = [
        f"第{number}条" if "の" not in number else "第{}条の{}".format(*number.split("の"))
        for number in order
    ]
    text = "".join(f"## {heading}（見出し）\n\n本文。\n\n" for heading in headings)
    found = check_structure(parse_regulation(text, "r.md", "r", lenient=True))
    assert [f.message.split(";")[0] for f in found] == expected


def test_chapters_and_sections_are_divisions_with_anchors(rules: Regulation) -> None:
    assert [(d.kind, d.number, d.title, d.anchor) for d in rules.divisions] == [
        ("chapter", 1, "総則", "chapter-1"),
        ("chapter", 2, "勤務", "chapter-2"),
        ("section", 1, "労働時間", "chapter-2-section-1"),
        ("section", 2, "休暇", "chapter-2-section-2"),
    ]
    assert division_heading("第3款　特別休暇") is not None and division_heading("第3条　目的") is None


def test_each_supplementary_provision_is_a_part_of_its_own(rules: Regulation) -> None:
    assert [(s.heading, s.anchor, s.text) for s in rules.supplementary] == [
        ("附則", "supplementary-1", "この規則は、2019年4月1日から施行する。"),
        (
            "附則（2024年3月15日改正）",
            "supplementary-2",
            "この規則は、2024年3月15日に改正し、2024年4月1日から施行する。",
        ),
    ]
    assert all(map(is_supplementary_heading, ["附則", "附　則", "附則（令和6年4月1日）"]))
    assert not is_supplementary_heading("附属書")


def test_articles_of_a_supplementary_provision_count_apart() -> None:
    text = (
        RULES
        + "\n## 附則（2025年4月1日改正）\n\n### 第1条（施行期日）\n\nこの規則は、2025年4月1日から施行する。\n"
    )
    regulation = parse_regulation(text, PATH, "x")
    assert len(regulation.articles) == 7 and len(regulation.supplementary) == 3
    assert "第1条（施行期日）" in regulation.supplementary[2].text
    assert check_structure(regulation) == []


def test_statute_references_by_name_or_short_name_are_not_own_articles(rules: Regulation) -> None:
    assert [(r.text, r.target) for r in rules.references] == [("第3条の2第1項", "article-3_2-1")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("労働基準法（以下「労基法」という。）第89条による。", []),
        ("労働安全衛生規則（以下「安衛則」という。）に従い、安衛則第44条の健康診断を行う。", []),
        ("この規則（以下「本規則」という。）第1条による。", [("第1条", "article-1")]),
        ("会社（以下「当社」という。）は第1条による。", [("第1条", "article-1")]),
        ("第1条の2第2項による。", [("第1条の2第2項", None)]),
    ],
)
def test_short_names(line: str, expected: list[tuple[str, str | None]]) -> None:
    text = f"## 第1条（目的）\n\n{line}\n"
    regulation = parse_regulation(text, "r.md", "r", lenient=True)
    assert [(r.text, r.target) for r in regulation.references] == expected


def test_rendered_as_written_with_every_part_anchored() -> None:
    rendered = render_text(RULES, PATH, "01_就業規則")
    keys = [d.key for d in rendered.divisions]
    assert keys == [
        "preamble",
        "chapter-1",
        "article-1",
        "article-2",
        "article-3",
        "article-3_2",
        "chapter-2",
        "chapter-2-section-1",
        "article-4",
        "article-5",
        "chapter-2-section-2",
        "article-6",
        "supplementary-1",
        "supplementary-2",
    ]
    page = rendered.html
    assert '<a class="governance-reference" href="#article-3_2-1">第3条の2第1項</a>' in page
    assert "労働基準法（以下「労基法」という。）第89条に基づき" in page  # not linked: another instrument
    # 号 and 項 as written: 一, （１）, and ２ after the table.
    assert '<p id="article-3-1-1">一　正社員' in page
    assert '<p id="article-6-1-2">（２）1年6か月継続勤務した者' in page
    assert page.index("</table>") < page.index('<p id="article-4-2">２　前項の規定')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# 就業規則\n\n## 第1条（目的）\n\n本文。\n", "ja"),  # no front matter: detected
        ("# Work Rules\n\n## Article 1. Purpose\n\nText.\n", "en"),
        ("---\nlanguage: fil\n---\n\n# 就業規則\n", "fil"),  # stated wins
    ],
)
def test_the_language_of_a_text_is_stated_or_detected(text: str, expected: str) -> None:
    assert parse_regulation(text, "r.md", "r", lenient=True).language == expected

"""The parser on the seed, its Japanese translation, plain policies and small case tables."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from governance.errors import GovernanceError
from governance.text.model import Item, Regulation
from governance.text.numbering import item_label
from governance.text.parser import parse_regulation, slug
from governance.text.recognisers import parse_number

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "regulations" / "bribery-prevention.md"
JAPANESE = ROOT / "regulations" / "bribery-prevention.ja.md"

HEADER = "---\ntitle: T\nissuer: I\nenacted: 2020-01-01\ngoverned_by: board-of-directors\n---\n\n"


def _parse(body: str, *, header: str = HEADER, lenient: bool = False) -> Regulation:
    return parse_regulation(header + body, "regulations/x.md", "x", lenient=lenient)


def _anchors(regulation: Regulation) -> list[str]:
    def walk(items: list[Item]) -> list[str]:
        return [anchor for item in items for anchor in (item.anchor, *walk(item.items))]

    return [
        anchor
        for article in regulation.articles
        for anchor in (
            article.anchor,
            *(a for paragraph in article.paragraphs for a in (paragraph.anchor, *walk(paragraph.items))),
        )
    ]


@pytest.fixture(scope="module")
def seed() -> Regulation:
    return parse_regulation(
        SEED.read_text(encoding="utf-8"), "regulations/bribery-prevention.md", "bribery-prevention"
    )


@pytest.fixture(scope="module")
def japanese() -> Regulation:
    text = JAPANESE.read_text(encoding="utf-8")
    return parse_regulation(text, "regulations/bribery-prevention.ja.md", "bribery-prevention.ja")


def test_seed_articles_and_front_matter(seed: Regulation) -> None:
    assert seed.title == "Bribery Prevention Regulations"
    assert seed.front_matter is not None
    assert seed.front_matter.enacted == date(2012, 4, 1)
    assert seed.front_matter.governed_by == "board-of-directors"
    assert seed.body_line == 8
    assert [(a.number, a.anchor) for a in seed.articles] == [(n, f"article-{n}") for n in range(1, 10)]
    assert seed.articles[0].title == "Purpose"
    assert seed.articles[0].heading == "Article 1. Purpose"
    assert seed.articles[0].line == 15
    assert seed.articles[8].title == "Amendments and rescissions"
    # The closing "***" ends Article 9: "End of text" is not part of it.
    assert seed.articles[8].paragraphs[0].text.endswith("decision of the board of directors.")
    assert seed.sections == [] and seed.references == []


def test_seed_paragraphs(seed: Regulation) -> None:
    article5 = seed.articles[4]
    assert [(p.number, p.label, p.anchor, p.line) for p in article5.paragraphs] == [
        (1, "1.", "article-5-1", 54),
        (2, "2.", "article-5-2", 56),
    ]
    assert article5.paragraphs[1].text.startswith("Each company of IIJ Group must among")
    article1 = seed.articles[0].paragraphs
    assert [(p.number, p.label, p.anchor) for p in article1] == [(1, None, "article-1-1")]


def test_seed_items_nest_as_in_the_source(seed: Regulation) -> None:
    paragraph = seed.articles[1].paragraphs[0]
    assert (
        paragraph.text == "Words and expressions used in these regulations have the meanings defined below."
    )
    assert [(item.label, item.number, item.line) for item in paragraph.items] == [
        ("(1)", 1, 23),
        ("(2)", 2, 27),
        ("(3)", 3, 31),
        ("(4)", 4, 40),
    ]
    bribery = paragraph.items[2]
    assert [(i.label, i.anchor, i.line) for i in bribery.items] == [
        ("(a)", "article-2-1-3-a", 35),
        ("(b)", "article-2-1-3-b", 36),
        ("(c)", "article-2-1-3-c", 37),
        ("(d)", "article-2-1-3-d", 38),
    ]
    assert (
        bribery.items[0].text
        == "To influence actions or decisions of civil servants in their public positions"
    )
    assert paragraph.items[0].items == [] and paragraph.items[3].items == []


def test_seed_definitions(seed: Regulation) -> None:
    assert [(d.term, d.anchor, d.line) for d in seed.definitions] == [
        ("Civil servants, etc.", "article-2-1-1", 23),
        ("Cash payments, etc.", "article-2-1-2", 27),
        ("Bribery", "article-2-1-3", 31),
        ("Partners", "article-2-1-4", 40),
    ]
    assert seed.definitions[0].text.startswith(
        "Civil servants, persons employed with administrative agencies"
    )
    assert seed.definitions[3].text.endswith("participation from governmental institutions")


def test_japanese_translation_has_the_same_anchors(seed: Regulation, japanese: Regulation) -> None:
    assert _anchors(japanese) == _anchors(seed)
    assert len(_anchors(seed)) == 9 + 10 + 8  # articles, paragraphs, items
    assert japanese.title == "贈収賄防止規程"
    assert japanese.front_matter is not None
    assert (japanese.front_matter.language, japanese.front_matter.translation_of) == ("ja", "en")
    assert [a.title for a in japanese.articles][:2] == ["目的", "定義"]
    assert [(p.label, p.anchor) for p in japanese.articles[4].paragraphs] == [
        (None, "article-5-1"),
        ("２", "article-5-2"),
    ]
    assert [d.term for d in japanese.definitions] == ["公務員等", "金銭等の支払い", "贈賄", "パートナー"]
    assert japanese.definitions[0].text.endswith("をいう。")
    assert [i.label for i in japanese.articles[1].paragraphs[0].items[2].items] == ["イ", "ロ", "ハ", "ニ"]


def test_japanese_structure_without_blank_lines() -> None:
    regulation = _parse(
        "## 第十二条（報告）\n"
        "従業員は、次に掲げる事項を報告する。\n"
        "一　贈賄の疑い\n"
        "イ　国内\n"
        "ロ　国外\n"
        "二　その他\n"
        "２　前項の報告は、書面による。\n"
        "3 前二項は、第12条第１項の例による。\n"
        "## 第13条 雑則\n"
        "本規程第１２条に定める。\n"
    )
    first, second = regulation.articles
    assert (first.number, first.title, first.anchor) == (12, "報告", "article-12")
    assert (second.number, second.title) == (13, "雑則")
    assert [(p.number, p.label, p.line) for p in first.paragraphs] == [
        (1, None, 9),
        (2, "２", 14),
        (3, "3", 15),
    ]
    items = first.paragraphs[0].items
    assert [(i.label, i.anchor) for i in items] == [("一", "article-12-1-1"), ("二", "article-12-1-2")]
    assert [(i.label, i.anchor, i.text) for i in items[0].items] == [
        ("イ", "article-12-1-1-a", "国内"),
        ("ロ", "article-12-1-1-b", "国外"),
    ]
    assert first.paragraphs[1].text == "前項の報告は、書面による。"
    assert [(r.text, r.article, r.paragraph, r.target, r.line) for r in regulation.references] == [
        ("第12条第１項", 12, 1, "article-12-1", 15),
        ("第１２条", 12, None, "article-12", 17),
    ]


def test_roman_and_lettered_items() -> None:
    regulation = _parse(
        "## Article 1. Terms\n\n(a) first\n\n(i) sub one\n\n(ii) sub two\n\n(b) second\n\n"
        "(c) third\n\n(d)\n\n(e)\n\n(f)\n\n(g)\n\n(h) eighth\n\n(i) ninth\n"
    )
    items = regulation.articles[0].paragraphs[0].items
    assert [i.label for i in items] == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)", "(h)", "(i)"]
    assert [(i.label, i.number, i.anchor) for i in items[0].items] == [
        ("(i)", 1, "article-1-1-a-r1"),
        ("(ii)", 2, "article-1-1-a-r2"),
    ]
    assert items[-1].number == 9 and items[-1].anchor == "article-1-1-i"


def test_policy_without_articles_parses_into_sections() -> None:
    regulation = _parse(
        "# Travel Policy\n\nIntro.\n\n## Scope\n\nEveryone.\n\n### Who\n\nStaff.\n\n## Scope\n\nAgain.\n\n## 出張の手続\n\n申請する。\n",
        header="",
        lenient=True,
    )
    assert regulation.title == "Travel Policy"
    assert regulation.articles == [] and not regulation.is_article_structured
    assert regulation.front_matter is None and regulation.body_line == 1
    assert [(s.title, s.level, s.line, s.anchor, s.text) for s in regulation.sections] == [
        ("Scope", 2, 5, "scope", "Everyone."),
        ("Who", 3, 9, "who", "Staff."),
        ("Scope", 2, 13, "scope_1", "Again."),
        ("出張の手続", 2, 17, "出張の手続", "申請する。"),
    ]


def test_title_falls_back_to_the_id() -> None:
    assert _parse("Just text.\n", header="", lenient=True).title == "x"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See Article 1.", [("Article 1", 1, None, "article-1")]),
        (
            "See Article 2.2 and Article 2, paragraph 1.",
            [("Article 2.2", 2, 2, "article-2-2"), ("Article 2, paragraph 1", 2, 1, "article-2-1")],
        ),
        ("Under Article 2(2).", [("Article 2(2)", 2, 2, "article-2-2")]),
        ("Under paragraph 2 of Article 2.", [("paragraph 2 of Article 2", 2, 2, "article-2-2")]),
        ("See Article 9 and Article 2.3.", [("Article 9", 9, None, None), ("Article 2.3", 2, 3, None)]),
        ("Article 3 of the Unfair Competition Prevention Act applies.", []),
        ("Article 9 of the Articles of Incorporation applies.", []),
        ("As Article 1 of these regulations says.", [("Article 1", 1, None, "article-1")]),
        (
            "第１条及び第２条第２項による。",
            [("第１条", 1, None, "article-1"), ("第２条第２項", 2, 2, "article-2-2")],
        ),
        ("第一条の定めによる。", [("第一条", 1, None, "article-1")]),
        ("不正競争防止法第１８条及び就業規則第3条による。", []),
        ("本規程第２条による。", [("第２条", 2, None, "article-2")]),
        ("第２条の２による。", [("第２条の２", 2, None, None)]),
    ],
)
def test_cross_references(text: str, expected: list[tuple[str, int, int | None, str | None]]) -> None:
    body = f"## Article 1. One\n\n{text}\n\n## Article 2. Two\n\n1. A.\n\n2. B.\n"
    regulation = _parse(body)
    assert [(r.text, r.article, r.paragraph, r.target) for r in regulation.references] == expected
    assert all(r.line == 10 for r in regulation.references)
    for reference in regulation.references:
        assert text[reference.col - 1 :].startswith(reference.text)


def test_strict_front_matter_errors_name_file_and_line() -> None:
    with pytest.raises(GovernanceError) as caught:
        _parse("# T\n", header="---\ntitle: T\nissuer: I\nenacted: 2020-1-1\ngoverned_by: b\n---\n")
    assert caught.value.path == "regulations/x.md" and caught.value.line == 4
    assert "YYYY-MM-DD" in caught.value.message and "FM004" in caught.value.message
    with pytest.raises(GovernanceError, match="no front matter"):
        _parse("# T\n", header="")


def test_lenient_front_matter_keeps_what_fits() -> None:
    fits = _parse("# T\n", header=HEADER.replace("---\n\n", "owner: HR\n---\n\n"), lenient=True)
    assert fits.front_matter is not None and fits.front_matter.governed_by == "board-of-directors"
    assert fits.metadata["owner"] == "HR"
    loose = _parse("# T\n", header="---\nowner: HR\nreviewed: 2020-1-1\n---\n", lenient=True)
    assert loose.front_matter is None
    assert loose.metadata == {"owner": "HR", "reviewed": "2020-1-1"}
    assert loose.title == "T" and loose.body_line == 5


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("１２", 12),
        ("十二", 12),
        ("二十", 20),
        ("百二十三", 123),
        ("一二", 12),
        ("千", 1000),
        ("〇", 0),
    ],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "十十", "二三十", "12a", "٣", "第"])
def test_parse_number_refuses(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("line", "japanese", "label", "system", "number", "rest"),
    [
        ("(1) Civil servants", False, "(1)", "digit", 1, "Civil servants"),
        ("（１）公務員等", True, "（１）", "digit", 1, "公務員等"),
        ("(c) To secure", False, "(c)", "latin", 3, "To secure"),
        ("（ｂ）何か", True, "（ｂ）", "latin", 2, "何か"),
        ("(iv) fourth", False, "(iv)", "roman", 4, "fourth"),
        ("十一　その他", True, "十一", "kanji", 11, "その他"),
        ("ハ　国外", True, "ハ", "iroha", 3, "国外"),
        ("（ロ）国外", True, "（ロ）", "iroha", 2, "国外"),
    ],
)
def test_item_labels(line: str, japanese: bool, label: str, system: str, number: int, rest: str) -> None:
    found = item_label(line, japanese=japanese)
    assert found is not None
    assert (found.text, found.system, found.number, found.rest) == (label, system, number, rest)


@pytest.mark.parametrize(
    ("line", "japanese"),
    [
        ("一定の金額", True),
        ("十一　x", False),
        ("(see above) text", False),
        ("イベント", True),
        ("(12345678) x", False),
    ],
)
def test_not_item_labels(line: str, japanese: bool) -> None:
    assert item_label(line, japanese=japanese) is None


def test_slug() -> None:
    assert slug("Scope of application") == "scope-of-application"
    assert slug("適用範囲（国内）") == "適用範囲国内"
    assert slug("!!!") == "section"


def test_reference_columns_in_lists_and_repeats() -> None:
    regulation = _parse(
        "## Article 1. One\n\n1. See Article 1 and again Article 1.\n\n- (a) > x Article 1(1)\n"
    )
    assert [(r.line, r.col, r.target) for r in regulation.references] == [
        (10, 8, "article-1"),
        (10, 28, "article-1"),
        (12, 11, "article-1-1"),
    ]


def test_lenient_title_from_metadata() -> None:
    assert (
        _parse("# Heading\n", header="---\ntitle: Stated\nowner: HR\n---\n", lenient=True).title == "Stated"
    )

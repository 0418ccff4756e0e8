from __future__ import annotations

import pytest

from governance.text.recognisers import article_number
from governance.text.redline import (
    DELETED_PROVISION,
    NEW_PROVISION,
    comparison,
    comparison_table_html,
    diff_html,
    redline,
    split_blocks,
    tokens,
)
from tests.site_works import SEED, japanese


@pytest.mark.parametrize(
    ("heading", "number"),
    [
        ("Article 5. Internal control", 5),
        ("Article 12", 12),
        ("第5条（内部統制）", 5),
        ("第１２条（雑則）", 12),
        ("第二十三条（改廃）", 23),
        ("第百条", 100),
        ("Scope", None),
    ],
)
def test_article_numbers_in_english_and_japanese(heading: str, number: int | None) -> None:
    assert article_number(heading) == number


def test_latin_text_diffs_by_word_and_japanese_by_character() -> None:
    assert tokens("It's well-known 第５条") == ["It's ", "well-known ", "第", "５", "条"]
    assert diff_html("The cat sat.", "The dog sat.") == "The <del>cat </del><ins>dog </ins>sat."
    assert (
        diff_html(
            "各社は内部統制を整備しなければならない。",
            "各社は内部統制の枠組みを整備し、監視しなければならない。",
        )
        == "各社は内部統制<ins>の枠組み</ins>を整備<ins>し、監視</ins>しなければならない。"
    )
    assert (
        diff_html("取引先を監視する。", "取引先を調査する。")
        == "取引先を<del>監視</del><ins>調査</ins>する。"
    )


def test_text_is_escaped_outside_and_inside_changes() -> None:
    assert diff_html("a <b> & c", "a <b> & d") == "a &lt;b&gt; &amp; <del>c</del><ins>d</ins>"


def test_a_change_in_one_article_shows_only_that_article() -> None:
    new = SEED.replace("thorough research", "thorough and documented research")
    changes = redline(SEED, new)
    assert [(c.key, c.status) for c in changes] == [("article-6", "changed")]
    assert "thorough <ins>and documented </ins>research" in changes[0].html
    assert not changes[0].html.startswith("## ")  # the page shows the heading; the diff starts below it


def test_added_and_deleted_articles_are_aligned_and_kept_in_place() -> None:
    blocks = split_blocks(SEED)
    assert [b.key for b in blocks][:3] == ["front-matter", "preamble", "article-1"]
    without_7 = SEED.replace(
        "## Article 7. Disciplinary measures\n\nCorporate officers or employees who breach these regulations "
        "will incur disciplinary measures based on the employment rules.\n\n",
        "",
    )
    with_10 = without_7.replace(
        "***", "## Article 10. Reporting\n\nSuspected bribery is reported to compliance.\n\n***"
    )
    changes = redline(SEED, with_10)
    assert [(c.key, c.status) for c in changes] == [
        ("article-7", "deleted"),
        ("article-9", "changed"),  # the section now ends before Article 10
        ("article-10", "added"),
    ]
    assert changes[0].html.startswith("<del>## Article 7. Disciplinary measures")
    assert changes[2].html.startswith("<ins>## Article 10. Reporting")
    assert "<ins>" not in changes[1].html and "<del>\n\n***\n\nEnd of text</del>" in changes[1].html


def test_a_changed_heading_is_part_of_the_diff() -> None:
    new = SEED.replace("## Article 8. Scope of application", "## Article 8. Scope")
    (change,) = redline(SEED, new)
    assert change.heading == "Article 8. Scope"
    assert change.html.startswith(
        "## Article 8. Scope<del> </del><del>of application</del>\n\nThese regulations"
    )


def test_front_matter_changes_are_shown_apart_from_the_articles() -> None:
    changes = redline(japanese("sha256:" + "0" * 64), japanese("sha256:" + "1" * 64))
    assert [c.key for c in changes] == ["front-matter"]
    assert "<del>" in changes[0].html and "<ins>" in changes[0].html


def test_japanese_articles_are_aligned_by_number() -> None:
    old = japanese("sha256:x")
    new = old.replace("適切な監視", "適切かつ継続的な監視")
    (change,) = redline(old, new)
    assert change.key == "article-6" and change.heading == "第6条（取引先の監督）"
    assert "適切<ins>かつ継続的</ins>な監視" in change.html


def test_a_shinkyu_taishohyo_puts_after_left_before_right_and_marks_new_and_deleted() -> None:
    old = japanese("sha256:x")
    without_1 = old.replace(
        "## 第1条（目的）\n\nこの規程は、当社グループの国内外における事業活動において、"
        "贈収賄に関する不正を防止することを目的とする。\n\n",
        "",
    )
    new = (
        without_1.replace("適切な監視", "継続的な監視") + "\n## 第7条（懲戒）\n\n違反者は懲戒処分を受ける。\n"
    )
    rows = comparison(old, new)
    assert [(row.key, row.after[:4], row.before[:4]) for row in rows] == [
        ("article-1", DELETED_PROVISION, "<del"),
        ("article-6", "第6条（", "第6条（"),
        ("article-7", "<ins", NEW_PROVISION),
    ]
    changed = rows[1]
    assert "<del>適切</del>な監視" in changed.before and "<ins>" not in changed.before
    assert "<ins>継続的</ins>な監視" in changed.after and "<del>" not in changed.after
    table = comparison_table_html(rows)
    assert "\n" not in table  # one raw HTML line in the Markdown page
    assert table.index("改正後") < table.index("改正前")
    assert '<tr id="article-6">' in table


def test_the_front_matter_is_no_row_of_a_shinkyu_taishohyo() -> None:
    assert comparison(japanese("sha256:x"), japanese("sha256:y")) == []

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from governance.limits import MAX_NUMBER_DIGITS
from governance.text.html import render_text, visible_text
from governance.text.recognisers import article_number, parse_number
from governance.text.redline import (
    DELETED_PROVISION,
    NEW_PROVISION,
    comparison,
    comparison_table_html,
    diff_html,
    diff_sides,
    lineages,
    number_label,
    redline,
    tokens,
)
from tests.testing.site_works import SEED, japanese


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
    assert changes[0].html.startswith("<p>")  # the published text: the page shows the heading above it


INSERTED_9 = SEED.replace(
    "## Article 9. Amendments and rescissions",
    "## Article 9. Whistleblowing\n\nEveryone may report suspected bribery to compliance.\n\n"
    "## Article 10. Amendments and rescissions",
)


def test_an_inserted_article_renumbers_the_next_one_as_drafters_say_it() -> None:
    changes = redline(SEED, INSERTED_9)
    assert [(c.key, c.status, c.number_before, c.number_after) for c in changes] == [
        ("article-9", "added", "", ""),
        ("article-10", "renumbered", "Article 9", "Article 10"),
    ]
    assert changes[0].html == "<p><ins>Everyone may report suspected bribery to compliance.</ins></p>\n"
    assert changes[1].heading_html == "Article <del>9</del><ins>10</ins>. Amendments and rescissions"
    assert "<ins>" not in changes[1].html and "<del>" not in changes[1].html  # its text is unchanged
    for change in changes:  # no Markdown syntax, and the closing is not deleted and inserted again
        assert "##" not in change.html and "***" not in change.html and "End of text" not in change.html


def test_a_renumbered_and_amended_article_is_one_change() -> None:
    new = INSERTED_9.replace("require decision of the board", "require a decision of the board")
    changes = redline(SEED, new)
    assert [(c.key, c.status, c.number_before) for c in changes][1] == ("article-10", "changed", "Article 9")
    assert "require <ins>a </ins>decision" in changes[1].html


def test_an_article_keeps_its_lineage_through_renumbering_rewording_and_deletion() -> None:
    reworded = INSERTED_9.replace("require decision of the board", "require a decision of the board")
    deleted = reworded.replace(
        "## Article 9. Whistleblowing\n\nEveryone may report suspected bribery to compliance.\n\n", ""
    ).replace("## Article 10. Amendments", "## Article 9. Amendments")
    first, second, third, fourth = lineages(
        [("v1", SEED), ("v2", INSERTED_9), ("v3", reworded), ("v4", deleted)]
    )
    assert first["article-9"] == "v1/article-9" and first["preamble"] == "v1/preamble"
    assert second["article-9"] == "v2/article-9"  # inserted: a lineage of its own
    # Old Article 9 renumbered to 10, reworded, then back to 9: always the lineage it began with.
    assert second["article-10"] == third["article-10"] == fourth["article-9"] == "v1/article-9"
    assert "v2/article-9" not in fourth.values()  # deleted in v4
    assert all(line == first[key] for key, line in fourth.items() if key != "article-9")


def test_deleted_and_replaced_articles() -> None:
    without_7 = (
        SEED.replace(
            "## Article 7. Disciplinary measures\n\nCorporate officers or employees who breach these regulations "
            "will incur disciplinary measures based on the employment rules.\n\n",
            "",
        )
        .replace("## Article 8.", "## Article 7.")
        .replace("## Article 9.", "## Article 8.")
    )
    changes = redline(SEED, without_7)
    assert (changes[0].key, changes[0].status) == ("article-7-deleted", "deleted")  # article-7 is 8 now
    assert changes[0].html.startswith("<p><del>Corporate officers")
    assert [(c.status, c.number_before, c.number_after) for c in changes[1:]] == [
        ("renumbered", "Article 8", "Article 7"),
        ("renumbered", "Article 9", "Article 8"),
    ]
    replaced = SEED.replace(
        "## Article 8. Scope of application\n\nThese regulations apply to the entire IIJ Group.",
        "## Article 8. Training\n\nEvery officer attends a yearly course on the prevention of bribery.",
    )
    (change,) = redline(SEED, replaced)
    assert (change.key, change.status) == ("article-8", "replaced")
    assert "<del>These regulations apply" in change.html and "<ins>Every officer attends" in change.html


def test_formatting_lists_and_tables_are_compared_as_published() -> None:
    new = SEED.replace("1. Each company", "1. *Every* company")
    (change,) = redline(SEED, new)
    assert (
        '<span class="governance-number">1.</span> <del>Each </del><em><ins>Every</ins></em>' in change.html
    )
    assert "1. Each" not in change.html  # not the Markdown source
    table = SEED.replace(
        "These regulations apply to the entire IIJ Group.",
        "These regulations apply to:\n\n| Company | Since |\n| --- | --- |\n| IIJ | 2012 |",
    )
    (change,) = redline(SEED, table)
    assert "<table>" in change.html and "<td><ins>IIJ</ins></td>" in change.html and "|" not in change.html


def test_a_changed_heading_is_part_of_the_diff() -> None:
    new = SEED.replace("## Article 8. Scope of application", "## Article 8. Scope")
    (change,) = redline(SEED, new)
    assert change.heading == "Article 8. Scope"
    assert change.heading_html == "Article 8. Scope<del> </del><del>of application</del>"


def test_front_matter_changes_are_shown_apart_from_the_articles() -> None:
    changes = redline(japanese("sha256:" + "0" * 64), japanese("sha256:" + "1" * 64))
    assert [c.key for c in changes] == ["front-matter"]
    assert "<del>" in changes[0].html and "<ins>" in changes[0].html


def test_japanese_articles_are_matched_by_content_and_renumbered() -> None:
    old = japanese("sha256:x")
    new = old.replace("適切な監視", "適切かつ継続的な監視")
    (change,) = redline(old, new)
    assert change.key == "article-6" and change.heading == "第6条（取引先の監督）"
    assert "適切<ins>かつ継続的</ins>な監視" in change.html
    inserted = old.replace(
        "## 第6条（取引先の監督）", "## 第6条（通報）\n\n何人も通報できる。\n\n## 第7条（取引先の監督）"
    )
    changes = redline(old, inserted)
    assert [(c.status, c.number_before, c.number_after) for c in changes] == [
        ("added", "", ""),
        ("renumbered", "第6条", "第7条"),
    ]


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
    assert [(row.key, row.after == DELETED_PROVISION, row.before == NEW_PROVISION) for row in rows] == [
        ("article-1", True, False),
        ("article-6", False, False),
        ("article-7", False, True),
    ]
    changed = rows[1]
    assert "<del>適切</del>な監視" in changed.before and "<ins>" not in changed.before
    assert "<ins>継続的</ins>な監視" in changed.after and "<del>" not in changed.after
    assert "第6条（取引先の監督）" in changed.after and "##" not in changed.after
    table = comparison_table_html(rows)
    assert table.index("改正後") < table.index("改正前")
    assert '<tr id="article-6">' in table


def test_the_front_matter_is_no_row_of_a_shinkyu_taishohyo() -> None:
    assert comparison(japanese("sha256:x"), japanese("sha256:y")) == []


@given(st.text(alphabet="0123456789", min_size=1, max_size=20))
@example("9" * 5000)
def test_a_redline_reads_an_article_number_only_within_the_limit(digits: str) -> None:
    expected = f"Article {digits}" if len(digits) <= MAX_NUMBER_DIGITS else ""
    assert number_label(f"Article {digits}. Title") == expected


@given(st.text(alphabet="0123456789０１２九十", min_size=1, max_size=20))
@example("１" * 5000)
@example("九" * 10)
def test_a_redline_reads_a_japanese_article_number_as_the_parser_does(digits: str) -> None:
    expected = f"第{digits}条" if parse_number(digits) is not None else ""
    assert number_label(f"第{digits}条（目的）") == expected


def test_a_heading_with_a_number_beyond_the_limit_is_matched_as_a_plain_part() -> None:
    huge = "9" * 5000
    old = f"# T\n\n## Article {huge}. Scope\n\nThe old text.\n"
    new = f"# T\n\n## Article {huge}. Scope\n\nThe new text.\n"
    [change] = redline(old, new)
    assert change.status == "changed" and change.number_before == change.number_after == ""


LINKED = "# T\n\n## Article 1. Purpose\n\nSee the [policy](https://a.example/?a=1&b=2) now.\n"


def test_a_link_whose_address_alone_changed_shows_both_addresses() -> None:
    """The link reads the same: without its addresses the redline showed the article changed and no
    change in it, while the published link now led elsewhere."""
    (change,) = redline(LINKED, LINKED.replace("https://a.example/", "https://evil.example/"))
    shown = visible_text(change.html)
    assert "<https://a.example/?a=1&b=2>" in shown and "<https://evil.example/?a=1&b=2>" in shown
    assert "<del>&lt;https://a.example/?a=1&amp;b=2&gt;</del>" in change.html
    assert "<ins>&lt;https://evil.example/?a=1&amp;b=2&gt;</ins>" in change.html
    old, new = diff_sides(
        *(
            render_text(t, "t.md", "t").divisions[1].html
            for t in (LINKED, LINKED.replace("a.example", "evil.example"))
        )
    )
    assert "<del" in old and "evil.example/?a=1&amp;b=2&gt;</ins>" in new


def test_an_unchanged_link_shows_no_address() -> None:
    (change,) = redline(LINKED, LINKED.replace("now.", "today."))
    assert "&lt;https://" not in change.html

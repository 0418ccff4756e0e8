"""Each shape recognised once: tables of what is and what is not."""

from __future__ import annotations

from datetime import date

import pytest

from governance.text.recognisers import (
    ArticleHeading,
    article_heading,
    date_in_name,
    front_matter_block,
    is_digest,
    is_language_tag,
    is_nameable,
    japanese_date,
    looks_like_article,
    regulation_id,
    source_text,
    split_front_matter,
    supplementary_dates,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Article 5. Internal control", ArticleHeading(5, "Internal control", False)),
        ("Article 12", ArticleHeading(12, "", False)),
        ("第５条（内部統制）", ArticleHeading(5, "内部統制", True)),
        ("第二十三条 改廃", ArticleHeading(23, "改廃", True)),
        ("第二三十条", None),  # not a number
        ("Article five", None),
        ("Scope", None),
    ],
)
def test_article_headings(text: str, expected: ArticleHeading | None) -> None:
    assert article_heading(text) == expected


def test_what_looks_like_an_article_but_does_not_parse() -> None:
    assert looks_like_article("Article five") and looks_like_article("第Ｖ条")
    assert not looks_like_article("第一章") and not looks_like_article("Scope")


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("gifts.md", "gifts"),
        ("hr/leave.ja.md", "hr/leave.ja"),
        ("a b.md", None),
        (".draft.md", None),
        ("../x.md", None),
        ("gifts.txt", None),
        ("caf\udce9.md", None),  # a name that is not UTF-8
    ],
)
def test_regulation_ids(relative: str, expected: str | None) -> None:
    assert regulation_id(relative) == expected


def test_nameable_files_may_start_with_a_dot_but_never_hold_a_space_or_a_glob() -> None:
    assert is_nameable(".github/workflows/gate.yml", leading_dot=True)
    assert not is_nameable(".github/workflows/gate.yml", leading_dot=False)
    for name in ("site/my style.css", "site/*.css", "site/[x].css", "a//b", "a/./b", "a/../b"):
        assert not is_nameable(name, leading_dot=True), name


@pytest.mark.parametrize("tag", ["ja", "en", "fil", "zh-Hant", "pt-BR", "sr-Latn-RS"])
def test_language_tags(tag: str) -> None:
    assert is_language_tag(tag)


@pytest.mark.parametrize("tag", ["", "j", "english", "JA", "ja-", "ja_JP", "v2"])
def test_not_language_tags(tag: str) -> None:
    assert not is_language_tag(tag)


def test_digests() -> None:
    assert is_digest("sha256:" + "0" * 64)
    assert not is_digest("sha256:" + "0" * 63) and not is_digest("SHA256:" + "0" * 64)


@pytest.mark.parametrize(
    ("text", "source", "close_line", "body"),
    [
        ("---\ntitle: A\n---\nBody\n", "title: A\n", 2, "Body\n"),
        ("---  \ntitle: A\n...\nBody", "title: A\n", 2, "Body"),
        ("---\n---\n", "", 1, ""),
        ("---\ntitle: A\n", "", -1, ""),
        ("---", "", -1, ""),
    ],
)
def test_front_matter_blocks(text: str, source: str, close_line: int, body: str) -> None:
    block = front_matter_block(text)
    assert block is not None
    assert (block.source, block.close_line, block.body) == (source, close_line, body)


def test_no_front_matter_and_the_split() -> None:
    assert front_matter_block("# Title\n---\n") is None
    assert split_front_matter("# Title\n") == ("", "# Title\n")
    assert split_front_matter("---\ntitle: A\n") == ("", "---\ntitle: A\n")  # never closed: all body
    assert split_front_matter(source_text("\ufeff---\r\ntitle: A\r\n---\r\nB")) == ("title: A\n", "B")


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("01_就業規則.md", "01_就業規則"),
        ("育児・介護休業規程.md", "育児・介護休業規程"),
        ("人事/就業規則.ja.md", "人事/就業規則.ja"),
        ("роlicy.md", None),  # Cyrillic р and о in a Latin word
        ("рау.md", None),  # whole-script Cyrillic that reads as the Latin "pay"
        ("ТОС2.md", None),  # capitals and a digit: reads as "TOC2"
        ("ορα.md", None),  # Greek that reads as "opa"
        ("hr/рау.md", None),  # in any segment
        ("политика.md", "политика"),  # Russian with letters Latin has not: a Cyrillic name as written
        ("Правила.md", "Правила"),
        ("νόμος.md", "νόμος"),
        ("ｶﾅ.md", None),  # half-width katakana: NFKC would change it
        ("ＨＲ規程.md", None),  # full-width Latin
        ("か\u3099.md", None),  # not NFC
        ("就業\u202e規則.md", None),  # a bidi override
        ("就業\u200b規則.md", None),  # a zero-width space
        ("就業　規則.md", None),  # an ideographic space
        ("・規程.md", None),
    ],
)
def test_unicode_regulation_names(relative: str, expected: str | None) -> None:
    assert regulation_id(relative) == expected
    assert not is_nameable("就業規則.yml", leading_dot=True)  # governed files stay ASCII


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和６年４月１日", date(2024, 4, 1)),  # full-width digits
        ("平成31年4月1日", date(2019, 4, 1)),
        ("令和元年五月一日", date(2019, 5, 1)),  # 元年, kanji numerals
        ("令和十年十二月三十一日", date(2028, 12, 31)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("2024年4月1日", date(2024, 4, 1)),
        ("令和 6 年 4 月 1 日", date(2024, 4, 1)),
        ("令和6年2月30日", None),  # no such day
        ("令和Ｘ年Ｘ月Ｘ日", None),  # the template's placeholder
        ("2024-04-01", None),
    ],
)
def test_japanese_dates(text: str, expected: date | None) -> None:
    assert japanese_date(text) == expected


def test_the_dates_of_a_supplementary_provision() -> None:
    both = supplementary_dates("この規則は、令和６年３月１５日に改正し、令和６年４月１日から施行する。")
    assert (both.amended, both.effective) == (date(2024, 3, 15), date(2024, 4, 1))
    assert both.amended_text == "令和６年３月１５日"
    first = supplementary_dates("この規程は、平成31年4月1日より施行する。")
    assert (first.amended, first.effective) == (None, date(2019, 4, 1))
    assert supplementary_dates("この規則は、公布の日から施行する。").effective_text is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2024-04-01", date(2024, 4, 1)),
        ("v2024.04.01", date(2024, 4, 1)),
        ("20240401", date(2024, 4, 1)),
        ("施行-2024_04_01", date(2024, 4, 1)),
        ("令和6年4月1日施行", date(2024, 4, 1)),
        ("v1.2.3", None),
        ("2024-13-01", None),
        ("release-202404011", None),  # nine digits: not a date
    ],
)
def test_a_release_named_by_its_date(name: str, expected: date | None) -> None:
    assert date_in_name(name) == expected

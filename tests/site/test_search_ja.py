"""Japanese in the search index: Janome's words, and the separator that the query side splits on too."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from governance.site.mkdocs_plugin import segment_search_index
from governance.site.search_ja import (
    ARTICLE_WORD,
    KANJI_ARTICLE_WORD,
    SEPARATOR,
    TWIN,
    WORD_BREAK,
    fold_digits,
    segment,
    segment_index,
    terms,
)
from governance.text.recognisers import parse_number

ROOT = Path(__file__).resolve().parents[2]


def test_compounds_are_cut_into_words_and_markup_is_left_whole() -> None:
    cut = segment('<p>贈収賄防止規程</p><a href="#第5条">x</a>')
    assert cut == f'<p>贈収賄{WORD_BREAK}防止{WORD_BREAK}規程</p><a href="#第5条">x</a>'
    assert terms(cut) == ["贈収賄", "防止", "規程", "x"]
    assert segment("Only English here.") == "Only English here."


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("公務員に対する", ["公務員", "に", "対", "する"]),  # particles split a phrase
        ("IIJグループ各社", ["iij", "グループ", "各社"]),  # so do the edges of katakana
        ("贈答、接待。", ["贈答", "接待"]),
        ("documented monitoring", ["documented", "monitoring"]),
        ("well-known", ["well", "known"]),  # as Material's default separator for English
    ],
)
def test_the_separator_splits_a_query_as_the_index(typed: str, expected: list[str]) -> None:
    assert terms(typed) == expected


def test_the_index_side_and_the_query_side_meet_on_words_inside_compounds() -> None:
    indexed = set(
        terms(segment("当社グループの各社は、贈収賄防止のための内部統制の枠組みを整備しなければならない。"))
    )
    assert {"防止", "贈収賄", "内部", "統制", "枠組", "整備"} <= indexed
    assert "贈収賄防止" not in indexed  # Material cuts a typed compound against the index's words


def test_mkdocs_yml_holds_the_same_separator() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)
    search = next(
        plugin["search"] for plugin in config["plugins"] if isinstance(plugin, dict) and "search" in plugin
    )
    assert search["separator"] == SEPARATOR
    re.compile(SEPARATOR)


def test_the_hook_rewrites_the_index_in_place(tmp_path: Path) -> None:
    index = tmp_path / "search" / "search_index.json"
    index.parent.mkdir()
    docs = [
        {"location": "regulations/x.ja/", "title": "贈収賄防止規程", "text": "<p>公務員に対する金銭等</p>"},
        {"location": "regulations/x/", "title": "Bribery", "text": "<p>No Japanese</p>"},
    ]
    index.write_text(json.dumps({"config": {"separator": SEPARATOR}, "docs": docs}), encoding="utf-8")
    segment_search_index(index)
    written = json.loads(index.read_text(encoding="utf-8"))
    assert written["config"] == {"separator": SEPARATOR}
    assert written["docs"][0]["title"] == f"贈収賄{WORD_BREAK}防止{WORD_BREAK}規程"
    assert written["docs"][1] == docs[1]
    assert [p.name for p in index.parent.iterdir()] == ["search_index.json"]  # no staging file left
    segment_search_index(tmp_path / "absent.json")  # search disabled: nothing to do


def test_segment_index_keeps_entries_it_cannot_read() -> None:
    assert json.loads(segment_index('{"docs":[{"location":"a","tags":["規程"]}]}')) == {
        "docs": [{"location": "a", "tags": ["規程"]}]
    }


@pytest.mark.parametrize("written", ["第７条", "第7条"])
def test_an_article_number_is_one_word_in_ascii_digits_whichever_way_it_is_written(written: str) -> None:
    indexed = segment(f"<p>懲戒は{written}の定めによる。就業規則第１０条を準用する。</p>")
    assert "第7条" in terms(indexed) and "第10条" in terms(indexed)
    assert "７" not in indexed and "１０" not in indexed
    assert fold_digits("第１２条の２") == "第12条の2"
    assert segment("Article １２ only") == "Article 12 only"  # folded in any text: a query is too
    assert segment('<a href="#第７条">第７条</a>') == '<a href="#第７条">第7条</a>'  # markup left whole


def test_the_browser_worker_keeps_the_same_article_word_and_digits() -> None:
    worker = (ROOT / "governance" / "site" / "assets" / "search-worker.js").read_text(encoding="utf-8")
    assert f"var ARTICLE_WORD = /({ARTICLE_WORD})/;" in worker
    assert (
        f"var KANJI_ARTICLE_WORD = /{KANJI_ARTICLE_WORD.replace('第[', '第([').replace(']+条', ']+)条')}/g;"
        in worker
    )
    assert "[\\uff10-\\uff19]" in worker and "0xfee0" in worker  # the digits folded as NFKC folds them


@pytest.mark.parametrize(
    ("written", "twin"),
    [("第十条", "第10条"), ("第十二条", "第12条"), ("第二十五条", "第25条"), ("第百一条", "第101条")],
)
def test_an_article_number_in_kanji_is_indexed_with_its_twin_in_digits(written: str, twin: str) -> None:
    indexed = segment(f"<p>休職期間は、{written}の定めによる。</p>")
    assert f"{written}{TWIN}{twin}{TWIN}" in indexed  # as written, then the word the search finds
    assert twin in terms(indexed)
    assert segment("<p>第二三十条</p>") == "<p>第二三十条</p>"  # not a number: no twin, no word made up


def _kanji(number: int) -> str:
    """A number as regulations write it in kanji (十二, 二十五, 百一, 千二百三十四)."""
    digits = "〇一二三四五六七八九"
    text = ""
    for unit, name in ((1000, "千"), (100, "百"), (10, "十")):
        count, number = divmod(number, unit)
        if count:
            text += ("" if count == 1 else digits[count]) + name
    return text + (digits[number] if number else "")


def test_the_browser_reads_kanji_numbers_as_the_index_does() -> None:
    # search-worker.js's kanjiNumber, run by Node, against recognisers.parse_number (the index's reader).
    worker = (ROOT / "governance" / "site" / "assets" / "search-worker.js").read_text(encoding="utf-8")
    function = re.search(r"  function kanjiNumber\(text\) \{.*?\n  \}\n", worker, re.DOTALL)
    assert function is not None
    tables = re.search(r"  var KANJI_DIGIT = .*?;\n  var KANJI_UNIT = .*?;\n", worker, re.DOTALL)
    assert tables is not None
    spellings = [_kanji(n) for n in range(1, 2000)] + ["一二", "二三十", "十十", "百千"]
    script = (
        tables.group(0)
        + function.group(0)
        + f"console.log(JSON.stringify({json.dumps(spellings, ensure_ascii=False)}.map(kanjiNumber)));"
    )
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == [parse_number(spelling) for spelling in spellings]


_PIECES = [*'ab 1<>/="第条', "０", "９", "<p>", "</a>", "<x ９>"]


@given(st.lists(st.sampled_from(_PIECES)).map("".join))
@example("Article ９ of <a href='#article-９'>Article ９</a>")
def test_text_without_japanese_has_its_wide_digits_folded_outside_tags_only(text: str) -> None:
    expected = "".join(
        part if part.startswith("<") else fold_digits(part) for part in re.split(r"(<[^>]*>)", text)
    )
    if not re.search(r"[\u3005\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff]", text):
        assert segment(text, cut=lambda run: [run]) == expected

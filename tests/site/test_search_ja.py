"""Japanese in the search index: Janome's words, and the separator that the query side splits on too."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from governance.site.mkdocs_plugin import segment_search_index
from governance.site.search_ja import (
    ARTICLE_WORD,
    SEPARATOR,
    WORD_BREAK,
    fold_digits,
    segment,
    segment_index,
    terms,
)

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
    worker = (ROOT / "site" / "javascripts" / "search-worker.js").read_text(encoding="utf-8")
    assert f"var ARTICLE_WORD = /({ARTICLE_WORD})/;" in worker
    assert "[\\uff10-\\uff19]" in worker and "0xfee0" in worker  # the digits folded as NFKC folds them

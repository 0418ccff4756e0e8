"""The site's language (issue 15): a Japanese company's site speaks Japanese on its own pages (home,
what's new, the menus, resolution pages, the feed) because its originals are Japanese; a group with
English originals and Japanese translations keeps English; the plugin's `language` decides when set."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config import load_config

from governance.gate.works import Work
from governance.site.builder import Page, SiteWords, build_site
from governance.site.mkdocs_plugin import speak
from governance.site.search_ja import SEPARATOR
from tests.testing import site_works as w

RULES = (Path(__file__).parent / "japanese" / "就業規則.md").read_text(encoding="utf-8")


def rules() -> Work:
    work = "就業規則"
    return Work(
        work,
        f"regulations/{work}.md",
        [w.version(work, RULES, "enact", w.approval("BD-2026-001", "2026-04-01"))],
    )


def pages(site_pages: list[Page]) -> dict[str, str]:
    return {page.uri: page.content for page in site_pages}


def test_japanese_originals_make_a_japanese_site() -> None:
    site = build_site(
        [rules()], w.TODAY, body_names=w.BODY_NAMES, body_translations={w.BOARD: {"ja": "取締役会"}}
    )
    assert site.language == "ja" and site.languages == frozenset({"ja"})
    assert [next(iter(entry)) for entry in site.nav] == ["ホーム", "規程", "新着情報"]
    home = w.prose(pages(site.pages)["index.md"])
    assert "2027年1月15日現在施行されている規程です" in home and "## 施行中の規程" in home
    assert "| 規程 | 所管機関 | 制定 | 最終改正 | 翻訳 |" in home and "取締役会" in home
    row = next(line for line in home.splitlines() if line.startswith("| [就業規則]"))
    assert re.search(r"\| 取締役会 \| \d{4}年\d{1,2}月\d{1,2}日 \|", row), row  # a date as the site writes it
    news = w.prose(pages(site.pages)["whats-new.md"])
    assert "# 新着情報" in news and "を制定（取締役会の決議" in news
    assert "決定された改正" in pages(site.pages)["feed.xml"]


def test_english_originals_with_japanese_translations_stay_english() -> None:
    site = build_site(w.everything(), w.TODAY, body_names=w.BODY_NAMES)
    assert site.language == "en" and "ja" in site.languages
    assert next(iter(site.nav[0])) == "Home"


def test_the_configured_language_wins_and_a_mixed_site_falls_back() -> None:
    mixed = [rules(), w.bribery()]
    assert build_site(mixed, w.TODAY, words=SiteWords(fallback="ja")).language == "ja"
    assert build_site(mixed, w.TODAY).language == "en"
    assert build_site([rules()], w.TODAY, words=SiteWords(language="en")).language == "en"


def test_the_theme_and_an_unset_search_follow_a_japanese_site(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        "site_name: 社内規程\ntheme: {name: material}\nplugins: [search]\n", encoding="utf-8"
    )
    config = load_config(str(config_file))
    site = build_site([rules()], w.TODAY)
    speak(config, site)
    assert config.theme["language"] == "ja"
    search = config.plugins["material/search"]
    assert search.config["separator"] == SEPARATOR and search.config["lang"] == ["ja"]
    # mkdocs.yml's own search settings stand.
    config_file.write_text(
        "site_name: x\ntheme: {name: material}\nplugins: [{search: {separator: '[\\s]+', lang: [en]}}]\n",
        encoding="utf-8",
    )
    config = load_config(str(config_file))
    speak(config, site)
    assert config.plugins["material/search"].config["separator"] == "[\\s]+"
    assert config.plugins["material/search"].config["lang"] == ["en"]

"""A Japanese company's site in a real browser (issues 15 and 17, point 6): its 就業規則 is the original,
written with full-width article numbers (第１０条) and one in kanji (第十二条), so the site speaks Japanese
throughout (the theme's words, the menus, the home page, the resolution pages), search finds an article by
its number in half- or full-width digits or in kanji, with snippets free of the index's word breaks and
twins, イロハ items are shown as written, and the 新旧対照表 of an amendment of a wide table keeps its change markers visible on a phone."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from tests.testing import site_works as w
from tests.testing.browser import (
    axe_violations,
    dates_and_ids_broken_over_lines,
    no_sideways_scroll,
    search,
    search_results,
    served,
    shot,
)
from tests.testing.governed import BODIES, Governed, adopted_repository, digest, record_text
from tests.testing.sshkeys import Keys

RULES = (Path(__file__).parent / "japanese" / "就業規則.md").read_text(encoding="utf-8")
RULES_PATH = "regulations/就業規則.md"
WORK = quote("就業規則")
# The amendment: the early shift starts later (a cell of the wide table of 第４条) and 第１０条 gains a sentence.
AMENDED = RULES.replace(
    "| 早番勤務 | 午前７時００分 | 午後４時００分 |", "| 早番勤務 | 午前８時００分 | 午後５時００分 |"
).replace(
    "休職期間は、勤続年数に応じて会社が定める。",
    "休職期間は、勤続年数に応じて会社が定める。ただし、\n二年を超えない。",  # wrapped as drafters do
)
assert AMENDED.count("午前８時００分") == 1 and "二年を超えない" in AMENDED
GUIDE = Path(__file__).parents[2] / "site" / "guides" / "employee.ja.md"
JAPANESE_BODIES = BODIES.replace(
    "{name: Board of Directors,", "{name: Board of Directors, names: {ja: 取締役会},"
)


@pytest.fixture(scope="module")
def base_url(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("japanese-original")
    repo = adopted_repository(
        folder / "repo", keys, {RULES_PATH: RULES}, message="規程管理の導入", bodies=JAPANESE_BODIES
    )
    gov = Governed(repo, keys)
    repo._clock = 10_000  # after the adoption's commit
    gov.branch("amend")
    repo.write(RULES_PATH, AMENDED)
    record = record_text(
        "BD-2026-301", [("就業規則", "amend", digest(AMENDED))], date="2026-09-20", effective="2026-10-01"
    )
    gov.record("BD-2026-301", record)
    repo.commit("早番勤務の時刻と休職期間の上限（BD-2026-301）")
    gov.merge("amend")
    assert w.mkdocs_build(repo.path) == []
    with served(repo.path / "public") as url:
        yield url


def test_the_site_of_a_japanese_original_speaks_japanese(page: object, base_url: str) -> None:
    p = page
    p.set_viewport_size({"width": 1280, "height": 800})  # type: ignore[attr-defined]
    p.goto(base_url, wait_until="load")  # type: ignore[attr-defined]
    assert p.locator("html").get_attribute("lang") == "ja"  # type: ignore[attr-defined]
    # The theme's words (Material's Japanese) and the generated menus and headings.
    assert p.locator("input.md-search__input").get_attribute("placeholder") == "検索"  # type: ignore[attr-defined]
    nav = p.locator(".md-sidebar--primary").inner_text()  # type: ignore[attr-defined]
    assert "ホーム" in nav and "規程" in nav and "新着情報" in nav
    assert "Home" not in nav and "What's new" not in nav
    article = p.locator("article").inner_text()  # type: ignore[attr-defined]
    assert "施行中の規程" in article and "2027年1月15日現在施行されている規程です" in article
    assert "取締役会" in article and "Board of Directors" not in article
    shot(p, "ja-home")

    # A resolution's page, in Japanese too.
    p.goto(base_url + "resolutions/BD-2026-301/", wait_until="load")  # type: ignore[attr-defined]
    record = p.locator("article").inner_text()  # type: ignore[attr-defined]
    assert "決議 BD-2026-301" in record and "構成員9名中7名出席" in record and "賛成6、反対1、棄権0" in record
    assert "就業規則の改正" in record and "新旧対照表" in record
    shot(p, "ja-resolution")

    # What's new.
    p.goto(base_url + "whats-new/", wait_until="load")  # type: ignore[attr-defined]
    news = p.locator("article").inner_text()  # type: ignore[attr-defined]
    assert "就業規則を改正（取締役会の決議 BD-2026-301、2026年10月1日施行）" in news


# Each query as an employee's IME gives it: the reading composed in kana (digits full-width, as an IME
# composes them), then converted to the candidate chosen (half-width, full-width or kanji numbers).
@pytest.mark.parametrize(
    ("typed", "reading", "anchor"),
    [
        ("第10条", "だい１０じょう", "article-10"),
        ("第１０条", "だい１０じょう", "article-10"),
        ("第十条", "だいじゅうじょう", "article-10"),  # the query's kanji read as digits
        ("第7条", "だい７じょう", "article-7"),
        ("第７条", "だい７じょう", "article-7"),
        (
            "第12条",
            "だい１２じょう",
            "article-12",
        ),  # a heading written in kanji (第十二条): its twin in the index
        ("第１２条", "だい１２じょう", "article-12"),
        ("第十二条", "だいじゅうにじょう", "article-12"),
    ],
)
def test_an_article_is_found_by_its_number_in_either_width(
    page: object, base_url: str, typed: str, reading: str, anchor: str
) -> None:
    p = page
    p.set_viewport_size({"width": 1280, "height": 800})  # type: ignore[attr-defined]
    p.goto(base_url + f"regulations/{WORK}/", wait_until="load")  # type: ignore[attr-defined]
    search(p, typed, reading)
    wanted = p.locator(f".md-search-result__item a[href$='#{anchor}']")  # type: ignore[attr-defined]
    p.locator(".md-search-result__item a").first.wait_for(state="visible")  # type: ignore[attr-defined]
    more = p.locator(".md-search-result__more summary")  # type: ignore[attr-defined]
    if not wanted.first.is_visible() and more.count():
        more.first.click()  # the page's title matches too: Material folds its sections under "more"
    wanted.first.wait_for(state="visible")
    for index in range(more.count()):  # the other sections of the page too, to read every snippet
        if not more.nth(index).evaluate("summary => summary.parentElement.open"):
            more.nth(index).click()
    results = [(href, text) for href, text in search_results(p) if f"/regulations/{WORK}/" in href]
    anchors = {unquote(href).rsplit("#", 1)[-1] for href, _ in results if "#" in href}
    # The article cited by that number, not every article (第 and 条 are in all of them).
    assert anchor in anchors and len(anchors) <= 2, results
    for _, text in results:
        assert "\u200b" not in text and "¶" not in text, text
    snippet = next(text for href, text in results if href.endswith(f"#{anchor}"))
    if anchor == "article-10":
        assert "休職期間は、勤続年数に応じて" in snippet  # the words read as one, without word breaks
        # 第１１条 cites it as 第十条: found, and shown as written, without the index's twin in digits.
        cited = next(text for href, text in results if href.endswith("#article-11"))
        assert "第十条の休職期間が満了する" in cited and "第10条" not in cited
        assert "ただし、二年を超えない。" in snippet  # the index's text, its line break joined too
    if anchor == "article-12":
        assert "第十二条（改廃）" in snippet and "第12条" not in snippet
    width = "kanji" if "十" in typed else "full" if "１" in typed or "７" in typed else "half"
    shot(p, f"ja-search-{width}-{anchor}")


def test_iroha_items_are_shown_as_written_without_bullets(page: object, base_url: str) -> None:
    p = page
    p.set_viewport_size({"width": 1280, "height": 800})  # type: ignore[attr-defined]
    p.goto(base_url + f"regulations/{WORK}/", wait_until="load")  # type: ignore[attr-defined]
    item = p.locator("li#article-2-1-1-a")  # type: ignore[attr-defined]
    assert item.inner_text().startswith("イ　正社員")
    assert item.evaluate("e => getComputedStyle(e).listStyleType") == "none"
    assert p.locator("li#article-2-1-1").evaluate("e => getComputedStyle(e).listStyleType") == "none"  # type: ignore[attr-defined]
    item.scroll_into_view_if_needed()
    shot(p, "ja-iroha")


def test_the_shinkyu_taishohyo_of_a_wide_table_keeps_its_changes_visible_on_a_phone(
    page: object, base_url: str
) -> None:
    p = page
    p.set_viewport_size({"width": 375, "height": 740})  # type: ignore[attr-defined]
    p.goto(base_url + f"regulations/{WORK}/2026-10-01/redline/", wait_until="load")  # type: ignore[attr-defined]
    assert no_sideways_scroll(p)  # the page itself never scrolls sideways
    changed = p.locator(".governance-comparison ins", has_text="８")  # type: ignore[attr-defined]
    assert changed.count() >= 1
    for index in range(changed.count()):
        marker = changed.nth(index)
        marker.scroll_into_view_if_needed()  # scrolls the table's own box, as a reader's finger would
        box = marker.bounding_box()
        assert box is not None and box["width"] > 0
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box  # on screen, not cut off
        assert "underline" in marker.evaluate("e => getComputedStyle(e).textDecorationLine")
    shot(p, "ja-shinkyu-wide-table-phone")


def _wrapped_sentences(source: str) -> list[str]:
    """Where the guide's source breaks a line inside a Japanese sentence, in plain words: the characters
    either side of each such break, as a reader must see them, joined."""
    lines = source.split("\n")
    plain = re.compile(r"[^\s!-~]{4}")  # four wide characters: no Markdown syntax, no Latin
    found = []
    for this, following in itertools.pairwise(lines):
        tail, head = this.rstrip()[-4:], following.lstrip()[:4]
        if plain.fullmatch(tail) and plain.fullmatch(head) and not following.lstrip().startswith(("#", ">")):
            found.append(tail + head)
    return found


def test_a_line_break_inside_a_japanese_sentence_shows_no_space(page: object, base_url: str) -> None:
    """Drafters and the guides wrap lines anywhere in a sentence: Chromium would show each break as a space
    (CSS Text 3 lets it, and it does); the renderers leave none there (governance.text.line_breaks)."""
    p = page
    p.set_viewport_size({"width": 1280, "height": 800})  # type: ignore[attr-defined]
    p.goto(base_url + f"regulations/{WORK}/", wait_until="load")  # type: ignore[attr-defined]
    article = p.locator("#article-10-1").inner_text()  # type: ignore[attr-defined]
    assert "会社が定める。ただし、二年を超えない。" in article, article
    p.goto(base_url + f"regulations/{WORK}/2026-10-01/redline/", wait_until="load")  # type: ignore[attr-defined]
    added = p.locator(".governance-comparison ins", has_text="二年").inner_text()  # type: ignore[attr-defined]
    assert "ただし、二年を超えない。" in added, added
    sentences = _wrapped_sentences(GUIDE.read_text(encoding="utf-8"))
    assert len(sentences) >= 3  # the guide wraps its sentences: this test reads what it claims to
    p.goto(base_url + "guides/employee.ja/", wait_until="load")  # type: ignore[attr-defined]
    text = p.locator("article").inner_text()  # type: ignore[attr-defined]
    missing = [sentence for sentence in sentences if sentence not in text]
    assert missing == [], text
    shot(p, "ja-guide-wrapped-lines")


PAGE_TYPES = {
    "ja-home": "",
    "ja-regulation": f"regulations/{WORK}/",
    "ja-shinkyu": f"regulations/{WORK}/2026-10-01/redline/",
    "ja-history": f"regulations/{WORK}/history/",
    "ja-resolution": "resolutions/BD-2026-301/",
    "ja-whats-new": "whats-new/",
}


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_the_japanese_site_has_no_axe_violation(page: object, base_url: str, width: int) -> None:
    p = page
    p.set_viewport_size({"width": width, "height": 800})  # type: ignore[attr-defined]
    found: dict[str, list[str]] = {}
    for name, url in PAGE_TYPES.items():
        p.goto(base_url + url, wait_until="load")  # type: ignore[attr-defined]
        assert p.locator("article h1").count() == 1, url  # type: ignore[attr-defined]
        violations = axe_violations(p)
        if violations:
            found[name] = violations
        if width == 375:
            assert no_sideways_scroll(p), url
        assert dates_and_ids_broken_over_lines(p) == [], url  # 2026年 above 10月1日 reads as two things
        shot(p, f"a11y-{name}-{'phone' if width == 375 else 'desktop'}")
    assert found == {}

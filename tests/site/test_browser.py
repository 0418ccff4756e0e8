"""The published site in a real browser (Chromium through Playwright), offline: one launch per session."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote_plus

import pytest

from tests.testing import site_works as w
from tests.testing.browser import (
    ARTIFACTS,
    axe_violations,
    dates_and_ids_broken_over_lines,
    no_sideways_scroll,
    search_results,
    served,
    shot,
    type_with_ime,
)
from tests.testing.browser import search as search_as_employee
from tests.testing.sshkeys import Keys

RESULT_JA = ".md-search-result__item a[href*='bribery-prevention.ja/?h=']"
BOUSHI = quote_plus("防止")  # the words a result's ?h= highlights: the results are the converted kanji's


@pytest.fixture(scope="module")
def base_url(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    built = w.build_governed_site(keys, tmp_path_factory)
    with served(built.public) as url:
        yield url


def test_a_reader_finds_reads_searches_compares_and_switches_language(page: object, base_url: str) -> None:
    p = page  # Playwright's Page; untyped here (no stubs), so one name keeps the ignores few
    p.goto(base_url, wait_until="domcontentloaded")  # type: ignore[attr-defined]
    assert "Bribery Prevention Regulations" in p.locator("article").inner_text()  # type: ignore[attr-defined]
    shot(p, "home")

    # Open the regulation from the home page and follow a paragraph's permalink.
    p.locator("article a", has_text="Bribery Prevention Regulations").first.click()  # type: ignore[attr-defined]
    p.wait_for_url("**/regulations/bribery-prevention/")  # type: ignore[attr-defined]
    permalink = p.locator("#article-5-2 a.governance-permalink")  # type: ignore[attr-defined]
    assert permalink.is_visible()  # without hover: a phone has none
    assert permalink.get_attribute("aria-label") == "Link to Article 5, paragraph 2"
    permalink.click()
    assert p.evaluate("location.hash") == "#article-5-2"  # type: ignore[attr-defined]
    assert p.locator("#article-5-2").is_visible()  # type: ignore[attr-defined]
    assert "promulgate and train on" in p.locator("#article-5-2").inner_text()  # type: ignore[attr-defined]
    shot(p, "regulation")

    # On screen the panel about the text is folded to one line; the digest is inside.
    assert not p.locator(".governance-digest").first.is_visible()  # type: ignore[attr-defined]
    # Printed: the text and its digest (the panel prints unfolded), without navigation, header, footer
    # or language links, and with a footer naming the dated version, its span in force and its address.
    p.emulate_media(media="print")  # type: ignore[attr-defined]
    assert p.locator(".md-header").is_hidden() and p.locator(".md-sidebar--primary").is_hidden()  # type: ignore[attr-defined]
    assert p.locator(".governance-digest").first.is_visible()  # type: ignore[attr-defined]
    assert p.locator(".governance-languages").is_hidden()  # type: ignore[attr-defined]
    footer = p.locator(".governance-print-footer")  # type: ignore[attr-defined]
    assert footer.is_visible() and footer.evaluate("e => getComputedStyle(e).position") == "fixed"
    assert "version of 2026-10-01 (in force from 2026-10-01 to 2027-05-31)" in footer.inner_text()
    assert base_url + "regulations/bribery-prevention/2026-10-01/" in footer.inner_text()  # made absolute
    shot(p, "print")
    pdf = ARTIFACTS / "site-print.pdf"
    pdf.write_bytes(p.pdf(format="A4"))  # type: ignore[attr-defined]
    p.emulate_media(media="screen")  # type: ignore[attr-defined]

    # Search an English term and land on its article (the search runs in a web worker).
    search = p.locator("input.md-search__input")  # type: ignore[attr-defined]
    search.click()  # opens the search panel
    search.press_sequentially("documented monitoring")  # real key presses: Material searches on keyup
    result = p.locator(".md-search-result__item a[href*='#article-6']").first  # type: ignore[attr-defined]
    result.wait_for(state="visible")
    for href, text in search_results(p):  # a text's snippets as read: no pilcrows, no word breaks
        assert "\u200b" not in text and ("¶" not in text or "/guides/" in href), text
    shot(p, "search")
    # A result is a page load (search.highlight adds ?h=): the language link keeps the article only once
    # the page's scripts have run, so wait for that load, not for the hash, which the new document has
    # before its scripts run (a click there reached the translation's top, and the wait for the
    # article's address timed out at load 12). Each navigation is expected before the click causes it.
    with p.expect_navigation(url="**/regulations/bribery-prevention/?h=*#article-6", wait_until="load"):  # type: ignore[attr-defined]
        result.click()

    # The language switch keeps the article.
    with p.expect_navigation(url="**/regulations/bribery-prevention.ja/#article-6", wait_until="load"):  # type: ignore[attr-defined]
        p.locator("a.governance-language").first.click()  # type: ignore[attr-defined]
    assert "法的効力を有するのは" in p.locator("article").inner_text()  # type: ignore[attr-defined]
    shot(p, "japanese")

    # History, then a redline with its insertions and deletions, readable on a phone.
    p.goto(base_url + "regulations/bribery-prevention/history/", wait_until="domcontentloaded")  # type: ignore[attr-defined]
    p.locator("a", has_text="redline").last.click()  # type: ignore[attr-defined]
    p.wait_for_url("**/2026-10-01/redline/")  # type: ignore[attr-defined]
    assert "and documented " in p.locator(".governance-redline ins").all_inner_texts()  # type: ignore[attr-defined]
    assert "appropriately " in p.locator(".governance-redline del").all_inner_texts()  # type: ignore[attr-defined]
    p.set_viewport_size({"width": 375, "height": 740})  # type: ignore[attr-defined]
    assert no_sideways_scroll(p)
    shot(p, "redline-phone")
    p.go_back(wait_until="domcontentloaded")  # type: ignore[attr-defined]
    assert no_sideways_scroll(p)  # the history table scrolls in its own box, never the page


def test_japanese_search_bilingual_view_and_shinkyu_taishohyo(page: object, base_url: str) -> None:
    p = page
    p.set_viewport_size({"width": 1280, "height": 800})  # type: ignore[attr-defined]
    p.goto(base_url + "regulations/bribery-prevention.ja/", wait_until="domcontentloaded")  # type: ignore[attr-defined]

    # 防止 sits inside the compound 贈収賄防止 of Article 5: the index is cut into words at build time.
    # Typed as an employee's IME gives it: ぼうし composed, converted to 防止, committed with Enter.
    search = p.locator("input.md-search__input")  # type: ignore[attr-defined]
    search_as_employee(p, "防止", "ぼうし")
    found = f"{RESULT_JA}[href*='{BOUSHI}']"  # results for 防止, not for ぼうし
    result = p.locator(found + "[href$='#article-5']").first  # type: ignore[attr-defined]
    p.locator(found).first.wait_for(state="visible")  # type: ignore[attr-defined]
    for href, text in search_results(p):  # the index's zero-width word breaks never reach the reader
        assert "\u200b" not in text and ("¶" not in text or "/guides/" in href), text  # a guide names ¶
    shot(p, "search-ja")
    more = p.locator(".md-search-result__more summary").first  # type: ignore[attr-defined]
    if not result.is_visible() and more.is_visible():
        more.click()  # the page's title matches too, so Material folds its articles under "more"
    result.wait_for(state="visible")
    # A phrase with particles reaches the words between them (公務員, 違法, 行為 in Article 2), here
    # committed by tapping the candidate, as on a phone: no key event follows the conversion.
    search.fill("")
    type_with_ime(p, "こうむいんにいほうなこうい", "公務員に違法な行為", commit="tap")
    kanji = quote_plus("公務員")  # the results are the converted phrase's, not the kana's
    phrase = p.locator(f"{RESULT_JA}[href*='{kanji}'][href$='#article-2']")  # type: ignore[attr-defined]
    phrase.first.wait_for(state="visible")
    search_as_employee(p, "防止", "ぼうし")
    p.locator(found).first.wait_for(state="visible")  # type: ignore[attr-defined]
    if not result.is_visible() and more.is_visible():
        more.click()
    with p.expect_navigation(url="**/regulations/bribery-prevention.ja/?h=*#article-5", wait_until="load"):  # type: ignore[attr-defined]
        result.click()
    assert "贈収賄防止のための" in p.locator("article").inner_text()  # type: ignore[attr-defined]

    # The bilingual view: one row per article, the two languages side by side, stacked on a phone.
    p.locator("a.governance-bilingual-link").first.click()  # type: ignore[attr-defined]
    p.wait_for_url("**/regulations/bribery-prevention.ja/bilingual/")  # type: ignore[attr-defined]
    english = p.locator("#article-7 .governance-bilingual__column[lang=en]")  # type: ignore[attr-defined]
    japanese = p.locator("#article-7 .governance-bilingual__column[lang=ja]")  # type: ignore[attr-defined]
    assert "Disciplinary measures" in english.inner_text() and "懲戒" in japanese.inner_text()
    left, right = english.bounding_box(), japanese.bounding_box()
    assert right["x"] > left["x"] + left["width"] - 1 and abs(right["y"] - left["y"]) < 2
    shot(p, "bilingual")
    p.set_viewport_size({"width": 375, "height": 740})  # type: ignore[attr-defined]
    left, right = english.bounding_box(), japanese.bounding_box()
    assert right["y"] >= left["y"] + left["height"] - 1 and abs(right["x"] - left["x"]) < 2
    assert no_sideways_scroll(p)
    # The note says which comes first, never "left" and "right": on a phone they are one above the other.
    note = p.locator("article .admonition").first.inner_text()  # type: ignore[attr-defined]
    assert "first in the original" in note and "まず原文" in note
    assert not any(side in note for side in ("Left", "Right", "左は", "右は")), note
    shot(p, "bilingual-phone")

    # The 新旧対照表 of the translation's correction: after on the left, the change underlined.
    p.goto(base_url + "regulations/bribery-prevention.ja/2026-11-25/redline/", wait_until="domcontentloaded")  # type: ignore[attr-defined]
    assert no_sideways_scroll(p)
    inserted = p.locator(".governance-comparison #article-5 td").first.locator("ins")  # type: ignore[attr-defined]
    assert inserted.inner_text() == "贈収賄防止のための"
    assert "underline" in inserted.evaluate("e => getComputedStyle(e).textDecorationLine")
    shot(p, "shinkyu-phone")


def test_past_and_coming_versions_a_date_and_a_resolution(page: object, base_url: str) -> None:
    p = page
    p.emulate_media(media="screen")  # type: ignore[attr-defined]
    p.set_viewport_size({"width": 1280, "height": 800})  # type: ignore[attr-defined]

    # A past version: marked before its title, in a banner and in the page title; leads to today's text.
    p.goto(base_url + "regulations/bribery-prevention/2026-01-05/", wait_until="load")  # type: ignore[attr-defined]
    assert p.locator(".governance-kicker--past").inner_text() == "Historical version"  # type: ignore[attr-defined]
    assert "historical version, in force 2026-01-05 to 2026-09-30" in p.title()  # type: ignore[attr-defined]
    banner = p.locator(".admonition.danger").first  # type: ignore[attr-defined]
    assert "Historical version: no longer in force" in banner.inner_text()
    shot(p, "version-past")
    banner.locator("a", has_text="Read the text in force today").click()
    p.wait_for_url("**/regulations/bribery-prevention/")  # type: ignore[attr-defined]

    # A coming version says it is not in force yet; the text in force marks the article it will change.
    p.goto(base_url + "regulations/bribery-prevention/2027-06-01/", wait_until="load")  # type: ignore[attr-defined]
    assert "Prospective version: not yet in force" in p.locator(".governance-kicker").inner_text()  # type: ignore[attr-defined]
    assert "Last amended" not in p.locator("article").inner_text()  # type: ignore[attr-defined]
    shot(p, "version-coming")
    p.goto(base_url + "regulations/bribery-prevention/", wait_until="load")  # type: ignore[attr-defined]
    note = p.locator(".governance-text:has(#article-8) + .admonition.warning")  # type: ignore[attr-defined]
    assert "amended with effect from 2027-06-01 by resolution BD-2027-002" in note.inner_text()
    summary = p.locator("details.governance-panel summary")  # type: ignore[attr-defined]
    date_box = p.locator("details.governance-panel summary .governance-nowrap").first  # type: ignore[attr-defined]
    assert date_box.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
    summary.click()
    assert (
        "Up to date with all changes in force on or before 2027-01-15"
        in p.locator(  # type: ignore[attr-defined]
            "details.governance-panel"
        ).inner_text()
    )

    # The text on a date: the URL form goes to the version in force that day; before enactment, a message.
    p.goto(base_url + "regulations/bribery-prevention/on/?date=2026-06-30", wait_until="load")  # type: ignore[attr-defined]
    p.wait_for_url("**/regulations/bribery-prevention/2026-01-05/")  # type: ignore[attr-defined]
    p.goto(base_url + "regulations/bribery-prevention/on/", wait_until="load")  # type: ignore[attr-defined]
    p.locator("#governance-on-date").fill("2026-12-31")  # type: ignore[attr-defined]
    p.locator(".governance-on-form button").click()  # type: ignore[attr-defined]
    p.wait_for_url("**/regulations/bribery-prevention/2026-10-01/")  # type: ignore[attr-defined]
    p.goto(base_url + "regulations/bribery-prevention/on/?date=2020-01-01", wait_until="load")  # type: ignore[attr-defined]
    assert "came into force on 2026-01-05" in p.locator(".governance-on-result").inner_text()  # type: ignore[attr-defined]
    shot(p, "on-date")

    # The history's timeline of each article leads to the change; the resolution to its page.
    p.goto(base_url + "regulations/bribery-prevention/history/", wait_until="load")  # type: ignore[attr-defined]
    row = p.locator("#article-timeline ~ .md-typeset__scrollwrap tr", has_text="Article 6")  # type: ignore[attr-defined]
    assert "2026-10-01 amended (BD-2026-007)" in row.inner_text()
    shot(p, "history")
    row.locator("a", has_text="BD-2026-007").click()
    p.wait_for_url("**/resolutions/BD-2026-007/")  # type: ignore[attr-defined]
    record = p.locator("article").inner_text()  # type: ignore[attr-defined]
    assert "7 of 9 members present" in record and "6 for, 1 against, 0 abstaining" in record
    assert "Signed and verified: key SHA256:" in record and "hanako.sato@example.com" in record
    shot(p, "resolution")
    p.locator("article a", has_text="the version of 2026-10-01").click()  # type: ignore[attr-defined]
    p.wait_for_url("**/regulations/bribery-prevention/2026-10-01/")  # type: ignore[attr-defined]


def test_the_language_link_keeps_the_article_when_followed_before_the_page_has_loaded(
    page: object, keys: Keys, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Material's bundle served 3 s late, as on a slow phone: the link, clicked while the bundle loads,
    still opens the translation at the same article (its script was after the bundle)."""
    p = page
    with served(w.build_governed_site(keys, tmp_path_factory).public, slow="/bundle.") as slow_url:
        p.goto(slow_url + "regulations/bribery-prevention/#article-6", wait_until="commit")  # type: ignore[attr-defined]
        link = p.locator("a.governance-language").first  # type: ignore[attr-defined]
        link.wait_for(state="attached")
        assert p.evaluate("document.readyState") == "loading"  # type: ignore[attr-defined]  # scripts yet to run
        with p.expect_navigation(url="**/regulations/bribery-prevention.ja/#article-6", wait_until="commit"):  # type: ignore[attr-defined]
            link.dispatch_event("click")  # at once: the page is still loading
    p.goto("about:blank")  # type: ignore[attr-defined]  # off the slow server before it stops


def test_the_home_table_keeps_each_date_on_one_line(page: object, base_url: str) -> None:
    """The table's columns are narrow even at 1280 px (a phone shows cards): "2012-04-" above "01" read
    as two things."""
    p = page
    p.set_viewport_size({"width": 1280, "height": 740})  # type: ignore[attr-defined]
    p.goto(base_url, wait_until="load")  # type: ignore[attr-defined]
    row = p.locator("article table tbody tr", has_text="Bribery Prevention Regulations").first  # type: ignore[attr-defined]
    enacted, amended = row.locator("td").nth(2), row.locator("td").nth(3)
    assert enacted.inner_text() == "2012-04-01" and "2026-10-01" in amended.inner_text()
    lines = """cell => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
    }"""
    assert enacted.evaluate(lines) == 1
    assert amended.locator(".governance-nowrap").first.evaluate(lines) == 1  # the date, whatever wraps after
    shot(p, "home-desktop")


def test_on_a_phone_each_regulation_and_version_is_a_card_with_every_column_in_sight(
    page: object, base_url: str
) -> None:
    """At 375 px the tables of the home page and of a history scrolled sideways, the translations and
    the redline out of sight; each row is now a card, each cell after its column's name."""
    p = page
    for width in (375, 1280):
        p.set_viewport_size({"width": width, "height": 740})  # type: ignore[attr-defined]
        for url, row_text, last in (
            ("", "Bribery Prevention Regulations", "日本語"),
            ("regulations/bribery-prevention/history/", "2026-10-01", "redline"),
        ):
            p.goto(base_url + url, wait_until="load")  # type: ignore[attr-defined]
            row = p.locator(".governance-cards tbody tr", has_text=row_text).first  # type: ignore[attr-defined]
            link = row.locator("a", has_text=last).first
            box = link.bounding_box()
            header = p.locator(".governance-cards thead").first  # type: ignore[attr-defined]
            if width == 375:
                assert box["x"] >= 0 and box["x"] + box["width"] <= 375, (url, box)  # in sight, no scrolling
                assert row.locator(".governance-card-label").first.is_visible()
                assert header.bounding_box()["height"] <= 1  # out of sight, still read by screen readers
                shot(p, f"cards-{url.split('/')[-2] if url else 'home'}-phone")
            else:  # a table as before: its header shown, no labels
                assert header.is_visible() and not row.locator(".governance-card-label").first.is_visible()
            assert (
                row.get_attribute("role") == "row"
                and header.locator("th").first.get_attribute("role") == "columnheader"
            )
            assert axe_violations(p) == [], url


# --- Accessibility: WCAG 2.2 AA by axe-core on every page type, at desktop and phone width ---------------

PAGE_TYPES = {
    "home": "",
    "regulation": "regulations/bribery-prevention/",
    "translation": "regulations/bribery-prevention.ja/",
    "past-version": "regulations/bribery-prevention/2026-01-05/",
    "coming-version": "regulations/bribery-prevention/2027-06-01/",
    "history": "regulations/bribery-prevention/history/",
    "redline": "regulations/bribery-prevention/2026-10-01/redline/",
    "shinkyu": "regulations/bribery-prevention.ja/2026-11-25/redline/",
    "bilingual": "regulations/bribery-prevention.ja/bilingual/",
    "on-date": "regulations/bribery-prevention/on/",
    "resolution": "resolutions/BD-2026-007/",
    "whats-new": "whats-new/",
    "guide": "guides/employee/",
}


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_every_page_type_has_no_axe_violation(page: object, base_url: str, width: int) -> None:
    p = page
    p.emulate_media(media="screen")  # type: ignore[attr-defined]
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
        assert dates_and_ids_broken_over_lines(p) == [], url  # "2026-" above "10-01" reads as two things
        if width == 375 and name == "resolution":  # the record's facts fit: no row cut at the screen's edge
            box = p.locator(".governance-record .md-typeset__scrollwrap")  # type: ignore[attr-defined]
            assert box.evaluate("e => e.scrollWidth <= e.clientWidth"), url
    # The search dialog, open: named, its field labelled.
    p.goto(base_url + PAGE_TYPES["translation"], wait_until="load")  # type: ignore[attr-defined]
    p.locator("label.md-header__button[for='__search']").first.click() if width == 375 else p.locator(  # type: ignore[attr-defined]
        "input.md-search__input"
    ).click()
    assert p.locator(".md-search[role=dialog]").get_attribute("aria-label") == "検索"  # type: ignore[attr-defined]
    violations = axe_violations(p)
    if violations:
        found["search-dialog"] = violations
    shot(p, f"a11y-search-{'phone' if width == 375 else 'desktop'}")
    # With results: the matched words at 4.5:1 (Material's accent was 4.2:1), a guide's code wrapped, not a
    # box the keyboard cannot scroll; a result's snippet is the text, not the panel of facts about it.
    for url, query, reading in (("regulation", "monitoring", None), ("translation", "防止", "ぼうし")):
        p.goto(base_url + PAGE_TYPES[url], wait_until="load")  # type: ignore[attr-defined]
        search_as_employee(p, query, reading)
        p.locator(".md-search-result__item").first.wait_for(state="visible")  # type: ignore[attr-defined]
        p.wait_for_function("document.querySelectorAll('.md-search-result mark').length > 0")  # type: ignore[attr-defined]
        violations = axe_violations(p)
        if violations:
            found[f"search-results-{query}"] = violations
        for _, text in search_results(p):
            assert "sha256:" not in text and "Digest" not in text and "ダイジェスト" not in text, text
        shot(p, f"a11y-search-results-{url}-{'phone' if width == 375 else 'desktop'}")
    assert found == {}

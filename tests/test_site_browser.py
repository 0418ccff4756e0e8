"""The published site in a real browser (Chromium through Playwright), offline: one launch per session."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import site_works as w
from tests.sshkeys import Keys

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = w.ROOT / "test-artifacts"
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def base_url(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    built = w.build_governed_site(keys, tmp_path_factory)
    handler = functools.partial(_QuietHandler, directory=str(built.public))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium")
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context()
        context.set_default_timeout(TIMEOUT)
        # Offline by construction: every request not to the local server is aborted. The pattern leaves
        # local requests unrouted: routing the search worker's importScripts through this Python
        # handler stalls Material's search (seen with Chromium here).
        context.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), _abort)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def _abort(route: object) -> None:
    route.abort()  # type: ignore[attr-defined]


def shot(page: object, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"site-{name}.png"), animations="disabled", full_page=False)  # type: ignore[attr-defined]


def no_sideways_scroll(page: object) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))  # type: ignore[attr-defined]


def test_a_reader_finds_reads_searches_compares_and_switches_language(page: object, base_url: str) -> None:
    p = page  # Playwright's Page; untyped here (no stubs), so one name keeps the ignores few
    p.goto(base_url, wait_until="domcontentloaded")  # type: ignore[attr-defined]
    assert "Bribery Prevention Regulations" in p.locator("article").inner_text()  # type: ignore[attr-defined]
    shot(p, "home")

    # Open the regulation from the home page and follow a paragraph's permalink.
    p.locator("article a", has_text="Bribery Prevention Regulations").first.click()  # type: ignore[attr-defined]
    p.wait_for_url("**/regulations/bribery-prevention/")  # type: ignore[attr-defined]
    permalink = p.locator("#article-5-2 a.governance-permalink")  # type: ignore[attr-defined]
    permalink.click(force=True)  # shown on hover only
    assert p.evaluate("location.hash") == "#article-5-2"  # type: ignore[attr-defined]
    assert p.locator("#article-5-2").is_visible()  # type: ignore[attr-defined]
    assert "promulgate and train on" in p.locator("#article-5-2").inner_text()  # type: ignore[attr-defined]
    shot(p, "regulation")

    # Printed: the text and its digest, without navigation, header or footer.
    p.emulate_media(media="print")  # type: ignore[attr-defined]
    assert p.locator(".md-header").is_hidden() and p.locator(".md-sidebar--primary").is_hidden()  # type: ignore[attr-defined]
    assert p.locator(".governance-digest").first.is_visible()  # type: ignore[attr-defined]
    shot(p, "print")
    p.emulate_media(media="screen")  # type: ignore[attr-defined]

    # Search an English term and land on its article (the search runs in a web worker).
    search = p.locator("input.md-search__input")  # type: ignore[attr-defined]
    search.click()  # opens the search panel
    search.press_sequentially("documented monitoring")  # real key presses: Material searches on keyup
    result = p.locator(".md-search-result__item a[href*='#article-6']").first  # type: ignore[attr-defined]
    result.wait_for(state="visible")
    shot(p, "search")
    result.click()
    p.wait_for_function("location.hash === '#article-6'")  # type: ignore[attr-defined]

    # The language switch keeps the article.
    p.locator("a.governance-language").first.click()  # type: ignore[attr-defined]
    p.wait_for_url("**/regulations/bribery-prevention.ja/#article-6")  # type: ignore[attr-defined]
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

"""The published site in a real browser (Chromium through Playwright), offline: serving a built site,
launching Chromium, screenshots a person can look at, and axe-core's verdict (WCAG 2.0-2.2 A and AA)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright import sync_api as playwright_api

from tests.testing.site_works import ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
TIMEOUT = 60_000
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@contextlib.contextmanager
def served(folder: Path, *, slow: str | None = None) -> Iterator[str]:
    """The URL of `folder` served over HTTP on a free local port, for as long as the block runs; each file
    whose path holds `slow` is answered 3 s late (a phone's network, a loaded machine)."""
    handler = functools.partial(_QuietHandler, directory=str(folder), slow=slow)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, slow: str | None = None, **kwargs: Any) -> None:
        self.slow = slow
        super().__init__(*args, **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.slow and self.slow in self.path:
            time.sleep(3)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the page may have gone on
            super().do_GET()


@contextlib.contextmanager
def browser_page() -> Iterator[object]:
    """A page of a fresh headless Chromium that can reach only the local server."""
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


def shot(page: object, name: str, *, full_page: bool = False) -> None:
    """Keep a picture of the page for people reading CI's artifacts.

    A picture is evidence, not a check: every assertion about the page is made before it. A full-page
    capture of a long page can outlast the timeout on a loaded machine (a comparison page took over 60 s
    at a load of 15 while every assertion had passed), so a capture that times out is reported as a
    warning and the picture is missing, instead of failing a test whose checks all held.
    """
    try:
        page.screenshot(path=str(ARTIFACTS / f"site-{name}.png"), animations="disabled", full_page=full_page)  # type: ignore[attr-defined]
    except playwright_api.TimeoutError as timeout:
        warnings.warn(f"no picture of {name}: {timeout}", stacklevel=2)


def no_sideways_scroll(page: object) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))  # type: ignore[attr-defined]


# A date as the pages write it (2026-10-01, 2026年10月1日) and a resolution's id (BD-2026-007).
_DATES_BROKEN_OVER_LINES = r"""() => {
    const date = /\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日|[A-Z]{2,}-\d{4}-\d{3,}/g;
    const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
    const broken = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        // A date inside an address or a command (code) is not read as a date.
        if (!node.parentElement.checkVisibility() || node.parentElement.closest("code")) continue;
        for (const match of node.data.matchAll(date)) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            if (tops.size > 1) broken.push(match[0] + " in: " + node.parentElement.textContent.trim().slice(0, 80));
        }
    }
    return broken;
}"""


def dates_and_ids_broken_over_lines(page: object) -> list[str]:
    """Each date or resolution id of the page's article that the browser breaks over two lines ("2026-"
    above "10-01" reads as two things), with the text it stands in."""
    return [str(found) for found in page.evaluate(_DATES_BROKEN_OVER_LINES)]  # type: ignore[attr-defined]


def axe_violations(page: object) -> list[str]:
    """What axe-core finds against WCAG 2.0-2.2 A and AA on the page as shown, one line per rule."""
    if not AXE.is_file():
        pytest.fail(
            f"{AXE} is missing: run scripts/bootstrap (npm ci installs axe-core from package-lock.json)"
        )
    # Contrast is judged on the page as it settles: a dialog still fading in blends its colours.
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => document.getAnimations().every(animation => animation.playState !== 'running')"
    )
    if not page.evaluate("typeof window.axe !== 'undefined'"):  # type: ignore[attr-defined]
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


def search(page: object, query: str, reading: str | None = None) -> None:
    """Enter `query` into Material's search box as an employee does: typed on the keyboard, or, given the
    kana `reading` of a Japanese query, composed with an IME and converted (type_with_ime)."""
    box = page.locator("input.md-search__input")  # type: ignore[attr-defined]
    opener = page.locator("label.md-header__button[for='__search']").first  # type: ignore[attr-defined]
    if opener.is_visible():  # a phone: the box is off screen (though "visible") until its button opens it
        opener.click()
    box.click()
    box.fill("")
    if reading is None:
        box.press_sequentially(query)
    else:
        type_with_ime(page, reading, query)


def type_with_ime(page: object, reading: str, text: str, *, commit: str = "Enter") -> None:
    """Enter `text` into the focused box as a Japanese IME does, through Chromium's own input pipeline
    (DevTools protocol): each kana of `reading` is one key press, whose keydown the IME takes (keyCode
    229) while the composition grows. On a keyboard (commit="Enter") Space converts the reading to `text`
    and Enter commits it; Enter's keyup, no longer composing, follows the commit. On a phone
    (commit="tap") every key reports 229 "Unidentified", and tapping the candidate converts and commits
    at once, with no key event at all. The page sees what an employee's typing gives it:
    compositionstart/update/end, insertCompositionText input events and keyups, never a finished kanji
    string arriving from nowhere."""
    assert commit in ("Enter", "tap")
    name = "Process" if commit == "Enter" else "Unidentified"
    cdp = page.context.new_cdp_session(page)  # type: ignore[attr-defined]

    def key(kind: str, key: str, code: str, key_code: int) -> None:
        cdp.send(
            "Input.dispatchKeyEvent",
            {"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": key_code},
        )

    def compose(composed: str) -> None:
        cdp.send(
            "Input.imeSetComposition",
            {"text": composed, "selectionStart": len(composed), "selectionEnd": len(composed)},
        )

    try:
        for count in range(1, len(reading) + 1):
            key("rawKeyDown", name, "", 229)
            compose(reading[:count])
            key("keyUp", name, "", 229)
        if commit == "Enter":
            key("rawKeyDown", name, "Space", 229)
            compose(text)
            key("keyUp", " ", "Space", 32)
            key("rawKeyDown", name, "Enter", 229)
            cdp.send("Input.insertText", {"text": text})
            key("keyUp", "Enter", "Enter", 13)
        else:
            cdp.send("Input.insertText", {"text": text})
    finally:
        cdp.detach()


def search_results(page: object) -> list[tuple[str, str]]:
    """(href, visible text) of each search result shown, as a reader sees it."""
    pairs = page.locator(".md-search-result__item a").evaluate_all(  # type: ignore[attr-defined]
        "links => links.map(a => [a.getAttribute('href'), a.innerText])"
    )
    return [(str(href), str(text)) for href, text in pairs]


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[object]:
    """A page for the tests of a module, over the site its own `base_url` fixture serves (import this
    fixture where it is used; tests/site/conftest.py does so for that folder)."""
    with browser_page() as page:
        yield page

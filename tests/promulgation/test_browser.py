"""The acknowledge control and the coverage page in a real browser (Chromium through Playwright), with
`governance serve` serving a site built with the service's address. The browser plays the reader behind
the single sign-on proxy: it sends the identity header the proxy would add, from the trusted loopback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright import sync_api as playwright_api

from governance.promulgation.roster import Person
from governance.promulgation.store import Store
from tests.promulgation.servers import build_with_service, serving
from tests.testing import site_works as w
from tests.testing.browser import axe_violations, no_sideways_scroll
from tests.testing.sshkeys import Keys

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = w.ROOT / "test-artifacts"
READER = Person("hanako@iij.example", "Hanako Sato", "iij", None, None)
OFFICER = Person("taro@iij.example", "Taro Suzuki", "iij", None, None)


@pytest.fixture(scope="module")
def served(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    built = w.build_governed_site(keys, tmp_path_factory)
    folder = tmp_path_factory.mktemp("acknowledging")
    build_with_service(built.repo, folder / "public", w.BUILD_TODAY)
    database = str(folder / "acknowledgements.db")
    store = Store(database)
    store.upgrade()
    store.replace_roster([READER, OFFICER])
    store.close()
    with serving(folder / "public", database) as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser(served: str) -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium")
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield launched
        finally:
            launched.close()


def _page(browser: object, served: str, headers: dict[str, str]) -> object:
    context = browser.new_context(extra_http_headers=headers)  # type: ignore[attr-defined]
    context.set_default_timeout(30_000)
    # Offline: only the service on the loopback is reached.
    context.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda route: route.abort())
    return context.new_page()


def test_a_reader_acknowledges_the_version_in_force(browser: object, served: str) -> None:
    page: object = _page(browser, served, {"X-Forwarded-Email": READER.person})
    page.goto(f"{served}/regulations/bribery-prevention/")  # type: ignore[attr-defined]
    control = page.locator(".governance-acknowledge")  # type: ignore[attr-defined]
    button = control.get_by_role("button", name="I have read these regulations and will comply with them")
    button.wait_for(state="visible")
    page.screenshot(path=str(ARTIFACTS / "acknowledge-before.png"))  # type: ignore[attr-defined]
    button.click()
    control.get_by_text(re.compile(r"You acknowledged this version on \d{4}-\d{2}-\d{2}\.")).wait_for()
    assert not button.is_visible()
    page.screenshot(path=str(ARTIFACTS / "acknowledge-after.png"))  # type: ignore[attr-defined]
    # Reloaded, the page remembers: the service, not the browser, keeps the record.
    page.reload()  # type: ignore[attr-defined]
    control.get_by_text(re.compile(r"You acknowledged this version on")).wait_for()
    page.context.close()  # type: ignore[attr-defined]


def test_no_control_without_a_signed_in_reader(browser: object, served: str) -> None:
    page: object = _page(browser, served, {})
    with page.expect_response(lambda answer: "/api/acknowledgements/" in answer.url) as asked:  # type: ignore[attr-defined]
        page.goto(f"{served}/regulations/bribery-prevention/")  # type: ignore[attr-defined]
    assert asked.value.status == 401  # no identity from the proxy: not signed in; the page stays as it was
    page.wait_for_timeout(200)  # type: ignore[attr-defined]
    assert page.locator(".governance-acknowledge").is_hidden()  # type: ignore[attr-defined]
    page.context.close()  # type: ignore[attr-defined]


def test_the_coverage_page(browser: object, served: str) -> None:
    page: object = _page(
        browser, served, {"X-Forwarded-Email": OFFICER.person, "X-Forwarded-Groups": "compliance"}
    )
    page.goto(f"{served}/compliance/")  # type: ignore[attr-defined]
    row = page.locator("table.governance-coverage tbody tr").filter(has_text="bribery-prevention")  # type: ignore[attr-defined]
    assert row.count() == 1
    cells = row.locator("td").all_inner_texts()
    assert cells[0] == "iij"
    assert re.fullmatch(r"\d / 2 \(\d+\.\d%\)", cells[4])
    page.screenshot(path=str(ARTIFACTS / "coverage.png"), full_page=True)  # type: ignore[attr-defined]
    page.context.close()  # type: ignore[attr-defined]


def test_the_coverage_page_in_japanese_on_a_phone(browser: object, served: str) -> None:
    # A Japanese browser (Accept-Language: ja-JP) on a phone: the page in Japanese, the table scrolled
    # within its box, nothing axe-core finds, and a switch to English.
    context = browser.new_context(  # type: ignore[attr-defined]
        extra_http_headers={"X-Forwarded-Email": OFFICER.person, "X-Forwarded-Groups": "compliance"},
        locale="ja-JP",
        viewport={"width": 375, "height": 740},
    )
    context.set_default_timeout(30_000)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{served}/compliance/")
    assert page.evaluate("document.documentElement.lang") == "ja"
    assert page.locator("h1").inner_text().endswith("時点の確認状況")
    assert page.locator("table.governance-coverage thead th").all_inner_texts() == [
        "会社", "規程", "施行日", "確認期限の起算日", "確認済み", "未確認",
    ]  # fmt: skip
    assert no_sideways_scroll(page)
    assert axe_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / "coverage-ja-phone.png"), full_page=True)
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"lang=en"))
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").inner_text().startswith("Acknowledgement coverage on")
    context.close()

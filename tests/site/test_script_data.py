"""The data a page gives its scripts (governance/site/script_data.py): inert JSON, whatever it holds,
read back by a real browser (Chromium) as it was written, and the page's next script still runs."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from governance.site.script_data import inert_json, json_script
from tests.testing.browser import browser_page

HOSTILE = [
    "Bribery <!--<script Prevention",  # after `<!--`, `<script` made `</script>` no end: the page's next script was data
    "</script><script>window.ran = 'injected'</script>",
    "a & b &amp; <b>bold</b> > c",
    "line\u2028separator\u2029paragraph",
    "<!-- -->",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_the_json_holds_no_markup_and_reads_back_as_written(text: str) -> None:
    written = inert_json({"title": text, "list": [text]})
    assert not set(written) & set("<>&\u2028\u2029")
    assert json.loads(written) == {"title": text, "list": [text]}


@pytest.fixture(scope="module")
def page() -> Iterator[object]:  # pages set their own content: no site served
    with browser_page() as opened:
        yield opened


@pytest.mark.parametrize("text", HOSTILE)
def test_a_browser_reads_the_data_as_written_and_runs_the_next_script(page: object, text: str) -> None:
    p = page
    p.set_content(  # type: ignore[attr-defined]
        "<!DOCTYPE html><html><head><title>t</title></head><body>"
        + json_script("data", {"title": text})
        + "<script>window.ran = JSON.parse(document.getElementById('data').textContent).title;</script>"
        + "<p id='after'>after</p></body></html>"
    )
    assert p.evaluate("window.ran") == text  # type: ignore[attr-defined]
    assert p.locator("#after").inner_text() == "after"  # type: ignore[attr-defined]

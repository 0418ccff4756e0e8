"""What the browser tests of this folder share: one Chromium page per module, over the site its module serves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.testing.browser import browser_page


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[object]:
    """A page of the module's `base_url` fixture (the address its built site is served at)."""
    with browser_page() as page:
        yield page

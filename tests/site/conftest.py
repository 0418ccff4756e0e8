"""What the browser tests of this folder share: one Chromium page per module, over the site its module
serves (its `base_url` fixture)."""

from tests.testing.browser import page  # noqa: F401  (a fixture)

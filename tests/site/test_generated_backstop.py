"""The backstop behind the renderer's escaping: a page made from the regulations that would act in the
reader's browser (an event handler, a script of its own, a javascript: address) fails the build, naming
the page; the pages' own inert data and comparison script pass. Every page of a real build of the
test site passes (tests/site/test_build.py builds it with this check on)."""

from __future__ import annotations

import pytest

from governance.site.active_markup import acting_in_generated
from governance.site.script_data import json_script

OWN = (
    '<p>Text</p>\n<script src="../../../governance/compare.js" defer></script>\n'
    + json_script("governance-compare", {"title": "</script><script>alert(1)</script> javascript:x"})
    + '\n<a href="https://example.com/">a</a> <input type="date" id="governance-on-date" name="date">'
)


def test_what_the_pages_carry_themselves_passes() -> None:
    assert acting_in_generated(OWN) is None
    assert acting_in_generated("<p>Transcript: on the onerror= of &lt;img&gt;</p>") is None


@pytest.mark.parametrize(
    ("markup", "needle"),
    [
        ("<li><strong>Enacted:</strong> <img src=x onerror=alert(1)></li>", "onerror"),
        ('<p>x</p><script src="https://evil.example/x.js" defer></script>', "script"),
        ('<script src="../governance/compare.js"></script>', "script"),
        ('<a href="javascript:alert(1)">a</a>', "javascript:"),
        ('<a href=" JaVaScRiPt:alert(1)">a</a>', "javascript:"),
        ("<iframe src=https://evil.example/></iframe>", "iframe"),
        ("<a href=java&#115;cript:alert(1)>a</a>", "javascript:"),
        (
            "<a href=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>a</a>",
            "javascript:",
        ),
        ('<div><svg><set attributeName="href" to="javascript:alert(1)"/></svg></div>', "href"),
    ],
)
def test_what_would_act_is_found(markup: str, needle: str) -> None:
    found = acting_in_generated(OWN + markup)
    assert found is not None and found.needle == needle, found

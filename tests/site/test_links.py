"""Links between texts resolved to the pages of the site; the others reported and shown as written."""

from __future__ import annotations

from governance.gate.works import Work
from governance.site.links import TextLinks
from governance.text.html import render_text

WORKS = [Work("hr/leave", "Policies/hr/leave.md"), Work("finance/travel", "Policies/finance/travel.md")]


def test_by_file_by_old_address_and_not_at_all() -> None:
    links = TextLinks(WORKS)
    resolve = links.resolver("Policies/hr/leave.md", "regulations/hr/leave/index.md")
    assert resolve("../finance/travel.md") == "../../finance/travel/"
    assert resolve("../finance/travel.md#claims") == "../../finance/travel/#claims"
    assert resolve("/policies/finance/travel/") == "../../finance/travel/"
    assert resolve("/Finance/Travel.html") == "../../finance/travel/"
    assert resolve("leave.md") == "./"
    from_version = links.resolver("Policies/hr/leave.md", "regulations/hr/leave/2026-12-01/index.md")
    assert from_version("../finance/travel.md") == "../../../finance/travel/"
    for unknown in ("/handbook/", "../finance/expenses.md", "javascript:alert(1)", "data:text/html,x"):
        assert resolve(unknown) is None
    assert links.unresolved == {
        ("Policies/hr/leave.md", address)
        for address in ("/handbook/", "../finance/expenses.md", "javascript:alert(1)", "data:text/html,x")
    }


def test_the_renderer_links_what_resolves_and_shows_the_rest_as_written() -> None:
    text = "# Leave\n\nSee the [travel policy](../finance/travel.md) and the [handbook](/handbook/).\n"
    links = TextLinks(WORKS)
    markup = _leave_page(text, links)
    assert '<a href="../../finance/travel/">travel policy</a>' in markup
    assert "[handbook](/handbook/)" in markup and 'href="/handbook/"' not in markup
    plain = render_text(text, "Policies/hr/leave.md", "hr/leave").html
    assert "[travel policy](../finance/travel.md)" in plain  # without a resolver: as before


def test_a_japanese_file_name_resolves_as_written() -> None:
    """markdown-it percent-encodes the address; it names the file all the same."""
    works = [*WORKS, Work("人事/就業規則", "Policies/人事/就業規則.md")]
    text = "# 休暇\n\n[就業規則](../人事/就業規則.md#article-2)を参照する。\n"
    links = TextLinks(works)
    markup = _leave_page(text, links)
    assert '<a href="../../人事/就業規則/#article-2">' in markup
    assert links.unresolved == set()


def _leave_page(text: str, links: TextLinks) -> str:
    """The HTML of hr/leave's page with `text`, its links resolved by `links`."""
    resolve = links.resolver("Policies/hr/leave.md", "regulations/hr/leave/index.md")
    return render_text(text, "Policies/hr/leave.md", "hr/leave", resolve_href=resolve).html

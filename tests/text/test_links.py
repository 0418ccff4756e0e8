"""What a link written in a text names (governance.text.links): a table, no repository."""

from __future__ import annotations

import pytest

from governance.text.links import TextLink, relative_path, text_link

TEXTS = {"Policies/hr/leave.md", "Policies/finance/travel.md", "Policies/人事/就業規則.md"}
BY_ID = {"hr/leave": "Policies/hr/leave.md", "finance/travel": "Policies/finance/travel.md"}
SOURCE = "Policies/hr/leave.md"


@pytest.mark.parametrize(
    ("href", "named"),
    [
        ("../finance/travel.md", TextLink("Policies/finance/travel.md", "", by_file=True)),
        ("../finance/travel.md#article-3", TextLink("Policies/finance/travel.md", "article-3", by_file=True)),
        ("leave.md", TextLink(SOURCE, "", by_file=True)),
        (
            "../%E4%BA%BA%E4%BA%8B/%E5%B0%B1%E6%A5%AD%E8%A6%8F%E5%89%87.md#%E7%AC%AC1%E6%9D%A1",
            TextLink("Policies/人事/就業規則.md", "第1条", by_file=True),
        ),
        ("../finance/travel/", TextLink("Policies/finance/travel.md", "", by_file=False)),
        ("../finance/travel.html", TextLink("Policies/finance/travel.md", "", by_file=False)),
        ("/policies/finance/travel/", TextLink("Policies/finance/travel.md", "", by_file=False)),
        ("/Finance/Travel.html#x", TextLink("Policies/finance/travel.md", "x", by_file=False)),
        ("../finance/expenses.md", None),
        ("../../governance.yml", None),
        ("../../../outside/Policies/hr/leave.md", None),
        ("../finance/travel.md?x=1", None),
        ("https://example.com/travel.md", None),
        ("mailto:legal@example.com", None),
        ("/handbook/", None),
        ("", None),
    ],
)
def test_what_an_address_names(href: str, named: TextLink | None) -> None:
    assert text_link(SOURCE, href, TEXTS.__contains__, BY_ID.get) == named


def test_without_ids_an_old_sites_address_names_nothing() -> None:
    assert text_link(SOURCE, "/policies/finance/travel/", TEXTS.__contains__) is None


def test_the_relative_path_a_text_writes() -> None:
    assert relative_path(SOURCE, "Policies/finance/travel.md") == "../finance/travel.md"
    assert relative_path("top.md", "a/b.md") == "a/b.md"

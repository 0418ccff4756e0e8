"""Regulation ids that would collide with a page the site generates for another regulation are refused by
lint and the gate, with the reason; nested ids that cannot collide still pass."""

from __future__ import annotations

from datetime import date

import pytest

from governance.config import Config
from governance.gate.check import run_check
from governance.lint.runner import lint_paths
from governance.site.builder import build_site
from governance.text import recognisers
from tests.testing import site_works
from tests.testing.governed import SEED, Governed

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("ident", "what"),
    [
        ("bribery-prevention/history", "the history page of bribery-prevention"),
        ("bribery-prevention.ja/bilingual", "the bilingual page of bribery-prevention.ja"),
        ("bribery-prevention/compare", "the compare page of bribery-prevention"),
        ("group/policy/2026-10-01", "the version of group/policy in force from 2026-10-01"),
        ("a/2026-10-01-2/notes", "the version of a in force from 2026-10-01"),
    ],
)
def test_an_id_that_collides_with_a_generated_page_is_refused(gov: Governed, ident: str, what: str) -> None:
    gov.branch()
    gov.repo.write(f"regulations/{ident}.md", SEED)
    gov.approve("BD-2026-007", ident, "enact", SEED)
    gov.repo.commit(f"Enact {ident}")

    report = run_check(gov.path, "main", "proposal", today=TODAY)

    assert not report.ok
    [verdict] = report.verdicts
    assert not verdict.covered
    [reason] = verdict.reasons
    assert reason.startswith(f"regulations/{ident}.md: the regulation id {ident} would be published where")
    assert what in reason
    [finding] = lint_paths(gov.path, Config())
    assert finding.code == "FILE005" and what in finding.message


@pytest.mark.parametrize("ident", ["group/bribery-prevention", "history", "history/policy", "2026/policy"])
def test_nested_ids_that_cannot_collide_pass(gov: Governed, ident: str) -> None:
    gov.branch()
    gov.repo.write(f"regulations/{ident}.md", SEED)
    gov.approve("BD-2026-007", ident, "enact", SEED)
    gov.repo.commit(f"Enact {ident}")

    assert run_check(gov.path, "main", "proposal", today=TODAY).ok


def test_the_names_refused_are_the_names_the_site_generates() -> None:
    """Every page the site puts inside a regulation's folder is named by the recognisers' list, so an id
    the gate lets through cannot land on one (the plugin also refuses any collision at build time)."""
    site = build_site(site_works.everything(), site_works.TODAY)
    works = sorted(site_works.everything(), key=lambda work: len(work.id), reverse=True)
    for page in site.pages:
        if not page.uri.startswith("regulations/"):
            continue
        work = next(w for w in works if page.uri.startswith(f"regulations/{w.id}/"))
        first = page.uri.removeprefix(f"regulations/{work.id}/").split("/")[0]
        if first == "index.md":
            continue
        name = first.removesuffix(".md")
        assert recognisers.generated_page_clash(f"{work.id}/{name}") is not None, page.uri

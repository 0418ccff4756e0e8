"""Adoption end to end, exactly as the README's "Adopt it in your repository" says, on a repository of
policies made like the ones administrators have (tests/policies_fixture.py): init, lint, an amendment
through the gate, `mkdocs build --strict` with the minimal mkdocs.yml, and the site in a browser."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.policies_fixture import make_policies, policy_path
from tests.testing.browser import page, served  # noqa: F401 (page: the browser fixture, over base_url below)
from tests.testing.shell import run_as_user


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def adoption_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- adoption:start -->", 1)[1].split("<!-- adoption:end -->", 1)[0]
    return block.split("```sh\n", 1)[1].rsplit("```", 1)[0]


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The fixture repository after the README's block, and everything the block printed."""
    base = tmp_path_factory.mktemp("adoption")
    repo = make_policies(base / "policies")
    code, output = run_as_user(adoption_block(), repo, base, name="Administrator", email="admin@example.com")
    assert code == 0, output  # the last command: the second strict build
    return repo, output


def test_the_readme_adoption_runs_as_written(adopted: tuple[Path, str]) -> None:
    _, output = adopted
    assert "resolutions/lint-baseline.yml" in output
    first, second = output.split("governance check:")[1:3]
    assert "MISSING  amend hr/leave" in first
    assert "ok       amend hr/leave" in second and "approved by BD-2026-001" in second
    assert "result: every change since the adoption was approved" in output
    assert output.count("Documentation built") == 2
    assert "WARNING -" not in output
    # ... and the one that names no regulation is reported by the build, and shown as written.
    assert "Policies/legal/conduct.md links to '/handbook/', which names no regulation" in output


def test_the_site_groups_the_folders_and_publishes_only_what_was_approved(adopted: tuple[Path, str]) -> None:
    repo, _ = adopted
    site = repo / "site"
    home = (site / "index.html").read_text("utf-8")
    assert "<title>Example Corp policies" in home
    assert "guides/" not in home and "the group" not in home
    for section in ("Hr", "Finance", "Expenses", "It", "Security", "Legal"):
        assert re.search(rf">\s*{section}\s*<", home), section
    leave = (site / "regulations/hr/leave/index.html").read_text("utf-8")
    assert 'id="purpose"' in leave  # the old site's anchor still lands (on the heading of that name)
    assert "within five days" in leave
    # Links between texts (by file, and by the old site's address) lead to the pages here.
    assert '<a href="../../finance/expenses/travel/">Travel Policy</a>' in leave
    assert '<a href="../../it/security/passwords/">older policy</a>' in leave
    # The amendment's link names the file and an anchor of it: lint and the gate let it through.
    assert '<a href="../../finance/expenses/travel/#rules">Travel Policy</a> says.' in leave
    assert 'id="rules"' in (site / "regulations/finance/expenses/travel/index.html").read_text("utf-8")
    # The texts from before the adoption: listed from the history page, marked, with dates and commits.
    before = (site / "regulations/hr/leave/before-adoption/index.html").read_text("utf-8")
    assert "Before adoption: not verified by this tool" in before
    commits = git(repo, "log", "--format=%H %cs", "--", policy_path(0)).splitlines()
    assert len(commits) == 5  # first published, three revisions, the amendment
    for line in commits[2:]:  # the texts before the one in force at the adoption
        sha, day = line.split()
        assert f"<code>{sha[:12]}</code>" in before and day in before
        text_page = (site / f"regulations/hr/leave/before-adoption/{sha[:12]}/index.html").read_text("utf-8")
        assert "not verified by this tool" in text_page
    assert commits[1].split()[0][:12] not in before  # the text at the adoption is the baseline's
    assert "before-adoption" not in (site / "search/search_index.json").read_text("utf-8")  # not searchable
    # Adopted and amended on one day: the history says so, not "never in force".
    history = (site / "regulations/hr/leave/history/index.html").read_text("utf-8")
    assert "adopted and replaced the same day" in history and "text 2 of the day" in history
    assert "before-adoption/" in history
    # Nothing of the records or regulations folders is published as it is in the work tree.
    published = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert not {p for p in published if p.endswith((".yml", ".sig")) or "allowed_signers" in p}
    assert (repo / policy_path(0)).is_file()


@pytest.fixture(scope="module")
def base_url(adopted: tuple[Path, str]) -> Iterator[str]:
    with served(adopted[0] / "site") as url:
        yield url


def test_the_adopted_site_in_a_browser(page: object, base_url: str) -> None:  # noqa: F811
    page.goto(base_url)  # type: ignore[attr-defined]
    assert page.title().startswith("Example Corp policies")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Leave Policy").first.click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"regulations/hr/leave/$"))  # type: ignore[attr-defined]
    text = page.locator("article").inner_text()  # type: ignore[attr-defined]
    assert "within five days" in text
    assert "markdownlint" not in text  # a tool's directive shows nothing (and says nothing)

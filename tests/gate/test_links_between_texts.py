"""A link from one regulation to another by the relative path of its file passes lint and the gate when
the site resolves it (the file is a regulation at the head, the anchor is one of its page's); anything
else is refused with a finding that names the target. Played on real repositories: `governance check`
on a pull request, and lint on its work tree."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from governance.config import load_config
from governance.gate.check import run_check
from governance.lint.runner import lint_paths
from tests.testing.governed import REGULATION, SEED, Governed

TODAY = date(2026, 12, 1)
EXPENSES = SEED.replace("title: Bribery Prevention Regulations", "title: Expenses Regulations").replace(
    "# Bribery Prevention Regulations", "# Expenses Regulations"
)
WORK_RULES = "regulations/人事/就業規則.md"


def _linking(address: str) -> str:
    return SEED.replace(
        "based on the employment rules.",
        f"based on the employment rules and the [expenses rules]({address}).",
    )


def _propose(gov: Governed, address: str) -> str:
    """A pull request enacting two texts and amending the seed to link to `address`, every change
    approved: only lint can refuse it."""
    amended = _linking(address)
    gov.pull_request(
        "proposal",
        "Enact the expenses rules and link to them",
        files={"regulations/finance/expenses.md": EXPENSES, WORK_RULES: EXPENSES, REGULATION: amended},
        approvals=(
            ("BD-2026-007", "finance/expenses", "enact", EXPENSES),
            ("BD-2026-008", "人事/就業規則", "enact", EXPENSES),
            ("BD-2026-009", "bribery-prevention", "amend", amended),
        ),
    )
    return amended


def _md006(gov: Governed) -> tuple[list[str], list[str]]:
    """The MD006 messages of the check (the pull request) and of lint (its work tree)."""
    report = run_check(gov.path, "main", "proposal", today=TODAY)
    assert all(verdict.covered for verdict in report.verdicts)
    checked = [str(f.message) for f in report.findings if f.code == "MD006"]
    linted = [str(f.message) for f in lint_paths(gov.path, load_config(gov.path)) if f.code == "MD006"]
    assert not report.ok if checked else report.ok
    return checked, linted


@pytest.mark.parametrize(
    "address",
    [
        "finance/expenses.md",
        "finance/expenses.md#article-3",
        "./finance/../finance/expenses.md#article-3-1",
        "人事/就業規則.md#article-2",  # markdown-it percent-encodes it; the rule reads it decoded
        "bribery-prevention.md#article-9",  # the text itself
    ],
)
def test_a_link_to_a_regulation_by_its_file_passes(gov: Governed, address: str) -> None:
    _propose(gov, address)
    assert _md006(gov) == ([], [])


@pytest.mark.parametrize(
    ("address", "says"),
    [
        (
            "finance/expenses.md#article-30",
            "names the anchor '#article-30', which regulations/finance/expenses.md does not have",
        ),
        (
            "人事/就業規則.md#第2条",
            "names the anchor '#第2条', which regulations/人事/就業規則.md does not have",
        ),
        ("finance/expense.md", "the link address 'finance/expense.md' is not"),
        ("../governance.yml", "the link address '../governance.yml' is not"),
        ("../../../../etc/passwd.md", "the link address '../../../../etc/passwd.md' is not"),
        ("finance/expenses.md?download=1", "the link address 'finance/expenses.md?download=1' is not"),
        ("ftp://example.com/x.md", "the link address 'ftp://example.com/x.md' is not"),
        (
            "/policies/finance/expenses/",
            "the link address '/policies/finance/expenses/' is not",
        ),
        (
            "finance/expenses/",
            "names regulations/finance/expenses.md by an address of a site, not by its file; write the "
            "file's relative path: 'finance/expenses.md'",
        ),
    ],
)
def test_a_link_the_site_cannot_resolve_is_refused_naming_its_target(
    gov: Governed, address: str, says: str
) -> None:
    _propose(gov, address)
    checked, linted = _md006(gov)
    assert len(checked) == 1 and says in checked[0]
    assert checked == linted


def test_a_link_to_a_text_rescinded_in_the_same_pull_request_is_refused(gov: Governed) -> None:
    """The regulations are the head's: a text the pull request removes cannot be linked to."""
    _propose(gov, "finance/expenses.md")
    gov.merge()
    gov.branch("rescind")
    gov.repo.remove("regulations/finance/expenses.md")
    gov.approve("BD-2026-010", "finance/expenses", "rescind", EXPENSES)
    gov.repo.commit("Rescind the expenses rules")

    report = run_check(gov.path, "main", "rescind", today=TODAY)

    assert all(verdict.covered for verdict in report.verdicts)
    assert report.findings == []  # the linking text did not change: only changed texts are linted
    [finding] = [f for f in lint_paths(gov.path, load_config(gov.path)) if f.code == "MD006"]
    assert finding.path == REGULATION and "'finance/expenses.md' is not" in finding.message


def test_at_the_root_a_link_may_name_what_the_pattern_selects_and_nothing_else(tmp_path: Path) -> None:
    """With `regulations: .` and a pattern, the texts beside README.md: a link to another regulation
    passes, a link to README.md (not a regulation) is refused naming it."""
    from governance.config import Config
    from tests.work_rules_fixture import PATTERN, WAGES, WORK_RULES, make_work_rules

    repo = make_work_rules(tmp_path / "kitei")
    config = Config(regulations=".", regulations_pattern=PATTERN)
    text = (repo / WORK_RULES).read_text("utf-8")
    before = {(f.line, f.code) for f in lint_paths(repo, config) if f.path == WORK_RULES}
    sentence = "この規則は、会社に雇用される全ての従業員に適用する。"
    assert sentence in text
    for address, refused in ((f"{WAGES}#article-1", False), ("README.md", True)):
        linked = text.replace(
            sentence, f"この規則は、会社に雇用される全ての従業員に適用する（[賃金規程]({address})も同じ）。"
        )
        (repo / WORK_RULES).write_text(linked, encoding="utf-8")
        found = [
            f for f in lint_paths(repo, config) if f.path == WORK_RULES and (f.line, f.code) not in before
        ]
        assert [f.code for f in found] == (["MD006"] if refused else [])
        assert not refused or "the link address 'README.md' is not" in found[0].message

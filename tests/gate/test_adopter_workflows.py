"""`governance init --github`: the adopting repository's gate and publish workflows, pinned to the
installed version's released wheel by its sha256, with the properties of this project's own."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from governance.cli import main
from governance.gate.workflows import GATE_FILE, PUBLISH_FILE
from tests.testing.browser import served
from tests.testing.gitrepo import GitRepo
from tests.testing.sshkeys import Keys

VERSION = metadata.version("regulation-governance")
WHEEL = f"https://example.com/releases/download/v{VERSION}/regulation_governance-{VERSION}-py3-none-any.whl"
SHA256 = "a" * 64


def _init(repo: GitRepo, keys: Keys, *extra: str) -> Any:
    return CliRunner().invoke(
        main,
        [
            "init",
            "--key",
            str(keys.secretary.private),
            "--identity",
            keys.secretary.identity,
            "--members",
            "3",
            "--root",
            str(repo.path),
            *extra,
        ],
        env={"GOVERNANCE_TODAY": "2026-12-01"},
    )


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_the_workflows_keep_the_gate_out_of_the_pull_requests_reach(
    tmp_path: Path, keys: Keys, seed_text: str
) -> None:
    repo = GitRepo.init(tmp_path / "policies")
    repo.write("regulations/bribery-prevention.md", seed_text)
    repo.commit("Regulations")

    refused = _init(repo, keys, "--github")
    assert refused.exit_code == 2 and "--tool-sha256" in refused.stderr
    wrong = _init(
        repo, keys, "--github", "--tool-wheel", WHEEL.replace(VERSION, "9.9.9"), "--tool-sha256", SHA256
    )
    assert wrong.exit_code == 2 and f"not version {VERSION}" in wrong.stderr
    assert not (repo.path / "resolutions").exists()  # refused before anything was written

    adopted = _init(repo, keys, "--github", "--tool-wheel", WHEEL, "--tool-sha256", SHA256)
    assert adopted.exit_code == 0, adopted.output
    gate = yaml.safe_load((repo.path / GATE_FILE).read_text("utf-8"))
    publish = yaml.safe_load((repo.path / PUBLISH_FILE).read_text("utf-8"))

    assert set(gate[True]) == {"pull_request_target", "merge_group"}  # YAML 1.1 reads `on` as true
    assert publish[True]["push"] == {"branches": ["main"]}
    for workflow in (gate, publish):
        assert workflow["permissions"] == {"contents": "read"}
        assert workflow["env"]["PYTHONSAFEPATH"] == "1"
        assert (workflow["env"]["GOVERNANCE_WHEEL"], workflow["env"]["GOVERNANCE_WHEEL_SHA256"]) == (
            WHEEL,
            SHA256,
        )
        steps = _steps(workflow)
        checkout = next(step for step in steps if str(step.get("uses", "")).startswith("actions/checkout@"))
        assert checkout["with"]["persist-credentials"] is False
        runs = [step["run"] for step in steps if "run" in step]
        install = next(run for run in runs if "sha256sum --check" in run)
        assert install.index("sha256sum --check") < install.index("pip install")
        for run in runs:  # the tool is run by its full path, never found in the checkout
            for line in run.splitlines():
                if (
                    "governance" in line.split("#")[0]
                    and "bin/governance" not in line
                    and "user.name" not in line
                ):
                    raise AssertionError(line)
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or "zizmor"
    done = subprocess.run(
        [zizmor, "--offline", "--quiet", str(repo.path / ".github/workflows")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_wheel_that_is_not_the_pinned_one_is_never_installed(tmp_path: Path) -> None:
    from governance.gate.workflows import workflows

    served_dir = tmp_path / "release"
    served_dir.mkdir()
    wheel = served_dir / f"regulation_governance-{VERSION}-py3-none-any.whl"
    wheel.write_bytes(b"not the reviewed wheel")
    pinned = hashlib.sha256(b"the reviewed wheel").hexdigest()
    gate = yaml.safe_load(
        workflows(version=VERSION, wheel_url=WHEEL, wheel_sha256=pinned, branch="main")[GATE_FILE]
    )
    install = next(step for step in _steps(gate) if "sha256sum --check" in step.get("run", ""))
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    with served(served_dir) as url:
        env = {**os.environ, "GOVERNANCE_WHEEL": url + wheel.name, "GOVERNANCE_WHEEL_SHA256": pinned}
        done = subprocess.run(
            ["bash", "-e", "-c", install["run"]],
            cwd=runner_temp,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    assert done.returncode != 0
    assert "FAILED" in done.stdout + done.stderr
    assert not (runner_temp / "venv").exists()  # stopped before anything was installed

"""`governance init --github`: the adopting repository's gate and publish workflows, pinned to the
installed version's release (its wheel and the hashed list of the wheel's dependencies, by the sha256s
of the release's SHA256SUMS), with the properties of this project's own."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from governance.cli import main
from governance.gate.workflows import GATE_FILE, PUBLISH_FILE
from tests.conftest import ROOT
from tests.testing.gitrepo import GitRepo
from tests.testing.sshkeys import Keys

VERSION = metadata.version("regulation-governance")
WHEEL_NAME = f"regulation_governance-{VERSION}-py3-none-any.whl"
SHA256, REQUIREMENTS_SHA256 = "a" * 64, "b" * 64


def _release_folder(folder: Path, sums: str) -> str:
    """A folder standing for a release's files (file://, as a mirror on a runner would be), with
    `sums` as its SHA256SUMS."""
    folder.mkdir(parents=True)
    (folder / "SHA256SUMS").write_text(sums, encoding="utf-8")
    return folder.as_uri()


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

    refused = _init(repo, keys, "--github")  # a source install: no address it came from, no Releases URL
    assert refused.exit_code == 2 and "--tool-release URL" in refused.stderr
    other = _release_folder(tmp_path / "v9.9.9", f"{SHA256}  regulation_governance-9.9.9-py3-none-any.whl\n")
    wrong = _init(repo, keys, "--github", "--tool-release", other)
    assert wrong.exit_code == 2 and f"does not list the wheel of version {VERSION}" in wrong.stderr
    missing = _init(repo, keys, "--github", "--tool-release", (tmp_path / "nowhere").as_uri())
    assert missing.exit_code == 2 and "cannot read" in missing.stderr and "SHA256SUMS" in missing.stderr
    assert not (repo.path / "resolutions").exists()  # refused before anything was written

    release = _release_folder(
        tmp_path / "release",
        f"{SHA256}  {WHEEL_NAME}\n{REQUIREMENTS_SHA256}  requirements-{VERSION}.txt\n",
    )
    adopted = _init(repo, keys, "--github", "--tool-release", release + "/")
    assert adopted.exit_code == 0, adopted.output
    gate = yaml.safe_load((repo.path / GATE_FILE).read_text("utf-8"))
    publish = yaml.safe_load((repo.path / PUBLISH_FILE).read_text("utf-8"))

    assert set(gate[True]) == {"pull_request_target", "merge_group"}  # YAML 1.1 reads `on` as true
    assert publish[True]["push"] == {"branches": ["main"]}
    for workflow in (gate, publish):
        assert workflow["permissions"] == {"contents": "read"}
        assert workflow["env"]["PYTHONSAFEPATH"] == "1"
        assert {key: value for key, value in workflow["env"].items() if key.startswith("GOVERNANCE_")} == {
            "GOVERNANCE_WHEEL": f"{release}/{WHEEL_NAME}",
            "GOVERNANCE_WHEEL_SHA256": SHA256,
            "GOVERNANCE_REQUIREMENTS": f"{release}/requirements-{VERSION}.txt",
            "GOVERNANCE_REQUIREMENTS_SHA256": REQUIREMENTS_SHA256,
        }
        steps = _steps(workflow)
        checkout = next(step for step in steps if str(step.get("uses", "")).startswith("actions/checkout@"))
        # Nothing restores files into the git folder, where the site's page cache is trusted on a hit.
        assert {str(step["uses"]).split("@")[0] for step in steps if "uses" in step} <= {
            "actions/checkout",
            "actions/upload-pages-artifact",
            "actions/deploy-pages",
        }
        assert checkout["with"]["persist-credentials"] is False
        runs = [step["run"] for step in steps if "run" in step]
        install = next(run for run in runs if "sha256sum --check" in run)
        assert install.index("sha256sum --check") < install.index("pip install")
        assert "--require-hashes --no-deps" in install and "--only-binary :all:" in install
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


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files of a release, made by the build step of .github/workflows/release.yml run here (as
    GitHub runs a step) on a copy of this repository's source."""
    base = tmp_path_factory.mktemp("release")
    source = base / "source"
    shutil.copytree(ROOT / "governance", source / "governance", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "scripts", source / "scripts")
    for name in ("pyproject.toml", "README.md", "requirements.lock"):
        shutil.copy(ROOT / name, source / name)
    workflow = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text("utf-8"))
    [build] = [step for step in _steps(workflow) if str(step.get("name", "")).startswith("Build the wheel")]
    (base / "runner").mkdir()
    done = _bash(build["run"], source, {"RUNNER_TEMP": str(base / "runner")})
    assert done.returncode == 0, done.stdout + done.stderr
    return source / "dist"


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A `run:` step as GitHub runs it (bash -e, pipefail)."""
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def _pins(workflow: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in workflow["env"].items() if key.startswith("GOVERNANCE_")}


def test_the_release_installs_in_the_adopters_workflow_with_nothing_unpinned(
    release: Path, tmp_path: Path, keys: Keys, seed_text: str
) -> None:
    requirements = f"requirements-{VERSION}.txt"
    assert sorted(path.name for path in release.iterdir()) == sorted([WHEEL_NAME, requirements, "SHA256SUMS"])
    assert _bash("sha256sum --check --strict SHA256SUMS", release, {}).returncode == 0
    locked = [line for line in (release / requirements).read_text("utf-8").splitlines() if line[:1] != "#"]
    for line in locked:
        assert re.fullmatch(r"[a-z0-9-]+==\S+ --hash=sha256:[0-9a-f]{64}", line), line
    assert {line.split("==")[0] for line in locked} >= {
        "mkdocs",
        "mkdocs-material",
        "pydantic",
        "markdown-it-py",
    }

    repo = GitRepo.init(tmp_path / "policies")
    repo.write("regulations/bribery-prevention.md", seed_text)
    repo.commit("Regulations")
    adopted = _init(repo, keys, "--github", "--tool-release", release.as_uri())
    assert adopted.exit_code == 0, adopted.output
    gate = yaml.safe_load((repo.path / GATE_FILE).read_text("utf-8"))
    install = next(step for step in _steps(gate) if "sha256sum --check" in step.get("run", ""))
    runner = tmp_path / "runner"
    runner.mkdir()

    done = _bash(install["run"], runner, _pins(gate))

    assert done.returncode == 0, done.stdout + done.stderr
    said = subprocess.run([runner / "venv/bin/governance", "--version"], capture_output=True, text=True)
    assert VERSION in said.stdout
    frozen = subprocess.run(
        [runner / "venv/bin/pip", "freeze", "--all"], capture_output=True, text=True, check=True
    ).stdout.lower()
    installed = {re.sub(r"[-_.]+", "-", line.split(" @ ")[0].split("==")[0]) for line in frozen.splitlines()}
    installed -= {"pip", "setuptools"}  # the venv's own
    assert installed == {line.split("==")[0] for line in locked} | {"regulation-governance"}


def test_a_wheel_or_a_list_that_is_not_the_pinned_one_is_never_installed(
    release: Path, tmp_path: Path
) -> None:
    from governance.gate.workflows import Release, workflows

    requirements = f"requirements-{VERSION}.txt"
    pinned = Release(
        VERSION,
        (release / WHEEL_NAME).as_uri(),
        hashlib.sha256((release / WHEEL_NAME).read_bytes()).hexdigest(),
        (release / requirements).as_uri(),
        hashlib.sha256((release / requirements).read_bytes()).hexdigest(),
    )
    gate = yaml.safe_load(workflows(pinned, branch="main")[GATE_FILE])
    install = next(step for step in _steps(gate) if "sha256sum --check" in step.get("run", ""))
    tampered = tmp_path / "tampered"
    shutil.copytree(release, tampered)
    with (tampered / requirements).open("a", encoding="utf-8") as lock:
        lock.write("evil-package==1.0\n")  # an unpinned extra the list would install
    (tampered / WHEEL_NAME).write_bytes(b"not the reviewed wheel")
    for name in (WHEEL_NAME, requirements):
        runner = tmp_path / f"runner-{name}"
        runner.mkdir()
        swapped = {
            **_pins(gate),
            "GOVERNANCE_" + ("WHEEL" if name == WHEEL_NAME else "REQUIREMENTS"): (tampered / name).as_uri(),
        }

        done = _bash(install["run"], runner, swapped)

        assert done.returncode != 0
        saved_as = WHEEL_NAME if name == WHEEL_NAME else "requirements.txt"  # as the step saves it
        assert f"{saved_as}: FAILED" in done.stdout + done.stderr
        assert not (runner / "venv").exists()  # stopped before anything was installed

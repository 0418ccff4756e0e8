"""The workflows: their properties read from the files, and their own commands run on real repositories.

What GitHub does is given, not tested (its servers cannot exist here): on pull_request_target it runs the
workflow file of the default branch with the event's token, and actions/checkout makes a full clone
(`refs/remotes/origin/*`) checked out at the requested commit. Everything after that is this repository's:
the parse tests show which triggers, permissions, refs and tool the workflows use; the run tests run
their `run:` steps as GitHub would (the `${{ }}` expressions given GitHub's values) on a clone of a
governed repository, and show that the pull request's files are only data.
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

from governance.config import load_config
from tests.conftest import ROOT
from tests.testing.governed import AMENDED, REGULATION, SEED, Governed

WORKFLOWS = ROOT / ".github" / "workflows"
SHA = re.compile(r"[0-9a-f]{40}")
USED_ACTIONS = {"actions/checkout", "actions/upload-pages-artifact", "actions/deploy-pages"}


def workflow(name: str, text: str | None = None) -> dict[Any, Any]:
    document = yaml.safe_load(text if text is not None else (WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def triggers(document: dict[Any, Any]) -> dict[str, Any]:
    on = document.get("on", document.get(True))  # YAML 1.1 reads a bare `on` as true
    assert isinstance(on, dict)
    return on


def steps_of(document: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in document["jobs"].values() for step in job.get("steps", [])]


def step(document: dict[Any, Any], name: str) -> dict[str, Any]:
    [found] = [s for s in steps_of(document) if s.get("name") == name]
    return found


# --- The properties, read from the files -----------------------------------------------------------------


def test_the_gate_runs_the_definition_of_the_base_and_again_when_the_base_changes() -> None:
    on = triggers(workflow("gate.yml"))

    assert set(on) == {"pull_request_target", "merge_group"}  # never `pull_request`: the PR's own file
    assert set(on["pull_request_target"]["types"]) >= {"opened", "synchronize", "reopened", "edited"}
    assert "branches" not in on["pull_request_target"]  # every base gets a verdict; only main a pass


@pytest.mark.parametrize("name", ["gate.yml", "publish.yml"])
def test_the_workflows_hold_no_write_token_and_no_secret(name: str) -> None:
    document = workflow(name)
    text = (WORKFLOWS / name).read_text(encoding="utf-8")

    assert document["permissions"] == {"contents": "read"}
    widened = {
        job: spec.get("permissions") for job, spec in document["jobs"].items() if "permissions" in spec
    }
    assert widened == ({} if name == "gate.yml" else {"deploy": {"pages": "write", "id-token": "write"}})
    assert "secrets." not in text
    for found in steps_of(document):
        if "uses" in found:
            assert SHA.search(found["uses"]), found["uses"]  # actions pinned by commit
        if found.get("uses", "").startswith("actions/checkout@"):
            assert found["with"]["persist-credentials"] is False
    # Nothing restores files into the checkout's git folder (no actions/cache, no artifact download): the
    # site's page cache there is trusted on a hit (governance.site.page_cache), so only a build may write it.
    assert {found["uses"].split("@")[0] for found in steps_of(document) if "uses" in found} <= USED_ACTIONS


@pytest.mark.parametrize("name", ["gate.yml", "publish.yml"])
def test_nothing_of_the_checkout_is_executed_installed_or_imported(name: str) -> None:
    document = workflow(name)
    assert document["env"]["PYTHONSAFEPATH"] == "1"  # no module of the working directory is importable
    for found in steps_of(document):
        script = found.get("run", "")
        assert "${{" not in script, found  # expressions only through env: no template injection
        for line in script.splitlines():
            command = line.strip()
            if re.search(r"\b(python3?|pip|venv/bin/\w+)\b", command):
                # Python runs only outside the checkout, or as the pinned tool's console scripts.
                assert found.get("working-directory") == "${{ runner.temp }}" or command.startswith(
                    '"$RUNNER_TEMP/venv/bin/'
                ), command
            assert not re.search(r"(^|\s)(\./|scripts/|bash |sh |source |\. )", command) or (
                found.get("working-directory") == "${{ runner.temp }}"
            ), command
            # The tool by its full path in the pinned install, never whatever PATH finds first.
            assert not re.match(r"(governance|mkdocs)\b", command), command


def test_both_workflows_pin_the_same_reviewed_commit_of_this_repository() -> None:
    gate, publish = workflow("gate.yml")["env"], workflow("publish.yml")["env"]
    pin = gate["GOVERNANCE_TOOL"]

    assert SHA.fullmatch(pin) and publish["GOVERNANCE_TOOL"] == pin
    assert gate["PROTECTED_BRANCH"] == publish["PROTECTED_BRANCH"] == load_config(ROOT).branch
    on_history = subprocess.run(["git", "merge-base", "--is-ancestor", pin, "HEAD"], cwd=ROOT, check=False)
    assert on_history.returncode == 0, f"{pin} is not a commit of this repository's history"
    cli = subprocess.run(
        ["git", "grep", "-q", "-e", '"--since"', pin, "--", "governance"], cwd=ROOT, check=False
    )
    assert cli.returncode == 0, "the pinned tool has no `audit --since`, which the gate runs"


# --- The commands, run on a clone of a governed repository ------------------------------------------------


class Runner:
    """A job's environment: RUNNER_TEMP with the tool's console scripts (this test's interpreter stands in
    for the pinned install, which needs the network), and a workspace cloned as actions/checkout clones."""

    def __init__(self, gov: Governed, tmp_path: Path, name: str, definition: str | None = None) -> None:
        self.document = workflow(name, definition)
        self.temp = tmp_path / "runner"
        (self.temp / "venv").mkdir(parents=True)
        (self.temp / "venv" / "bin").symlink_to(Path(sys.executable).parent)
        self.origin = gov.path
        self.workspace = tmp_path / "workspace"
        self.workspace.mkdir()  # GitHub's empty workspace, before the checkout
        self.summary = tmp_path / "summary.md"
        main = gov.repo.git("rev-parse", "main")
        self.expressions = {
            "github.event.pull_request.base.ref || github.event.merge_group.base_ref": "main",
            "github.event.repository.default_branch": "main",
            "github.event.pull_request.head.sha": gov.repo.git("rev-parse", "HEAD"),
            "github.sha": main,  # pull_request_target: the tip of the default branch
            "github.event.merge_group.base_sha || github.sha": main,
            "github.ref": "refs/heads/main",
            "vars.GOVERNANCE_ADOPTION": main,  # the template's adoption commit is main's tip
            "runner.temp": str(self.temp),
        }
        self.env = {"GOVERNANCE_TOOL": main}  # the reviewed tool of the governed repository: its main
        self.log: list[str] = []  # what each step printed, for the message of a failing assertion

    def checkout(self, sha: str) -> None:
        subprocess.run(["git", "clone", "-q", str(self.origin), str(self.workspace)], check=True)
        subprocess.run(["git", "checkout", "-q", "--detach", sha], cwd=self.workspace, check=True)

    def run(self, name: str, given: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Run the step `name`; `given` overrides the values of some expressions."""
        found = step(self.document, name)
        values = {**self.expressions, **(given or {})}

        def expand(text: str) -> str:
            return re.sub(r"\$\{\{(.*?)\}\}", lambda m: values[m.group(1).strip()], text)

        env = {**os.environ, "RUNNER_TEMP": str(self.temp), "GITHUB_STEP_SUMMARY": str(self.summary)}
        env.update({key: expand(str(value)) for key, value in self.document.get("env", {}).items()})
        env.update(self.env)
        env.update({key: expand(str(value)) for key, value in found.get("env", {}).items()})
        env["GOVERNANCE_TODAY"] = "2026-12-01"
        cwd = expand(found.get("working-directory", str(self.workspace)))
        done = subprocess.run(
            ["bash", "-e", "-c", found["run"]], cwd=cwd, env=env, check=False, capture_output=True, text=True
        )
        self.log.append(f"{name}: exit {done.returncode}\n{done.stdout}{done.stderr}")
        return done


GATE_STEPS = [
    "Refuse a base other than the protected branch",
    "Check out the pinned tool (a commit of the protected branch)",
    "Merge the pull request into the current base",
    "Lint the regulations",
    "Every change covered by an authentic resolution",
    "Audit the history main would have after this merge",
]


def test_every_step_of_the_gate_is_run_here_but_the_network_install() -> None:
    named = [s["name"] for s in steps_of(workflow("gate.yml")) if "run" in s]
    assert [n for n in named if n not in GATE_STEPS] == ["Install the pinned tool"]


def judge(gov: Governed, tmp_path: Path, definition: str | None = None) -> tuple[Runner, list[int]]:
    """Run the gate on the pull request at gov's HEAD, as GitHub would on pull_request_target."""
    runner = Runner(gov, tmp_path, "gate.yml", definition)
    runner.checkout(gov.repo.git("rev-parse", "HEAD"))
    return runner, [runner.run(name).returncode for name in GATE_STEPS]


def test_the_gate_passes_an_approved_pull_request(gov: Governed, tmp_path: Path) -> None:
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.approve("BD-2026-007", "bribery-prevention", "amend", AMENDED)
    gov.repo.commit("Amend Article 7, with its resolution")

    runner, codes = judge(gov, tmp_path)

    assert codes == [0, 0, 0, 0, 0, 0], "\n".join(runner.log)
    assert "Regulation governance" in runner.summary.read_text(encoding="utf-8")
    tool = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=runner.temp / "tool", capture_output=True, text=True
    )
    assert tool.stdout.strip() == gov.repo.git("rev-parse", "main")  # the tool's tree: the pinned commit


def test_the_gate_fails_an_unapproved_pull_request(gov: Governed, tmp_path: Path) -> None:
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7, no resolution")

    assert judge(gov, tmp_path)[1] == [0, 0, 0, 0, 1, 1]  # clean text; the check and the audit refuse it


def test_a_pull_request_that_rewrites_the_gate_and_the_tool_is_judged_by_mains(
    gov: Governed, tmp_path: Path
) -> None:
    """The pull request replaces the gate by one that passes, ships a `governance` package, `venv`,
    `sitecustomize` and `mkdocs` modules that would pass anything if imported, and amends Article 7
    without a resolution. main's definition runs (pull_request_target), with the pinned tool: refused."""
    gov.branch()
    lenient = (WORKFLOWS / "gate.yml").read_text(encoding="utf-8")
    lenient = re.sub(r'"\$RUNNER_TEMP/venv/bin/governance" [^\n]*', "true", lenient)
    gov.repo.write(".github/workflows/gate.yml", lenient)
    passing = "import sys\n\n\ndef main() -> None:\n    sys.exit(0)\n\n\nsys.exit(0)\n"
    for module in ["governance/__init__.py", "governance/cli/__init__.py", "venv.py", "sitecustomize.py"]:
        gov.repo.write(module, passing)
    gov.repo.write("mkdocs/__main__.py", passing)
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7, and make the gate lenient")

    runner, codes = judge(gov, tmp_path, definition=None)  # main's gate.yml, not the pull request's

    assert codes == [0, 0, 0, 0, 1, 1]
    check = runner.run("Every change covered by an authentic resolution")
    assert ".github/workflows/gate.yml" in check.stdout and "bribery-prevention" in check.stdout
    # The same steps from the pull request's own file would have passed: this is what the trigger decides.
    own = Runner(gov, tmp_path / "own", "gate.yml", lenient)
    own.checkout(gov.repo.git("rev-parse", "HEAD"))
    assert [own.run(name).returncode for name in GATE_STEPS] == [0, 0, 0, 0, 0, 0]


def test_a_pull_request_into_another_branch_is_refused_until_retargeted(
    gov: Governed, tmp_path: Path
) -> None:
    runner = Runner(gov, tmp_path, "gate.yml")
    base = "github.event.pull_request.base.ref || github.event.merge_group.base_ref"
    refused = runner.run(GATE_STEPS[0], {base: "weak-rules"})
    assert refused.returncode == 1
    assert "targets 'weak-rules'" in refused.stdout and "Retarget it to main" in refused.stdout
    elsewhere = runner.run(GATE_STEPS[0], {"github.event.repository.default_branch": "develop"})
    assert elsewhere.returncode == 1 and "make 'main' the default branch" in elsewhere.stdout


def test_a_pin_that_is_not_a_commit_of_main_is_refused(gov: Governed, tmp_path: Path) -> None:
    gov.branch()
    unreviewed = gov.repo.commit("A tool nobody reviewed")
    runner = Runner(gov, tmp_path, "gate.yml")
    runner.checkout(unreviewed)
    runner.env["GOVERNANCE_TOOL"] = unreviewed

    refused = runner.run(GATE_STEPS[1])

    assert refused.returncode == 1 and "is not a commit of main" in refused.stdout
    assert not (runner.temp / "tool").exists()


def test_publish_audits_main_against_the_known_adoption_and_publishes_main_only(
    gov: Governed, tmp_path: Path
) -> None:
    gov.branch("elsewhere")
    elsewhere = gov.repo.commit("A commit that is not the adoption")
    gov.repo.git("checkout", "-q", "main")
    runner = Runner(gov, tmp_path, "publish.yml")
    runner.checkout(gov.repo.git("rev-parse", "main"))
    audit = "Audit main (nothing unapproved is published)"

    assert runner.run("Check out the pinned tool (a commit of the protected branch)").returncode == 0
    assert runner.run(audit).returncode == 0
    assert runner.run(audit, {"vars.GOVERNANCE_ADOPTION": elsewhere}).returncode == 1
    refused = runner.run(
        "Refuse to publish anything but the protected branch", {"github.ref": "refs/heads/elsewhere"}
    )
    assert refused.returncode == 1 and "only main is published" in refused.stdout


# --- The merge queue: GitHub runs the merge group's own gate.yml --------------------------------------------

QUEUE_STEPS = [name for name in GATE_STEPS if name != "Merge the pull request into the current base"]
LENIENT = re.sub(
    r'"\$RUNNER_TEMP/venv/bin/governance" [^\n]*',
    "true",
    (WORKFLOWS / "gate.yml").read_text(encoding="utf-8"),
)


def _with_the_gate(gov: Governed) -> None:
    """main with this repository's gate.yml, added by a governed change as an adopter adds it."""
    gate = (WORKFLOWS / "gate.yml").read_text(encoding="utf-8")
    gov.pull_request(
        "add-gate",
        "Add the gate",
        files={".github/workflows/gate.yml": gate},
        approvals=(("BD-2026-010", "file:.github/workflows/gate.yml", "enact", gate),),
    )
    gov.merge("add-gate")


def _merge_group(gov: Governed, *queued: str) -> str:
    """The commit the merge queue tests: main's tip with each queued pull request merged in turn."""
    gov.repo.git("checkout", "-q", "-b", f"gh-readonly-queue/main/{'-'.join(queued)}", "main")
    for branch in queued:
        gov.repo.git("merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch)
    group = gov.repo.head()
    gov.repo.git("checkout", "-q", "main")
    return group


def _judge_group(gov: Governed, tmp_path: Path, group: str) -> tuple[Runner, list[int]]:
    """The gate on merge_group, as GitHub runs it: the workflow file of the group's commit, the base its
    tip of main (merge_group.base_sha), the group's commit checked out (github.sha)."""
    definition = gov.repo.git("show", f"{group}:.github/workflows/gate.yml")
    runner = Runner(gov, tmp_path, "gate.yml", definition)
    runner.checkout(group)
    main_tip = gov.repo.git("rev-parse", "main")
    given = {
        "github.event.pull_request.base.ref || github.event.merge_group.base_ref": "refs/heads/main",
        "github.event.merge_group.base_sha || github.sha": main_tip,
        "github.sha": group,
    }
    return runner, [runner.run(name, given).returncode for name in QUEUE_STEPS]


def _judge_pull_request(gov: Governed, tmp_path: Path, branch: str) -> list[int]:
    """main's gate on pull_request_target for `branch`: whether GitHub lets it into the queue."""
    gov.repo.git("checkout", "-q", branch)
    codes = judge(gov, tmp_path / f"pr-{branch}")[1]
    gov.repo.git("checkout", "-q", "main")
    return codes


def test_the_merge_groups_own_gate_is_one_mains_gate_let_into_the_queue(
    gov: Governed, tmp_path: Path
) -> None:
    """GitHub queues a pull request only once its required check passed, and the check that judges a pull
    request is main's gate (pull_request_target). A pull request that makes gate.yml lenient without a
    resolution therefore never reaches the queue; with the board's resolution for exactly that text it
    does, and the merge group then runs the definition the board approved. Queued around the check (a
    bypass), the lenient definition passes its own group: the audit of main refuses it after the merge."""
    _with_the_gate(gov)
    gov.pull_request("lenient", "Make the gate lenient", files={".github/workflows/gate.yml": LENIENT})
    gov.repo.git("checkout", "-q", "main")
    gov.pull_request(
        "lenient-approved",
        "Make the gate lenient, as the board decided",
        files={".github/workflows/gate.yml": LENIENT},
        approvals=(("BD-2026-011", "file:.github/workflows/gate.yml", "amend", LENIENT),),
    )
    gov.repo.git("checkout", "-q", "main")

    assert _judge_pull_request(gov, tmp_path, "lenient") == [0, 0, 0, 0, 1, 1]  # never queued
    assert _judge_pull_request(gov, tmp_path, "lenient-approved") == [0, 0, 0, 0, 0, 0]
    runner, codes = _judge_group(gov, tmp_path / "group", _merge_group(gov, "lenient-approved"))
    assert codes == [0, 0, 0, 0, 0], "\n".join(runner.log)
    # What ran is the board's text: the lenient definition's check.
    assert step(runner.document, "Every change covered by an authentic resolution")["run"].strip() == "true"

    # Around the check: the group runs its own lenient file and passes; what catches it is the audit.
    runner, codes = _judge_group(gov, tmp_path / "bypass", _merge_group(gov, "lenient"))
    assert codes == [0, 0, 0, 0, 0]
    gov.merge("lenient")
    publish = Runner(gov, tmp_path / "publish", "publish.yml")
    publish.checkout(gov.repo.git("rev-parse", "main"))
    assert publish.run("Check out the pinned tool (a commit of the protected branch)").returncode == 0
    audit = publish.run("Audit main (nothing unapproved is published)")
    assert audit.returncode == 1 and ".github/workflows/gate.yml" in audit.stdout


def test_a_merge_group_is_judged_whole_where_each_pull_request_passed_alone(
    gov: Governed, tmp_path: Path
) -> None:
    """Two pull requests each approved for their own text of the regulation; merged together, the text is
    one no resolution approved. Each passes main's gate alone; the merge group (what would land) fails."""
    _with_the_gate(gov)
    article_7, article_8 = (
        AMENDED,
        SEED.replace("the entire IIJ Group.", "the entire IIJ Group and its agents."),
    )
    for branch, ident, text in [
        ("article-7", "BD-2026-011", article_7),
        ("article-8", "BD-2026-012", article_8),
    ]:
        gov.pull_request(
            branch, f"Amend {branch}", files={REGULATION: text},
            approvals=((ident, "bribery-prevention", "amend", text),),
        )  # fmt: skip
        gov.repo.git("checkout", "-q", "main")
        assert _judge_pull_request(gov, tmp_path, branch) == [0, 0, 0, 0, 0, 0]

    runner, codes = _judge_group(gov, tmp_path / "group", _merge_group(gov, "article-7", "article-8"))

    assert codes == [0, 0, 0, 1, 1], "\n".join(runner.log)
    check = runner.run("Every change covered by an authentic resolution")
    assert "bribery-prevention" in check.stdout

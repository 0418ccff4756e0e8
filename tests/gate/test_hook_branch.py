"""Which branch the server's hook protects, from what no push can change: the branch the server's HEAD
names (its administrator sets it), which governance.yml's `branch:` must agree with when it names one.
A company on `master` whose governance.yml predates `branch:` had its pushes to master judged by nobody
(the default `main` does not exist there); real bare repositories, real pushes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.gate.test_hook import install_hook
from tests.testing.governed import AMENDED, REGULATION, Governed


def _server(gov: Governed, tmp_path: Path, head: str | None = None) -> Path:
    """A bare clone of `gov` with the hook; its HEAD set to refs/heads/`head` when given."""
    server = tmp_path / "server.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(gov.path), str(server)], check=True)
    if head is not None:
        subprocess.run(["git", "-C", str(server), "symbolic-ref", "HEAD", f"refs/heads/{head}"], check=True)
    install_hook(server)
    gov.repo.git("remote", "add", "origin", str(server))
    return server


def _push(gov: Governed, *refspec: str, lang: str = "C.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    return subprocess.run(
        ["git", "push", "origin", *refspec],
        cwd=gov.path,
        capture_output=True,
        text=True,
        check=False,
        env={**env, "LANG": lang, "GOVERNANCE_TODAY": "2026-12-01"},
    )


@pytest.fixture
def on_master(gov: Governed, tmp_path: Path) -> Governed:
    """An adopter whose line is `master` and whose governance.yml names no branch (it predates `branch:`)."""
    assert "branch" not in (gov.path / "governance.yml").read_text(encoding="utf-8")
    gov.repo.git("branch", "-m", "main", "master")
    _server(gov, tmp_path)
    return gov


def _tip(gov: Governed, server: str = "server.git") -> str:
    return subprocess.run(
        ["git", "rev-parse", "refs/heads/master"],
        cwd=gov.path.parent / server,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_pushes_to_master_are_judged_when_governance_yml_names_no_branch(on_master: Governed) -> None:
    gov = on_master
    gov.repo.write(REGULATION, AMENDED)
    sneaky = gov.repo.commit("Amend Article 7, no resolution")

    refused = _push(gov, "master")

    assert refused.returncode != 0, refused.stderr
    assert (
        f"governance: refused: refs/heads/master: commit {sneaky[:12]} (Amend Article 7, no resolution): "
        "amend bribery-prevention is not approved" in refused.stderr
    )
    assert _tip(gov) != sneaky
    # Deleting master, or rewriting it, is the protected branch's deletion and force push.
    deleted = _push(gov, ":master")
    assert deleted.returncode != 0 and "deleting the protected branch master" in deleted.stderr


def test_the_fix_to_governance_yml_is_pushable_with_its_resolution(on_master: Governed) -> None:
    gov = on_master
    config = (gov.path / "governance.yml").read_text(encoding="utf-8") + "branch: master\n"
    gov.repo.write("governance.yml", config)
    unapproved = gov.repo.commit("Name the branch")
    assert _push(gov, "master").returncode != 0  # governance.yml is governed: the board decides
    gov.repo.git("reset", "-q", "--soft", "HEAD~1")
    gov.approve("BD-2026-050", "file:governance.yml", "amend", config)
    approved = gov.repo.commit("Name the branch (BD-2026-050)")

    pushed = _push(gov, "master")

    assert pushed.returncode == 0, pushed.stderr
    assert _tip(gov) == approved != unapproved
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7, no resolution")
    assert "amend bribery-prevention is not approved" in _push(gov, "master").stderr


def test_main_cannot_be_created_beside_master_until_governance_yml_names_the_branch(
    on_master: Governed,
) -> None:
    # `main`, the old default, beside master: nobody could tell which is the law.
    gov = on_master
    refused = _push(gov, "master:refs/heads/main")
    assert refused.returncode != 0
    assert (
        "refs/heads/main: governance.yml names no branch, and the server's HEAD names master: add "
        "`branch: master` to governance.yml (with its resolution) before creating main" in refused.stderr
    ), refused.stderr
    assert (
        "governance.yml にブランチの指定がなく"
        in _push(gov, "master:refs/heads/main", lang="ja_JP.UTF-8").stderr
    )
    assert _push(gov, "master:refs/heads/topic").returncode == 0  # any other branch is not the law
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7, no resolution")
    assert "amend bribery-prevention is not approved" in _push(gov, "master").stderr


def test_a_head_beside_main_refuses_every_push_when_governance_yml_names_no_branch(
    gov: Governed, tmp_path: Path
) -> None:
    # A server cloned while a topic branch was checked out: its HEAD names topic, and main exists.
    gov.repo.git("branch", "topic")
    _server(gov, tmp_path, head="topic")
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7, no resolution")

    for refspec in ("main", "main:refs/heads/topic"):
        refused = _push(gov, refspec)
        assert refused.returncode != 0
        assert (
            "error: governance.yml names no branch, and the server's HEAD names topic while main exists: point "
            "HEAD at the protected branch" in refused.stderr
        ), refused.stderr


def test_a_head_that_names_no_branch_here_refuses_every_push_with_one_line(
    gov: Governed, tmp_path: Path
) -> None:
    # `git init --bare` names master; the adopter pushed main. Whoever creates master would otherwise
    # choose the rules (the hook read them at HEAD's tip).
    _server(gov, tmp_path, head="master")
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7, no resolution")

    for refspec in ("main", "main:refs/heads/master", "main:refs/heads/topic"):
        refused = _push(gov, refspec)
        assert refused.returncode != 0, refspec
        assert (
            "the server's HEAD names the branch master, which this repository does not have: point it at "
            "the protected branch (in the server's repository: git symbolic-ref HEAD refs/heads/BRANCH)"
            in refused.stderr
        ), refused.stderr
    japanese = _push(gov, "main", lang="ja_JP.UTF-8")
    assert "サーバーの HEAD が指すブランチ master はこのリポジトリにありません" in japanese.stderr


def test_a_head_other_than_the_branch_governance_yml_names_refuses_every_push(
    gov: Governed, tmp_path: Path
) -> None:
    # governance.yml names main; HEAD names topic, which any push may move: its rules would decide.
    config = (gov.path / "governance.yml").read_text(encoding="utf-8") + "branch: main\n"
    gov.repo.write("governance.yml", config)
    gov.approve("BD-2026-050", "file:governance.yml", "amend", config)
    gov.repo.commit("Name the branch")
    gov.repo.git("branch", "topic")
    _server(gov, tmp_path, head="topic")
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7, no resolution")

    refused = _push(gov, "main")

    assert refused.returncode != 0
    assert (
        "governance.yml protects the branch main, but the server's HEAD names topic: point HEAD at main "
        "(in the server's repository: git symbolic-ref HEAD refs/heads/main)" in refused.stderr
    ), refused.stderr


def test_an_empty_repository_takes_its_first_push_on_the_branch_head_names(
    gov: Governed, tmp_path: Path
) -> None:
    server = tmp_path / "server.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(server)], check=True)
    install_hook(server)
    gov.repo.git("remote", "add", "origin", str(server))
    gov.repo.write(REGULATION, AMENDED)
    sneaky = gov.repo.commit("Amend Article 7, no resolution")

    refused = _push(gov, "main")
    assert refused.returncode != 0 and f"commit {sneaky[:12]}" in refused.stderr
    elsewhere = _push(gov, "main:refs/heads/topic")  # not HEAD's branch: nothing protected exists yet
    assert elsewhere.returncode != 0
    assert (
        "the server's HEAD names the branch main, which has no commit yet: push main first"
        in elsewhere.stderr
    ), elsewhere.stderr
    assert _push(gov, "main~1:refs/heads/main").returncode == 0


def test_the_rules_of_head_s_branch_decide_not_a_pushed_commit_s(gov: Governed, tmp_path: Path) -> None:
    # A governance.yml on another branch, pushed unjudged, changes nothing of what main's push is judged by.
    _server(gov, tmp_path)
    gov.branch("topic")
    gov.repo.write("governance.yml", "branch: topic\n")
    gov.repo.commit("Protect another branch")
    assert _push(gov, "topic").returncode == 0
    gov.repo.git("checkout", "-q", "main")
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7, no resolution")
    assert "amend bribery-prevention is not approved" in _push(gov, "main").stderr

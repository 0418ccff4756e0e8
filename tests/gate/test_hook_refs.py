"""The pre-receive hook and the refs that change what git shows of the protected branch without moving it
(the red-team review, H6): a replace ref makes `git show main:...`, `git log` and every clone that fetches it read
another object in the place of the approved one."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.gate import test_hook
from tests.gate.test_hook import _approved_merge
from tests.testing.governed import AMENDED, REGULATION, Governed

UNAPPROVED = AMENDED.replace("the law", "the law, mostly")
gov = test_hook.gov  # the fixture: a governed clone whose origin is a bare server with the hook


def _push(gov: Governed, *refspec: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "push", "origin", *refspec], cwd=gov.path, capture_output=True, text=True, check=False
    )


def _server_git(gov: Governed, *args: str) -> str:
    server = Path(gov.repo.git("remote", "get-url", "origin"))
    return subprocess.run(
        ["git", *args], cwd=server, capture_output=True, text=True, check=True
    ).stdout.strip()


def _replace_blob(gov: Governed) -> str:
    """A replace ref in the pusher's clone: main's approved text read as an unapproved one."""
    approved = gov.repo.git("rev-parse", f"main:{REGULATION}")
    sneaky = gov.path / "sneaky.md"
    sneaky.write_text(UNAPPROVED, encoding="utf-8")
    replacement = gov.repo.git("hash-object", "-w", str(sneaky))
    sneaky.unlink()
    gov.repo.git("replace", approved, replacement)
    return approved


def test_a_replace_ref_is_refused_and_the_server_shows_the_approved_text(gov: Governed) -> None:
    _approved_merge(gov)
    assert _push(gov, "main").returncode == 0
    approved = _replace_blob(gov)

    pushed = _push(gov, "refs/replace/*:refs/replace/*")

    assert pushed.returncode != 0
    assert f"refs/replace/{approved}: a replace ref" in pushed.stderr
    assert _server_git(gov, "show", f"main:{REGULATION}") == AMENDED.strip()


def test_a_replace_ref_for_a_commit_is_refused(gov: Governed) -> None:
    _approved_merge(gov)
    assert _push(gov, "main").returncode == 0
    tip = gov.repo.head()
    gov.repo.git("checkout", "-q", "-b", "other", "main~1")
    gov.repo.write(REGULATION, UNAPPROVED)
    other = gov.repo.commit("The text nobody approved")
    gov.repo.git("replace", tip, other)

    pushed = _push(gov, f"refs/replace/{tip}")

    assert pushed.returncode != 0 and f"refs/replace/{tip}: a replace ref" in pushed.stderr
    assert _server_git(gov, "show", f"main:{REGULATION}") == AMENDED.strip()


@pytest.mark.parametrize("name", ["refs/replace/notes", "refs/replace/a/b", "refs/REPLACE/a"])
def test_any_ref_below_refs_replace_is_refused(gov: Governed, name: str) -> None:
    """git reads only refs/replace/<object id>, but what the server's git does with the others is not this
    hook's to guess: nothing below refs/replace/ is pushed."""
    _approved_merge(gov)
    pushed = _push(gov, "main", f"main:{name}")
    assert pushed.returncode != 0 and f"{name}: a replace ref" in pushed.stderr


@pytest.mark.parametrize(
    ("ref", "says"),
    [
        ("refs/heads/MAIN", "differs from refs/heads/main only in case or Unicode form"),
        ("refs/heads/Main", "differs from refs/heads/main only in case or Unicode form"),
        ("refs/tags/MAIN", "shadows the protected branch main"),
        ("refs/Main", "shadows the protected branch main"),
    ],
)
def test_a_ref_that_a_folding_file_system_reads_as_main_or_its_shadow_is_refused(
    gov: Governed, ref: str, says: str
) -> None:
    """A server whose refs live on a file system that folds case (Windows, macOS) keeps refs/heads/MAIN in
    the file of refs/heads/main: an unapproved commit pushed to it, not judged, would be main's tip."""
    _approved_merge(gov)
    assert _push(gov, "main").returncode == 0
    gov.repo.write(REGULATION, UNAPPROVED)
    gov.repo.commit("The text nobody approved")

    pushed = _push(gov, f"main:{ref}")

    assert pushed.returncode != 0 and f"{ref}: " in pushed.stderr and says in pushed.stderr, pushed.stderr


@pytest.mark.parametrize("target", ["refs/heads/main", "refs/tags/main"])
def test_a_push_through_a_symbolic_ref_of_the_server_is_refused(gov: Governed, target: str) -> None:
    """An administrator who renamed master to main may keep refs/heads/master as a symbolic ref to it, so
    old clones still push: git moves main when master is pushed, and the hook judged only pushes to main."""
    _approved_merge(gov)
    assert _push(gov, "main").returncode == 0
    tip = _server_git(gov, "rev-parse", "refs/heads/main")
    _server_git(gov, "symbolic-ref", "refs/heads/master", target)
    gov.repo.write(REGULATION, UNAPPROVED)
    gov.repo.commit("The text nobody approved")

    pushed = _push(gov, "main:refs/heads/master")

    assert pushed.returncode != 0
    assert f"refs/heads/master: a symbolic ref to {target} on the server" in pushed.stderr, pushed.stderr
    assert _server_git(gov, "rev-parse", "refs/heads/main") == tip
    assert _server_git(gov, "for-each-ref", "refs/tags/") == ""


FORGED = "Approved by the board of directors, BD-2026-099"


@pytest.mark.parametrize("name", ["refs/notes/commits", "refs/notes/review", "refs/NOTES/commits"])
def test_a_note_is_refused_and_the_server_log_shows_no_forged_line(gov: Governed, name: str) -> None:
    """`git log` prints a note under the commit it annotates as if it were part of its message: a pushed
    note under main's approved tip read, on the server and in every clone that fetches notes, as a decision
    nobody recorded."""
    _approved_merge(gov)
    assert _push(gov, "main").returncode == 0
    gov.repo.git("notes", "--ref", "commits", "add", "-m", FORGED, "main")

    pushed = _push(gov, f"refs/notes/commits:{name}")

    assert pushed.returncode != 0
    assert f"{name}: git log shows a note under the commit it annotates" in pushed.stderr, pushed.stderr
    assert "notes are not accepted here" in pushed.stderr
    assert _server_git(gov, "for-each-ref", "refs/notes/", "refs/NOTES/") == ""
    assert FORGED not in _server_git(gov, "log", "-1", "--notes=*", "main")


def test_a_note_already_on_the_server_may_be_deleted(gov: Governed) -> None:
    """A note that came in before the hook refused them can be removed by a push."""
    _approved_merge(gov)
    assert _push(gov, "main").returncode == 0
    _server_git(
        gov, "-c", "user.name=x", "-c", "user.email=x@example.com", "notes", "add", "-m", FORGED, "main"
    )
    assert FORGED in _server_git(gov, "log", "-1", "main")

    deleted = _push(gov, ":refs/notes/commits")

    assert deleted.returncode == 0, deleted.stderr
    assert FORGED not in _server_git(gov, "log", "-1", "main")

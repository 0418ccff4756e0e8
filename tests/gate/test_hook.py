"""The pre-receive hook, installed in a real bare repository and exercised by real `git push`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from governance.errors import GovernanceError
from governance.gate.hook import Update, parse_updates
from tests.gate.test_hostile_input import DEEP, hostile_record
from tests.testing.governed import AMENDED, CONFIG, REGULATION, Governed, governed_copy
from tests.testing.sshkeys import Keys

# As the installed `governance` program starts (pyproject's script: the hook without click).
HOOK = f"""#!/bin/sh
exec "{sys.executable}" -c "from governance.entry import main; main()" hook pre-receive
"""


@pytest.fixture
def gov(
    tmp_path: Path, keys: Keys, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Governed:
    monkeypatch.setenv("GOVERNANCE_TODAY", "2026-12-01")
    return with_server(governed_copy(tmp_path, keys, tmp_path_factory), tmp_path / "server.git")


def with_server(governed: Governed, server: Path) -> Governed:
    """`governed` with a bare clone at `server` as its `origin`, the hook installed there."""
    subprocess.run(["git", "clone", "-q", "--bare", str(governed.path), str(server)], check=True)
    install_hook(server)
    governed.repo.git("remote", "add", "origin", str(server))
    return governed


def install_hook(server: Path) -> None:
    hook = server / "hooks" / "pre-receive"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text(HOOK, encoding="utf-8")
    hook.chmod(0o755)


def _push(gov: Governed, *refspec: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "push", "origin", *refspec], cwd=gov.path, capture_output=True, text=True, check=False
    )


def _approved_merge(gov: Governed) -> str:
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.approve("BD-2026-007", "bribery-prevention", "amend", AMENDED)
    gov.repo.commit("Amend Article 7")
    return gov.merge()


def test_approved_merge_accepted_unapproved_commit_refused(gov: Governed) -> None:
    _approved_merge(gov)
    accepted = _push(gov, "main")
    gov.repo.write(REGULATION, AMENDED.replace("the law", "the law, mostly"))
    sneaky = gov.repo.commit("Small wording fix")
    refused = _push(gov, "main")
    on_a_branch = _push(gov, "main:refs/heads/wording-fix")

    assert accepted.returncode == 0, accepted.stderr
    assert refused.returncode != 0
    assert (
        f"commit {sneaky[:12]} (Small wording fix): amend bribery-prevention is not approved"
        in refused.stderr
    )
    assert "governance: refused" in refused.stderr
    assert on_a_branch.returncode == 0, on_a_branch.stderr


def test_force_push_foxtrot_merge_and_deletion_refused(gov: Governed) -> None:
    _approved_merge(gov)
    assert _push(gov, "main").returncode == 0
    gov.repo.git("checkout", "-q", "-b", "foxtrot", "main~1")
    gov.repo.commit("Work on a branch")
    gov.repo.git("merge", "-q", "--no-ff", "-m", "Merge main into the branch", "main")

    forced = _push(gov, "--force", "main~1:main")
    foxtrot = _push(gov, "foxtrot:main")
    deleted = _push(gov, ":main")

    assert forced.returncode != 0 and "not a fast-forward of main" in forced.stderr
    assert foxtrot.returncode != 0 and "not on the first-parent line" in foxtrot.stderr
    assert deleted.returncode != 0 and "deleting the protected branch main is not allowed" in deleted.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        (f"{'0' * 40} {'a' * 40} refs/heads/a\u2028b\n", [Update("0" * 40, "a" * 40, "refs/heads/a\u2028b")]),
        (f"{'0' * 40} {'a' * 40} refs/heads/x\u3000y", [Update("0" * 40, "a" * 40, "refs/heads/x\u3000y")]),
        (f"{'0' * 40} {'a' * 40} refs/heads/main\n", [Update("0" * 40, "a" * 40, "refs/heads/main")]),
    ],
)
def test_parse_updates(text: str, expected: list[Update]) -> None:
    assert parse_updates(text) == expected


@pytest.mark.parametrize("name", ["a\u2028b", "x\u3000y", "n\x85l", "caf\udce9"])
def test_a_branch_name_with_any_character_git_allows_is_one_update(gov: Governed, name: str) -> None:
    """git ends a line of the hook's input at "\n" and separates fields by one space; a name holding what
    str.splitlines() or str.split() also cut at (or bytes that are not UTF-8) made the hook refuse every
    push with it, exit 2 (issue 12, H1)."""
    _approved_merge(gov)
    ref = os.fsencode(f"refs/heads/{name}")
    pushed = subprocess.run(
        [b"git", b"push", b"origin", b"main", b"main:" + ref], cwd=gov.path, capture_output=True, check=False
    )
    assert pushed.returncode == 0, pushed.stderr.decode(errors="replace")
    gov.repo.write(REGULATION, AMENDED.replace("the law", "the law, mostly"))
    gov.repo.commit("Small wording fix")
    refused = subprocess.run(
        [b"git", b"push", b"origin", b"main", b"main:" + ref + b"2"],
        cwd=gov.path,
        capture_output=True,
        check=False,
    )
    stderr = refused.stderr.decode(errors="replace")
    assert refused.returncode != 0 and "refs/heads/main: commit" in stderr and "is not approved" in stderr
    assert "unexpected pre-receive input" not in stderr


def test_parse_updates_refuses_garbage() -> None:
    with pytest.raises(GovernanceError, match="unexpected pre-receive input"):
        parse_updates("just two\n")


def test_the_hook_refuses_a_hostile_record_with_a_clear_line(gov: Governed) -> None:
    gov.repo.write(REGULATION, AMENDED)
    hostile_record(gov, "BD-2026-007", DEEP)
    gov.repo.commit("Amend Article 7")

    pushed = _push(gov, "main")

    assert pushed.returncode != 0
    assert "governance: refused: refs/heads/main: commit" in pushed.stderr
    assert "maximum nesting depth" in pushed.stderr and "Traceback" not in pushed.stderr


def test_a_config_that_is_not_utf8_is_refused_on_main_and_harmless_elsewhere(gov: Governed) -> None:
    gov.branch("topic")
    (gov.path / "governance.yml").write_bytes(b"branch: caf\xe9\n")
    gov.repo.commit("A config in Latin-1")

    topic = _push(gov, "topic")  # not the protected branch: not judged here (the check refuses it)
    on_main = _push(gov, "topic:main")

    assert topic.returncode == 0, topic.stderr
    assert on_main.returncode != 0
    assert "refs/heads/main: cannot be verified: governance.yml" in on_main.stderr
    assert "not UTF-8 text" in on_main.stderr and "Traceback" not in on_main.stderr + topic.stderr


@pytest.mark.parametrize("program", ["governance.entry", "governance.cli"])
def test_a_hook_that_cannot_run_refuses_with_one_line(gov: Governed, tmp_path: Path, program: str) -> None:
    """A hook that cannot judge (here git is not on its PATH) exits non-zero, which refuses the push:
    alike from the program's entry point (no click) and from the command group."""
    bare = tmp_path / "server.git"
    update = f"{gov.repo.head()} {gov.repo.head()} refs/heads/main\n"
    done = subprocess.run(
        [sys.executable, "-c", f"from {program} import main; main()", "hook", "pre-receive"],
        cwd=bare,
        input=update,
        capture_output=True,
        text=True,
        env={"PATH": str(tmp_path / "no-programs-here"), "GOVERNANCE_TODAY": "2026-12-01"},
        check=False,
    )

    assert done.returncode == 2
    assert done.stderr == "error: git was not found; install git\n"
    assert "Traceback" not in done.stderr


def test_the_hook_refuses_a_huge_signature_by_its_size_unread(gov: Governed) -> None:
    """A 5 MB .sig in a push: the walk's read-ahead drains it rather than keep it, and the judge refuses it
    by the size git's object header gives (tests/git/test_git_objects.py: its content is never asked)."""
    gov.repo.write(REGULATION, AMENDED)
    record = gov.approve("BD-2026-007", "bribery-prevention", "amend", AMENDED)
    huge = b"-----BEGIN SSH SIGNATURE-----\n" + b"A" * (5 * 1024 * 1024)
    record.with_name(record.name + ".sig").write_bytes(huge)
    gov.repo.commit("Amend Article 7")

    pushed = _push(gov, "main")

    assert pushed.returncode != 0
    assert (
        f"signature not valid: the signature file is {len(huge):,} bytes, more than the limit of"
        in pushed.stderr
    )
    assert "Traceback" not in pushed.stderr


def test_a_branch_named_after_the_pushed_commit_does_not_stand_in_for_it(gov: Governed) -> None:
    """A branch may be named with 40 hex digits: git reads the id the hook is given as the object, so
    must the hook, or a branch `<id of the unapproved commit>` pointing at main's tip has it audit nothing."""
    tip = gov.repo.head()
    gov.repo.write(REGULATION, AMENDED)
    sneaky = gov.repo.commit("Amend Article 7, no resolution")
    shadow = _push(gov, f"{tip}:refs/heads/{sneaky}")

    refused = _push(gov, "main")

    assert shadow.returncode == 0, shadow.stderr  # not the protected branch: not judged
    assert refused.returncode != 0
    assert (
        f"commit {sneaky[:12]} (Amend Article 7, no resolution): amend bribery-prevention" in refused.stderr
    )


def test_a_branch_named_head_does_not_choose_the_protected_branch(gov: Governed) -> None:
    """The protected branch is read from governance.yml at the repository's HEAD, never at a branch that
    a push named `HEAD` (refs/heads/HEAD), whose governance.yml could protect another branch."""
    tip = gov.repo.head()
    gov.branch("elsewhere")
    (gov.path / "governance.yml").write_text(CONFIG + "branch: elsewhere\n", encoding="utf-8")
    elsewhere = gov.repo.commit("Protect another branch")
    gov.repo.git("checkout", "-q", "main")
    gov.repo.write(REGULATION, AMENDED)
    sneaky = gov.repo.commit("Amend Article 7, no resolution")
    named_head = _push(gov, f"{elsewhere}:refs/heads/HEAD")

    refused = _push(gov, "main")

    assert named_head.returncode == 0, named_head.stderr
    assert gov.repo.git("rev-parse", "main~1") == tip
    assert refused.returncode != 0
    assert (
        f"commit {sneaky[:12]} (Amend Article 7, no resolution): amend bribery-prevention" in refused.stderr
    )

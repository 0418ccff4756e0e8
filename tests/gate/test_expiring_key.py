"""A key listed with `valid-before` or `valid-after` (fifth red-team review): ssh-keygen judges the option
at the time it is asked, and the audit asks again for every record of the history on every run. A record
valid when it arrived, and every change it approved, became unapproved the moment the date passed: the
full audit (run before every build of the site) refused the history and nothing was published any more,
saying the record "was changed after signing". Any time taken from git to ask "as of" is forgeable, so
such a line is refused wherever allowed_signers is read for judging (check, audit, hook, signing, init),
before and after the date alike, with what to do instead. Real init, real ssh-keygen, real time."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.gate.test_hook import with_server
from tests.testing.gitrepo import GitRepo
from tests.testing.governed import Governed
from tests.testing.sshkeys import Keys


def _governance(repo: GitRepo, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "governance"), *args],
        cwd=repo.path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "GOVERNANCE_TODAY": "2026-12-01", "LANG": "C.UTF-8"},
    )


def _adopted(tmp_path: Path, keys: Keys, seed_text: str) -> GitRepo:
    repo = GitRepo.init(tmp_path / "policies")
    repo.write("regulations/bribery-prevention.md", seed_text)
    repo.commit("Regulations")
    init = _governance(
        repo,
        "init",
        "--key",
        str(keys.secretary.private),
        "--identity",
        keys.secretary.identity,
        "--members",
        "3",
    )
    assert init.returncode == 0, init.stderr
    return repo


def _bound(repo: GitRepo, option: str) -> None:
    signers = repo.path / "resolutions" / "allowed_signers"
    line = signers.read_text(encoding="utf-8")
    assert " namespaces=" in line
    signers.write_text(line.replace(" namespaces=", f" {option},namespaces=", 1), encoding="utf-8")


def _refused(run: subprocess.CompletedProcess[str]) -> None:
    said = run.stdout + run.stderr
    assert run.returncode == 2, said
    assert "resolutions/allowed_signers" in said and "valid-before or valid-after" in said, said
    assert "resolution that changes allowed_signers" in said, said
    assert "Traceback" not in said and "changed after signing" not in said, said


def test_a_key_valid_until_a_date_is_refused_before_and_after_the_date(
    tmp_path: Path, keys: Keys, seed_text: str
) -> None:
    repo = _adopted(tmp_path, keys, seed_text)
    expiry = (datetime.now(UTC) + timedelta(seconds=4)).strftime("%Y%m%d%H%M%SZ")
    _bound(repo, f'valid-before="{expiry}"')
    repo.commit("Adopt regulation governance")
    before = _governance(repo, "audit")
    _refused(before)

    time.sleep(6)
    after = _governance(repo, "audit")

    _refused(after)
    assert after.stdout == before.stdout


def test_a_key_valid_from_a_date_is_refused_in_any_case_and_position(
    tmp_path: Path, keys: Keys, seed_text: str
) -> None:
    repo = _adopted(tmp_path, keys, seed_text)
    _bound(repo, 'cert-authority,VALID-After="20200101"')
    repo.commit("Adopt regulation governance")

    _refused(_governance(repo, "audit"))


def test_a_plain_key_is_judged(tmp_path: Path, keys: Keys, seed_text: str) -> None:
    repo = _adopted(tmp_path, keys, seed_text)
    repo.commit("Adopt regulation governance")

    audit = _governance(repo, "audit")

    assert audit.returncode == 0, audit.stdout + audit.stderr


def _bound_proposal(gov: Governed) -> None:
    signers = gov.path / "resolutions" / "allowed_signers"
    bounded = signers.read_text(encoding="utf-8").replace(
        " ssh-ed25519 ", ' valid-before="20991231" ssh-ed25519 ', 1
    )
    assert bounded != signers.read_text(encoding="utf-8")
    gov.pull_request("bound-key", "Bound the secretary's key", files={"resolutions/allowed_signers": bounded})


def test_a_proposal_bounding_a_key_in_time_is_refused_by_the_check(gov: Governed) -> None:
    """Before it merges: the check reads the proposal's allowed_signers when the proposal changes it."""
    _bound_proposal(gov)

    _refused(_governance(gov.repo, "check", "--base", "main"))


def test_a_push_bounding_a_key_in_time_is_refused_by_the_hook(gov: Governed, tmp_path: Path) -> None:
    """Around the check: a real push into a bare repository with the server's hook."""
    with_server(gov, tmp_path / "server.git")
    _bound_proposal(gov)

    push = subprocess.run(
        ["git", "push", "origin", "bound-key:main"],
        cwd=gov.path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GOVERNANCE_TODAY": "2026-12-01"},
    )

    assert push.returncode != 0, push.stderr
    assert "valid-before or valid-after" in push.stderr and "resolution that changes" in push.stderr, (
        push.stderr
    )
    assert "Traceback" not in push.stderr


def test_a_proposal_moving_allowed_signers_to_a_bounded_file_is_refused_by_the_check(gov: Governed) -> None:
    """The head's governance.yml moves the records folder, whose allowed_signers holds a bounded key:
    merged, every later rules would read it and the gate would stop judging; the check reads it too."""
    signers = (gov.path / "resolutions" / "allowed_signers").read_text(encoding="utf-8")
    bounded = signers.replace(" ssh-ed25519 ", ' valid-before="20991231" ssh-ed25519 ', 1)
    config = (gov.path / "governance.yml").read_text(encoding="utf-8")
    assert "records:" not in config  # the default: resolutions
    gov.pull_request(
        "move-records",
        "Move the records",
        files={
            "minutes/allowed_signers": bounded,
            "governance.yml": config + "records: minutes\n",
        },
    )

    moved = _governance(gov.repo, "check", "--base", "main")

    said = moved.stdout + moved.stderr
    assert moved.returncode == 2, said
    assert "minutes/allowed_signers" in said and "valid-before or valid-after" in said, said
    assert "Traceback" not in said, said

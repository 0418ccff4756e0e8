"""`governance init` where git would commit a text as other bytes than its file holds (fifth red-team
review): `.gitattributes` `eol=crlf` (or a Windows clone's core.autocrlf) leaves CRLF files of LF blobs.
The baseline enacted the files' CRLF bytes, the adoption commit held git's LF blobs, and the audit refused
the adoption at once ("matches no change here"). Refused now before anything is written, saying why and
what to do; CRLF blobs that git keeps as they are still adopt. The real command, real git."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.testing.gitrepo import GitRepo
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


def _init(repo: GitRepo, keys: Keys) -> subprocess.CompletedProcess[str]:
    return _governance(
        repo,
        "init",
        "--key",
        str(keys.secretary.private),
        "--identity",
        keys.secretary.identity,
        "--members",
        "3",
    )


def test_init_refuses_texts_git_would_commit_as_other_bytes(
    tmp_path: Path, keys: Keys, seed_text: str
) -> None:
    repo = GitRepo.init(tmp_path / "policies")
    repo.write(".gitattributes", "regulations/*.md text eol=crlf\n")
    text = repo.write("regulations/bribery-prevention.md", seed_text)
    repo.commit("Regulations")
    text.unlink()
    repo.git("checkout", "--", "regulations")  # written with CRLF, held in git with LF
    assert b"\r\n" in text.read_bytes()
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if ".git" not in p.parts)

    init = _init(repo, keys)

    assert init.returncode == 2, init.stdout + init.stderr
    lines = init.stderr.strip().splitlines()
    assert len(lines) == 1, init.stderr
    assert lines[0].startswith(
        "error: regulations/bribery-prevention.md: git would commit this text as other bytes than the file holds"
    ), lines[0]
    assert "`git rm -r -q --cached regulations && git checkout HEAD -- regulations`" in lines[0]
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if ".git" not in p.parts)
    assert after == before, "init wrote a file"

    # As the message says: the attribute removed, the texts written again as git holds them.
    repo.remove(".gitattributes")
    repo.commit("No line-ending conversion for the regulations")
    repo.git("rm", "-r", "-q", "--cached", "regulations")
    repo.git("checkout", "HEAD", "--", "regulations")
    assert _init(repo, keys).returncode == 0
    repo.commit("Adopt regulation governance")
    audit = _governance(repo, "audit")
    assert audit.returncode == 0, audit.stdout


def test_crlf_texts_git_holds_as_they_are_are_adopted(tmp_path: Path, keys: Keys, seed_text: str) -> None:
    """A repository that committed CRLF texts before `* text=auto`: git keeps their blobs, so the baseline
    enacts the bytes committed."""
    repo = GitRepo.init(tmp_path / "policies")
    repo.write("regulations/bribery-prevention.md", seed_text.replace("\n", "\r\n").encode("utf-8"))
    repo.commit("Regulations")
    repo.write(".gitattributes", "* text=auto\n")
    repo.commit("Line endings")

    init = _init(repo, keys)
    assert init.returncode == 0, init.stderr
    repo.commit("Adopt regulation governance")

    audit = _governance(repo, "audit")
    assert audit.returncode == 0, audit.stdout

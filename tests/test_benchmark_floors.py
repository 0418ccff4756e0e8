"""The benchmark's floors and copies: the audit's floor with signatures verifies every record's
signature it reads (benchmarks/signature_floor.py) and fails on one that does not verify, and every row
runs on a host-packed copy that is made again when the generated history changes (benchmarks/run.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.testing.gitrepo import GitRepo
from tests.testing.sshkeys import NAMESPACE, Keys

RUN = ROOT / "benchmarks" / "run.py"
SIGNATURE_FLOOR = ROOT / "benchmarks" / "signature_floor.py"
WALK = ["log", "--first-parent", "--reverse", "--raw", "--no-renames", "--no-abbrev", "--format=", "main"]


def signed(repo: GitRepo, relative: str, content: str, keys: Keys, *, signs: str | None = None) -> None:
    """Write a record and its signature, made by ssh-keygen of `signs` (the record's own text unless
    given)."""
    repo.write(relative, content)
    message = repo.path.parent / "message"
    message.write_text(content if signs is None else signs, encoding="utf-8")
    subprocess.run(
        ["ssh-keygen", "-q", "-Y", "sign", "-f", str(keys.secretary.private), "-n", NAMESPACE, str(message)],
        check=True,
        capture_output=True,
    )
    repo.write(relative + ".sig", message.with_name("message.sig").read_bytes())
    message.with_name("message.sig").unlink()


def floor(repo: GitRepo) -> subprocess.CompletedProcess[str]:
    walk = subprocess.run(["git", *WALK], cwd=repo.path, check=True, capture_output=True, text=True).stdout
    return subprocess.run(
        [sys.executable, str(SIGNATURE_FLOOR)],
        cwd=repo.path,
        input=walk,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_floor_verifies_each_signature_the_walk_names_once(repo: GitRepo, keys: Keys) -> None:
    repo.write("regulations/a.md", "# A\n")  # a text: read, not a signature to verify
    signed(repo, "resolutions/BD-1.yml", "id: BD-1\n", keys)
    repo.commit()
    signed(repo, "resolutions/2024/BD-2.yml", "id: BD-2\n", keys)  # the grouped layout: a folder a year
    signed(repo, "resolutions/2024/BD-3.yml", "id: BD-3\n", keys)
    repo.write("regulations/a.md", "# A, amended\n")
    repo.commit()

    done = floor(repo)

    assert done.returncode == 0, done.stderr
    assert done.stdout == "3 signatures verified\n"


def test_the_floor_fails_on_a_signature_of_other_bytes(repo: GitRepo, keys: Keys) -> None:
    signed(repo, "resolutions/BD-1.yml", "id: BD-1\n", keys)
    repo.commit()
    signed(repo, "resolutions/BD-2.yml", "id: BD-2\n", keys, signs="id: BD-2\nvotes: 9\n")
    repo.commit()

    done = floor(repo)

    assert done.returncode == 1
    assert "1 signatures did not verify, first resolutions/BD-2.yml" in done.stderr


def test_the_floor_fails_on_a_signature_without_its_record(repo: GitRepo, keys: Keys) -> None:
    signed(repo, "resolutions/BD-1.yml", "id: BD-1\n", keys)
    repo.commit()
    repo.write("resolutions/BD-2.yml.sig", (repo.path / "resolutions/BD-1.yml.sig").read_bytes())
    repo.commit()

    done = floor(repo)

    assert done.returncode == 1
    assert "first resolutions/BD-2.yml.sig" in done.stderr


def pack_line(out: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(RUN), "--smoke", "--only", "lint1", "--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return next(line for line in done.stdout.splitlines() if line.startswith("pack "))


def test_every_row_runs_on_a_host_packed_copy_made_again_when_the_history_changes(tmp_path: Path) -> None:
    first = pack_line(tmp_path)
    generated = tmp_path / "r5-c20"
    hosted, clone = tmp_path / "r5-c20-hosted.git", tmp_path / "r5-c20-hosted-clone"
    assert f"{hosted} (git repack -adf of {generated}, made now)" in first
    assert "clone r5-c20-hosted-clone (made now)" in first
    assert "push in r5-c20-hosted-server.git (made now)" in first
    # One pack, as a host's repack leaves it, and the clone holds every branch of the generated history.
    assert len(list((hosted / "objects" / "pack").glob("*.pack"))) == 1
    branches = ["git", "for-each-ref", "--format=%(objectname) %(refname)", "refs/heads"]
    assert subprocess.run(branches, cwd=clone, capture_output=True, text=True, check=True).stdout == (
        subprocess.run(branches, cwd=generated, capture_output=True, text=True, check=True).stdout
    )

    again = pack_line(tmp_path)
    assert again.count("reused") == 3 and "made now" not in again

    GitRepo(generated).commit("one more commit on main")
    assert pack_line(tmp_path).count("made now") == 3

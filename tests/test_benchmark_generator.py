"""The benchmark generator writes its repository as one pack and signs in-process (benchmarks/gitpack.py,
`Signer`): the same commits, byte for byte, as `git fast-import` with `ssh-keygen -Y sign` (--reference)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

GENERATE = ROOT / "benchmarks" / "generate.py"


def generated(out: Path, *options: str) -> Path:
    subprocess.run([sys.executable, str(GENERATE), str(out), *options], check=True, capture_output=True)
    return out


def tips(repository: Path) -> list[str]:
    refs = ["main", "proposal-1", "proposal-2"]
    return subprocess.run(
        ["git", "rev-parse", *refs], cwd=repository, check=True, capture_output=True, text=True
    ).stdout.split()


@pytest.mark.parametrize(
    "size",
    [
        # more commits than a delta chain may be long (50): some trees are stored whole again
        ["--regulations", "7", "--commits", "80"],
        ["--regulations", "150", "--commits", "80", "--grouped"],  # company and year folders appear
    ],
    ids=["flat", "grouped"],
)
def test_the_pack_and_in_process_signatures_are_what_fast_import_and_ssh_keygen_write(
    tmp_path: Path, size: list[str]
) -> None:
    fast = generated(tmp_path / "fast", *size)
    reference = generated(tmp_path / "reference", *size, "--reference")
    # A commit id covers its tree and every blob in it: the texts, the records and their signatures.
    assert tips(fast) == tips(reference)
    fsck = subprocess.run(["git", "fsck", "--full", "--strict"], cwd=fast, capture_output=True, text=True)
    assert fsck.returncode == 0 and not fsck.stdout.strip(), fsck.stdout + fsck.stderr
    depths = subprocess.run(
        ["git", "verify-pack", "-s", *map(str, (fast / ".git" / "objects" / "pack").glob("*.idx"))],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "chain length = 50:" in depths and "chain length = 51:" not in depths, depths


def test_another_seed_gives_another_history(tmp_path: Path) -> None:
    first = generated(tmp_path / "a", "--regulations", "5", "--commits", "10")
    second = generated(tmp_path / "b", "--regulations", "5", "--commits", "10", "--seed", "8")
    assert tips(first)[0] != tips(second)[0]

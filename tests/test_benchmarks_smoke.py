"""The benchmark script at its smallest size, so that it cannot rot. Figures are printed, not asserted."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_benchmark_prints_a_row_per_operation_with_its_paired_baseline(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    header = next(index for index, line in enumerate(lines) if line.startswith("op "))
    rows = {line.split()[0]: line.split() for line in lines[header + 1 :] if line.strip()}
    assert set(rows) >= {"check", "lint1", "audit", "audit-v", "walk", "audit-pr", "push", "fresh", "lint"}
    for name in ("check", "lint1", "audit", "audit-v", "walk", "audit-pr", "push", "fresh"):
        # wall and CPU time, each as a ratio to a baseline measured in turn with it
        assert re.fullmatch(r"[0-9.]+x", rows[name][4]), rows[name]
        assert re.fullmatch(r"[0-9.]+x", rows[name][7]), rows[name]
    assert rows["lint"][-2].isdigit() and rows["lint"][-1] == "files/s"


def test_hostile_benchmark_prints_a_row_per_shape() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "hostile.py"), "--smoke"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    in_process, whole = done.stdout.split("\n\nwhole process, CPU s\n")
    rows = in_process.splitlines()[1:]
    assert len(rows) >= 10
    for row in rows:
        # the time at each size, the largest text, the growth, the block parse alone and the rest
        assert re.fullmatch(r".+?( +[0-9.]+s){2} +[0-9]+ KB +[0-9]+ l +[0-9.]+ +[0-9.]+s +-?[0-9.]+s", row), (
            row
        )
    # `governance lint` as a process, English and Japanese: CPU at three sizes, wall, growth
    processes = whole.splitlines()[1:]
    assert [row.split("  ")[0] for row in processes] == ["seed text (en)", "seed text (ja)"]
    for row in processes:
        assert re.fullmatch(r".+?( +[0-9.]+s){3} +[0-9.]+s +-?[0-9.]+", row), row

"""The benchmark script at its smallest size, so that it cannot rot. Figures are printed, not asserted."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_benchmark_prints_a_row_per_operation_with_its_baseline(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = {line.split()[0]: line.split() for line in done.stdout.splitlines()[1:] if line.strip()}
    assert set(rows) >= {"check", "audit", "audit-pr", "lint"}
    for name in ("check", "audit", "audit-pr"):
        assert re.fullmatch(r"[0-9.]+x", rows[name][5]), rows[name]  # a ratio to a measured baseline
    assert rows["lint"][-2].isdigit() and rows["lint"][-1] == "files/s"

"""The load benchmark at its smallest size, so that it cannot rot. Figures are printed, not asserted."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT
from tests.promulgation.postgres import fresh_database


def test_the_load_benchmark_prints_its_row(postgres_server: str) -> None:
    database = fresh_database(postgres_server, "benchmark_smoke")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "acknowledgements.py"), "--smoke", "--database", database],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    header, row = done.stdout.splitlines()[-2:]
    assert header.split()[:6] == ["instances", "clients", "requests", "non-2xx", "errors", "acks/s"]
    assert row.split()[2:5] == ["200", "0", "0"]  # every request answered 2xx
    assert row.endswith("whole (200 records)")

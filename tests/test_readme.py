"""The README's walkthrough, run exactly as written (docs are part of the product)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def walkthrough() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- walkthrough:start -->", 1)[1].split("<!-- walkthrough:end -->", 1)[0]
    script = block.split("```sh\n", 1)[1].rsplit("```", 1)[0]
    # The test's interpreter stands in for .venv (which CI makes and a development machine may not have).
    return "\n".join(line for line in script.splitlines() if not line.startswith("source "))


def test_the_readme_walkthrough_runs_as_written(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "TMPDIR": str(tmp_path),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GOVERNANCE_TODAY": "2026-11-25",
    }
    done = subprocess.run(
        ["bash", "-c", walkthrough()], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    output = done.stdout + done.stderr

    assert done.returncode == 0, output  # the last command: the audit
    first, second = output.split("governance check:")[1:3]
    assert "MISSING  amend bribery-prevention" in first and "action: amend" in first
    assert "ok       amend bribery-prevention" in second and "approved by BD-2026-001" in second
    assert "signed by secretary@example.com" in output
    assert "adoption" in output and "2 commit(s)" in output
    assert output.rstrip().endswith("result: every change since the adoption was approved")

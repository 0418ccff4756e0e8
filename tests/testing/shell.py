"""The README's and the guides' shell blocks run as a user runs them: bash, the tool on PATH, a home of
their own, and git identities of the person at the keyboard."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_as_user(script: str, cwd: Path, base: Path, *, name: str, email: str) -> tuple[int, str]:
    """Run `script` with bash in `cwd` (HOME and TMPDIR under `base`, today's real date); returns the exit
    code and everything it printed."""
    home = base / "home"
    home.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "HOME": str(home),
        "TMPDIR": str(base),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }
    env.pop("GOVERNANCE_TODAY", None)
    done = subprocess.run(
        ["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    return done.returncode, done.stdout + done.stderr

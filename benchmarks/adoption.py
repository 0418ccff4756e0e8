"""Print how long adopting governance takes on a repository of policies with years of history (issue 13):
`governance init --history` and the first `mkdocs build --strict` with the minimal mkdocs.yml of the
README, on a repository made like tests/policies_fixture.py (nested folders, GFM, comments, anchors,
tabs, cross-links), P policies each revised R times (1 + P x R commits). Figures are printed, not asserted.

    python benchmarks/adoption.py                        # 100 policies, 1,000 commits of history
    python benchmarks/adoption.py --policies 5 --revisions 1   # the smallest, as the smoke test runs it
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.policies_fixture import make_policies  # noqa: E402 (the fixture the adoption test uses)

MKDOCS = "site_name: Example Corp policies\ndocs_dir: resolutions\ntheme: {name: material, font: false}\nplugins: [search, regulations]\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policies", type=int, default=100)
    parser.add_argument("--revisions", type=int, default=10, help="rounds in which every policy is revised")
    arguments = parser.parse_args()
    tools = Path(sys.executable).parent
    with tempfile.TemporaryDirectory(prefix="adoption-") as scratch:
        home = Path(scratch) / "home"
        home.mkdir()
        env = {
            **os.environ,
            "HOME": str(home),
            "NO_MKDOCS_2_WARNING": "1",
            "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}",
        }
        started = time.perf_counter()
        repo = make_policies(
            Path(scratch) / "policies", policies=arguments.policies, revisions=arguments.revisions
        )
        generated = time.perf_counter() - started
        commits = subprocess.run(
            ["git", "rev-list", "--count", "HEAD"],
            cwd=repo,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        key = home / "governance"
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "s@example.com", "-f", str(key)],
            check=True,
            env=env,
        )
        init = _timed(
            [
                str(tools / "governance"),
                "init",
                "--key",
                str(key),
                "--identity",
                "s@example.com",
                "--regulations",
                "Policies",
                "--members",
                "5",
                "--history",
            ],
            repo,
            env,
        )
        (repo / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
        subprocess.run(["git", "add", "-A"], cwd=repo, env=env, check=True)
        subprocess.run(
            ["git", "-c", "user.name=a", "-c", "user.email=a@example.com", "commit", "-qm", "Adopt"],
            cwd=repo,
            env=env,
            check=True,
        )
        build = _timed([str(tools / "mkdocs"), "build", "--strict", "--quiet"], repo, env)
        pages = sum(1 for _ in (repo / "site").rglob("index.html"))
        print(
            f"adoption of {arguments.policies} policies with {commits} commits of history (generated in {generated:.1f} s)"
        )
        print(f"  init --history            {init:6.2f} s")
        print(f"  first mkdocs build --strict {build:6.2f} s  ({pages} pages)")
        print(f"  total                     {init + build:6.2f} s")


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command[:2])} failed:\n{done.stdout}{done.stderr}")
    return elapsed


if __name__ == "__main__":
    main()

"""`governance init` over a text beyond the documented limits (fifth red-team review). Lint never counts a
text's FILE006 as known (a text beyond a limit is not linted at all), yet init wrote it into the lint
baseline and said the findings recorded there do not fail: the adopted repository's `governance lint`,
which the gate runs on every pull request, then failed for ever, and no amendment of the text could
pass. Refused now before anything is written, naming the file and the limit; the real command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from governance.limits import MAX_TEXT_BYTES, MAX_TEXT_LINES
from tests.testing.gitrepo import GitRepo
from tests.testing.sshkeys import Keys


def _init(repo: GitRepo, keys: Keys, *more: str) -> subprocess.CompletedProcess[str]:
    governance = Path(sys.executable).parent / "governance"
    return subprocess.run(
        [
            *(str(governance), "init", "--key", str(keys.secretary.private)),
            *("--identity", keys.secretary.identity, *more),
        ],
        cwd=repo.path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "GOVERNANCE_TODAY": "2026-12-01", "LANG": "C.UTF-8"},
    )


@pytest.mark.parametrize(
    ("padding", "count", "said"),
    [
        (
            "This sentence pads the text. " * 40 + "\n\n",
            MAX_TEXT_BYTES // 1162 + 1,
            "bytes, more than the limit of 1,048,576",
        ),
        ("Short.\n\n", MAX_TEXT_LINES // 2 + 1, "lines, more than the limit of 25,000"),
    ],
)
def test_init_refuses_a_text_beyond_the_limits(
    tmp_path: Path, keys: Keys, seed_text: str, padding: str, count: int, said: str
) -> None:
    repo = GitRepo.init(tmp_path / "policies")
    repo.write("regulations/bribery-prevention.md", seed_text)
    repo.write("regulations/manual.md", seed_text + padding * count)
    repo.write("regulations/other.md", seed_text + padding * count)
    repo.commit("Regulations")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if ".git" not in p.parts)

    done = _init(repo, keys, "--members", "3")

    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: regulations/manual.md: the text "), lines[0]
    assert said in lines[0]
    assert lines[0].endswith(
        "split it into several regulations, before adopting: the gate reads no text beyond its limits "
        "(1 more file(s) too: `governance lint` lists each)"
    ), lines[0]
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if ".git" not in p.parts)
    assert after == before, "init wrote a file"

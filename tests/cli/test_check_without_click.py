"""`governance check --base B ...` starts without click (governance/entry.py, issue 14): the real program,
run both ways on the same pull requests, prints the same report, the same job summary and the same exit
code as the command line does for the same check written another way (`--base=B` goes through click)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from governance.entry import audit_options, check_options
from tests.testing.governed import AMENDED, REGULATION, Governed

PROGRAM = "import sys; sys.argv[0] = 'governance'; from governance.entry import main; main()"


def _run(arguments: list[str], cwd: Path, summary: Path) -> tuple[int, str, str, str]:
    summary.write_text("", encoding="utf-8")
    env = {**os.environ, "GOVERNANCE_TODAY": "2026-12-01", "GITHUB_STEP_SUMMARY": str(summary)}
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, *arguments], cwd=cwd, env=env, capture_output=True, text=True
    )
    written = summary.read_text(encoding="utf-8")
    return done.returncode, _tokens(done.stdout), _tokens(done.stderr), _tokens(written)


def _tokens(output: str) -> str:
    """The output with the token of a `::stop-commands::` pause (new at every run) named alike."""
    for token in set(re.findall(r"::stop-commands::(\S+)", output)):
        output = output.replace(token, "<token>")
    return output


def amend(gov: Governed, *, approved: bool) -> None:
    """Article 7 amended in a commit, with its signed resolution when `approved`."""
    gov.repo.write(REGULATION, AMENDED)
    if approved:
        gov.approve("BD-2026-007", "bribery-prevention", "amend", AMENDED)
    gov.repo.commit("Amend Article 7")


@pytest.mark.parametrize("approved", [True, False])
def test_the_check_without_click_reports_as_the_command_line(
    gov: Governed, tmp_path: Path, approved: bool
) -> None:
    gov.branch()
    amend(gov, approved=approved)
    summary = tmp_path / "summary.md"
    for fmt in ("text", "json", "github"):
        fast = _run(["check", "--base", "main", "--head", "proposal", "--format", fmt], gov.path, summary)
        clicked = _run(["check", "--base=main", "--head=proposal", f"--format={fmt}"], gov.path, summary)
        assert fast == clicked
        assert fast[0] == (0 if approved else 1), fast
        assert "bribery-prevention" in fast[1]
        assert bool(fast[3]) == (fmt == "github")


def test_a_check_that_cannot_run_is_exit_2_both_ways(gov: Governed, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    fast = _run(["check", "--base", "nowhere", "--root", str(gov.path)], tmp_path, summary)
    clicked = _run(["check", "--base=nowhere", f"--root={gov.path}"], tmp_path, summary)
    assert fast == clicked
    assert fast[0] == 2 and "nowhere" in fast[2] and "Traceback" not in fast[2]


def test_the_check_imports_no_click() -> None:
    probe = (
        "import sys\nsys.argv = ['governance', 'check', '--base', 'main']\n"
        "from governance.entry import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "import json\nprint(json.dumps(sorted(name for name in sys.modules if name.split('.')[0] == 'click')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.splitlines()[-1]) == []


@pytest.mark.parametrize(
    ("arguments", "options"),
    [
        (["check", "--base", "main"], {"base": "main", "head": "HEAD", "fmt": "text", "root": "."}),
        (
            ["check", "--root", "r", "--format", "json", "--head", "h", "--base", "b"],
            {"base": "b", "head": "h", "fmt": "json", "root": "r"},
        ),
        (["check"], None),  # click says --base is missing
        (["check", "--head", "h"], None),
        (["check", "--base"], None),
        (["check", "--base=main"], None),
        (["check", "--base", "main", "--base", "other"], None),
        (["check", "--base", "main", "--format", "xml"], None),
        (["check", "--base", "main", "--help", "x"], None),
        (["check", "--base", "-x"], None),
        (["check", "--base", ""], None),
        (["--debug", "check", "--base", "main"], None),
        (["audit", "--base", "main"], None),
    ],
)
def test_only_a_plain_check_skips_the_command_line(
    arguments: list[str], options: dict[str, str] | None
) -> None:
    assert check_options(arguments) == options


@pytest.mark.parametrize("command", [["check", "--base", "main"], ["audit"]])
def test_a_root_that_is_a_file_is_left_to_the_command_line(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    options = check_options if command[0] == "check" else audit_options
    assert options([*command, "--root", str(tmp_path / "file")]) is None


@pytest.mark.parametrize("kind", ["pipe", "pipe with a reader", "device", "folder"])
@pytest.mark.parametrize("approved", [True, False])
def test_a_job_summary_that_is_not_a_file_never_blocks_the_check(
    gov: Governed, tmp_path: Path, kind: str, approved: bool
) -> None:
    """GITHUB_STEP_SUMMARY naming a pipe blocked `check --format github` forever (issue 12, H1): now one
    line on stderr, nothing written, and the exit code is still the judgement's."""
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    if approved:
        gov.approve("BD-2026-007", "bribery-prevention", "amend", AMENDED)
    gov.repo.commit("Amend Article 7")
    target = tmp_path / "summary"
    reader = None
    if kind.startswith("pipe"):
        os.mkfifo(target)
        if kind == "pipe with a reader":
            reader = os.open(target, os.O_RDONLY | os.O_NONBLOCK)
    elif kind == "device":
        target = Path("/dev/full")
    else:
        target.mkdir()
    env = {**os.environ, "GOVERNANCE_TODAY": "2026-12-01", "GITHUB_STEP_SUMMARY": str(target)}
    try:
        for arguments in (["check", "--base", "main"], ["check", "--base=main"]):
            done = subprocess.run(
                [sys.executable, "-c", PROGRAM, *arguments, "--head", "proposal", "--format", "github"],
                cwd=gov.path,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert done.returncode == (0 if approved else 1), done.stderr
            assert "bribery-prevention" in done.stdout
            assert done.stderr.count("\n") == 1 and "the job summary was not written" in done.stderr
            assert str(target) in done.stderr and "Traceback" not in done.stderr
    finally:
        if reader is not None:
            assert os.read(reader, 100) == b""  # nothing was written into the pipe
            os.close(reader)

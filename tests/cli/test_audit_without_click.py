"""`governance audit [REV] --since T ...` starts without click (governance/entry.py, issue 14): the real
program, run both ways on the same histories, prints the same report, the same job summary and the same
exit code as the command line does for the same audit written another way (`--format=F` goes through
click)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from governance.entry import audit_options
from tests.cli.test_check_without_click import _run, amend
from tests.testing.governed import Governed


@pytest.mark.parametrize("approved", [True, False])
def test_the_audit_without_click_reports_as_the_command_line(
    gov: Governed, tmp_path: Path, approved: bool
) -> None:
    amend(gov, approved=approved)
    summary = tmp_path / "summary.md"
    for fmt in ("text", "json", "github"):
        for since in ([], ["--since", "main~1"]):
            fast = _run(["audit", "main", *since, "--format", fmt], gov.path, summary)
            clicked = _run(["audit", f"--format={fmt}", *since, "main"], gov.path, summary)
            assert fast == clicked
            assert fast[0] == (0 if approved else 1), fast
            assert approved or "bribery-prevention" in fast[1]
            assert bool(fast[3]) == (fmt == "github")


def test_an_audit_that_cannot_run_is_exit_2_both_ways(gov: Governed, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    fast = _run(["audit", "nowhere", "--root", str(gov.path)], tmp_path, summary)
    clicked = _run(["audit", "nowhere", f"--root={gov.path}"], tmp_path, summary)
    assert fast == clicked
    assert fast[0] == 2 and "nowhere" in fast[2] and "Traceback" not in fast[2]


def test_the_audit_imports_no_click(gov: Governed) -> None:
    probe = (
        "import sys\nsys.argv = ['governance', 'audit', 'main']\n"
        "from governance.entry import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "import json\nprint(json.dumps(sorted(name for name in sys.modules if name.split('.')[0] == 'click')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=gov.path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []


@pytest.mark.parametrize(
    ("arguments", "options"),
    [
        (["audit"], {"rev": "HEAD", "fmt": "text", "root": "."}),
        (["audit", "main"], {"rev": "main", "fmt": "text", "root": "."}),
        (
            ["audit", "tip", "--since", "s", "--adoption", "a", "--format", "json", "--root", "r"],
            {"rev": "tip", "since": "s", "adoption": "a", "fmt": "json", "root": "r"},
        ),
        (["audit", "--since", "s"], {"rev": "HEAD", "since": "s", "fmt": "text", "root": "."}),
        (["audit", "--since"], None),
        (["audit", "--since=s"], None),
        (["audit", "--since", "s", "main"], None),  # REV after the options: click reads it
        (["audit", "main", "--since", "s", "--since", "t"], None),
        (["audit", "main", "--format", "xml"], None),
        (["audit", "main", "--help", "x"], None),
        (["audit", "--help"], None),
        (["audit", "-x"], None),
        (["audit", ""], None),
        (["audit", "main", "--since", "-x"], None),
        (["audit", "main", "--base", "b"], None),
        (["--debug", "audit", "main"], None),
        (["check", "main"], None),
    ],
)
def test_only_a_plain_audit_skips_the_command_line(
    arguments: list[str], options: dict[str, str] | None
) -> None:
    assert audit_options(arguments) == options

"""`governance lint` and `governance digest`: exit codes, text and JSON output, sha256sum agreement."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from governance.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "regulations", tmp_path / "regulations")
    return tmp_path


def test_lint_repository_is_clean() -> None:
    result = CliRunner().invoke(main, ["lint", "--root", str(ROOT)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_lint_findings_exit_1_text_and_json(tree: Path) -> None:
    bad = tree / "regulations" / "bribery-prevention.md"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("2. Each company", "3. Each company"), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["lint", "--root", str(tree)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("regulations/bribery-prevention.ja.md:8:1: TRN002 stale translation")
    assert lines[1].startswith("regulations/bribery-prevention.md:56:1: STR002 paragraph 3. of Article 5")
    assert len(lines) == 2
    assert "2 problem(s) found" in result.stderr

    result = CliRunner().invoke(main, ["lint", "--root", str(tree), "--format", "json", str(bad)])
    assert result.exit_code == 1
    [finding] = json.loads(result.stdout)["findings"]
    assert finding == {
        "path": "regulations/bribery-prevention.md",
        "line": 56,
        "col": 1,
        "code": "STR002",
        "message": finding["message"],
        "severity": "error",
    }

    result = CliRunner().invoke(main, ["lint", "--root", str(tree), "--format", "github", str(bad)])
    assert result.exit_code == 1
    annotation, text = result.stdout.splitlines()
    assert annotation.startswith("::error file=regulations/bribery-prevention.md,line=56,col=1::STR002 ")
    assert text.startswith("regulations/bribery-prevention.md:56:1: STR002")


def test_lint_relative_path_from_the_root(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    (tree / "regulations" / "draft.txt").write_text("draft\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "regulations/draft.txt", "regulations/bribery-prevention.md"])
    assert result.exit_code == 1
    assert result.stdout.startswith("regulations/draft.txt:1:1: FILE003 ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["lint", "--root", "{tree}", "{tree}/regulations/missing.md"],
            "error: {tree}/regulations/missing.md: no such file",
        ),
        (["lint", "--root", "{tree}/nowhere"], "error: {tree}/nowhere: the --root folder does not exist"),
        (
            ["lint", "--root", "{tree}/regulations"],
            "error: {tree}/regulations: the regulations folder 'regulations' does not exist",
        ),
        (["lint", "--format", "xml"], "Invalid value for '--format'"),
        (["digest", "{tree}/missing.md"], "error: {tree}/missing.md: no such file"),
        (["digest"], "Missing argument"),
    ],
)
def test_usage_errors_exit_2(tree: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, [arg.format(tree=tree) for arg in args])
    assert result.exit_code == 2
    assert message.format(tree=tree) in result.stderr
    assert "Traceback" not in result.output


def test_digest_equals_sha256sum() -> None:
    files = [str(path) for path in sorted((ROOT / "regulations").glob("*.md"))]
    ours = subprocess.run(
        [str(Path(sys.executable).parent / "governance"), "digest", *files],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    theirs = subprocess.run(
        ["sha256sum", *files], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    assert len(ours) == len(files) == 2
    assert ours == [f"sha256:{line}" for line in theirs]

"""One meaning per exit code: 0 clean, 1 findings or refused, 2 could not run (one line, never a traceback)."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from governance.cli import main
from governance.cli.error_handler import exit_codes, os_error_message
from tests.cli.test_cli_resolution import new
from tests.testing.governed import AMENDED, REGULATION, SEED, Governed

_ENV = {"GOVERNANCE_TODAY": "2026-12-01"}


@click.command()
@click.argument("kind")
def _crashes(kind: str) -> None:
    with exit_codes(debug=kind.endswith("-debug")):
        if kind.startswith("bug"):
            raise RecursionError("maximum recursion depth exceeded " + "x" * 5000)
        if kind.startswith("exit"):
            raise click.exceptions.Exit(1)
        raise OSError(errno.ENOSPC, "No space left on device", "resolutions/BD-2026-007.yml")


def test_an_unexpected_exception_is_exit_2_with_one_short_line() -> None:
    result = CliRunner().invoke(_crashes, ["bug"])

    assert result.exit_code == 2
    [line] = result.output.splitlines()
    assert line.startswith("error: unexpected internal error (RecursionError: maximum recursion depth")
    assert "--debug" in line and len(line) < 600
    assert "Traceback" not in result.output


def test_debug_shows_the_traceback() -> None:
    result = CliRunner().invoke(_crashes, ["bug-debug"])

    assert result.exit_code == 2
    assert "Traceback (most recent call last)" in result.output


def test_a_command_s_own_exit_passes_through() -> None:
    assert CliRunner().invoke(_crashes, ["exit"]).exit_code == 1


def test_a_full_disk_names_the_file_and_what_to_do() -> None:
    result = CliRunner().invoke(_crashes, ["disk"])

    assert result.exit_code == 2
    assert result.output == (
        "error: resolutions/BD-2026-007.yml: the disk is full; free some space and run it again\n"
    )
    assert os_error_message(OSError(errno.EROFS, "Read-only file system", "x")) == (
        "x: the file system is read-only; run it in a writable clone"
    )


def test_the_installed_command_never_prints_a_traceback(tmp_path: Path) -> None:
    """The real entry point in a real process: a usage error and a missing folder are both 2."""
    entry = [sys.executable, "-c", "from governance.cli import main; main()"]
    usage = subprocess.run([*entry, "check"], capture_output=True, text=True, check=False)
    missing = subprocess.run(
        [*entry, "audit", "--root", str(tmp_path / "nowhere")], capture_output=True, text=True, check=False
    )

    assert usage.returncode == 2 and "Missing option '--base'" in usage.stderr
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert missing.stderr.startswith("error: ") and len(missing.stderr.splitlines()) == 1


def test_lint_of_a_number_of_5000_digits_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    huge = "9" * 5000
    text = SEED.replace("## Article 9.", f"## Article {huge}.").replace("Article 9 ", f"Article {huge} ")
    regulation = tmp_path / "regulations" / "r.md"
    regulation.parent.mkdir()
    regulation.write_text(text, encoding="utf-8")

    result = CliRunner().invoke(main, ["lint", "--root", str(tmp_path)])

    assert result.exit_code == 1, result.output
    assert "STR006" in result.output and "Traceback" not in result.output


def test_a_resolution_id_too_long_for_a_file_name_is_exit_2(gov: Governed) -> None:
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7")
    ident = "BD-2026-" + "7" * 300  # the id's shape allows it; no file system takes such a name

    result = new(gov.path, "--written-consent", "--head", "proposal", ident=ident)

    assert result.exit_code == 2, result.output
    assert "the name is too long for the file system; use a shorter name or id" in result.output
    assert sorted(path.name for path in (gov.path / "resolutions").iterdir()) == [
        "BL-2026-001.yml",
        "BL-2026-001.yml.sig",
        "allowed_signers",
        "bodies.yml",
    ]


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_a_file_name_that_is_not_utf8_is_refused_and_reported(
    gov: Governed, tmp_path: Path, fmt: str
) -> None:
    gov.branch()
    (gov.path / "regulations").joinpath(b"caf\xe9.md".decode("utf-8", "surrogateescape")).write_text(SEED)
    gov.repo.commit("A regulation named in Latin-1")
    summary = tmp_path / "summary.md"

    result = CliRunner().invoke(
        main,
        ["check", "--base", "main", "--head", "proposal", "--format", fmt, "--root", str(gov.path)],
        env={**_ENV, "GITHUB_STEP_SUMMARY": str(summary)},
    )

    assert result.exit_code == 1, result.output
    assert "caf\\udce9.md" in result.output and "not UTF-8; rename it" in result.output
    if fmt == "github":
        assert "caf\\udce9.md" in summary.read_text(encoding="utf-8")


def test_unrelated_histories_say_so(gov: Governed) -> None:
    gov.repo.git("checkout", "-q", "--orphan", "elsewhere")
    gov.repo.write("notes.md", "unrelated\n")
    gov.repo.commit("An unrelated history")

    result = CliRunner().invoke(
        main, ["check", "--base", "main", "--head", "elsewhere", "--root", str(gov.path)], env=_ENV
    )

    assert result.exit_code == 2
    assert "have no common history" in result.output and "merge-base failed" not in result.output


def test_a_shallow_clone_is_named_instead_of_a_false_missing(gov: Governed, tmp_path: Path) -> None:
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7")
    gov.repo.write(REGULATION, AMENDED + "\n")
    gov.repo.commit("Again")
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", "--branch", "proposal", f"file://{gov.path}", str(clone)],
        check=True,
    )

    result = CliRunner().invoke(main, ["audit", "--root", str(clone)], env=_ENV)

    assert result.exit_code == 2, result.output
    assert "this clone is shallow" in result.output and "fetch-depth: 0" in result.output
    assert "MISSING" not in result.output


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"repository: caf\xe9\n", "governance.yml:1: not UTF-8 text (byte 0xe9); save it as UTF-8"),
        (
            b"records: resolutions\nrepository: a\x00b\n",
            "governance.yml:2: not valid YAML: the character U+0000",
        ),
    ],
    ids=["latin-1", "nul"],
)
def test_a_config_that_cannot_be_read_is_one_line_naming_it(gov: Governed, content: bytes, said: str) -> None:
    """Found by the adversary of issue 12 (H7): a config in Latin-1 was an 'unexpected internal error' in
    lint and `resolution new`, and a NUL byte a message of two lines."""
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7")
    (gov.path / "governance.yml").write_bytes(content)

    linted = CliRunner().invoke(main, ["lint", "--root", str(gov.path)], env=_ENV)
    for result in (linted, new(gov.path, "--written-consent", "--head", "proposal")):
        assert result.exit_code == 2, result.output
        assert result.output.startswith(f"error: {gov.path / said}") or result.output.startswith(
            f"error: {said}"
        )
        assert len(result.output.splitlines()) == 1 and "internal error" not in result.output


def test_a_revision_that_is_not_utf8_is_shown_by_its_bytes(gov: Governed) -> None:
    result = CliRunner().invoke(
        main,
        [
            "check",
            "--base",
            "main",
            "--head",
            b"caf\xe9".decode("utf-8", "surrogateescape"),
            "--root",
            str(gov.path),
        ],
        env=_ENV,
    )

    assert result.exit_code == 2
    assert "'caf\\xe9' is not a revision" in result.output, result.output


def test_a_file_name_cannot_write_a_workflow_command_of_its_own(gov: Governed, tmp_path: Path) -> None:
    """A regulation's name holding a line break and '::' stays inside its annotation (issue 12, H7):
    unescaped, it ended the annotation and started a command of its own in the job's log."""
    gov.branch()
    (gov.path / "regulations" / "a\n::warning::approved,b.md").write_text(SEED)
    gov.repo.commit("A regulation with a hostile name")

    result = CliRunner().invoke(
        main,
        ["check", "--base", "main", "--head", "proposal", "--format", "github", "--root", str(gov.path)],
        env={**_ENV, "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")},
    )

    assert result.exit_code == 1, result.output
    assert "::error file=regulations/a%0A%3A%3Awarning%3A%3Aapproved%2Cb.md::" in result.output
    commands, stopped = [], ""  # the lines GitHub would read as commands, as its runner reads them
    for line in result.output.splitlines():
        if stopped:
            stopped = "" if line == f"::{stopped}::" else stopped
        elif line.startswith("::stop-commands::"):
            stopped = line.removeprefix("::stop-commands::")
        elif line.lstrip().startswith("::"):
            commands.append(line)
    assert commands and all(line.startswith("::error") for line in commands), commands
    assert not stopped  # commands resume after the report


@pytest.mark.parametrize("kind", ["device", "pipe"])
def test_a_config_that_is_a_device_or_a_pipe_is_refused_unread(gov: Governed, kind: str) -> None:
    """A governance.yml linked to /dev/zero was read until memory ran out, a pipe waited for a writer
    forever (issue 12, H7): now one line, nothing read."""
    config = gov.path / "governance.yml"
    config.unlink()
    if kind == "device":
        config.symlink_to("/dev/zero")
    else:
        os.mkfifo(config)

    result = CliRunner().invoke(main, ["lint", "--root", str(gov.path)], env=_ENV)

    assert result.exit_code == 2, result.output
    assert (
        result.output
        == f"error: {config}: not a regular file (a device, a pipe or a folder); replace it with a file\n"
    )

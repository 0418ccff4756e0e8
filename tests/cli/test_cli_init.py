"""`governance init` on a repository of policies as an administrator finds it: an existing governance.yml,
texts with findings that were in force yesterday; then lint and the gate on day one."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from governance.cli import main
from tests.testing.gitrepo import GitRepo
from tests.testing.sshkeys import Keys

LEAVE = """---
title: Leave Policy
---

# Leave Policy

<!-- markdownlint-disable MD013 -->

## Article 1. Annual leave

1.\tEmployees take annual leave as the employment rules provide.\x20\x20
2. Leave is booked in the HR system.

## Article 2. Sick leave

1. Sick leave is reported to the manager on the first day.
"""
ENV = {"GOVERNANCE_TODAY": "2026-12-01"}


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), env=ENV)


def test_init_then_lint_and_the_gate_fail_only_on_new_findings(tmp_path: Path, keys: Keys) -> None:
    repo = GitRepo.init(tmp_path / "policies")
    repo.write("governance.yml", "regulations: Policies\nfront_matter: lenient\n")
    repo.write("Policies/hr/leave.md", LEAVE)
    repo.commit("Policies as they stand")
    root = str(repo.path)
    key = str(keys.secretary.private)

    refused = _run("init", "--key", key, "--identity", keys.secretary.identity, "--root", root)
    assert refused.exit_code == 2
    assert "--members N" in refused.stderr and "--body chief-executive --members 1" in refused.stderr

    adopted = _run(
        "init", "--key", key, "--identity", keys.secretary.identity, "--members", "5", "--root", root
    )
    assert adopted.exit_code == 0, adopted.output
    assert "resolutions/lint-baseline.yml" in adopted.stdout and "only new ones do" in adopted.stdout
    repo.commit("Adopt regulation governance")

    linted = _run("lint", "--root", root)
    assert (linted.exit_code, linted.stdout) == (0, "")
    # The markdownlint directive is no finding: it shows nothing and says nothing (lint/subset.py).
    assert "2 finding(s) recorded in resolutions/lint-baseline.yml" in linted.stderr
    everything = _run("lint", "--all", "--root", root)
    assert everything.exit_code == 1
    assert sorted(line.split()[1] for line in everything.stdout.splitlines()) == [
        "ENC004",
        "ENC007",
    ]

    # An amendment of Article 2 leaves Article 1's findings as they were: approved, it passes.
    repo.git("switch", "-q", "-c", "amend")
    repo.write("Policies/hr/leave.md", LEAVE.replace("on the first day", "on the first day of absence"))
    repo.commit("Amend Article 2")
    recorded = _run(
        "resolution",
        "new",
        "--id",
        "BD-2026-001",
        "--body",
        "board-of-directors",
        "--date",
        "2026-12-01",
        "--written-consent",
        "--recorded-by",
        "Hanako Sato",
        "--root",
        root,
    )
    assert recorded.exit_code == 0, recorded.output
    signed = _run("resolution", "sign", "BD-2026-001", "--key", key, "--root", root)
    assert signed.exit_code == 0, signed.output
    repo.commit("Resolution BD-2026-001")
    checked = _run("check", "--base", "main", "--root", root)
    assert checked.exit_code == 0, checked.output

    # A tab the amendment adds is new: the gate fails on it alone.
    repo.write("Policies/hr/leave.md", LEAVE.replace("2. Leave is", "2.\tLeave is"))
    repo.commit("Reformat")
    checked = _run("check", "--base", "main", "--root", root)
    assert checked.exit_code == 1
    assert "ENC007" in checked.stdout and "ENC004" not in checked.stdout and "STR007" not in checked.stdout

    # The baseline is governed: tolerating a finding is a decision.
    repo.git("switch", "-q", "main")
    repo.git("switch", "-q", "-c", "tolerate")
    baseline = repo.path / "resolutions" / "lint-baseline.yml"
    baseline.write_text(
        baseline.read_text("utf-8").replace(
            "findings:\n",
            "findings:\n" + '  - {path: x.md, line: 1, code: ENC004, digest: "0000000000000000"}\n',
        ),
        "utf-8",
    )
    repo.commit("Tolerate more")
    checked = _run("check", "--base", "main", "--root", root)
    assert checked.exit_code == 1
    assert "resolutions/lint-baseline.yml" in checked.stdout

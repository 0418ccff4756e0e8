"""The gate's reasons as a Japanese reader reads them: each body by its Japanese name from bodies.yml
(names: {ja: 取締役会}), and several reasons written one sentence after another (。), in the check (text,
annotations, job summary), the audit and the server's hook; English keeps the ids and '; '. Real commands,
real repositories, real signatures, a real push."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.gate.test_hook import install_hook
from tests.testing.governed import (
    AMENDED,
    BL_RECORD,
    BOARD,
    COMPLIANCE,
    REGULATION,
    SEED,
    Governed,
    adopted_repository,
    digest,
    record_text,
)
from tests.testing.sshkeys import Keys

GOVERNANCE = str(Path(sys.executable).with_name("governance"))
BODIES_JA = f"""bodies:
  {BOARD}:
    name: Board of Directors
    names: {{ja: 取締役会}}
    members: 9
    quorum: majority
    majority: simple
    written_consent: true
  {COMPLIANCE}: {{name: Compliance Department, members: 1, quorum: all, majority: simple, written_consent: true}}
"""
# Two records that each fail to approve the amendment: the wrong body, and another text.
WRONG_BODY = "BD-2026-007 はCompliance Departmentの決議ですが、この変更には取締役会の決議が必要です"
OTHER_TEXT = "BD-2026-008 が承認した本文は sha256:"


def _env(lang: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return {**clean, "LANG": lang, "GOVERNANCE_TODAY": "2026-12-01"}


def _run(root: Path, lang: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [GOVERNANCE, *args, "--root", str(root)],
        env={**_env(lang), **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def proposal(tmp_path: Path, keys: Keys) -> Governed:
    repo = adopted_repository(
        tmp_path / "repo", keys, {REGULATION: SEED}, message="Adopt regulation governance", bodies=BODIES_JA
    )
    assert (repo.path / BL_RECORD).exists()
    gov = Governed(repo, keys)
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.record(
        "BD-2026-007",
        record_text(
            "BD-2026-007",
            [("bribery-prevention", "amend", digest(AMENDED))],
            body=COMPLIANCE,
            members=1,
            present=1,
            votes_for=1,
        ),
    )
    gov.record(
        "BD-2026-008",
        record_text("BD-2026-008", [("bribery-prevention", "amend", digest(AMENDED + "\nMore.\n"))]),
    )
    gov.repo.commit("Amend Article 7")
    return gov


def test_check_names_the_body_in_japanese_and_writes_its_reasons_as_japanese_sentences(
    proposal: Governed, tmp_path: Path
) -> None:
    japanese = _run(proposal.path, "ja_JP.UTF-8", "check", "--base", "main", "--head", "proposal")
    assert japanese.returncode == 1, japanese.stderr
    out = japanese.stdout
    assert (
        "決議なし amend bribery-prevention (regulations/bribery-prevention.md): 取締役会の決議が必要です"
        in out
    )
    assert f"- {WRONG_BODY}\n" in out
    assert "取締役会のこの決定を決議録に記録してください (`decisions:` の下に):" in out
    assert "board-of-directors" not in out.split("decisions:")[0]  # the id only in the YAML to record

    summary_file = tmp_path / "summary.md"
    github = _run(
        proposal.path, "ja_JP.UTF-8", "check", "--base", "main", "--head", "proposal", "--format", "github",
        GITHUB_STEP_SUMMARY=str(summary_file),
    )  # fmt: skip
    annotation = github.stdout.split("\n::stop-commands::")[0]
    # Reasons one after another as Japanese is written: each sentence ends with 。, no "; " between.
    assert f"は承認されていません: {WRONG_BODY}。{OTHER_TEXT}" in annotation, annotation
    assert "; " not in annotation
    assert "%0A取締役会のこの決定を決議録に記録してください:%0A" in annotation
    summary = summary_file.read_text(encoding="utf-8")
    assert f"| amend `bribery-prevention` | 決議なし: {WRONG_BODY}。{OTHER_TEXT}" in summary, summary

    english = _run(
        proposal.path, "C.UTF-8", "check", "--base", "main", "--head", "proposal", "--format", "github"
    )
    assert (
        "BD-2026-007 is a resolution of the compliance-department; this change needs the board-of-directors; "
        "BD-2026-008 approved the text" in english.stdout
    ), english.stdout
    assert (
        "MISSING  amend bribery-prevention (regulations/bribery-prevention.md): needs the board-of-directors"
        in (english.stdout)
    )


def test_the_audit_and_the_hook_name_the_body_in_japanese(proposal: Governed, tmp_path: Path) -> None:
    gov = proposal
    server = tmp_path / "server.git"
    subprocess.run(
        ["git", "clone", "-q", "--bare", "--branch", "main", str(gov.path), str(server)], check=True
    )
    install_hook(server)
    gov.repo.git("checkout", "-q", "main")
    gov.repo.git("merge", "-q", "--no-ff", "-m", "Merge proposal", "proposal")

    audit = _run(gov.path, "ja_JP.UTF-8", "audit", "main")
    assert audit.returncode == 1, audit.stderr
    assert "取締役会の決議が必要です" in audit.stdout and f"- {WRONG_BODY}\n" in audit.stdout

    pushed = subprocess.run(
        ["git", "push", str(server), "main"],
        cwd=gov.path,
        capture_output=True,
        text=True,
        env=_env("ja_JP.UTF-8"),
    )
    assert pushed.returncode != 0
    assert f"amend bribery-prevention は承認されていません: {WRONG_BODY}。{OTHER_TEXT}" in pushed.stderr, (
        pushed.stderr
    )
    english = subprocess.run(
        ["git", "push", str(server), "main"],
        cwd=gov.path,
        capture_output=True,
        text=True,
        env=_env("C.UTF-8"),
    )
    assert "this change needs the board-of-directors; BD-2026-008" in english.stderr, english.stderr

"""Procedures beyond the vote, through the gate (issue 15): a board whose rules (bodies.yml `requires:`)
make a record on the 就業規則 carry the employees' representative's opinion (the 意見書 kept in the
repository, by its digest) and the notification to the labour standards office. On real repositories,
with real signatures; the record is written by `governance resolution new` as a secretary would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from governance.cli import main
from governance.gate.check import run_check
from tests.testing.governed import BOARD, BODIES, Governed, adopted_repository, digest
from tests.testing.sshkeys import Keys

TODAY = date(2026, 12, 1)
WORK_RULES = "regulations/01_就業規則.md"
TEXT = (Path(__file__).parents[1] / "text" / "japanese_work_rules.md").read_text(encoding="utf-8")
AMENDED = (
    TEXT.replace("6か月継続勤務した者　10日", "6か月継続勤務した者　11日")
    + "\n## 附則\n\nこの規則は、令和8年11月20日に改正し、令和8年11月20日から施行する。\n"
)
REQUIRING = BODIES.replace(
    "written_consent: true}\n",
    'written_consent: true, requires: {consultations: ["*就業規則"], notifications: ["*就業規則"]}}\n',
    1,
)
OPINION = "resolutions/意見書/BD-2026-050.txt"
OPINION_TEXT = "意見書\n\n就業規則の改正案について、異議はありません。\n\n過半数代表者　山田太郎\n"


@pytest.fixture
def kitei(tmp_path: Path, keys: Keys) -> Governed:
    repo = adopted_repository(tmp_path / "kitei", keys, {WORK_RULES: TEXT}, message="Adopt", bodies=REQUIRING)
    gov = Governed(repo, keys)
    gov.branch()
    repo.write(WORK_RULES, AMENDED)
    return gov


def _record(consultation: str = "", notification: str = "") -> str:
    return (
        f"id: BD-2026-050\nbody: {BOARD}\ndate: 2026-11-20\nform: written-consent\nconsents: 9\ndecisions:\n"
        f"  - regulation: 01_就業規則\n    action: amend\n    digest: {digest(AMENDED)}\n"
        f"{consultation}{notification}recorded_by: 総務部　佐藤花子\n"
    )


def _consultation(day: str = "2026-11-22", text: str = OPINION_TEXT) -> str:
    return (
        f"consultations:\n  - representative: 過半数代表者　山田太郎\n    date: {day}\n"
        f"    opinion: {OPINION}\n    digest: {digest(text)}\n"
    )


NOTIFICATION = "notifications:\n  - office: 渋谷労働基準監督署\n    date: 2026-11-25\n"


def _problems(gov: Governed) -> str:
    gov.repo.commit("Amend 第6条 (BD-2026-050)")
    report = run_check(gov.path, "main", "proposal", today=TODAY)
    assert not report.ok
    return "\n".join(report.violations)


def test_a_record_without_the_required_steps_is_refused(kitei: Governed) -> None:
    kitei.record("BD-2026-050", _record())
    problems = _problems(kitei)
    assert "the decision on 01_就業規則 needs the opinion of the employees' representative" in problems
    assert "needs the notification to the authority" in problems
    assert "bodies.yml requires consultations for it" in problems


def test_the_opinion_must_be_the_file_kept_in_the_repository(kitei: Governed) -> None:
    kitei.record("BD-2026-050", _record(_consultation(), NOTIFICATION))
    assert f"the opinion {OPINION} (意見書) is not in the repository" in _problems(kitei)

    kitei.repo.write(OPINION, OPINION_TEXT.replace("異議はありません", "反対します"))
    kitei.repo.commit("The opinion, altered")
    report = run_check(kitei.path, "main", "proposal", today=TODAY)
    assert any(f"the opinion {OPINION} is sha256:" in v for v in report.violations)


def test_dates_that_cannot_be_are_refused(kitei: Governed) -> None:
    kitei.repo.write(OPINION, OPINION_TEXT)
    kitei.record("BD-2026-050", _record(_consultation(day="2026-11-28"), NOTIFICATION))
    problems = _problems(kitei)
    assert "notified on 2026-11-25, before the representative's opinion of 2026-11-28" in problems


def test_the_steps_recorded_by_resolution_new_are_approved(
    kitei: Governed, monkeypatch: pytest.MonkeyPatch
) -> None:
    kitei.repo.write(OPINION, OPINION_TEXT)
    kitei.repo.commit("Amend 第6条, with the opinion")
    monkeypatch.chdir(kitei.path)
    monkeypatch.setenv("GOVERNANCE_TODAY", TODAY.isoformat())
    common = ["resolution", "new", "--id", "BD-2026-050", "--body", BOARD, "--date", "2026-11-20"]
    common += ["--written-consent", "--recorded-by", "総務部　佐藤花子", "--base", "main"]
    missing = CliRunner().invoke(main, common)
    assert missing.exit_code == 2 and "needs the opinion of the employees' representative" in missing.output
    steps = ["--consulted", "過半数代表者　山田太郎", "--consulted-on", "2026-11-22", "--opinion", OPINION]
    steps += ["--notified", "渋谷労働基準監督署", "--notified-on", "2026-11-25"]
    done = CliRunner().invoke(main, common + steps)
    assert done.exit_code == 0, done.output
    record = (kitei.path / "resolutions" / "BD-2026-050.yml").read_text(encoding="utf-8")
    assert f"opinion: {OPINION}\n    digest: {digest(OPINION_TEXT)}" in record
    assert "office: 渋谷労働基準監督署" in record
    path = kitei.record("BD-2026-050", record)  # signed
    assert path.exists()
    kitei.repo.commit("Resolution BD-2026-050")

    report = run_check(kitei.path, "main", "proposal", today=TODAY)
    assert report.ok, report

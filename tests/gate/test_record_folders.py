"""Records in a folder per year (`resolutions/2026/BD-2026-007.yml`): read from both places whatever the
setting, and one id in only one place, so a signed record copied to its other place counts nowhere."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from governance.cli import main
from governance.gate.audit import run_audit
from governance.gate.check import run_check
from governance.records.resolutions import is_record_path, misplaced_or_twin, record_path
from tests.testing.governed import AMENDED, REGULATION, SEED, Governed, digest, governed_copy, record_text
from tests.testing.sshkeys import Keys

TODAY = date(2026, 12, 1)


def test_record_places() -> None:
    assert is_record_path("resolutions/2026/BD-2026-007.yml", "resolutions")
    assert is_record_path("resolutions/1999/BD-2026-007.yml", "resolutions/")  # misplaced, refused below
    assert not is_record_path("resolutions/old/BD-2026-007.yml", "resolutions")
    assert not is_record_path("resolutions/2026/11/BD-2026-007.yml", "resolutions")
    assert not is_record_path("resolutions/2026/bodies.yml", "resolutions")
    assert record_path("resolutions", "BD-2026-007") == "resolutions/BD-2026-007.yml"
    assert record_path("resolutions/", "BD-2026-007", by_year=True) == "resolutions/2026/BD-2026-007.yml"
    assert misplaced_or_twin("resolutions/BD-2026-007.yml", "resolutions") == (
        None,
        "resolutions/2026/BD-2026-007.yml",
    )
    assert misplaced_or_twin("resolutions/2026/BD-2026-007.yml", "resolutions") == (
        None,
        "resolutions/BD-2026-007.yml",
    )
    misplaced, twin = misplaced_or_twin("resolutions/2025/BD-2026-007.yml", "resolutions")
    assert twin is None and misplaced is not None and "belongs in resolutions/2026/" in misplaced
    # A name that is no id: the record check refuses it by its content; it has no other place.
    assert misplaced_or_twin("resolutions/notes.yml", "resolutions") == (None, None)


def _amend_with_record_in(gov: Governed, folder: str) -> None:
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.record(
        "BD-2026-007",
        record_text("BD-2026-007", [("bribery-prevention", "amend", digest(AMENDED))]),
        folder=folder,
    )
    gov.repo.commit("Amend Article 7 (BD-2026-007)")


def test_a_record_in_its_year_folder_approves_and_the_audit_agrees(gov: Governed) -> None:
    _amend_with_record_in(gov, "resolutions/2026")
    assert run_check(gov.path, "main", "proposal", today=TODAY).ok
    gov.merge()
    report = run_audit(gov.path, "main", today=TODAY)
    assert report.ok, report.bad_commits
    assert report.commits[-1].verdicts[0].record is not None


@pytest.mark.parametrize(
    ("first", "copy"), [("resolutions", "resolutions/2026"), ("resolutions/2026", "resolutions")]
)
def test_a_signed_record_copied_to_its_other_place_counts_nowhere(
    gov: Governed, first: str, copy: str
) -> None:
    """BD-2026-007 approved AMENDED; BD-2026-008 restored the seed. Bringing AMENDED back by copying
    BD-2026-007 and its signature (valid: the content is unchanged) to the other place is refused."""
    _amend_with_record_in(gov, first)
    gov.merge()
    restore = (("BD-2026-008", "bribery-prevention", "amend", SEED),)
    gov.pull_request("restore", "Restore Article 7 (BD-2026-008)", {REGULATION: SEED}, restore)
    gov.merge("restore")
    gov.branch("replay")
    gov.repo.write(REGULATION, AMENDED)
    for suffix in (".yml", ".yml.sig"):
        target = gov.path / copy / f"BD-2026-007{suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(gov.path / first / f"BD-2026-007{suffix}", target)
    gov.repo.commit("Amend Article 7 again")

    report = run_check(gov.path, "main", "replay", today=TODAY)
    assert not report.ok
    assert any(f"{first}/BD-2026-007.yml records the same resolution" in v for v in report.violations)

    gov.merge("replay")  # pushed around the gate: the audit of main catches it
    audit = run_audit(gov.path, "main", today=TODAY)
    assert [c.subject for c in audit.bad_commits] == ["Merge replay"]
    assert any("records the same resolution" in v for v in audit.bad_commits[0].violations)
    # The same verdict from the gate's incremental audit, which asks git instead of keeping paths.
    since = run_audit(gov.path, "main", today=TODAY, since="main~1")
    assert [c.subject for c in since.bad_commits] == ["Merge replay"]
    assert since.bad_commits[0].violations == audit.bad_commits[0].violations


def test_one_id_in_both_places_at_once_or_in_the_wrong_year_is_refused(gov: Governed) -> None:
    _amend_with_record_in(gov, "resolutions")
    shutil.copytree(
        gov.path / "resolutions",
        gov.path / "resolutions/2026",
        ignore=lambda d, names: [n for n in names if not n.startswith("BD-")],
    )
    gov.repo.commit("Record it twice")
    report = run_check(gov.path, "main", "proposal", today=TODAY)
    assert not report.ok
    assert len([v for v in report.violations if "records the same resolution" in v]) == 2

    gov.repo.git("reset", "-q", "--hard", "HEAD~1")
    (gov.path / "resolutions/2025").mkdir()
    for suffix in (".yml", ".yml.sig"):
        (gov.path / f"resolutions/BD-2026-007{suffix}").rename(
            gov.path / f"resolutions/2025/BD-2026-007{suffix}"
        )
    gov.repo.commit("Record it in the wrong year")
    report = run_check(gov.path, "main", "proposal", today=TODAY)
    assert not report.ok
    assert report.violations == [
        "resolutions/2025/BD-2026-007.yml: the record BD-2026-007.yml belongs in resolutions/2026/ "
        "(the year in its id); move it there"
    ]


def test_signatures_off_twins_on_the_base_count_nowhere(
    tmp_path: Path, keys: Keys, tmp_path_factory: pytest.TempPathFactory
) -> None:
    gov = governed_copy(tmp_path, keys, tmp_path_factory, signatures="off")
    text = record_text("BD-2026-007", [("bribery-prevention", "amend", digest(AMENDED))])
    gov.record("BD-2026-007", text, sign=False)
    gov.record("BD-2026-007", text, sign=False, folder="resolutions/2026")
    gov.repo.commit("Record BD-2026-007 in both places")  # a push around the gate
    gov.branch("amend")
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7")

    report = run_check(gov.path, "main", "amend", today=TODAY)

    assert not report.ok
    assert "records the same resolution; neither counts" in " ".join(report.verdicts[0].reasons)


def _governance(gov: Governed, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, [*args, "--root", str(gov.path)], env={"GOVERNANCE_TODAY": "2026-11-30"}
    )
    return result.exit_code, result.output


NEW = ["resolution", "new", "--id", "BD-2026-007", "--body", "board-of-directors", "--date", "2026-11-20"]
NEW += ["--recorded-by", "Hanako Sato", "--written-consent"]


def test_resolution_new_writes_in_the_year_folder_when_configured(gov: Governed, keys: Keys) -> None:
    config = gov.path / "governance.yml"
    config.write_text(config.read_text(encoding="utf-8") + "records_by_year: true\n", encoding="utf-8")
    gov.repo.commit("Records by year")  # on the base, where `resolution new` reads the rules
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7")

    written = _governance(gov, *NEW)
    signed = _governance(gov, "resolution", "sign", "BD-2026-007", "--key", str(keys.secretary.private))
    verified = _governance(gov, "resolution", "verify", "BD-2026-007")
    gov.repo.commit("Record BD-2026-007")
    # An id already recorded in its other place is never written again.
    gov.repo.write("resolutions/BD-2026-008.yml", "id: BD-2026-008\n")
    again = _governance(gov, *[("BD-2026-008" if arg == "BD-2026-007" else arg) for arg in NEW])

    assert written[0] == 0 and "wrote resolutions/2026/BD-2026-007.yml" in written[1], written
    assert signed[0] == 0 and "signed by" in signed[1], signed
    assert verified[0] == 0 and "resolutions/2026/BD-2026-007.yml: valid" in verified[1], verified
    assert run_check(gov.path, "main", "proposal", today=TODAY).ok
    assert again[0] == 2 and "a record of BD-2026-008 exists already" in again[1], again
    assert not (gov.path / "resolutions/2026/BD-2026-008.yml").exists()

"""signatures: off: the check of a pull request and the audit of main agree on which records on the
branch count. A record pushed around the gate that the gate would have refused (misplaced, twinned,
changed after it arrived, older than the adoption) approves nothing in either."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from governance.gate import judge
from governance.gate.audit import run_audit
from governance.gate.check import run_check
from governance.gate.ledger import MODIFIED, UNGOVERNED
from tests.testing.gitrepo import GitRepo
from tests.testing.governed import (
    AMENDED,
    BODIES,
    CONFIG,
    REGULATION,
    SEED,
    Governed,
    digest,
    governed_copy,
    record_text,
)
from tests.testing.sshkeys import Keys

TODAY = date(2026, 12, 1)
APPROVAL = record_text("BD-2026-007", [("bribery-prevention", "amend", digest(AMENDED))])


@pytest.fixture
def off(tmp_path: Path, keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Governed:
    return governed_copy(tmp_path, keys, tmp_path_factory, signatures="off")


def _amend_on_both(gov: Governed) -> tuple[judge.Verdict, judge.Verdict]:
    """The amendment judged twice: by the check of its pull request, and by the audit once on main."""
    gov.branch("amend")
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Amend Article 7")
    check = run_check(gov.path, "main", "amend", today=TODAY)
    gov.repo.git("checkout", "-q", "main")
    gov.repo.git("merge", "-q", "--ff-only", "amend")
    audit = run_audit(gov.path, "main", today=TODAY)
    [amended] = [commit for commit in audit.commits if commit.subject == "Amend Article 7"]
    [checked] = check.verdicts
    [audited] = amended.verdicts
    return checked, audited


def test_a_record_merged_before_its_change_counts_in_both(off: Governed) -> None:
    off.record("BD-2026-007", APPROVAL, sign=False)
    off.repo.commit("Record BD-2026-007")

    checked, audited = _amend_on_both(off)

    assert checked.covered and audited.covered
    assert checked.record is not None and checked.record.name == "BD-2026-007"


@pytest.mark.parametrize(
    ("place", "reason"),
    [
        (["resolutions", "resolutions/2026"], "records the same resolution; neither counts"),
        (["resolutions/2025"], "belongs in resolutions/2026/"),
    ],
    ids=["twins", "misplaced"],
)
def test_a_record_out_of_its_place_counts_in_neither(off: Governed, place: list[str], reason: str) -> None:
    for folder in place:
        off.record("BD-2026-007", APPROVAL, sign=False, folder=folder)
    off.repo.commit("Record BD-2026-007")  # a push around the gate

    checked, audited = _amend_on_both(off)

    assert not checked.covered and not audited.covered
    assert reason in " ".join(checked.reasons) and reason in " ".join(audited.reasons)


def test_a_record_changed_after_it_arrived_counts_in_neither(off: Governed) -> None:
    # It arrived approving another text, and was edited into approving this one.
    off.record("BD-2026-007", APPROVAL.replace(digest(AMENDED), digest(SEED + "\n")), sign=False)
    off.repo.commit("Record BD-2026-007")
    off.record("BD-2026-007", APPROVAL, sign=False)
    off.repo.commit("Correct BD-2026-007")  # a push around the gate

    checked, audited = _amend_on_both(off)

    assert not checked.covered and not audited.covered
    assert MODIFIED in " ".join(checked.reasons) and MODIFIED in " ".join(audited.reasons)


def test_a_deleted_record_counts_in_neither(off: Governed) -> None:
    off.record("BD-2026-007", APPROVAL, sign=False)
    off.repo.commit("Record BD-2026-007")
    off.repo.remove("resolutions/BD-2026-007.yml")
    off.repo.commit("Remove BD-2026-007")

    checked, audited = _amend_on_both(off)

    assert not checked.covered and not audited.covered
    assert "BD-2026-007" not in " ".join(checked.reasons + audited.reasons)


def test_a_record_older_than_the_adoption_counts_in_neither(tmp_path: Path, keys: Keys) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("resolutions/BD-2026-007.yml", APPROVAL)
    repo.commit("A record before anything was governed")
    repo.write(REGULATION, SEED)
    repo.write("governance.yml", CONFIG + 'signatures: "off"\n')
    repo.write("resolutions/bodies.yml", BODIES)
    baseline = record_text("BL-2026-001", [("bribery-prevention", "enact", digest(SEED))], consents=9)
    repo.write("resolutions/BL-2026-001.yml", baseline)
    repo.commit("Adopt regulation governance")

    checked, audited = _amend_on_both(Governed(repo, keys))

    assert not checked.covered
    assert UNGOVERNED in " ".join(checked.reasons)
    assert not audited.covered  # the audit starts at the adoption: it never saw the record arrive

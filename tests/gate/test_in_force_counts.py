"""The version in force is set only by a record that counts on the branch, by the ledger's one rule: a
record pushed around the gate (changed after it arrived, out of its place) can neither block an amendment
by claiming the text in force takes effect in 2030, nor date one. The check and an audit that starts from
a trusted commit (the hook's) both read the version in force from the records at the base."""

from __future__ import annotations

from datetime import date

import pytest

from governance.gate.audit import run_audit
from governance.gate.check import run_check
from tests.gate.test_time import amend
from tests.testing.governed import AMENDED, BL_RECORD, SEED, Governed, digest, record_text

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    "pushed", ["the baseline changed after it arrived", "a record out of its place", "an unsigned record"]
)
def test_a_record_that_does_not_count_sets_no_version_in_force(gov: Governed, pushed: str) -> None:
    if pushed == "the baseline changed after it arrived":
        baseline = gov.path / BL_RECORD
        seed_decision = f"    digest: {digest(SEED)}\n"
        text = baseline.read_text(encoding="utf-8")
        baseline.write_text(text.replace(seed_decision, seed_decision + "    effective: 2030-01-01\n"))
    else:
        claim = record_text(
            "BD-2026-009",
            [("bribery-prevention", "amend", digest(SEED))],
            date="2026-11-10",
            effective="2030-01-01",
        )
        gov.record("BD-2026-009", claim, folder="resolutions/2025")  # signed, but not where BD-2026-009 goes
    trusted = gov.repo.commit("Pushed around the gate")
    amend(gov, "BD-2026-007", AMENDED, dated="2026-11-20")

    report = run_check(gov.path, "main", "BD-2026-007", today=TODAY)
    gov.merge("BD-2026-007")
    audit = run_audit(gov.path, "main", today=TODAY, since=trusted)

    [verdict] = report.verdicts
    assert verdict.covered, verdict.reasons
    assert report.ok, report
    assert audit.ok, audit.bad_commits
    # The whole history still shows what was pushed around the gate, where it was pushed.
    [bad] = run_audit(gov.path, "main", today=TODAY).bad_commits
    assert bad.subject == "Pushed around the gate"

"""Input crafted to crash or stall the gate (issue 12): refused as a finding or a violation, never a crash.

A pull request that made `check` crash would only fail its own check; once such a record is on main (a
push around the gate), every later audit and the server hook would crash too: a denial of service of the
gate and of publishing. So each is judged: check, audit and a real push through the hook.
"""

from __future__ import annotations

from datetime import date

import pytest

from governance.gate.audit import run_audit
from governance.gate.check import run_check
from tests.testing.governed import AMENDED, REGULATION, SEED, Governed, digest, record_text

TODAY = date(2026, 12, 1)
DEEP = "notes: " + "[" * 990 + "]" * 990 + "\n"  # just below libyaml's own limit (1,000)
LONG_NUMBER = "consents: " + "9" * 5000 + "\n"


def hostile_record(gov: Governed, ident: str, extra: str) -> None:
    text = record_text(ident, [("bribery-prevention", "amend", digest(AMENDED))]) + extra
    gov.record(ident, text)


@pytest.mark.parametrize("extra", [DEEP, LONG_NUMBER], ids=["deep", "long-number"])
def test_a_hostile_record_in_a_pull_request_is_a_violation(gov: Governed, extra: str) -> None:
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    hostile_record(gov, "BD-2026-007", extra)
    gov.repo.commit("Amend Article 7")

    report = run_check(gov.path, "main", "proposal", today=TODAY)

    assert report.exit_code == 1
    [violation] = report.violations
    assert violation.startswith("resolutions/BD-2026-007.yml: not a valid record")
    assert "maximum nesting depth" in violation or "more than 18 digits" in violation


@pytest.mark.parametrize("extra", [DEEP, LONG_NUMBER], ids=["deep", "long-number"])
def test_a_hostile_record_on_main_is_reported_by_every_later_audit(gov: Governed, extra: str) -> None:
    gov.repo.write(REGULATION, AMENDED)
    hostile_record(gov, "BD-2026-007", extra)
    pushed_around = gov.repo.commit("Amend Article 7 (pushed around the gate)")
    gov.repo.write("notes.md", "later work\n")
    gov.repo.commit("Later work")

    report = run_audit(gov.path, "main", today=TODAY, works=False)

    assert report.exit_code == 1
    [bad] = report.bad_commits
    assert bad.commit == pushed_around
    assert any("not a valid record" in violation for violation in bad.violations)


def test_hostile_front_matter_is_a_lint_finding(gov: Governed) -> None:
    gov.branch()
    hostile = SEED.replace("---\n", "---\nnotes: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n", 1)
    gov.repo.write(REGULATION, hostile)
    gov.repo.commit("Amend the front matter")

    report = run_check(gov.path, "main", "proposal", today=TODAY)

    assert report.exit_code == 1
    assert any(f.code == "FM001" and "nesting depth" in f.message for f in report.findings)

"""published_works: the versions of every regulation as the audit approved them, for the site."""

from __future__ import annotations

from datetime import date

import pytest

from governance.errors import GovernanceError
from governance.gate.published import published_works
from tests.testing.governed import (
    AMENDED,
    COMPLIANCE,
    JA,
    REGULATION,
    SEED,
    TRANSLATION,
    Governed,
    digest,
    record_text,
)

TODAY = date(2026, 12, 1)


def test_versions_with_their_approvals(gov: Governed) -> None:
    gov.branch()
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.remove(TRANSLATION)
    text = record_text(
        "BD-2026-007",
        [("bribery-prevention", "amend", digest(AMENDED))],
    ).replace("digest: " + digest(AMENDED), f"digest: {digest(AMENDED)}\n    effective: 2027-01-01")
    gov.record("BD-2026-007", text)
    gov.approve("CD-2026-001", "bribery-prevention.ja", "rescind", JA, consents=1, body=COMPLIANCE)
    gov.repo.commit("Amend Article 7; withdraw the translation")
    merge = gov.merge()

    works = {work.id: work for work in published_works(gov.path, today=TODAY)}

    original = works["bribery-prevention"]
    assert [v.action for v in original.versions] == ["enact", "amend"]
    assert [v.text for v in original.versions] == [SEED, AMENDED]
    baseline, amendment = original.versions
    assert (baseline.approval.resolution, baseline.approval.date) == ("BL-2026-001", date(2026, 1, 5))
    assert amendment.approval.resolution == "BD-2026-007"
    assert amendment.approval.effective == date(2027, 1, 1)
    assert amendment.commit == merge and amendment.digest == digest(AMENDED)
    assert original.rescission is None
    translation = works["bribery-prevention.ja"]
    assert translation.rescission is not None and translation.rescission.approval.resolution == "CD-2026-001"


def test_failing_audit_publishes_nothing(gov: Governed) -> None:
    gov.repo.write(REGULATION, AMENDED)
    gov.repo.commit("Unapproved edit")

    with pytest.raises(GovernanceError, match="the audit of HEAD failed, so nothing is published"):
        published_works(gov.path, today=TODAY)

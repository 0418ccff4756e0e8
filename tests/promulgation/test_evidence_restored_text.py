"""An evidence pack names the resolution that approved each version in force (the fifth red-team review).
A text amended back to its earlier words holds the earlier version's digest, and the pack took the first
version of that digest for each: the restored version was said approved by the baseline, with the
baseline's date, votes and signature, and both shared one source file named by the first one's date; and
an acknowledgement of the restored words recorded the first version's date in force. A real governed
repository (signed records) and a real store."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from governance.gate.published import published_works
from governance.promulgation.catalog import build_catalog
from governance.promulgation.store import Store
from tests.promulgation import works as p
from tests.promulgation.test_evidence import PERIOD, run
from tests.testing.governed import AMENDED, REGULATION, SEED, Governed, digest, record_text


def _amend(gov: Governed, ident: str, text: str, day: str, effective: str) -> None:
    gov.branch(ident)
    gov.repo.write(REGULATION, text)
    record = record_text(
        ident, [("bribery-prevention", "amend", digest(text))], date=day, effective=effective
    )
    gov.record(ident, record)
    gov.repo.commit(f"Amend the bribery prevention regulations ({ident})")
    gov.merge(ident)


@pytest.fixture
def restored(gov: Governed, monkeypatch: pytest.MonkeyPatch) -> Governed:
    """Amended from 2026-10-01, then back to the first words from 2027-02-01."""
    monkeypatch.setenv("GOVERNANCE_TODAY", "2027-03-15")
    _amend(gov, "BD-2026-007", AMENDED, "2026-09-20", "2026-10-01")
    _amend(gov, "BD-2027-002", SEED, "2027-01-20", "2027-02-01")
    return gov


def test_a_restored_text_is_said_approved_by_its_own_resolution(
    restored: Governed, store: Store, tmp_path: Path
) -> None:
    store.replace_roster(p.ROSTER)
    out = tmp_path / "pack"
    code, output = run(
        "evidence", *PERIOD, "--root", str(restored.path), "--database", store.url, "--out", str(out)
    )
    assert code == 0, output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    versions = manifest["regulations"][0]["versions"]
    assert [(v["digest"], v["in_force_from"], v["resolution"]["id"]) for v in versions] == [
        (digest(SEED), "2026-01-05", "BL-2026-001"),
        (digest(AMENDED), "2026-10-01", "BD-2026-007"),
        (digest(SEED), "2027-02-01", "BD-2027-002"),
    ]
    assert versions[2]["resolution"]["date"] == "2027-01-20"
    assert versions[0]["source"] != versions[2]["source"]
    assert (out / versions[2]["source"]).read_text(encoding="utf-8") == SEED
    code, output = run("evidence", "verify", str(out), "--root", str(restored.path), "--database", store.url)
    assert output.startswith("UNSIGNED: "), output


def test_a_restored_text_is_acknowledged_as_the_version_in_force(restored: Governed, store: Store) -> None:
    """The acknowledgement of the restored words records the version in force (from 2027-02-01), not the
    first version holding them (2026-01-05), and `db verify --root` holds it to that version."""
    store.replace_roster(p.ROSTER)
    catalog = build_catalog(published_works(restored.path, today=date(2027, 3, 15)))
    record, created = p.acknowledge(store, p.ALICE.person, catalog.resolve(digest(SEED), date(2027, 3, 15)))
    assert created
    assert record.effective == date(2027, 2, 1)
    assert catalog.unpublished(record) is None
    # An acknowledgement of the first words while they were in force still verifies.
    first = replace(record, effective=date(2026, 1, 5))
    assert catalog.unpublished(first) is None
    # No version of those words came into force on another day.
    assert catalog.unpublished(replace(record, effective=date(2026, 10, 1))) is not None

"""`evidence verify --root` holds the commit the pack names to the branch as it stood at the period's end
(the fifth red-team review). The pack's facts are made again at the commit the manifest names, so a pack
made from a clone reset to the commit before an amendment, which says the old version stayed in force all
period and counts its acknowledgements, was `intact` beside the real repository and store: every fact
agreed with that older commit, and nothing asked whether that commit was what the branch held then."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from governance.gate.published import published_works
from governance.promulgation.catalog import build_catalog
from governance.promulgation.pack_signature import unsigned
from governance.promulgation.store import Store
from tests.promulgation import works as p
from tests.promulgation.test_evidence import PERIOD, amended, run  # noqa: F401 (the fixture)
from tests.testing.governed import AMENDED, REGULATION, SEED, Governed, digest, record_text


@pytest.fixture
def amended_in_period(gov: Governed, monkeypatch: pytest.MonkeyPatch) -> Governed:
    """An amendment in force from 2026-10-01 that needs everyone's acknowledgement again."""
    monkeypatch.setenv("GOVERNANCE_TODAY", "2027-01-15")
    gov.branch("amendment")
    gov.repo.write(REGULATION, AMENDED)
    record = record_text("BD-2026-007", [("bribery-prevention", "amend", digest(AMENDED))], date="2026-09-20")
    record = record.replace(
        f"    digest: {digest(AMENDED)}\n", f"    digest: {digest(AMENDED)}\n    effective: 2026-10-01\n"
    )
    gov.record("BD-2026-007", record)
    gov.repo.commit("Amendment of Article 7 (BD-2026-007)")
    gov.merge("amendment")
    return gov


def test_a_pack_naming_an_older_commit_than_the_branch_held_is_not_intact(
    amended_in_period: Governed, store: Store, tmp_path: Path
) -> None:
    root = amended_in_period.path
    store.replace_roster(p.ROSTER)
    catalog = build_catalog(published_works(root, today=date(2027, 1, 15)))
    # Everyone acknowledged the first text in the spring; nobody the amendment in force since October.
    for person in p.ROSTER:
        p.acknowledge(store, person.person, catalog.resolve(digest(SEED), date(2026, 5, 1)))
    honest = tmp_path / "honest"
    assert (
        run("evidence", *PERIOD, "--root", str(root), "--database", store.url, "--out", str(honest))[0] == 0
    )
    verify = ("evidence", "verify", "--root", str(root), "--database", store.url)
    assert run(*verify[:2], str(honest), *verify[2:]) == (1, f"UNSIGNED: {unsigned(honest).reason}\n")
    said = json.loads((honest / "manifest.json").read_text(encoding="utf-8"))
    assert [(c["company"], c["acknowledged"], c["required"]) for c in said["coverage"]] == [
        ("iij", 0, 2),
        ("iij-engineering", 0, 1),
    ]

    # The same pack made from a clone whose main is reset to the commit before the amendment's merge.
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(root), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "reset", "-q", "--hard", "HEAD^"], check=True)
    lying = tmp_path / "lying"
    assert (
        run("evidence", *PERIOD, "--root", str(clone), "--database", store.url, "--out", str(lying))[0] == 0
    )
    manifest = json.loads((lying / "manifest.json").read_text(encoding="utf-8"))
    assert [(c["company"], c["acknowledged"], c["required"]) for c in manifest["coverage"]] == [
        ("iij", 2, 2),
        ("iij-engineering", 1, 1),
    ]
    older = manifest["repository"]["commit"]
    assert older != said["repository"]["commit"]

    code, output = run(*verify[:2], str(lying), *verify[2:])
    assert code == 1, output
    assert (
        f"MISMATCH: repository.commit: the pack says main was at {older[:12]} at the end of 2027-03-31; "
        f"the repository's main was at {said['repository']['commit'][:12]} then"
    ) in output


def test_a_pack_whose_coverage_is_of_another_day_than_its_period_end_is_not_intact(
    amended: Governed,  # noqa: F811
    store: Store,
    tmp_path: Path,
) -> None:
    """The coverage is the period end's (build_pack): a manifest saying it of another day, which the
    PDF prints as the day of the coverage, was intact while the versions in force were the same."""
    store.replace_roster(p.ROSTER)
    out = tmp_path / "pack"
    assert (
        run("evidence", *PERIOD, "--root", str(amended.path), "--database", store.url, "--out", str(out))[0]
        == 0
    )
    manifest_file = out / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest["coverage_on"] = "2026-12-31"
    manifest_file.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")

    code, output = run("evidence", "verify", str(out))

    assert code == 1, output
    assert "MISMATCH: coverage_on: the pack says 2026-12-31; its period ends on 2027-03-31" in output

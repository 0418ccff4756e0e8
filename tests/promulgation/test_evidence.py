"""`governance evidence` and `evidence verify` on a real governed repository (signed records, an
editorial amendment that needs no new acknowledgement) and a real store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from governance.cli import main
from governance.gate.published import published_works
from governance.promulgation.catalog import build_catalog
from governance.promulgation.pack_signature import NAMESPACE
from governance.promulgation.store import Store
from tests.promulgation import works as p
from tests.promulgation.test_store import _tamper
from tests.testing.governed import AMENDED, JA, REGULATION, SEED, Governed, digest, record_text
from tests.testing.sshkeys import Keys

PERIOD = ["--from", "2026-04-01", "--to", "2027-03-31"]


@pytest.fixture
def amended(gov: Governed, monkeypatch: pytest.MonkeyPatch) -> Governed:
    monkeypatch.setenv("GOVERNANCE_TODAY", "2027-01-15")
    gov.branch("editorial")
    gov.repo.write(REGULATION, AMENDED)
    record = record_text("BD-2026-007", [("bribery-prevention", "amend", digest(AMENDED))], date="2026-09-20")
    record = record.replace(
        f"    digest: {digest(AMENDED)}\n",
        f"    digest: {digest(AMENDED)}\n    effective: 2026-10-01\n    acknowledgement: not-required\n",
    )
    gov.record("BD-2026-007", record)
    gov.repo.commit("Editorial amendment of Article 7 (BD-2026-007)")
    gov.merge("editorial")
    return gov


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_the_pack_and_its_verification(amended: Governed, store: Store, keys: Keys, tmp_path: Path) -> None:
    store.replace_roster(p.ROSTER)
    catalog = build_catalog(published_works(amended.path, today=date(2027, 1, 15)))
    # Alice acknowledged the first text in the spring: the editorial amendment keeps it valid.
    p.acknowledge(store, p.ALICE.person, catalog.resolve(digest(SEED), date(2026, 5, 1)))
    p.acknowledge(store, p.BOB.person, catalog.resolve(digest(JA), date(2026, 5, 2)))  # read in Japanese
    out = tmp_path / "pack"
    code, output = run(
        "evidence",
        *PERIOD,
        "--root",
        str(amended.path),
        "--database",
        store.url,
        "--out",
        str(out),
        "--sign-key",
        str(keys.secretary.private),
    )
    assert code == 0, output
    assert output.startswith(f"wrote {out}: 1 regulation(s), 5 source(s), audit approved, chain head 2")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    versions = manifest["regulations"][0]["versions"]
    assert [(v["in_force_from"], v["in_force_until"], v["acknowledgement_required"]) for v in versions] == [
        ("2026-01-05", "2026-09-30", True),
        ("2026-10-01", None, False),
    ]
    assert versions[1]["resolution"]["id"] == "BD-2026-007"
    assert versions[1]["resolution"]["votes"] == {"for": 6, "against": 1, "abstain": 0}
    assert versions[1]["resolution"]["signature"].startswith(
        "signature verified: the key of hanako.sato@example.com in resolutions/allowed_signers at "
    )
    # The Japanese translation of the first text, approved with it by the baseline, is in the pack.
    (translation,) = versions[0]["translations"]
    assert (translation["language"], translation["id"], translation["digest"]) == (
        "ja",
        "bribery-prevention.ja",
        digest(JA),
    )
    assert translation["resolution"]["id"] == "BL-2026-001"
    assert translation["resolution"]["signature"].startswith("signature verified: the key of ")
    assert (out / translation["source"]).read_text(encoding="utf-8") == JA
    assert versions[1]["translations"] == []  # none follows the amended text yet
    assert [
        (r["company"], r["language"], r["text_read"], r["acknowledged"]) for r in manifest["read_in"]
    ] == [
        ("iij", "en", digest(SEED), 1),
        ("iij", "ja", digest(JA), 1),
    ]
    assert [(c["company"], c["acknowledged"], c["required"]) for c in manifest["coverage"]] == [
        ("iij", 2, 2),
        ("iij-engineering", 0, 1),
    ]
    assert (out / "evidence.pdf").read_bytes().startswith(b"%PDF-")
    assert out.stat().st_mode & 0o777 == 0o755
    assert (out / versions[1]["source"]).read_text(encoding="utf-8") == AMENDED
    signers = tmp_path / "pack_signers"
    signers.write_text(keys.secretary.allowed_signers(NAMESPACE), encoding="utf-8")
    code, output = run(
        "evidence",
        "verify",
        str(out),
        "--allowed-signers",
        str(signers),
        "--root",
        str(amended.path),
        "--database",
        store.url,
    )
    assert (code, output.split(" (key ")[0]) == (0, f"{out}: intact, signed by {keys.secretary.identity}")

    # An acknowledgement deleted after the pack was made: the store no longer reaches the pack's head.
    _tamper(store, "DELETE FROM acknowledgements")
    with store.engine.begin() as connection:
        connection.exec_driver_sql(f"UPDATE chain_head SET seq = 0, hash = 'sha256:{'0' * 64}'")
    code, output = run("evidence", "verify", str(out), "--database", store.url)
    assert code == 1
    assert "no longer reaches the published head" in output
    # A translation's text changed in the pack (and the manifest's hash of it with it).
    forged = dict(manifest)
    (out / translation["source"]).write_text("偽造", encoding="utf-8")
    forged["files"] = {**manifest["files"], translation["source"]: digest("偽造")}
    (out / "manifest.json").write_text(json.dumps(forged), encoding="utf-8")
    code, output = run("evidence", "verify", str(out))
    assert code == 1
    assert f"{translation['source']}: is not the text of bribery-prevention.ja {digest(JA)}" in output
    # A source changed in the pack.
    (out / versions[0]["source"]).write_text("forged", encoding="utf-8")
    code, output = run("evidence", "verify", str(out))
    assert code == 1
    assert f"MISMATCH: {versions[0]['source']}: changed since the pack was made (sha256 differs)" in output


def test_a_period_without_commits(amended: Governed, store: Store) -> None:
    code, output = run(
        "evidence",
        "--from",
        "2020-01-01",
        "--to",
        "2020-12-31",
        "--root",
        str(amended.path),
        "--database",
        store.url,
    )
    assert code == 2
    assert "has no commit by 2020-12-31" in output


def test_a_company_s_pack_speaks_its_default_language(
    amended: Governed, store: Store, tmp_path: Path
) -> None:
    store.replace_roster(p.ROSTER, {"iij": "ja"})  # roster import --companies
    said: dict[tuple[str, ...], str] = {}
    for company, more in (("iij", ()), ("iij", ("--language", "en"))):
        out = tmp_path / f"pack-{len(said)}"
        code, output = run(
            "evidence", *PERIOD, "--company", company, "--root", str(amended.path), "--database", store.url,
            "--out", str(out), *more,
        )  # fmt: skip
        assert code == 0, output
        said[(company, *more)] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["language"]
    # Its default (the user's is English: LANG=C.UTF-8), and the option over it.
    assert said == {("iij",): "ja", ("iij", "--language", "en"): "en"}

"""`evidence verify` holds what the manifest says to the repository and the store, not only its files to
their hashes (the second red-team review, H5). The manifest is the pack's index and nothing hashes it: an
auditor's copy whose manifest said the board voted 9 to 0, that a version came into force a month earlier
or that 40 people read the Japanese text was `intact`, with the repository and the store given. A real
governed repository (signed records) and a real store, SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from governance.gate.published import published_works
from governance.promulgation.catalog import build_catalog
from governance.promulgation.pack_signature import unsigned
from governance.promulgation.store import Store
from tests.promulgation import works as p
from tests.promulgation.test_evidence import PERIOD, amended, run  # noqa: F401 (the fixture)
from tests.testing.governed import JA, SEED, Governed, digest


def _votes(manifest: dict[str, Any]) -> None:
    manifest["regulations"][0]["versions"][1]["resolution"]["votes"]["for"] = 9


def _in_force(manifest: dict[str, Any]) -> None:
    manifest["regulations"][0]["versions"][1]["in_force_from"] = "2026-09-01"


def _read(manifest: dict[str, Any]) -> None:
    manifest["read_in"][1]["acknowledged"] = 40


def _acknowledged(manifest: dict[str, Any]) -> None:
    manifest["coverage"][1]["acknowledged"] = 1  # Carol, of iij-engineering, never acknowledged


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (
            _acknowledged,
            "coverage[1][2]: the pack says 1; made again from the store's acknowledgements of the people of "
            "roster.csv: 0",
        ),
        (
            _votes,
            "regulations[0].versions[1].resolution.votes.for: the pack says 9; made again from the repository at ",
        ),
        (
            _in_force,
            'regulations[0].versions[1].in_force_from: the pack says "2026-09-01"; made again from the',
        ),
        (_read, "read_in[1].acknowledged: the pack says 40; made again from the store's acknowledgements: 1"),
    ],
)
def test_an_edited_manifest_is_not_intact(
    amended: Governed,  # noqa: F811
    store: Store,
    tmp_path: Path,
    edit: Callable[[dict[str, Any]], None],
    said: str,
) -> None:
    store.replace_roster(p.ROSTER)
    catalog = build_catalog(published_works(amended.path, today=date(2027, 1, 15)))
    p.acknowledge(store, p.ALICE.person, catalog.resolve(digest(SEED), date(2026, 5, 1)))
    p.acknowledge(store, p.BOB.person, catalog.resolve(digest(JA), date(2026, 5, 2)))
    out = tmp_path / "pack"
    made = run("evidence", *PERIOD, "--root", str(amended.path), "--database", store.url, "--out", str(out))
    assert made[0] == 0, made[1]
    # Unsigned, so that what is said is the facts' mismatch alone (UNSIGNED beside it).
    verify = ("evidence", "verify", str(out), "--root", str(amended.path), "--database", store.url)
    assert run(*verify) == (1, f"UNSIGNED: {unsigned(out).reason}\n")

    manifest_file = out / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    edit(manifest)
    manifest_file.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")

    code, output = run(*verify)
    assert code == 1, output
    assert f"MISMATCH: {said}" in output


def test_a_manifest_without_its_parts_is_a_clear_error(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "manifest.json").write_text('{"kind": "governance-evidence-pack", "files": {}}', encoding="utf-8")
    code, output = run("evidence", "verify", str(pack))
    assert code == 2
    assert output == (
        f"error: {pack}/manifest.json: not the manifest of an evidence pack (KeyError: 'regulations'); "
        "make the pack again\n"
    )

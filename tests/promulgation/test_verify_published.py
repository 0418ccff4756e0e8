"""`governance db verify --root` / `--site`: every acknowledgement held to the versions the repository
published, on a real governed repository and a real store (SQLite and PostgreSQL). The chain shows that
no record changed after it was written, not that the service wrote it: whoever can write to the database
could append a record that chains, for a digest no regulation ever had (the second red-team review's
open point, H7)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from governance.gate.published import published_works
from governance.promulgation.catalog import CATALOG_URI, Resolved, build_catalog, catalog_json
from governance.promulgation.roster import Person
from governance.promulgation.store import Store
from tests.promulgation import works as p
from tests.promulgation.test_evidence import amended, run  # noqa: F401 (the fixture)
from tests.testing.governed import JA, SEED, Governed, digest

FORGED = "sha256:" + "e" * 64
DAVE = Person("dave@eng.example", "Dave Doi", "iij-engineering", None, None)


def test_a_record_of_a_text_never_published_is_found(
    amended: Governed,  # noqa: F811
    store: Store,
    tmp_path: Path,
) -> None:
    store.replace_roster([*p.ROSTER, DAVE])
    catalog = build_catalog(published_works(amended.path, today=date(2027, 1, 15)))
    p.acknowledge(store, p.ALICE.person, catalog.resolve(digest(SEED), date(2026, 5, 1)))
    p.acknowledge(store, p.BOB.person, catalog.resolve(digest(JA), date(2026, 5, 2)))  # read in Japanese
    site = tmp_path / "public"
    (site / CATALOG_URI).parent.mkdir(parents=True)
    (site / CATALOG_URI).write_text(catalog_json(catalog), encoding="utf-8")
    against_root = ("--root", str(amended.path))
    against_site = ("--site", str(site))
    for against in (against_root, against_site):  # what the service wrote passes
        assert run("db", "verify", "--database", store.url, *against)[0] == 0

    # Appended with the store's own code, so that each chains: a text the board never approved, the
    # approved text with another date in force, and one read in a language no translation has.
    real = catalog.resolve(digest(SEED), date(2026, 5, 1))
    forgeries = (
        Resolved(real.work, replace(real.version, digest=FORGED), real.language, FORGED),
        Resolved(
            real.work, replace(real.version, effective=date(2026, 12, 1)), real.language, real.read_digest
        ),
        Resolved(real.work, real.version, "fr", real.read_digest),
    )
    for person, forged in zip((p.CAROL, DAVE, p.CAROL), forgeries, strict=True):
        p.acknowledge(store, person.person, forged)
    out = tmp_path / "acknowledgements.csv"
    assert run("db", "export", "--out", str(out), "--database", store.url)[0] == 0

    assert run("db", "verify", "--database", store.url) == (
        0,
        f"the chain of 5 acknowledgement(s) is intact; head {store.head().hash}\n",
    )
    said = [
        f"TAMPERED: acknowledgement 3 is of {FORGED}, which is no published version of bribery-prevention: "
        "the service never wrote it",
        "TAMPERED: acknowledgement 4 says its version of bribery-prevention came into force on 2026-12-01; "
        "it did on 2026-01-05: the service never wrote it",
        f"TAMPERED: acknowledgement 5 says it was read as {digest(SEED)} (fr), which is neither that version "
        "of bribery-prevention nor a published translation of it: the service never wrote it",
    ]
    for against in (against_root, against_site):
        for source in (("--database", store.url), ("--export", str(out))):
            code, output = run("db", "verify", *source, *against)
            assert (code, output.splitlines()) == (1, said), (source, against)

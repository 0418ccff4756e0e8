"""Two regulations holding byte-identical texts share one digest (the second red-team review's open point,
H7): the catalog took the first regulation holding it, so once that one was rescinded, the readers of
the other, in force, were told their text was no longer in force, and a translation of the other was
refused as following another regulation's text. Acknowledged through the real store (SQLite and
PostgreSQL)."""

from __future__ import annotations

from datetime import date

from governance.gate.works import Work
from governance.promulgation.catalog import build_catalog
from governance.promulgation.store import Store
from tests.promulgation import works as p
from tests.testing import site_works as w

SHARED = w.digest(w.OLD_RULES)


def _works() -> list[Work]:
    again = "gift-register-2"  # the rescinded register's text, enacted again under another name
    translation = f"{again}.ja"
    return [
        w.rescinded(),  # in force 2026-04-01 to 2026-11-01: the first to hold the text
        Work(
            again,
            f"regulations/{again}.md",
            [w.version(again, w.OLD_RULES, "enact", w.approval("BD-2026-012", "2026-12-01"))],
        ),
        Work(
            translation,
            f"regulations/{translation}.md",
            [
                w.version(
                    translation,
                    w.japanese(SHARED),
                    "enact",
                    w.approval("CD-2026-003", "2026-12-01", body=w.COMPLIANCE),
                )
            ],
        ),
    ]


def test_a_text_two_regulations_hold_is_acknowledged_as_the_one_in_force(store: Store) -> None:
    store.replace_roster(p.ROSTER)
    catalog = build_catalog(_works())

    resolved = catalog.resolve(SHARED, p.TODAY)
    in_japanese = catalog.resolve(w.digest(w.japanese(SHARED)), p.TODAY)

    assert (resolved.work.id, resolved.version.effective.isoformat()) == ("gift-register-2", "2026-12-01")
    assert (in_japanese.work.id, in_japanese.language) == ("gift-register-2", "ja")
    record, created = p.acknowledge(store, p.ALICE.person, resolved)
    assert created and record.regulation == "gift-register-2"
    assert catalog.unpublished(record) is None  # db verify --site finds what the service wrote
    # While the first was in force, its text was the first's.
    assert catalog.resolve(SHARED, date(2026, 6, 1)).work.id == "gift-register"

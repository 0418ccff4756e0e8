from __future__ import annotations

import pytest
import sqlalchemy as sa

from governance.promulgation.batch import Ask
from governance.promulgation.catalog import Refusal
from governance.promulgation.store import Head, Store
from tests.promulgation import works as p


def test_acknowledgements_are_idempotent_and_chained(store: Store) -> None:
    store.replace_roster(p.ROSTER)
    catalog = p.catalog()
    resolved = catalog.resolve(p.EDITORIAL_DIGEST, p.TODAY)
    first, created = p.acknowledge(store, p.ALICE.person, resolved)
    again, created_again = p.acknowledge(store, p.ALICE.person, resolved)
    assert (created, created_again) == (True, False)
    assert again == first
    second, _ = p.acknowledge(store, p.CAROL.person, catalog.resolve(p.OWN_DIGEST, p.TODAY))
    assert (first.seq, second.seq, second.previous) == (1, 2, first.hash)
    assert store.head() == Head(2, second.hash)
    report = store.verify(expected=Head(1, first.hash))
    assert report.ok, report.problems
    assert (report.count, report.head) == (2, second.hash)


def test_one_batch_checks_the_roster_and_article_8_and_writes_each_once(store: Store) -> None:
    store.replace_roster(p.ROSTER)
    catalog = p.catalog()
    group, own = catalog.resolve(p.EDITORIAL_DIGEST, p.TODAY), catalog.resolve(p.OWN_DIGEST, p.TODAY)
    outcomes = store.append(
        [
            Ask(p.ALICE.person, group),
            Ask("mallory@elsewhere.example", group),
            Ask(p.ALICE.person, own),  # the company's own regulation of IIJ Engineering, not Alice's
            Ask(p.ALICE.person, group),  # the same ask twice in one batch: one record
            Ask(p.CAROL.person, own),
        ]
    )
    refusals = [(o.code, o.message) for o in outcomes if isinstance(o, Refusal)]
    assert refusals == [
        (
            "not-on-roster",
            "mallory@elsewhere.example is not on the roster of any group company; ask the compliance department",
        ),
        (
            "not-applicable",
            "iij-engineering/remote-work applies to iij-engineering, not to iij (Article 8)",
        ),
    ]
    written = [o for o in outcomes if not isinstance(o, Refusal)]
    assert [(record.seq, created) for record, created in written] == [(1, True), (1, False), (2, True)]
    assert store.head().seq == 2 and store.verify().ok
    with pytest.raises(Refusal, match="not on the roster"):
        p.acknowledge(store, "mallory@elsewhere.example", group)
    assert store.head().seq == 2


def _three(store: Store) -> Head:
    store.replace_roster(p.ROSTER)
    catalog = p.catalog()
    for person in p.ROSTER:
        p.acknowledge(store, person.person, catalog.resolve(p.EDITORIAL_DIGEST, p.TODAY))
    return store.head()


def _tamper(store: Store, statement: str) -> None:
    """What a database administrator could do: the append-only trigger first has to go."""
    with store.engine.begin() as connection:
        if store.engine.dialect.name == "postgresql":
            connection.exec_driver_sql("DROP TRIGGER acknowledgements_append_only ON acknowledgements")
        else:
            connection.exec_driver_sql("DROP TRIGGER acknowledgements_no_update")
            connection.exec_driver_sql("DROP TRIGGER acknowledgements_no_delete")
        connection.exec_driver_sql(statement)


def test_the_database_refuses_an_edit_or_a_deletion(store: Store) -> None:
    _three(store)
    for statement in (
        "UPDATE acknowledgements SET person = 'mallory' WHERE seq = 2",
        "DELETE FROM acknowledgements WHERE seq = 2",
    ):
        try:
            with store.engine.begin() as connection:
                connection.exec_driver_sql(statement)
        except sa.exc.DatabaseError as exc:
            assert "append-only" in str(exc)
        else:
            raise AssertionError(f"{statement} was allowed")
    assert store.verify().ok


def test_an_edited_record_is_detected(store: Store) -> None:
    _three(store)
    _tamper(store, "UPDATE acknowledgements SET at = '2027-01-01T00:00:00.000000Z' WHERE seq = 2")
    assert store.verify().problems == [
        "acknowledgement 2 was edited after it was written (its hash does not match)"
    ]


def test_a_deleted_record_is_detected(store: Store) -> None:
    _three(store)
    _tamper(store, "DELETE FROM acknowledgements WHERE seq = 2")
    problems = store.verify().problems
    assert problems[0] == "acknowledgement 2 is missing (the next stored is 3): a record was deleted"


def test_a_deleted_last_record_is_detected_by_the_head(store: Store) -> None:
    _three(store)
    _tamper(store, "DELETE FROM acknowledgements WHERE seq = 3")
    assert "the last records were deleted" in store.verify().problems[0]


def test_a_rewritten_chain_is_detected_by_a_published_head(store: Store) -> None:
    published = _three(store)
    _tamper(store, "DELETE FROM acknowledgements")
    with store.engine.begin() as connection:
        connection.exec_driver_sql(f"UPDATE chain_head SET seq = 0, hash = 'sha256:{'0' * 64}'")
    assert store.verify().ok  # an empty store is a consistent store ...
    assert (
        "no longer reaches the published head" in store.verify(expected=published).problems[0]
    )  # ... but not the published one


def test_the_roster_is_replaced_whole(store: Store) -> None:
    store.replace_roster(p.ROSTER)
    assert store.companies() == ["iij", "iij-engineering"]
    assert store.person("bob@iij.example") == p.BOB
    store.replace_roster([p.CAROL])
    assert (store.person("bob@iij.example"), store.companies()) == (None, ["iij-engineering"])


def test_two_migrations_are_one(database_url: str) -> None:
    for _ in range(2):
        opened = Store(database_url)
        opened.upgrade()
        opened.check_schema()
        opened.close()

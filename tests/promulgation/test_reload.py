"""A site rebuilt while the service runs: the board amends the regulation, `mkdocs build` writes the new
site in place, and the running `governance serve` acknowledges the new version without a restart. A
reader posting all the while gets an answer from the old catalog or from the new one, never an error,
and never the old one again once the new one answered."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from governance.cli import main
from governance.promulgation.roster import Person
from governance.promulgation.store import Store
from tests.promulgation import works as p
from tests.promulgation.servers import acknowledge, build_with_service, serving, status
from tests.testing.governed import AMENDED, REGULATION, SEED, Governed, digest, governed_copy
from tests.testing.sshkeys import Keys

READER = Person("hanako@iij.example", "Hanako Sato", "iij", None, None)
WATCHER = Person("taro@iij.example", "Taro Suzuki", "iij", None, None)


def _published(
    keys: Keys, tmp_path: Path, factory: pytest.TempPathFactory
) -> tuple[Governed, Path, str, Store]:
    """A governed repository, its site built with the service, and a store with the roster."""
    gov = governed_copy(tmp_path, keys, factory)
    public = tmp_path / "public"
    build_with_service(gov.path, public)
    database = str(tmp_path / "acknowledgements.db")
    store = Store(database)
    store.upgrade()
    store.replace_roster([READER, WATCHER])
    return gov, public, database, store


def test_a_rebuilt_site_is_acknowledged_without_a_restart(
    keys: Keys, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    gov, public, database, store = _published(keys, tmp_path, tmp_path_factory)
    answers: list[tuple[int, object]] = []
    with serving(public, database) as (url, _):
        assert acknowledge(url, READER.person, digest(SEED))[0] == 201
        status, refused = acknowledge(url, READER.person, digest(AMENDED))
        assert (status, refused["error"]) == (422, "unknown-version")

        stop = threading.Event()

        def keep_acknowledging() -> None:  # the watcher re-sends the first text until the switch shows
            while not stop.is_set():
                status, body = acknowledge(url, WATCHER.person, digest(SEED))
                answers.append((status, body.get("error")))

        watcher = threading.Thread(target=keep_acknowledging)
        watcher.start()
        try:
            gov.branch("amend")
            gov.repo.write(REGULATION, AMENDED)
            gov.approve("BD-2027-001", "bribery-prevention", "amend", AMENDED, date="2027-01-10")
            gov.repo.commit("Amend the bribery prevention regulations (BD-2027-001)")
            gov.merge("amend")
            build_with_service(gov.path, public)  # in place, the service running
            status, body = acknowledge(url, READER.person, digest(AMENDED))
        finally:
            stop.set()
            watcher.join()
        assert status == 201, body
        # The first text is no longer in force: Hanako's earlier acknowledgement is outdated.
        status, refused = acknowledge(url, READER.person, digest(SEED))
        assert (status, refused["error"]) == (422, "not-in-force")
    switched = [answer for answer in answers if answer != (201, None) and answer != (200, None)]
    assert switched and set(switched) == {(422, "not-in-force")}, answers
    # Once the new catalog answered, the old one never did again.
    first = answers.index(switched[0])
    assert all(answer == (422, "not-in-force") for answer in answers[first:]), answers
    report = store.verify()
    store.close()
    assert report.ok and report.count == 3  # Hanako twice (each text), the watcher once


def test_an_editorial_amendment_keeps_acknowledgements_valid_and_a_real_one_outdates_them(
    keys: Keys, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The secretary records the editorial correction with `governance resolution new
    --no-acknowledgement`; the substantive amendment after it with a plain record."""
    editorial = SEED.replace("Words and expressions used", "The words and expressions used")
    amended = editorial.replace(
        "based on the employment rules.", "based on the employment rules and the law."
    )
    assert SEED != editorial != amended
    gov, public, database, store = _published(keys, tmp_path, tmp_path_factory)

    def secretary(*args: str) -> None:
        done = CliRunner().invoke(
            main, [*args, "--root", str(gov.path)], env={"GOVERNANCE_TODAY": p.TODAY.isoformat()}
        )
        assert done.exit_code == 0, done.output

    with serving(public, database) as (url, _):
        assert acknowledge(url, READER.person, digest(SEED))[0] == 201
        gov.branch("editorial")
        gov.repo.write(REGULATION, editorial)
        gov.repo.commit("Correct the wording of Article 2")
        secretary(
            "resolution", "new", "--id", "BD-2027-001", "--body", "board-of-directors", "--date", "2027-01-10",
            "--written-consent", "--recorded-by", "Hanako Sato, Board Secretary",
            "--no-acknowledgement", "bribery-prevention",
        )  # fmt: skip
        secretary("resolution", "sign", "BD-2027-001", "--key", str(keys.secretary.private))
        gov.repo.commit("Record BD-2027-001")
        gov.merge("editorial")
        build_with_service(gov.path, public)
        # The corrected text is in force, and Hanako's acknowledgement of the first one still counts.
        still = status(url, READER.person, digest(editorial))
        assert (still["acknowledgeable"], still["acknowledged"]["digest"]) == (True, digest(SEED)), still

        gov.branch("amend")
        gov.repo.write(REGULATION, amended)
        gov.approve("BD-2027-002", "bribery-prevention", "amend", amended, date="2027-01-12")
        gov.repo.commit("Amend Article 9 (BD-2027-002)")
        gov.merge("amend")
        build_with_service(gov.path, public)
        # A substantive amendment: her acknowledgement is outdated, the new text waits for hers.
        outdated = status(url, READER.person, digest(amended))
        assert (outdated["acknowledgeable"], outdated["acknowledged"]) == (True, None), outdated
        assert acknowledge(url, READER.person, digest(amended))[0] == 201
        assert status(url, READER.person, digest(amended))["acknowledged"]["digest"] == digest(amended)
    store.close()

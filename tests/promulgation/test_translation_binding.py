"""A translation's page acknowledges the version of its own original that it follows, never another
regulation (the second red-team review, H5). The catalog took the `original_digest` a translation states
at its word: a translation approved by the translations body (not the board) naming a text of another
regulation in force made every reader of the Japanese page of one regulation acknowledge a regulation
they never saw, in the store and in the evidence pack. A real governed repository (real git, signed
records), a real `mkdocs build`, `governance serve` as a real process, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from governance.gate.check import run_check
from governance.promulgation.evidence import Period, build_pack
from governance.promulgation.roster import Person
from governance.promulgation.store import Store
from tests.promulgation.servers import acknowledge, build_with_service, serving
from tests.testing.governed import COMPLIANCE, JA, SEED, TRANSLATION, Governed, digest

GIFTS = SEED.replace("Bribery Prevention", "Gifts and Hospitality")
READER = Person("hanako@iij.example", "Hanako Sato", "iij", None, None)


def test_a_translation_naming_another_regulations_text_acknowledges_nothing(
    gov: Governed, database_url: str, tmp_path: Path
) -> None:
    gov.pull_request(
        "gifts",
        "Enact the gifts regulations",
        {"regulations/gifts.md": GIFTS},
        (("BD-2026-020", "gifts", "enact", GIFTS),),
    )
    gov.merge("gifts")
    # The Japanese translation of the bribery regulations now says it follows the gifts regulations' text.
    retargeted = JA.replace(digest(SEED), digest(GIFTS))
    assert retargeted != JA
    gov.branch("retarget")
    gov.repo.write(TRANSLATION, retargeted)
    gov.approve(
        "CD-2026-030",
        "bribery-prevention.ja",
        "amend",
        retargeted,
        body=COMPLIANCE,
        members=1,
        present=1,
        votes_for=1,
    )
    gov.repo.commit("Update the Japanese translation (CD-2026-030)")
    assert run_check(gov.path, "main", "retarget", today=date(2026, 12, 1)).ok  # the gate lets it in
    gov.merge("retarget")
    public = tmp_path / "public"
    build_with_service(gov.path, public)
    page = (public / "regulations" / "bribery-prevention.ja" / "index.html").read_text(encoding="utf-8")
    assert f'data-digest="{digest(retargeted)}"' in page  # what the page's button sends
    store = Store(database_url)
    store.replace_roster([READER])
    store.close()

    with serving(public, database_url) as (url, _):
        status, answer = acknowledge(url, READER.person, digest(retargeted))
        assert (status, answer.get("error")) == (422, "not-a-translation"), answer
        assert "bribery-prevention" in str(answer["message"])
        status, answer = acknowledge(url, READER.person, digest(GIFTS))  # the gifts page itself still counts
        assert status == 201, answer

    store = Store(database_url)
    try:
        assert [(r.regulation, r.read_digest) for r in store.records()] == [("gifts", digest(GIFTS))]
        # The auditor's pack lists it as a translation of neither regulation (the earlier translation, which
        # followed the bribery regulations' text, stays listed under it).
        manifest = build_pack(gov.path, store, Period(date(2027, 1, 1), date(2027, 1, 15)), None).manifest
    finally:
        store.close()
    listed = {
        regulation["id"]: [t["digest"] for v in regulation["versions"] for t in v["translations"]]
        for regulation in manifest["regulations"]
    }
    assert (listed["gifts"], listed["bribery-prevention"]) == ([], [digest(JA)])

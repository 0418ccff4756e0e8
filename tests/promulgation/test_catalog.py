from __future__ import annotations

from datetime import date

import pytest

from governance.promulgation.catalog import Refusal, catalog_json, parse_catalog
from governance.records.resolutions import parse_resolution
from governance.records.writer import render_decision
from tests.promulgation import works as p


def test_the_version_in_force_is_acknowledged_and_a_translation_counts_as_its_original() -> None:
    catalog = p.catalog()
    resolved = catalog.resolve(p.EDITORIAL_DIGEST, p.TODAY)
    assert (resolved.work.id, resolved.version.digest, resolved.language) == (
        "bribery-prevention",
        p.EDITORIAL_DIGEST,
        "en",
    )
    # The translation follows the amended text, which the editorial correction kept valid: it counts as
    # an acknowledgement of the amended version, read in Japanese.
    read_ja = catalog.resolve(p.JA_DIGEST, p.TODAY)
    assert (read_ja.version.digest, read_ja.language, read_ja.read_digest) == (
        p.AMENDED_DIGEST,
        "ja",
        p.JA_DIGEST,
    )
    with pytest.raises(Refusal, match="no longer in force"):
        p.catalog(editorial_needs_acknowledgement=True).resolve(p.JA_DIGEST, p.TODAY)


@pytest.mark.parametrize(
    ("digest", "code"),
    [
        ("sha256:" + "1" * 64, "unknown-version"),
        (p.SEED_DIGEST, "not-in-force"),
        (p.COMING_DIGEST, "not-in-force"),
    ],
)
def test_what_cannot_be_acknowledged(digest: str, code: str) -> None:
    with pytest.raises(Refusal) as refused:
        p.catalog().resolve(digest, p.TODAY)
    assert refused.value.code == code


def test_an_editorial_version_keeps_earlier_acknowledgements() -> None:
    work = p.catalog().works["bribery-prevention"]
    editorial = work.versions[2]
    assert work.accepted_digests(editorial) == (
        frozenset({p.AMENDED_DIGEST, p.EDITORIAL_DIGEST}),
        date(2026, 10, 1),
    )
    strict = p.catalog(editorial_needs_acknowledgement=True).works["bribery-prevention"]
    assert strict.accepted_digests(strict.versions[2]) == (frozenset({p.EDITORIAL_DIGEST}), date(2026, 11, 1))


def test_article_8_scope() -> None:
    catalog = p.catalog()
    assert [work.id for work, _ in catalog.applicable("iij", p.TODAY)] == ["bribery-prevention"]
    assert [work.id for work, _ in catalog.applicable("iij-engineering", p.TODAY)] == [
        "bribery-prevention",
        "iij-engineering/remote-work",
    ]


def test_the_catalog_survives_its_json() -> None:
    catalog = p.catalog()
    assert parse_catalog(catalog_json(catalog), "catalog.json") == catalog


def test_a_resolution_says_an_editorial_change_needs_no_new_acknowledgement() -> None:
    record = parse_resolution(
        "id: BD-2026-011\nbody: board-of-directors\ndate: 2026-10-20\nform: written-consent\nconsents: 9\n"
        "decisions:\n  - regulation: bribery-prevention\n    action: amend\n"
        f"    digest: {p.EDITORIAL_DIGEST}\n    acknowledgement: not-required\n"
        "recorded_by: Secretary\n",
        "BD-2026-011.yml",
    )
    decision = record.decisions[0]
    assert decision.acknowledgement == "not-required"
    assert render_decision(decision)[-1] == "    acknowledgement: not-required"

"""Works for the promulgation tests: a group-wide regulation amended once and corrected editorially,
its Japanese translation, a company's own regulation (Article 8) and one not yet in force."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from governance.gate.works import Work
from governance.promulgation.batch import Ask
from governance.promulgation.catalog import Catalog, Refusal, Resolved, build_catalog
from governance.promulgation.chain import Acknowledgement
from governance.promulgation.roster import Person
from governance.promulgation.store import Store
from tests.testing import site_works as w

TODAY = date(2027, 1, 15)
EDITORIAL = w.AMENDED.replace("Words and expressions used", "The words and expressions used")
OWN = """---
title: Remote Work Rules
issuer: IIJ Engineering Inc.
enacted: 2026-04-01
governed_by: board-of-directors
applies_to: [iij-engineering]
---

# Remote Work Rules

## Article 1. Scope

These rules apply to IIJ Engineering Inc. only.
"""
SEED_DIGEST = w.digest(w.SEED)
AMENDED_DIGEST = w.digest(w.AMENDED)
EDITORIAL_DIGEST = w.digest(EDITORIAL)
JA_TEXT = w.japanese(AMENDED_DIGEST)
JA_DIGEST = w.digest(JA_TEXT)
OWN_DIGEST = w.digest(OWN)
COMING_DIGEST = w.digest(w.NEW_RULES)


def works(*, editorial_needs_acknowledgement: bool = False) -> list[Work]:
    editorial = w.approval("BD-2026-011", "2026-10-20", "2026-11-01")
    editorial = replace(editorial, acknowledgement_required=editorial_needs_acknowledgement)
    bribery = Work(
        "bribery-prevention",
        "regulations/bribery-prevention.md",
        [
            w.version("bribery-prevention", w.SEED, "enact", w.approval("BD-2026-001", "2026-04-01")),
            w.version(
                "bribery-prevention",
                w.AMENDED,
                "amend",
                w.approval("BD-2026-007", "2026-09-20", "2026-10-01"),
            ),
            w.version("bribery-prevention", EDITORIAL, "amend", editorial),
        ],
    )
    translation = Work(
        "bribery-prevention.ja",
        "regulations/bribery-prevention.ja.md",
        [
            w.version(
                "bribery-prevention.ja",
                JA_TEXT,
                "enact",
                w.approval("CD-2026-002", "2026-10-01", body=w.COMPLIANCE),
            )
        ],
    )
    own = Work(
        "iij-engineering/remote-work",
        "regulations/iij-engineering/remote-work.md",
        [w.version("iij-engineering/remote-work", OWN, "enact", w.approval("BD-2026-004", "2026-04-01"))],
    )
    return [bribery, translation, own, w.coming()]


def catalog(**options: bool) -> Catalog:
    return build_catalog(works(**options))


ALICE = Person("alice@iij.example", "Alice Abe", "iij", None, None)
BOB = Person("bob@iij.example", "Bob Baba", "iij", "bob.baba@iij.example", date(2027, 1, 10))
CAROL = Person("carol@eng.example", "Carol Chiba", "iij-engineering", None, None)
ROSTER = [ALICE, BOB, CAROL]


def acknowledge(store: Store, identity: str, resolved: Resolved) -> tuple[Acknowledgement, bool]:
    """One acknowledgement by the path the service's writer takes (Store.append, a batch of one): the
    stored record and whether it is new; the refusal raised."""
    (outcome,) = store.append([Ask(identity, resolved)])
    if isinstance(outcome, Refusal):
        raise outcome
    return outcome

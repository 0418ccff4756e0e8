"""One batch of acknowledgements asked for, settled against the store as it is under the chain head's
lock: who is on the roster, what is already stored. Pure: the head, the roster's answer and the stored
records in; each ask's outcome and the new records, chained from the head, out. Both databases' appends
(governance/promulgation/store.py, postgres_append.py) read with their own statements and settle here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from governance.promulgation import chain
from governance.promulgation.catalog import Refusal, Resolved, not_applicable


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Ask:
    """An acknowledgement asked for: who (the identity the proxy vouched for) and what they read."""

    identity: str
    resolved: Resolved
    at: str | None = None  # None: when it is written


# The stored acknowledgement and whether this ask wrote it (False: it was already there), or why not.
Outcome = tuple[chain.Acknowledgement, bool] | Refusal


def not_on_roster(identity: str) -> Refusal:
    return Refusal(
        "not-on-roster",
        f"{identity} is not on the roster of any group company; ask the compliance department",
    )


@dataclass(frozen=True)
class Settled:
    outcomes: list[Outcome]  # one per ask, in the order asked
    written: list[chain.Acknowledgement]  # the new records, in chain order
    seq: int  # the chain head after them
    head: str
    tallies: Counter[tuple[str, str]]  # (company, digest): how many were written

    def tally_rows(self) -> list[dict[str, Any]]:
        return [{"company": c, "digest": d, "count": n} for (c, d), n in self.tallies.items()]


def settle(
    asks: list[Ask],
    seq: int,
    previous: str,
    companies: dict[str, str],
    stored: dict[tuple[str, str], chain.Acknowledgement],
) -> Settled:
    """`companies`: the roster's company of each identity asked that is on it; `stored`: the records of
    the (identity, digest) pairs asked that are stored. The same pair twice in a batch is one record."""
    stored = dict(stored)
    outcomes: list[Outcome] = []
    written: list[chain.Acknowledgement] = []
    at = now()  # one clock reading for the batch: its records are written in one transaction
    for ask in asks:
        company = companies.get(ask.identity)
        if company is None:
            outcomes.append(not_on_roster(ask.identity))
            continue
        refusal = not_applicable(ask.resolved, company)
        if refusal is not None:
            outcomes.append(refusal)
            continue
        key = (ask.identity, ask.resolved.version.digest)
        if key in stored:
            outcomes.append((stored[key], False))
            continue
        seq += 1
        record = new_record(seq, previous, ask, company, ask.at or at)
        previous = record.hash
        stored[key] = record
        written.append(record)
        outcomes.append((record, True))
    tallies = Counter((record.company, record.digest) for record in written)
    return Settled(outcomes, written, seq, previous, tallies)


def new_record(seq: int, previous: str, ask: Ask, company: str, at: str) -> chain.Acknowledgement:
    fields: dict[str, Any] = {
        "seq": seq,
        "person": ask.identity,
        "company": company,
        "regulation": ask.resolved.work.id,
        "digest": ask.resolved.version.digest,
        "effective": ask.resolved.version.effective,
        "language": ask.resolved.language,
        "read_digest": ask.resolved.read_digest,
        "at": at,
        "previous": previous,
    }
    return chain.Acknowledgement(**fields, hash=chain.record_hash(**fields))

"""Procedures beyond the vote: steps a body's rules (bodies.yml `requires:`) make a record carry before
the texts it approves take effect. For a Japanese company's 就業規則, the law requires the opinion of the
employees' representative heard and kept in writing (労働基準法第90条, the 意見書) and the rules notified
to the labour standards office (第89条, the 届出):

    bodies.yml                                   a record (resolutions/BD-2026-007.yml)
      board-of-directors:                          consultations:
        requires:                                    - representative: 過半数代表者 山田太郎
          consultations: ["*就業規則", "*賃金規程"]        date: 2026-11-20
          notifications: ["*就業規則"]                     opinion: resolutions/意見書/BD-2026-007.pdf
                                                         digest: sha256:...
                                                   notifications:
                                                     - {office: 渋谷労働基準監督署, date: 2026-11-25}

Each pattern names regulation ids (fnmatch: `*` also matches `/`). A record deciding on such a regulation
without the step is refused, as one without a quorum is; the 意見書 must be in the repository with the
digest the record names. Pure rules: the file is read through the `read` the caller passes.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from governance.i18n import Message
from governance.limits import BeyondLimit
from governance.plain_schema import fields, items, mapping, text
from governance.records.resolutions import Resolution
from governance.text.digests import digest_bytes


@dataclass(frozen=True, kw_only=True)
class Requires:
    """The steps a body requires, each for the regulation ids its patterns match (the schema:
    governance.records.schemas)."""

    consultations: list[str] = field(default_factory=list)
    notifications: list[str] = field(default_factory=list)


def build_requires(data: Any) -> Requires:
    """A body's `requires:` when plainly valid (governance.plain_schema); else Unsure."""
    data = mapping(data)
    fields(data, (), ("consultations", "notifications"))
    return Requires(
        consultations=[text(pattern, min_length=1) for pattern in items(data.get("consultations", []))],
        notifications=[text(pattern, min_length=1) for pattern in items(data.get("notifications", []))],
    )


_STEPS = {
    "consultations": Message(
        "the opinion of the employees' representative (consultations: representative, date, opinion, digest; "
        "governance resolution new --consulted ... --consulted-on ... --opinion FILE)"
    ),
    "notifications": Message(
        "the notification to the authority (notifications: office, date; "
        "governance resolution new --notified ... --notified-on ...)"
    ),
}


def step_problems(resolution: Resolution, requires: Requires, today: date) -> list[str]:
    """Why the record lacks a step its body requires, or records one that cannot have happened."""
    problems: list[str] = []
    for step, what in _STEPS.items():
        patterns: list[str] = getattr(requires, step)
        if not patterns:
            continue  # most bodies require no step: the audit asks of every record it judges
        needing = [
            str(decision.regulation)
            for decision in resolution.decisions
            if decision.regulation is not None
            and any(fnmatch.fnmatchcase(decision.regulation, pattern) for pattern in patterns)
        ]
        if needing and not getattr(resolution, step):
            problems.append(
                Message(
                    "the decision on {target} needs {what} recorded before it takes effect (bodies.yml "
                    "requires {step} for it)",
                    target=needing[0],
                    what=what,
                    step=step,
                )
            )
    if not (resolution.consultations or resolution.notifications):
        return problems
    # A day of slack, as for the resolution's date: a secretary in Tokyo is a day ahead of a CI runner.
    dated = [(Message("consulted on {date}", date=c.date), c.date) for c in resolution.consultations]
    dated += [(Message("notified on {date}", date=n.date), n.date) for n in resolution.notifications]
    problems += [
        Message("{what}, which is in the future (today is {today})", what=what, today=today)
        for what, day in dated
        if day > today + timedelta(days=1)
    ]
    if resolution.consultations and resolution.notifications:
        heard = max(c.date for c in resolution.consultations)
        first = min(n.date for n in resolution.notifications)
        if first < heard:
            problems.append(
                Message(
                    "notified on {first}, before the representative's opinion of {heard}: the 意見書 goes with "
                    "the notification (労働基準法第90条第2項); record the dates as they were",
                    first=first,
                    heard=heard,
                )
            )
    return problems


def opinion_problems(resolution: Resolution, read: Callable[[str], bytes | BeyondLimit | None]) -> list[str]:
    """Why an 意見書 a consultation names is not the file the record vouches for. `read`: the repository's
    file at the commit judged (None when absent), or its size when beyond the limit (unread)."""
    problems: list[str] = []
    for consultation in resolution.consultations:
        content = read(consultation.opinion)
        if content is None:
            problems.append(
                Message(
                    "the opinion {file} (意見書) is not in the repository; add it with the record",
                    file=consultation.opinion,
                )
            )
        elif isinstance(content, BeyondLimit):
            problems.append(
                Message(
                    "the opinion {file} is {size:,} bytes, more than the limit of {limit:,} for an 意見書; it "
                    "was not read: keep a smaller scan (a lower resolution) and record it in a new resolution",
                    file=consultation.opinion,
                    size=content.size,
                    limit=content.limit,
                )
            )
        elif digest_bytes(content) != consultation.digest:
            problems.append(
                Message(
                    "the opinion {file} is {digest}, not the {named} the record names: the file changed since "
                    "it was recorded",
                    file=consultation.opinion,
                    digest=digest_bytes(content),
                    named=consultation.digest,
                )
            )
    return problems

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
    "consultations": (
        "the opinion of the employees' representative (consultations: representative, date, opinion, digest; "
        "governance resolution new --consulted ... --consulted-on ... --opinion FILE)"
    ),
    "notifications": (
        "the notification to the authority (notifications: office, date; "
        "governance resolution new --notified ... --notified-on ...)"
    ),
}


def step_problems(resolution: Resolution, requires: Requires, today: date) -> list[str]:
    """Why the record lacks a step its body requires, or records one that cannot have happened."""
    problems: list[str] = []
    for step, what in _STEPS.items():
        patterns: list[str] = getattr(requires, step)
        needing = [
            str(decision.regulation)
            for decision in resolution.decisions
            if decision.regulation is not None
            and any(fnmatch.fnmatchcase(decision.regulation, pattern) for pattern in patterns)
        ]
        if needing and not getattr(resolution, step):
            problems.append(
                f"the decision on {needing[0]} needs {what} recorded before it takes effect "
                f"(bodies.yml requires {step} for it)"
            )
    # A day of slack, as for the resolution's date: a secretary in Tokyo is a day ahead of a CI runner.
    dated = [("consulted", c.date) for c in resolution.consultations]
    dated += [("notified", n.date) for n in resolution.notifications]
    problems += [
        f"{what} on {day}, which is in the future (today is {today})"
        for what, day in dated
        if day > today + timedelta(days=1)
    ]
    if resolution.consultations and resolution.notifications:
        heard = max(c.date for c in resolution.consultations)
        first = min(n.date for n in resolution.notifications)
        if first < heard:
            problems.append(
                f"notified on {first}, before the representative's opinion of {heard}: the 意見書 goes with "
                "the notification (労働基準法第90条第2項); record the dates as they were"
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
                f"the opinion {consultation.opinion} (意見書) is not in the repository; add it with the record"
            )
        elif isinstance(content, BeyondLimit):
            problems.append(
                f"the opinion {consultation.opinion} is {content.size:,} bytes, more than the limit of "
                f"{content.limit:,} for an 意見書; it was not read: keep a smaller scan (a lower resolution) "
                "and record it in a new resolution"
            )
        elif digest_bytes(content) != consultation.digest:
            problems.append(
                f"the opinion {consultation.opinion} is {digest_bytes(content)}, not the {consultation.digest} "
                "the record names: the file changed since it was recorded"
            )
    return problems

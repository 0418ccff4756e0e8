"""What was promulgated: works (regulations), their adopted versions and rescissions.

Produced from main's history by the audit (governance.gate.published) and consumed by the site. Plain values;
no git or I/O here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Approval:
    """The decision of a competent body that approved one text (or one rescission)."""

    resolution: str  # BD-2026-007
    body: str  # board-of-directors
    date: dt.date  # date of the resolution (adopted)
    effective: dt.date  # when the text comes into force (the decision's effective, else the resolution date)
    # False when the decision says `acknowledgement: not-required` (an editorial change): acknowledgements
    # of the previous version still count (governance.promulgation)
    acknowledgement_required: bool = True


@dataclass(frozen=True)
class Version:
    """One approved version of a regulation's file."""

    work: str  # regulation id of the file: "bribery-prevention" or "bribery-prevention.ja"
    path: str  # repository path of the file
    text: str  # the exact approved file text
    digest: str  # sha256:<hex> of its bytes
    action: Literal["enact", "amend"]
    approval: Approval
    commit: str  # the main commit where it arrived


@dataclass(frozen=True)
class Rescission:
    """A regulation's rescission: the approval and the commit that removed it."""

    work: str
    approval: Approval
    commit: str


@dataclass(frozen=True)
class Work:
    """A regulation with its approved versions in order, its rescission, if any, and the rescissions it was
    enacted again after."""

    id: str
    path: str
    versions: list[Version] = field(default_factory=list)  # ordered by arrival on main
    rescission: Rescission | None = None  # the rescission in effect at the end, not enacted again since
    # Rescissions followed by a later enactment, in order of arrival: each ends the version in force on its
    # effective date, leaving a gap until the next version takes effect.
    past_rescissions: list[Rescission] = field(default_factory=list)

"""The decision-making bodies (`<records>/bodies.yml`) and the procedural rules a resolution must meet."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from governance import strict_yaml
from governance.records.procedures import Requires, step_problems
from governance.records.resolutions import Resolution
from governance.text.recognisers import LANGUAGE_TAG

_BODY_ID = re.compile(r"[a-z][a-z0-9-]*")


class Body(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    # The name in other languages, for pages in that language: {ja: 取締役会}
    names: dict[Annotated[str, Field(pattern=f"^{LANGUAGE_TAG}$")], Annotated[str, Field(min_length=1)]] = {}
    members: int = Field(ge=1, strict=True)
    # majority: more than half the members present; an integer: at least that many present.
    quorum: Literal["majority", "two-thirds", "all"] | int = "majority"
    majority: Literal["simple", "two-thirds"] = "simple"
    written_consent: bool = False
    # Steps beyond the vote a record must carry for some regulations (governance.records.procedures).
    requires: Requires = Requires()

    @model_validator(mode="after")
    def _quorum_possible(self) -> Body:
        if isinstance(self.quorum, int) and not 1 <= self.quorum <= self.members:
            raise ValueError(f"quorum {self.quorum} must be between 1 and the {self.members} members")
        return self

    def quorum_needed(self) -> int:
        if self.quorum == "majority":
            return self.members // 2 + 1
        if self.quorum == "two-thirds":
            return -(-2 * self.members // 3)
        if self.quorum == "all":
            return self.members
        return self.quorum

    def votes_needed(self, present: int) -> int:
        """Votes for that carry a motion; abstentions count as present, so they weigh against it."""
        if self.majority == "simple":
            return present // 2 + 1
        return -(-2 * present // 3)


class _BodiesFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    bodies: dict[str, Body] = Field(min_length=1)

    @field_validator("bodies")
    @classmethod
    def _plain_ids(cls, bodies: dict[str, Body]) -> dict[str, Body]:
        for body_id in bodies:
            if not _BODY_ID.fullmatch(body_id):
                raise ValueError(f"body id '{body_id}' must be lower-case letters, digits and '-'")
        return bodies


def parse_bodies(text: str, path: Path | str) -> dict[str, Body]:
    document = strict_yaml.load(text, path)
    return dict(strict_yaml.validate(_BodiesFile, document, path).bodies)


def procedural_problems(resolution: Resolution, bodies: dict[str, Body], today: date) -> list[str]:
    """Why the resolution was not validly adopted, in words a secretary understands; empty when valid."""
    body = bodies.get(resolution.body)
    if body is None:
        known = ", ".join(sorted(bodies)) or "none"
        return [f"unknown body '{resolution.body}'; bodies.yml defines: {known}"]
    problems: list[str] = step_problems(resolution, body.requires, today)
    # A day of slack: a secretary in Tokyo records today's board meeting while a CI runner in UTC is
    # still in yesterday (time zones span UTC-12 to UTC+14). Later than that is in the future anywhere.
    if resolution.date > today + timedelta(days=1):
        problems.append(f"dated {resolution.date}, which is in the future (today is {today})")
    if resolution.form == "written-consent":
        if not body.written_consent:
            problems.append(f"the {body.name} does not allow resolutions by written consent (bodies.yml)")
        if resolution.consents != body.members:
            problems.append(
                f"a written consent must be unanimous: {resolution.consents} of {body.members} members consented"
            )
        return problems
    attendance, votes = resolution.attendance, resolution.votes
    assert attendance is not None and votes is not None  # the schema requires both for a meeting
    if attendance.members != body.members:
        problems.append(
            f"attendance.members is {attendance.members} but the {body.name} has {body.members} members (bodies.yml)"
        )
    if attendance.present > attendance.members:
        problems.append(f"{attendance.present} present is more than the {attendance.members} members")
    if votes.cast > attendance.present:
        problems.append(
            f"{votes.cast} votes cast (for, against, abstain) but only {attendance.present} present"
        )
    quorum = body.quorum_needed()
    if attendance.present < quorum:
        problems.append(f"quorum not met: {attendance.present} of {body.members} present, {quorum} needed")
    needed = body.votes_needed(attendance.present)
    if votes.for_ < needed:
        rule = "a simple majority" if body.majority == "simple" else "two thirds"
        problems.append(
            f"not carried: {votes.for_} of {attendance.present} present voted for, {needed} needed ({rule})"
        )
    return problems

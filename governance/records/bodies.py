"""The decision-making bodies (`<records>/bodies.yml`) and the procedural rules a resolution must meet."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from governance import strict_yaml
from governance.config import is_body_id
from governance.i18n import BodyName, Message
from governance.plain_schema import Unsure, choice, count, fields, flag, mapping, text, validated
from governance.records.procedures import Requires, build_requires, step_problems
from governance.records.resolutions import Resolution
from governance.text.recognisers import LANGUAGE_TAG

_LANGUAGE = re.compile(f"^{LANGUAGE_TAG}$")
QUORUMS = ("majority", "two-thirds", "all")
MAJORITIES = ("simple", "two-thirds")


def check_quorum(quorum: str | int, members: int) -> None:
    if isinstance(quorum, int) and not 1 <= quorum <= members:
        raise ValueError(
            Message(
                "quorum {quorum} must be between 1 and the {members} members", quorum=quorum, members=members
            )
        )


def check_body_ids(bodies: Mapping[str, object]) -> None:
    for body_id in bodies:
        if not is_body_id(body_id):
            raise ValueError(Message("body id '{id}' must be lower-case letters, digits and '-'", id=body_id))


@dataclass(frozen=True, kw_only=True)
class Body:
    """A body of bodies.yml, as the schema (governance.records.schemas) defines it."""

    name: str
    # The name in other languages, for pages in that language: {ja: 取締役会}
    names: dict[str, str] = field(default_factory=dict)
    members: int
    # majority: more than half the members present; an integer: at least that many present.
    quorum: Literal["majority", "two-thirds", "all"] | int = "majority"
    majority: Literal["simple", "two-thirds"] = "simple"
    written_consent: bool = False
    # Steps beyond the vote a record must carry for some regulations (governance.records.procedures).
    requires: Requires = field(default_factory=Requires)

    def quorum_needed(self) -> int:
        if self.quorum == "majority":
            return self.members // 2 + 1
        if self.quorum == "two-thirds":
            return -(-2 * self.members // 3)
        if self.quorum == "all":
            return self.members
        assert isinstance(self.quorum, int)
        return self.quorum

    def votes_needed(self, present: int) -> int:
        """Votes for that carry a motion; abstentions count as present, so they weigh against it."""
        if self.majority == "simple":
            return present // 2 + 1
        return -(-2 * present // 3)


def build_bodies(data: Mapping[str, Any]) -> dict[str, Body]:
    """bodies.yml's values when plainly valid (governance.plain_schema); else Unsure."""
    fields(data, ("bodies",), ())
    bodies = {text(body_id): _body(entry) for body_id, entry in mapping(data["bodies"]).items()}
    if not bodies:
        raise Unsure
    try:
        check_body_ids(bodies)
    except ValueError:
        raise Unsure from None
    return bodies


def _body(data: Any) -> Body:
    data = mapping(data)
    fields(data, ("name", "members"), ("names", "quorum", "majority", "written_consent", "requires"))
    quorum = data.get("quorum", "majority")
    if type(quorum) is not int:
        quorum = choice(quorum, QUORUMS)
    body = Body(
        name=text(data["name"], min_length=1),
        names={
            text(language, pattern=_LANGUAGE): text(name, min_length=1)
            for language, name in mapping(data.get("names", {})).items()
        },
        members=count(data["members"], minimum=1),
        quorum=quorum,
        majority=choice(data.get("majority", "simple"), MAJORITIES),  # type: ignore[arg-type]
        written_consent=flag(data.get("written_consent", False)),
        requires=build_requires(data.get("requires", {})),
    )
    try:
        check_quorum(body.quorum, body.members)
    except ValueError:
        raise Unsure from None
    return body


def _schema() -> Any:
    from governance.records.schemas import BodiesFile

    return BodiesFile


def parse_bodies(text: str, path: Path | str) -> dict[str, Body]:
    document = strict_yaml.load(text, path)
    return validated(build_bodies, _schema, document, path)


_A_DAY = timedelta(days=1)  # made once: the audit asks of every record it judges


def procedural_problems(resolution: Resolution, bodies: dict[str, Body], today: date) -> list[str]:
    """Why the resolution was not validly adopted, in words a secretary understands; empty when valid."""
    body = bodies.get(resolution.body)
    if body is None:
        known = ", ".join(sorted(bodies)) or "none"
        return [
            Message("unknown body '{body}'; bodies.yml defines: {bodies}", body=resolution.body, bodies=known)
        ]
    problems: list[str] = step_problems(resolution, body.requires, today)
    # A day of slack: a secretary in Tokyo records today's board meeting while a CI runner in UTC is
    # still in yesterday (time zones span UTC-12 to UTC+14). Later than that is in the future anywhere.
    if resolution.date > today + _A_DAY:
        problems.append(
            Message(
                "dated {date}, which is in the future (today is {today})", date=resolution.date, today=today
            )
        )
    if resolution.form == "written-consent":
        if not body.written_consent:
            problems.append(
                Message(
                    "the {body} does not allow resolutions by written consent (bodies.yml)",
                    body=BodyName(resolution.body, body.name),
                )
            )
        if resolution.consents != body.members:
            problems.append(
                Message(
                    "a written consent must be unanimous: {consents} of {members} members consented",
                    consents=resolution.consents,
                    members=body.members,
                )
            )
        return problems
    attendance, votes = resolution.attendance, resolution.votes
    assert attendance is not None and votes is not None  # the schema requires both for a meeting
    if attendance.members != body.members:
        problems.append(
            Message(
                "attendance.members is {recorded} but the {body} has {members} members (bodies.yml)",
                recorded=attendance.members,
                body=BodyName(resolution.body, body.name),
                members=body.members,
            )
        )
    if attendance.present > attendance.members:
        problems.append(
            Message(
                "{present} present is more than the {members} members",
                present=attendance.present,
                members=attendance.members,
            )
        )
    if votes.cast > attendance.present:
        problems.append(
            Message(
                "{cast} votes cast (for, against, abstain) but only {present} present",
                cast=votes.cast,
                present=attendance.present,
            )
        )
    quorum = body.quorum_needed()
    if attendance.present < quorum:
        problems.append(
            Message(
                "quorum not met: {present} of {members} present, {quorum} needed",
                present=attendance.present,
                members=body.members,
                quorum=quorum,
            )
        )
    needed = body.votes_needed(attendance.present)
    if votes.for_ < needed:
        rule = Message("a simple majority") if body.majority == "simple" else Message("two thirds")
        problems.append(
            Message(
                "not carried: {for_} of {present} present voted for, {needed} needed ({rule})",
                for_=votes.for_,
                present=attendance.present,
                needed=needed,
                rule=rule,
            )
        )
    return problems

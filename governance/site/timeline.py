"""Time in the published site: each adopted version's span in force, and what a work shows on a date.

A version is in force from its effective date until the next version's (or a rescission's) effective
date, a regulation rescinded and enacted again being in force in neither's gap; one adopted with a later effective date is coming, not current, and the site flips when the date
comes (the site is rebuilt daily). Pure: works and a date in, spans and views out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from governance.gate.works import Rescission, Version, Work
from governance.text.html import lenient_model
from governance.text.invisible import shown_plain
from governance.text.model import Regulation
from governance.text.recognisers import split_translation_id

State = Literal["past", "current", "upcoming", "superseded"]


@dataclass(frozen=True)
class Span:
    """One adopted version and its place in time."""

    version: Version
    slug: str  # folder of its pages: the effective date, "-2" appended if two share a date
    start: date
    end: date | None  # the last day in force; None while nothing replaces it
    state: State
    previous: Version | None  # the text it replaced, for the redline
    replaced_by: Version | None = None  # superseded: the version that took effect instead


@dataclass(frozen=True)
class WorkView:
    work: Work
    title: str
    governed_by: str
    enacted: str  # as the text states it (front matter), else the first effective date
    language: str
    original: str | None  # for a translation: the id of the work it translates
    original_digest: str | None
    spans: list[Span]  # in order of effect
    rescission: Rescission | None
    today: date

    @property
    def current(self) -> Span | None:
        return next((span for span in self.spans if span.state == "current"), None)

    @property
    def upcoming(self) -> list[Span]:
        return [span for span in self.spans if span.state == "upcoming"]

    @property
    def rescinded(self) -> bool:
        return self.rescission is not None and self.rescission.approval.effective <= self.today

    @property
    def shown(self) -> Span | None:
        """The text of the main page: the one in force, or the last one of a rescinded regulation."""
        if self.rescinded:
            return next((span for span in reversed(self.spans) if span.state != "superseded"), None)
        return self.current

    def last_amendment(self, upto: Span) -> Span | None:
        """The latest amendment of the text `upto` is a version of: none before its enactment, which for a
        regulation enacted again after its rescission is the later one (the rescinded text's amendments
        amended another text)."""
        for span in reversed(self.spans[: self.spans.index(upto) + 1]):
            if span.state == "superseded":
                continue
            if span.version.action == "enact":
                return None
            return span
        return None

    def enactment(self, upto: Span) -> Span | None:
        """The enactment of the text `upto` is a version of: the latest at or before it."""
        index = self.spans.index(upto)
        return next((s for s in reversed(self.spans[: index + 1]) if s.version.action == "enact"), None)


def gaps(work_view: WorkView) -> list[tuple[date, date]]:
    """The periods a regulation rescinded and enacted again was in force in neither: each past
    rescission's effective date and the effective date of the version that followed, in order."""
    found = []
    for past in work_view.work.past_rescissions:
        ended = past.approval.effective
        starts = [
            span.start for span in work_view.spans if span.state != "superseded" and span.start >= ended
        ]
        if starts and min(starts) > ended:
            found.append((ended, min(starts)))
    return sorted(found)


def timeline(work: Work, today: date) -> list[Span]:
    """The versions in order of effect; among versions with one effective date the later adopted wins."""
    ordered = sorted(enumerate(work.versions), key=lambda item: (item[1].approval.effective, item[0]))
    spans: list[Span] = []
    used: set[str] = set()
    for position, (_, version) in enumerate(ordered):
        start = version.approval.effective
        if position + 1 < len(ordered):
            following: date | None = ordered[position + 1][1].approval.effective
        else:
            following = work.rescission.approval.effective if work.rescission else None
        for past in work.past_rescissions:  # a rescission the work was enacted again after ends its span
            ended = past.approval.effective
            if start < ended and (following is None or ended < following):
                following = ended
        end = following - timedelta(days=1) if following is not None else None
        state: State
        if following is not None and following <= start:
            state = "superseded"
        elif start > today:
            state = "upcoming"
        elif end is not None and end < today:
            state = "past"
        else:
            state = "current"
        slug = start.isoformat()
        count = 1
        while slug in used:
            count += 1
            slug = f"{start.isoformat()}-{count}"
        used.add(slug)
        previous = ordered[position - 1][1] if position else None
        replaced_by = (
            ordered[position + 1][1] if state == "superseded" and position + 1 < len(ordered) else None
        )
        spans.append(Span(version, slug, start, end, state, previous, replaced_by))
    return spans


def parsed(text: str, path: str, work_id: str) -> Regulation:
    """The model of a text, leniently: it was approved already, so the site shows it whatever lint thinks.
    One parse per text, shared with its rendering and its redlines (governance.text.html.lenient_model)."""
    return lenient_model(text, path, work_id)


def view(work: Work, today: date) -> WorkView:
    spans = timeline(work, today)
    showing = next((s for s in spans if s.state == "current"), None) or (spans[-1] if spans else None)
    regulation = parsed(showing.version.text, showing.version.path, work.id) if showing else None
    meta = regulation.metadata if regulation else {}
    language = regulation.language if regulation else "en"
    original = None
    parts = split_translation_id(work.id)
    if meta.get("translation_of") and parts is not None:
        original = parts[0]
    governed_by = str(meta.get("governed_by") or (showing.version.approval.body if showing else ""))
    enacted = meta.get("enacted") or (spans[0].start.isoformat() if spans else "")
    return WorkView(
        work=work,
        # As every page shows it: a character no reader sees as its mark (governance.text.invisible).
        title=shown_plain(regulation.title) if regulation else work.id,
        governed_by=governed_by,
        enacted=str(enacted),
        language=language,
        original=original,
        original_digest=str(meta["original_digest"]) if meta.get("original_digest") else None,
        spans=spans,
        rescission=work.rescission,
        today=today,
    )

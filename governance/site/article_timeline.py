"""The timeline of each article: when it changed and by which resolution (e-Gov's 沿革, eCFR's timeline).

Built from the redline of each amendment, so an article's history follows what the redline says changed
(an insertion, a deletion, a rewording), never a second opinion of its own. Pure: a work's view in,
Markdown lines out.
"""

from __future__ import annotations

from dataclasses import dataclass

from governance.site.context import (
    SiteContext,
    admonition,
    link,
    of_translation,
    resolution_link,
    version_uri,
    words,
)
from governance.site.messages import message
from governance.site.timeline import Span, WorkView
from governance.text import redline


@dataclass(frozen=True)
class ArticleChange:
    span: Span  # the version that made the change
    status: str  # "changed", "added", "deleted"


def changes_of(span: Span) -> list[tuple[str, str, str]]:
    """(key, heading, status) of each article an amendment changes, as its redline says."""
    if span.previous is None:
        return []
    return [
        (change.key, change.heading, change.status)
        for change in redline.redline(span.previous.text, span.version.text)
        if change.key not in (redline.FRONT_MATTER_KEY, redline.PREAMBLE_KEY, redline.CLOSING_KEY)
    ]


def pending_notes(work_view: WorkView, uri: str, context: SiteContext) -> dict[str, str]:
    """At each article that an adopted change not yet in force will change, a note saying when and by
    which resolution, linked to the change: the text's own amendments and, on a translation, the
    original's (legislation.gov.uk's "changes to legislation", at the provision)."""
    sources = [(work_view, "pending_note")]
    if work_view.original is not None and work_view.original in context.views:
        sources.append((context.views[work_view.original], "pending_note_original"))
    notes: dict[str, list[str]] = {}
    for source, key in sources:
        for span in source.upcoming:
            changes_url = link(uri, version_uri(source.work.id, span, "redline.md"))
            for anchor, _heading, status in changes_of(span):
                notes.setdefault(anchor, []).append(
                    words(
                        work_view.language,
                        key,
                        status=message(work_view.language, f"timeline_{status}"),
                        start=span.start,
                        resolution=resolution_link(span.version.approval.resolution, uri, context),
                        url=f"{changes_url}#{anchor}",
                    )
                )
    title = message(work_view.language, "pending_title")
    return {anchor: admonition("warning", title, texts) for anchor, texts in notes.items()}


def article_changes(work_view: WorkView) -> dict[str, tuple[str, list[ArticleChange]]]:
    """By block key in order of first appearance: its latest heading and the amendments that touched it."""
    timeline: dict[str, tuple[str, list[ArticleChange]]] = {}
    for span in work_view.spans:
        # An enactment amends no article, even of a text enacted again after its rescission.
        if span.previous is None or span.state == "superseded" or span.version.action == "enact":
            continue
        for key, new_heading, status in changes_of(span):
            heading, changes = timeline.get(key, (new_heading, []))
            changes.append(ArticleChange(span, status))
            timeline[key] = (new_heading or heading, changes)
    return timeline


# The statuses that say "amended": a translation's articles are updated (inserted, deleted, renumbered
# say the same of both).
_AMENDED = ("changed", "replaced")


def article_timeline(work_view: WorkView, uri: str, context: SiteContext) -> list[str]:
    """The history page's section: one row per article that ever changed, each change linked to its
    place in the amendment's redline, with its resolution and when it took (takes) effect."""
    language = work_view.language
    work_id = work_view.work.id
    timeline = article_changes(work_view)
    of = of_translation(work_view)
    lines = [f"## {message(language, 'timeline_title' + of)} {{ #article-timeline }}", ""]
    if not timeline:
        return [*lines, message(language, "timeline_none" + of), ""]
    lines += [message(language, "timeline_intro" + of), "", message(language, "timeline_columns" + of)]
    lines.append("| --- | --- |")
    for key, (heading, changes) in timeline.items():
        cells = []
        for change in changes:
            span = change.span
            target = link(uri, version_uri(work_id, span, "redline.md")) + f"#{key}"
            key_words = "timeline_change_coming" if span.state == "upcoming" else "timeline_change"
            cells.append(
                words(
                    language,
                    key_words,
                    start=span.start,
                    url=target,
                    status=message(
                        language, f"timeline_{change.status}" + (of if change.status in _AMENDED else "")
                    ),
                    resolution=resolution_link(span.version.approval.resolution, uri, context),
                )
            )
        name = heading.replace("|", "\\|")  # a table cell
        lines.append(f"| {name} | {' · '.join(cells)} |")
    return [*lines, ""]

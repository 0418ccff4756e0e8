"""The pages every reader shares: home, what's new, the Atom feed and the navigation. They speak
English, the group's common language, and show each regulation's title as written (a Japanese title
stays Japanese)."""

from __future__ import annotations

from dataclasses import dataclass

from governance.gate.works import Approval
from governance.site.context import (
    GUIDES,
    NavEntry,
    Page,
    SiteContext,
    front_matter,
    link,
    page_url,
    resolution_link,
    version_uri,
    work_uri,
)
from governance.site.feed import FeedEntry, atom_feed
from governance.site.timeline import WorkView
from governance.site.translation import language_name


def shared_pages(context: SiteContext) -> list[Page]:
    return [_home(context), _whats_new(context), Page("feed.xml", _feed(context))]


def nav(context: SiteContext) -> list[NavEntry]:
    in_force: list[tuple[str, NavEntry]] = []
    archive: list[NavEntry] = []
    for work_view in _originals_first(context):
        if work_view.rescinded:
            archive.append({work_view.title: work_uri(work_view.work.id)})
        elif work_view.current is not None:
            in_force.append((work_view.work.id, {work_view.title: work_uri(work_view.work.id)}))
    entries: list[NavEntry] = [{"Home": "index.md"}]
    if in_force:
        entries.append({"Regulations": by_folder(in_force)})
    entries.append({"What's new": "whats-new.md"})
    if archive:
        entries.append({"Archive": archive})
    return entries


def by_folder(items: list[tuple[str, NavEntry]]) -> list[NavEntry]:
    """Entries nested as the repository's folders nest the texts ("hr/leave" in a section "Hr"), in the
    order given: sixty policies in seven folders read as seven sections, not one list."""
    top: list[NavEntry] = []
    sections: dict[tuple[str, ...], list[NavEntry]] = {(): top}
    for work_id, entry in items:
        folders = tuple(work_id.split("/")[:-1])
        for depth in range(1, len(folders) + 1):
            if folders[:depth] not in sections:
                sections[folders[:depth]] = []
                sections[folders[: depth - 1]].append(
                    {folder_title(folders[depth - 1]): sections[folders[:depth]]}
                )
        sections[folders].append(entry)
    return top


def folder_title(name: str) -> str:
    """A folder's name as a section title: "human-resources" -> "Human resources"; "HR" stays."""
    words = name.replace("-", " ").replace("_", " ")
    return words[:1].upper() + words[1:] if words.islower() else words


def _originals_first(context: SiteContext) -> list[WorkView]:
    """Each original followed by its translations, so the navigation keeps them together."""
    ordered: list[WorkView] = []
    for work_view in context.views.values():
        if work_view.original is None or work_view.original not in context.views:
            ordered.append(work_view)
            ordered.extend(context.translations(work_view.work.id))
    return ordered


def _home(context: SiteContext) -> Page:
    uri = "index.md"
    words = context.words
    whose = f" of {words.organisation}" if words.organisation else ""
    lines = [
        f"# {words.title}",
        "",
        f"The regulations{whose} in force on {context.today}, as adopted by their governing bodies. "
        + _approved_how(context),
        "",
    ]
    in_force = [v for v in _originals_first(context) if v.current is not None and not v.rescinded]
    originals = [v for v in in_force if v.original is None or v.original not in context.views]
    if originals:
        lines += [
            "## In force",
            "",
            "| Regulation | Governing body | Enacted | Last amended | Translations |",
            "| --- | --- | --- | --- | --- |",
        ]
        for work_view in originals:
            current = work_view.current
            assert current is not None
            amendment = work_view.last_amendment(current)
            amended = f"{amendment.start} ({amendment.version.approval.resolution})" if amendment else "—"
            translations = ", ".join(
                f"[{language_name(t.language)}]({link(uri, work_uri(t.work.id))})"
                for t in context.translations(work_view.work.id)
                if t.current is not None
            )
            lines.append(
                f"| [{work_view.title}]({link(uri, work_uri(work_view.work.id))}) | "
                f"{context.body_name(work_view.governed_by)} | {work_view.enacted} | {amended} | {translations or '—'} |"
            )
        lines.append("")
    pending = _pending(context, uri)
    lines += ["## Adopted, not yet in force", ""]
    lines += pending or ["Nothing is pending."]
    lines.append("")
    archived = [v for v in context.views.values() if v.rescinded and v.rescission is not None]
    if archived:
        lines += ["## Archive", ""]
        for work_view in archived:
            assert work_view.rescission is not None
            lines.append(
                f"- [{work_view.title}]({link(uri, work_uri(work_view.work.id))}): rescinded with effect from "
                f"{work_view.rescission.approval.effective}"
            )
        lines.append("")
    guides = [f"- [{label}]({path}): {purpose}" for path, label, purpose in GUIDES if path in words.guides]
    if guides:  # only those the docs folder has: a link to a missing page fails a strict build
        lines += ["## Guides", "", *guides, ""]
    lines += ["[What's new](whats-new.md) · [Atom feed](feed.xml)", ""]
    return Page(uri, front_matter(words.title, searchable=True) + "\n".join(lines))


def _approved_how(context: SiteContext) -> str:
    """How every text was approved: "signed" only where this repository requires signatures."""
    if context.signatures_required:
        return (
            "Every text here was approved by a recorded resolution signed by its secretary, and checked by "
            "the audit of the repository's history."
        )
    return (
        "Every text here was approved by a recorded resolution of its governing body and checked by the "
        "audit of the repository's history. This repository does not sign its records: a record counts "
        "once it is on the main branch, before the change it approves."
    )


def _pending(context: SiteContext, uri: str) -> list[str]:
    lines: list[str] = []
    for work_view in context.views.values():
        work_id = work_view.work.id
        for span in work_view.upcoming:
            what = "amendment of" if span.previous is not None else "new regulation"
            changes = (
                f", [changes]({link(uri, version_uri(work_id, span, 'redline.md'))})" if span.previous else ""
            )
            lines.append(
                f"- {what} [{work_view.title}]({link(uri, version_uri(work_id, span))}){changes}: "
                f"comes into force on {span.start} (resolution "
                f"{resolution_link(span.version.approval.resolution, uri, context)} of {span.version.approval.date})"
            )
        if work_view.rescission is not None and not work_view.rescinded:
            approval = work_view.rescission.approval
            lines.append(
                f"- rescission of [{work_view.title}]({link(uri, work_uri(work_id))}): with effect from "
                f"{approval.effective} (resolution {approval.resolution} of {approval.date})"
            )
    return lines


@dataclass(frozen=True)
class _Event:
    work_view: WorkView
    action: str
    approval: Approval
    target: str  # page uri


def _events(context: SiteContext) -> list[_Event]:
    events: list[_Event] = []
    for work_view in context.views.values():
        work_id = work_view.work.id
        for span in work_view.spans:
            target = version_uri(work_id, span, "redline.md" if span.previous else "index.md")
            events.append(_Event(work_view, span.version.action, span.version.approval, target))
        if work_view.rescission is not None:
            events.append(_Event(work_view, "rescind", work_view.rescission.approval, work_uri(work_id)))
    return sorted(
        events, key=lambda e: (e.approval.date, e.approval.resolution, e.work_view.work.id), reverse=True
    )


_ACTION_WORDS = {"enact": "enacted", "amend": "amended", "rescind": "rescinded"}


def _whats_new(context: SiteContext) -> Page:
    uri = "whats-new.md"
    lines = [
        "# What's new",
        "",
        "Adopted changes, newest first. Subscribe to the [Atom feed](feed.xml) to hear of them.",
        "",
    ]
    for event in _events(context):
        approval = event.approval
        lines.append(
            f"- **{approval.date}**: [{event.work_view.title}]({link(uri, event.target)}) "
            f"{_ACTION_WORDS[event.action]} by resolution {resolution_link(approval.resolution, uri, context)} of the "
            f"{context.body_name(approval.body)}; effective {approval.effective}"
        )
    if len(lines) == 4:
        lines.append("Nothing has been adopted yet.")
    return Page(uri, front_matter("What's new", searchable=True) + "\n".join(lines) + "\n")


def _feed(context: SiteContext) -> str:
    entries = [
        FeedEntry(
            id=f"urn:regulation-governance:{event.work_view.work.id}:{event.action}:{event.approval.resolution}",
            title=f"{event.work_view.title} {_ACTION_WORDS[event.action]} (effective {event.approval.effective})",
            link=page_url(event.target),
            updated=event.approval.date,
            summary=(
                f"Resolution {event.approval.resolution} of the {context.body_name(event.approval.body)}, "
                f"adopted {event.approval.date}, effective {event.approval.effective}."
            ),
        )
        for event in _events(context)
    ]
    updated = entries[0].updated if entries else context.today
    return atom_feed(
        entries, title=f"{context.words.title}: adopted changes", site_url=context.site_url, updated=updated
    )

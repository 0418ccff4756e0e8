"""The pages every reader shares: home, what's new, the Atom feed and the navigation. They speak the
site's language (site_language: English for this group, Japanese for a Japanese company's 就業規則) and
show each regulation's title as written (a Japanese title stays Japanese)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from governance.gate.works import Approval
from governance.site.context import (
    GUIDES,
    NavEntry,
    Page,
    SiteContext,
    as_cards,
    enacted_words,
    front_matter,
    link,
    markdown_words,
    nav_title,
    nowrap,
    page_url,
    resolution_link,
    version_uri,
    words,
    work_uri,
)
from governance.site.feed import FeedEntry, atom_feed
from governance.site.messages import format_date, message
from governance.site.timeline import WorkView
from governance.site.translation import language_name


def site_language(context: SiteContext) -> str:
    """The language of the site's own pages and of the theme's words: as configured, else the language
    every original text is written in (a Japanese company's 就業規則 and 規程: Japanese), else the
    fallback (mkdocs.yml's theme language). Translations do not count: they follow their original."""
    if context.words.language:
        return context.words.language
    originals = Counter(
        v.language for v in context.views.values() if v.original is None or v.original not in context.views
    )
    if len(originals) == 1:
        return next(iter(originals))
    return context.words.fallback


def shared_pages(context: SiteContext) -> list[Page]:
    return [_home(context), _whats_new(context), Page("feed.xml", _feed(context))]


def nav(context: SiteContext) -> list[NavEntry]:
    in_force: list[tuple[str, NavEntry]] = []
    archive: list[NavEntry] = []
    for work_view in _originals_first(context):
        if work_view.rescinded:
            archive.append({nav_title(work_view.title): work_uri(work_view.work.id)})
        elif work_view.current is not None:
            in_force.append((work_view.work.id, {nav_title(work_view.title): work_uri(work_view.work.id)}))
    language = context.language
    entries: list[NavEntry] = [{message(language, "nav_home"): "index.md"}]
    if in_force:
        entries.append({message(language, "nav_regulations"): by_folder(in_force, context.section_titles)})
    entries.append({message(language, "nav_whats_new"): "whats-new.md"})
    if archive:
        entries.append({message(language, "nav_archive"): archive})
    return entries


def by_folder(items: list[tuple[str, NavEntry]], titles: Mapping[str, str] | None = None) -> list[NavEntry]:
    """Entries nested as the repository's folders nest the texts ("hr/leave" in a section "Hr"), in the
    order given: sixty policies in seven folders read as seven sections, not one list. A section's
    title is governance.yml's `sections:` entry for its folder, else made from the folder's name."""
    titles = titles or {}
    top: list[NavEntry] = []
    sections: dict[tuple[str, ...], list[NavEntry]] = {(): top}
    for work_id, entry in items:
        folders = tuple(work_id.split("/")[:-1])
        for depth in range(1, len(folders) + 1):
            if folders[:depth] not in sections:
                sections[folders[:depth]] = []
                title = titles.get("/".join(folders[:depth])) or folder_title(folders[depth - 1])
                sections[folders[: depth - 1]].append({title: sections[folders[:depth]]})
        sections[folders].append(entry)
    return top


def untitled_sections(items: list[str], titles: Mapping[str, str]) -> list[str]:
    """The folders `sections:` titles that hold no text in the navigation (a typo, or a folder emptied)."""
    folders = {
        "/".join(work_id.split("/")[:depth])
        for work_id in items
        for depth in range(1, work_id.count("/") + 1)
    }
    return sorted(set(titles) - folders)


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
    site = context.words
    language = context.language
    intro = (
        words(language, "home_intro_of", organisation=site.organisation, today=context.today)
        if site.organisation
        else words(language, "home_intro", today=context.today)
    )
    signed = "home_signed" if context.signatures_required else "home_unsigned"
    lines = [f"# {markdown_words(site.title)}", "", intro + message(language, signed), ""]
    in_force = [v for v in _originals_first(context) if v.current is not None and not v.rescinded]
    originals = [v for v in in_force if v.original is None or v.original not in context.views]
    if originals:
        lines += [f"## {message(language, 'home_in_force')}", ""]
        table = [message(language, "home_columns"), "| --- | --- | --- | --- | --- |"]
        for work_view in originals:
            current = work_view.current
            assert current is not None
            amendment = work_view.last_amendment(current)
            amended = (
                words(
                    language,
                    "home_amended",
                    start=amendment.start,
                    resolution=amendment.version.approval.resolution,
                )
                if amendment
                else "—"
            )
            translations = ", ".join(
                f"[{language_name(t.language)}]({link(uri, work_uri(t.work.id))})"
                for t in context.translations(work_view.work.id)
                if t.current is not None
            )
            table.append(
                f"| [{markdown_words(work_view.title)}]({link(uri, work_uri(work_view.work.id))}) | "
                f"{markdown_words(context.body_name(work_view.governed_by, language))} | {_enacted(work_view, language)} | {amended} | "
                f"{translations or '—'} |"
            )
        lines += as_cards(table)
        lines.append("")
    pending = _pending(context, uri)
    lines += [f"## {message(language, 'home_pending')}", ""]
    lines += pending or [message(language, "home_nothing_pending")]
    lines.append("")
    archived = [v for v in context.views.values() if v.rescinded and v.rescission is not None]
    if archived:
        lines += [f"## {message(language, 'home_archive')}", ""]
        for work_view in archived:
            assert work_view.rescission is not None
            url = link(uri, work_uri(work_view.work.id))
            effective = work_view.rescission.approval.effective
            lines.append(
                "- "
                + words(
                    language,
                    "archive_line",
                    title=markdown_words(work_view.title),
                    url=url,
                    effective=effective,
                )
            )
        lines.append("")
    guides = [
        "- " + message(language, "guide_" + path.removeprefix("guides/").removesuffix(".md"), url=path)
        for path in GUIDES
        if path
        in site.guides  # only those the docs folder has: a link to a missing page fails a strict build
    ]
    if guides:
        lines += [f"## {message(language, 'home_guides')}", "", *guides, ""]
    lines += [message(language, "home_links", news="whats-new.md", feed="feed.xml"), ""]
    return Page(uri, front_matter(site.title, searchable=True) + "\n".join(lines))


def _enacted(work_view: WorkView, language: str) -> str:
    """The home table's date of enactment, on one line as every date of the site ("2012-04-" above "01"
    in a narrow column read as two things), in the site's language; anything else as written."""
    enacted = enacted_words(work_view.enacted)
    return nowrap(format_date(language, enacted)) if isinstance(enacted, date) else enacted


def _pending(context: SiteContext, uri: str) -> list[str]:
    language = context.language
    lines: list[str] = []
    for work_view in context.views.values():
        work_id = work_view.work.id
        for span in work_view.upcoming:
            approval = span.version.approval
            resolution = resolution_link(approval.resolution, uri, context)
            url = link(uri, version_uri(work_id, span))
            if span.previous is not None:
                changes = link(uri, version_uri(work_id, span, "redline.md"))
                line = words(
                    language,
                    "pending_amend",
                    title=markdown_words(work_view.title),
                    url=url,
                    changes=changes,
                    start=span.start,
                    resolution=resolution,
                    adopted=approval.date,
                )
            else:
                line = words(
                    language,
                    "pending_enact",
                    title=markdown_words(work_view.title),
                    url=url,
                    start=span.start,
                    resolution=resolution,
                    adopted=approval.date,
                )
            lines.append("- " + line)
        if work_view.rescission is not None and not work_view.rescinded:
            approval = work_view.rescission.approval
            line = words(
                language,
                "pending_rescind",
                title=markdown_words(work_view.title),
                url=link(uri, work_uri(work_id)),
                effective=approval.effective,
                resolution=approval.resolution,
                adopted=approval.date,
            )
            lines.append("- " + line)
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
        for rescission in [*work_view.work.past_rescissions, *filter(None, [work_view.rescission])]:
            events.append(_Event(work_view, "rescind", rescission.approval, work_uri(work_id)))
    return sorted(
        events, key=lambda e: (e.approval.date, e.approval.resolution, e.work_view.work.id), reverse=True
    )


def _news_action(event: _Event) -> str:
    """The message of what an event did: a translation's own words (published, updated, withdrawn)."""
    return f"news_{event.action}" + ("_translation" if event.work_view.original is not None else "")


def _whats_new(context: SiteContext) -> Page:
    uri = "whats-new.md"
    language = context.language
    title = message(language, "news_title")
    lines = [f"# {markdown_words(title)}", "", message(language, "news_intro", feed="feed.xml"), ""]
    for event in _events(context):
        approval = event.approval
        line = words(
            language,
            "news_line",
            adopted=approval.date,
            title=markdown_words(event.work_view.title),
            url=link(uri, event.target),
            action=message(language, _news_action(event)),
            resolution=resolution_link(approval.resolution, uri, context),
            body=markdown_words(context.body_name(approval.body, language)),
            effective=approval.effective,
        )
        lines.append("- " + line)
    if len(lines) == 4:
        lines.append(message(language, "news_none"))
    return Page(uri, front_matter(title, searchable=True) + "\n".join(lines) + "\n")


def _feed(context: SiteContext) -> str:
    language = context.language
    entries = [
        FeedEntry(
            id=f"urn:regulation-governance:{event.work_view.work.id}:{event.action}:{event.approval.resolution}",
            title=message(
                language,
                "feed_entry",
                title=event.work_view.title,
                action=message(language, _news_action(event)),
                effective=event.approval.effective,
            ),
            link=page_url(event.target),
            updated=event.approval.date,
            summary=message(
                language,
                "feed_summary",
                resolution=event.approval.resolution,
                body=context.body_name(event.approval.body, language),
                adopted=event.approval.date,
                effective=event.approval.effective,
            ),
        )
        for event in _events(context)
    ]
    updated = entries[0].updated if entries else context.today
    return atom_feed(
        entries,
        title=message(language, "feed_title", title=context.words.title),
        site_url=context.site_url,
        updated=updated,
    )

"""What every page of the site is made with: the page, the context of one build, the URIs of a work's
pages, the Markdown of front matter and notices, and the words for an approval and a span in time."""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from governance.gate.works import Approval, Work
from governance.records.before_adoption import EarlierVersion
from governance.site.messages import as_date, format_date, message
from governance.site.record_views import RecordView
from governance.site.timeline import Span, WorkView
from governance.text.invisible import shown_plain

NavEntry = dict[str, "str | list[NavEntry]"]
# Kept beside the undated pages, under names no page has: a page's text ("<uri>#text") and the links
# between texts that named no regulation (what rendering the reused texts would have reported).
TEXT_OF_PAGE = "#text"
UNRESOLVED_LINKS = "#unresolved-links"


@dataclass(frozen=True)
class Page:
    uri: str  # path below the docs folder: "regulations/bribery-prevention/index.md", "feed.xml"
    content: str


@dataclass(frozen=True)
class Site:
    pages: list[Page]  # none when build_site handed each page to its `emit` as it was made
    nav: list[NavEntry]  # MkDocs nav entries for the generated pages (texts in force only)
    works: list[Work] = field(
        default_factory=list
    )  # what the pages were made from (the promulgation catalog)
    unresolved_links: list[tuple[str, str]] = field(default_factory=list)  # (text's path, address)
    # What a later build may reuse (governance.site.page_cache): the digest of everything the pages were
    # made from but the date, with which versions were in force.
    key: str = ""
    language: str = "en"  # the site's: of its shared pages, resolution pages and the theme's words
    languages: frozenset[str] = frozenset()  # of the texts it publishes
    untitled_sections: list[str] = field(default_factory=list)  # `sections:` folders with no text shown


# The hand-written guides the home page may link to (path below the docs folder); what each is called and
# is for are words of the page's language (messages: "guide_<name>").
GUIDES = (
    "guides/employee.md",
    "guides/legal.md",
    "guides/secretary.md",
    "guides/compliance.md",
    "guides/administrator.md",
)


@dataclass(frozen=True)
class SiteWords:
    """The words that are the repository's, not the tool's: from mkdocs.yml (site_name) and the plugin's
    options. The defaults are this project's own site."""

    title: str = "Internal regulations"
    organisation: str | None = None  # "Example Corp": the home page names it
    guides: tuple[str, ...] = GUIDES  # the guides that exist
    # The site's language as configured (the plugin's `language`); None: the language the originals
    # share (a Japanese company's 就業規則 -> ja), else `fallback` (mkdocs.yml's theme language).
    language: str | None = None
    fallback: str = "en"


@dataclass(frozen=True)
class EarlierText:
    """A text a regulation had before the adoption of governance (records/before_adoption.py), with the
    blob's content as git holds it."""

    version: EarlierVersion
    text: str


@dataclass
class SiteContext:
    today: date
    body_names: Mapping[str, str]
    site_url: str | None
    views: dict[str, WorkView] = field(default_factory=dict)
    words: SiteWords = field(default_factory=SiteWords)
    earlier: Mapping[str, Sequence[EarlierText]] = field(default_factory=dict)  # by work id, oldest first
    # Links between texts: (text's path, page uri) -> an address's URL or None (governance.site.links).
    link_resolver: Callable[[str, str], Callable[[str], str | None]] | None = None

    def links_from(self, source: str, page_uri: str) -> Callable[[str], str | None] | None:
        return None if self.link_resolver is None else self.link_resolver(source, page_uri)

    # body id -> language -> its name in that language (bodies.yml `names:`)
    body_translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    records: Mapping[str, RecordView] = field(default_factory=dict)  # resolution records by id
    signatures_required: bool = True  # governance.yml's `signatures`: say "signed" only where they are
    language: str = "en"  # the site's (shared_pages.site_language): home, what's new, resolution pages
    # Pages whose text depends on the inputs and on which versions are in force, never on the date
    # itself (history, redlines, comparisons): those of an earlier build of the same inputs and states
    # (governance.site.page_cache), reused instead of rendered again; and this build's, handed to `keep`
    # as they are made (kept for the next build; never all held here: tens of thousands of pages).
    reused: Mapping[str, str] = field(default_factory=dict)
    keep: Callable[[str, str], None] = field(default=lambda uri, content: None)

    def undated_text(self, uri: str, make: Callable[[], str]) -> str:
        """The HTML of the regulation text on the page at `uri`, reused like an undated page."""
        key = f"{uri}{TEXT_OF_PAGE}"
        content = self.reused.get(key)
        if content is None:
            content = make()
        self.keep(key, content)
        return content

    def undated_page(self, uri: str, make: Callable[[], Page]) -> Page:
        """The page at `uri`: reused when an earlier build of the same inputs and states made it."""
        content = self.reused.get(uri)
        page = Page(uri, content) if content is not None else make()
        self.keep(page.uri, page.content)
        return page

    section_titles: Mapping[str, str] = field(default_factory=dict)  # governance.yml's `sections:`

    def body_name(self, body: str, language: str | None = None) -> str:
        """The body's name as a page in `language` shows it: its name in that language when bodies.yml
        gives one (取締役会), else its name."""
        translated = self.body_translations.get(body, {}).get(language or "")
        return translated or self.body_names.get(body, body)

    def translations(self, work_id: str) -> list[WorkView]:
        return [v for v in self.views.values() if v.original == work_id]


def work_uri(work_id: str, leaf: str = "index.md") -> str:
    return f"regulations/{work_id}/{leaf}"


def version_uri(work_id: str, span: Span, leaf: str = "index.md") -> str:
    return f"regulations/{work_id}/{span.slug}/{leaf}"


def source_name(span: Span) -> str:
    return posixpath.basename(span.version.path) + ".txt"


def link(source: str, target: str) -> str:
    """A relative link from one page to another, as MkDocs validates and rewrites it."""
    return relative_path(target, posixpath.dirname(source))


def relative_path(target: str, start: str) -> str:
    """posixpath.relpath(target, start or ".") for the site's own paths (relative, no "." or ".."), without
    its two abspath calls, which read the working folder: a site makes tens of links a page."""
    here = [part for part in start.split("/") if part]
    there = [part for part in target.split("/") if part]
    if target.startswith("/") or start.startswith("/") or {".", ".."} & {*here, *there} or not there:
        return posixpath.relpath(target, start or ".")
    common = 0
    for mine, theirs in zip(here, there, strict=False):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


def page_url(uri: str) -> str:
    """The URL MkDocs gives a page (directory URLs): "a/b/index.md" -> "a/b/", "a/x.md" -> "a/x/"."""
    if uri.endswith("index.md"):
        return uri[: -len("index.md")]
    return uri[: -len(".md")] + "/" if uri.endswith(".md") else uri


def browser_link(source: str, target: str) -> str:
    """A relative URL from one page to another as the browser resolves it (directory URLs), for the
    places MkDocs does not rewrite: attributes of raw HTML, data read by a script."""
    relative = relative_path(page_url(target) or ".", page_url(source))
    return "./" if relative == "." else relative + "/"


def nav_title(title: str) -> str:
    """A title as the theme wants it: Material prints a page's and a navigation entry's title as HTML
    (header, navigation, path), so a regulation's title, which is text, goes escaped."""
    return html.escape(shown_plain(title), quote=False)


def front_matter(title: str, *, searchable: bool, language: str | None = None) -> str:
    """The page's front matter; `language` (a text's pages) lets the plugin set the page's `<html lang>`,
    so screen readers and fonts treat a Japanese page as Japanese. The theme prints the title as HTML
    (header, navigation): a regulation's title is text, so it goes escaped (a `<!--` in it opened a
    comment that swallowed the rest of every page of the text)."""
    lines = ["---", f"title: {json.dumps(nav_title(title), ensure_ascii=False)}"]
    if language:
        lines.append(f"language: {json.dumps(language)}")
    if not searchable:
        lines += ["search:", "  exclude: true"]
    return "\n".join([*lines, "---", "", ""])


# Every character Python-Markdown or an HTML parser could read as something else, as a numeric character
# reference: the browser shows the character itself, Markdown sees no markup in it.
_MARKDOWN_WORDS = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\\`*_[]{}()#!|~"})


def markdown_words(text: str) -> str:
    """`text` (a regulation's title, a site's name) as Markdown that shows exactly these characters.

    A title reaches a generated page's Markdown in headings, links and sentences; Python-Markdown passes
    inline HTML through, so `<img src=x onerror=...>` in a title ran in every reader's browser. Lint
    refuses such a title (FM006), but a text adopted with its findings baselined, or an earlier version
    published from before the adoption, still carries it: shown as written, never obeyed."""
    return shown_plain(text).translate(_MARKDOWN_WORDS)


def enacted_words(enacted: str) -> date | str:
    """A text's `enacted` as a page shows it: a date in the page's language, anything else as written and
    never obeyed (a text adopted with its findings baselined may state `<img src=x onerror=...>`)."""
    shown = as_date(enacted)
    return shown if isinstance(shown, date) else markdown_words(shown)


def admonition(kind: str, title: str, lines: list[str]) -> str:
    body = "\n".join(f"    {line}" if line else "" for line in lines)
    return f'!!! {kind} "{title}"\n\n{body}\n'


def span_number(span: Span) -> int:
    """1 for a version alone on its effective date; 2, 3, ... for the later texts of one day (the folder
    of its pages is `2026-12-01-2`, a name for links, not for readers)."""
    suffix = span.slug[len(span.start.isoformat()) + 1 :]
    return int(suffix) if suffix else 1


def span_label(span: Span, language: str) -> str:
    """A version's name for readers: its effective date, and which text of that day when several took
    effect on one day."""
    if span_number(span) == 1:
        return span.start.isoformat()
    return message(language, "same_day_label", start=span.start, n=span_number(span))


def collapsible(kind: str, summary: str, lines: list[str]) -> str:
    """A panel that folds to its one-line summary (Material styles `<details>` as an admonition), so a
    phone shows the text, not a screen and a half of facts about it, before the first article. Search
    leaves it out: its facts (digest, commands, resolutions) were the snippet of every result that
    matched a text's title, before any article."""
    body = "\n".join(lines)
    return (
        f'<details class="{kind} governance-panel" data-search-exclude markdown>\n'
        f"<summary>{summary}</summary>\n\n{body}\n\n</details>\n"
    )


# A table of versions or regulations: a card per row on a phone (cards.js, regulations.css).
CARDS_CLASS = "governance-cards"


def as_cards(table: list[str]) -> list[str]:
    """The Markdown lines of a table, marked to show a card per row on a narrow screen: a phone scrolled
    the table sideways with its last columns (the redline, the translations) out of sight."""
    return [f'<div class="{CARDS_CLASS}" markdown>', "", *table, "", "</div>"]


NOWRAP_CLASS = "governance-nowrap"
_UNBROKEN = ("resolution", "adopted", "start", "end", "effective", "today", "slug")


def of_translation(work_view: WorkView) -> str:
    """The suffix of a translation's own message keys: its body publishes, updates and withdraws it; it
    never enacts, amends or rescinds a rule (its banners, panel, history and what's new say so)."""
    return "_translation" if work_view.original is not None else ""


def nowrap(text: str) -> str:
    """`text` kept on one line (a date, a resolution id)."""
    return f"<span class='{NOWRAP_CLASS}'>{text}</span>"


def words(language: str, key: str, **values: object) -> str:
    """A message for a page's Markdown: its dates and resolution ids are never broken across lines
    ("2026-" at the end of one line and "10-01" on the next reads as another date)."""
    kept: dict[str, object] = {}
    for name, value in values.items():
        if isinstance(value, date):
            value = format_date(language, value)
        kept[name] = nowrap(str(value)) if name in _UNBROKEN and value else value
    return message(language, key, **kept)


def resolution_link(resolution: str, uri: str | None, context: SiteContext) -> str:
    """A resolution id, linked to its page when the page is there (`uri`: the page linking from)."""
    if uri is None or resolution not in context.records:
        return resolution
    return f"[{resolution}]({link(uri, f'resolutions/{resolution}/index.md')})"


def approval_words(approval: Approval, context: SiteContext, language: str, uri: str | None = None) -> str:
    return words(
        language,
        "approval",
        resolution=resolution_link(approval.resolution, uri, context),
        body=markdown_words(context.body_name(approval.body, language)),
        adopted=approval.date,
    )


def state_words(span: Span, language: str, *, markup: bool = False) -> str:
    """When a version is (was, will be) in force, as running text in the page's language; with `markup`,
    for a page's Markdown (dates kept whole on a line)."""
    say = words if markup else message
    if span.state == "superseded":
        replaced = span.replaced_by.approval if span.replaced_by is not None else None
        if replaced is None:  # replaced by the rescission that takes effect the same day
            return say(language, "state_never", start=span.start)
        key = "state_same_day" if replaced.date == span.version.approval.date else "state_replaced_before"
        return say(language, key, start=span.start, adopted=replaced.date, resolution=replaced.resolution)
    if span.state == "upcoming":
        return say(language, "state_coming", start=span.start)
    if span.end is None:
        return say(language, "state_from", start=span.start)
    return say(language, "state_from_to", start=span.start, end=span.end)

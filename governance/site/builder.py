"""The published site as pages: from the promulgated works and a date to Markdown, with no I/O.

Time decides what a reader sees. A version is in force from its effective date until the next
version's (or the rescission's) effective date; one adopted with a later effective date is coming,
not current, and the site flips when the date comes (the site is rebuilt daily). Only the text in
force is searchable and in the navigation; every other page is reached from the history page, which
also keeps Material's build fast when there are thousands of versions.

The assembly only: the pages of a regulation are governance.site.work_pages's (in the regulation's language),
the shared pages governance.site.shared_pages's. The names other modules import from here stay here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from governance.collector import collection_paused
from governance.gate.works import Work
from governance.site.before_adoption_pages import earlier_pages
from governance.site.compare_pages import script_page
from governance.site.context import UNRESOLVED_LINKS, EarlierText, SiteContext
from governance.site.context import NavEntry as NavEntry
from governance.site.context import Page as Page
from governance.site.context import Site as Site
from governance.site.context import SiteWords as SiteWords
from governance.site.context import link as link
from governance.site.context import page_url as page_url
from governance.site.context import version_uri as version_uri
from governance.site.context import work_uri as work_uri
from governance.site.links import TextLinks
from governance.site.record_views import RecordView
from governance.site.resolution_pages import resolution_pages
from governance.site.shared_pages import nav, shared_pages, site_language, untitled_sections
from governance.site.timeline import Span as Span
from governance.site.timeline import State as State
from governance.site.timeline import WorkView as WorkView
from governance.site.timeline import parsed as parsed
from governance.site.timeline import timeline as timeline
from governance.site.timeline import view as view
from governance.site.work_pages import work_pages


def build_site(
    works: list[Work],
    today: date,
    *,
    body_names: Mapping[str, str] | None = None,
    site_url: str | None = None,
    words: SiteWords | None = None,
    earlier: Mapping[str, Sequence[EarlierText]] | None = None,
    body_translations: Mapping[str, Mapping[str, str]] | None = None,
    records: Mapping[str, RecordView] | None = None,
    signatures_required: bool = True,
    reuse: Callable[[str], Mapping[str, str]] | None = None,
    keep: Callable[[str, str], None] | None = None,
    section_titles: Mapping[str, str] | None = None,
    emit: Callable[[Page], None] | None = None,
) -> Site:
    """The pages and nav of the site on `today`. `reuse`: the undated pages an earlier build made from
    the inputs and states of this key (site_key), if any (governance.site.page_cache); `keep`: given each
    undated page (and text) as it is made or reused, to keep for the next build. `emit`: given each page
    as it is made, in place of the Site's list, so that a site of tens of thousands of pages is never
    held whole (the MkDocs plugin writes each to a file; governance.site.render)."""
    context = SiteContext(
        today,
        body_names or {},
        site_url,
        words=words or SiteWords(),
        earlier=earlier or {},
        body_translations=body_translations or {},
        records=records or {},
        signatures_required=signatures_required,
        section_titles=section_titles or {},
    )
    for work in sorted(works, key=lambda w: w.id):
        if work.versions:
            context.views[work.id] = view(work, today)
    context.language = site_language(context)
    links = TextLinks(v.work for v in context.views.values())
    context.link_resolver = links.resolver
    key = site_key(works, context)
    if reuse is not None:
        context.reused = reuse(key)
    if keep is not None:
        context.keep = keep
    pages: list[Page] = []
    out = emit or pages.append
    compared = False
    for work_view in context.views.values():
        # A regulation's pages allocate a few objects per line of each version, nearly all freed by their
        # reference counts: the cyclic collector waits until they are made instead of walking the whole
        # process every few hundred allocations (governance.collector; a fifth of the render at 50 x 200).
        with collection_paused():
            made = (*work_pages(work_view, context), *earlier_pages(work_view, context))
        for page in made:
            compared = compared or page.uri.endswith("/compare.md")
            out(page)
    if compared:
        out(script_page())  # the comparison of any two versions (governance.site.compare_pages)
    for page in (*shared_pages(context), *resolution_pages(context)):
        out(page)
    # The links a reused text would have reported had it been rendered again: the same inputs, the same links.
    links.unresolved.update(_pairs(context.reused.get(UNRESOLVED_LINKS, "[]")))
    context.keep(UNRESOLVED_LINKS, json.dumps(sorted(links.unresolved)))
    shown = [v.work.id for v in context.views.values() if v.current is not None and not v.rescinded]
    return Site(
        pages,
        nav(context),
        list(works),
        sorted(links.unresolved),
        key,
        language=context.language,
        languages=frozenset(v.language for v in context.views.values()),
        untitled_sections=untitled_sections(shown, context.section_titles),
    )


def site_key(works: list[Work], context: SiteContext) -> str:
    """The digest of what the undated pages are made from: every input of the build but the date, and
    the state of each version on the date (a version coming into force changes its history and
    redlines). Two builds with one key make the same undated pages (tests/site/test_page_cache.py)."""
    digest = hashlib.sha256()
    for part in (
        sorted(works, key=lambda w: w.id),
        context.body_names,
        context.body_translations,
        context.site_url,
        context.words,
        context.earlier,
        context.records,
        context.signatures_required,
        context.section_titles,
        [
            (shown.work.id, shown.rescinded, [(span.slug, span.state) for span in shown.spans])
            for shown in context.views.values()
        ],
    ):
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _pairs(kept: str) -> set[tuple[str, str]]:
    """The (text's path, address) pairs a build kept as JSON; nothing of another shape."""
    try:
        loaded = json.loads(kept)
    except ValueError:
        return set()
    if not isinstance(loaded, list):
        return set()
    return {
        (pair[0], pair[1])
        for pair in loaded
        if isinstance(pair, list) and len(pair) == 2 and all(isinstance(part, str) for part in pair)
    }

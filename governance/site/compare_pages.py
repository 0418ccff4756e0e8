"""Any two versions of a regulation compared, on a static site, without a page per pair (eCFR's "compare
any two dates"; e-Gov's 新旧対照表 between any two 版).

A page per pair grows as the square of the versions; the build must stay linear (1,000 regulations x 10
versions). So each version publishes its parts once (`parts.json`: the HTML of each article as the one
renderer, governance.text.html, made it, with the article's lineage: an id it keeps through every
amendment, from the redline's own matching, governance.text.redline.lineages), and one page per
regulation (`compare/?from=<version>&to=<version>`) aligns the two versions' articles by lineage in the
browser (site's script governance/site/assets/compare.js): inserted, deleted, renumbered, replaced or
changed, with the changed words marked in the text nodes of that HTML. The script never renders
Markdown: what it shows is what the renderer produced, marked. Consecutive versions keep their static
redline, which a reader without scripts is pointed to. Pure: a work's view in, pages out.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
import urllib.parse
from collections.abc import Callable
from importlib import resources

from governance.site.context import (
    NOWRAP_CLASS,
    Page,
    SiteContext,
    browser_link,
    front_matter,
    link,
    markdown_words,
    span_label,
    state_words,
    version_uri,
    work_uri,
)
from governance.site.messages import message
from governance.site.script_data import json_script
from governance.site.timeline import Span, WorkView
from governance.text import redline
from governance.text.recognisers import split_front_matter

# One script for every regulation's comparison page, outside regulations/ (whose every name is a
# regulation's or one of its pages'); a hand-written file there is refused by the plugin as a collision.
SCRIPT_URI = "governance/compare.js"
CONFIG_ID = "governance-compare"  # the JSON the script reads
PARTS = "parts.json"


def script_page() -> Page:
    return Page(SCRIPT_URI, (resources.files("governance.site") / "assets" / "compare.js").read_text("utf-8"))


def comparable(work_view: WorkView) -> list[Span]:
    """The versions a reader can compare: every version in force at some time (a text never in force is
    no point of comparison), oldest first."""
    return [span for span in work_view.spans if span.state != "superseded"]


def parts_pages(work_view: WorkView, context: SiteContext) -> list[Page]:
    """`parts.json` of each comparable version: its front matter and its parts, each with its lineage."""
    spans = comparable(work_view)
    if len(spans) < 2:
        return []
    # One chain of matchings per regulation, and only when a page is not reused from the last build.
    chain = functools.cache(lambda: redline.lineages([(s.slug, s.version.text) for s in spans]))
    pages = []
    for index, span in enumerate(spans):
        uri = version_uri(work_view.work.id, span, PARTS)
        make = functools.partial(_parts_page, uri, span.version.text, chain, index)
        pages.append(context.undated_page(uri, make))
    return pages


def _parts_page(uri: str, text: str, chain: Callable[[], list[dict[str, str]]], index: int) -> Page:
    return Page(uri, parts_json(text, chain()[index]))


def parts_json(text: str, lineage: dict[str, str]) -> str:
    """A version's parts for the browser's comparison: the renderer's HTML exactly as the redline diffs it
    (no ids: a comparison shows two copies on one page), and what the redline compares them by."""
    front, _ = split_front_matter(text)
    parts = [
        {
            "key": part.key,
            "lineage": lineage[part.key],
            "number": part.number,
            "title": part.title,
            "heading": part.heading,
            "headingHtml": part.heading_html,
            "body": part.body,  # as the redline diffs it; the script drops the breaks between blocks
        }
        for part in redline.parts(text)
    ]
    return json.dumps({"front": front, "parts": parts}, ensure_ascii=False, separators=(",", ":"))


def compare_page(work_view: WorkView, context: SiteContext) -> Page | None:
    """The page comparing any two versions: a form with two version selectors whose URL is a shareable
    link, and the comparison the script makes of the two versions' parts."""
    spans = comparable(work_view)
    if len(spans) < 2:
        return None
    work_id = work_view.work.id
    language = work_view.language
    uri = work_uri(work_id, "compare.md")
    title = message(language, "compare_page_title", title=work_view.title)
    history = link(uri, work_uri(work_id, "history.md"))
    versions = [
        {
            "slug": span.slug,
            "label": span_label(span, language),
            "state": state_words(span, language),
            "page": browser_link(uri, version_uri(work_id, span)),
            "data": posixpath.relpath(version_uri(work_id, span, PARTS), posixpath.dirname(uri) + "/compare"),
            "redline": browser_link(uri, version_uri(work_id, span, "redline.md")) if span.previous else None,
            "resolution": span.version.approval.resolution,
        }
        for span in spans
    ]
    say = {
        key: message(language, f"compare_{key}", **values)
        for key, values in {
            "result_title": {"before": "{before}", "after": "{after}"},
            "between": {"resolutions": "{resolutions}"},
            "one_amendment": {},
            "same": {},
            "unknown": {"slug": "{slug}"},
            "loading": {},
            "failed": {},
            "unchanged_count": {"count": "{count}"},
        }.items()
    } | {
        key: message(language, f"redline_{key}", **values)
        for key, values in {
            "identical": {},
            "metadata": {},
            "preamble": {},
            "closing": {},
            "added": {},
            "deleted": {},
            "replaced": {},
            "renumbered": {"before": "{before}", "after": "{after}"},
        }.items()
    }
    config = {
        "language": language,
        "versions": versions,
        "words": say,
        "token": redline.TOKEN_PATTERN,
        "similar": redline.SIMILAR,
        # A Japanese text's comparison is a 新旧対照表: the same table head as the static one.
        "table": redline.comparison_table_html([]) if language == "ja" else None,
        "newProvision": redline.NEW_PROVISION,
        "deletedProvision": redline.DELETED_PROVISION,
    }
    script = posixpath.relpath(SCRIPT_URI, posixpath.dirname(uri) + "/compare")
    earlier, later = spans[0], spans[-1]
    lines = [
        f"# {markdown_words(title)}",
        "",
        message(language, "compare_page_intro", url=history),
        "",
        '<form class="governance-on-form governance-compare-form" method="get">',
        _select("from", message(language, "compare_from"), spans, earlier, language),
        _select("to", message(language, "compare_to"), spans, later, language),
        f'<button type="submit" class="md-button md-button--primary">'
        f"{html.escape(message(language, 'compare_submit'))}</button>",
        "</form>",
        "",
        '<p class="governance-compare-status" role="status" aria-live="polite"></p>',
        "",
        _legend(language),
        "",
        '<div class="governance-compare-result"></div>',
        "",
        f"<noscript><p>{html.escape(message(language, 'compare_noscript'))}</p></noscript>",
        "",
        # Inert data (never executed): the versions and the page's words, read by the script.
        json_script(CONFIG_ID, config),
        f'<script src="{html.escape(script)}" defer></script>',
        "",
    ]
    return Page(uri, front_matter(title, searchable=False, language=language) + "\n".join(lines))


# The old site published a page per pair of its latest twelve versions (`<later>/since-<earlier>/`): every
# pair that close is redirected, so a link kept from it still leads to the same comparison; a window, not
# every pair, keeps the build linear in versions.
SINCE_WINDOW = 12


def since_redirects(work_view: WorkView) -> list[Page]:
    """A small static page at each old address `regulations/<id>/<later>/since-<earlier>/`, sending the
    reader to the comparison of the same two versions (`compare/?from=<earlier>&to=<later>`): a meta
    refresh and a link, no script."""
    spans = comparable(work_view)
    pages = []
    for index, later in enumerate(spans):
        for earlier in spans[max(index - SINCE_WINDOW + 1, 0) : max(index - 1, 0)]:
            uri = version_uri(work_view.work.id, later, f"since-{earlier.slug}/index.html")
            pages.append(Page(uri, _redirect(work_view, earlier, later, uri)))
    return pages


def _redirect(work_view: WorkView, earlier: Span, later: Span, uri: str) -> str:
    language = work_view.language
    compare = work_uri(work_view.work.id, "compare/index.html")
    query = urllib.parse.urlencode({"from": earlier.slug, "to": later.slug})
    target = html.escape(
        f"{posixpath.relpath(compare, posixpath.dirname(uri))[: -len('index.html')]}?{query}"
    )
    title = html.escape(message(language, "compare_moved_title", title=work_view.title))
    name = html.escape(message(language, "compare_page_title", title=work_view.title))
    text = message(
        language,
        "compare_moved",
        before=html.escape(span_label(earlier, language)),
        after=html.escape(span_label(later, language)),
        link=f'<a href="{target}">{name}</a>',
    )
    return (
        f'<!doctype html>\n<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="robots" content="noindex">\n<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<link rel="canonical" href="{target}">\n<title>{title}</title>\n</head>\n'
        f"<body>\n<p>{text}</p>\n</body>\n</html>\n"
    )


def _legend(language: str) -> str:
    if language == "ja":
        return message(
            "ja", "comparison_explained", new=redline.NEW_PROVISION, deleted=redline.DELETED_PROVISION
        )
    return message(language, "redline_explained")


def _select(name: str, label: str, spans: list[Span], chosen: Span, language: str) -> str:
    # Short, so the list fits a phone's width: the date, and which text is in force or coming.
    options = "".join(
        f'<option value="{html.escape(span.slug)}"{" selected" if span is chosen else ""}>'
        f"{html.escape(message(language, f'compare_option_{span.state}', label=span_label(span, language)))}"
        "</option>"
        for span in reversed(spans)
    )
    # A label and its list stay on one line together, apart from the other pair.
    return (
        f'<span class="{NOWRAP_CLASS}"><label for="governance-compare-{name}">{html.escape(label)}</label> '
        f'<select id="governance-compare-{name}" name="{name}">{options}</select></span>'
    )

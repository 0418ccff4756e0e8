"""The pages of a regulation's texts from before the adoption of governance (`init --history`): a list
and a page per text, each marked "before adoption: not verified by this tool", never searchable and never
in the navigation. The text in force and the approved versions stay the only ones the site vouches for."""

from __future__ import annotations

from governance.site.anchors import wrapped
from governance.site.context import (
    EarlierText,
    Page,
    SiteContext,
    admonition,
    front_matter,
    link,
    markdown_words,
    work_uri,
)
from governance.site.embedding import embed
from governance.site.messages import message
from governance.site.timeline import WorkView
from governance.text.html import render_text

FOLDER = "before-adoption"


def earlier_pages(work_view: WorkView, context: SiteContext) -> list[Page]:
    earlier = list(context.earlier.get(work_view.work.id, ()))
    if not earlier:
        return []
    return [_list_page(work_view, earlier), *(_text_page(work_view, e) for e in earlier)]


def _uri(work_id: str, earlier: EarlierText | None = None) -> str:
    leaf = f"{earlier.version.commit[:12]}/index.md" if earlier is not None else "index.md"
    return work_uri(work_id, f"{FOLDER}/{leaf}")


def _list_page(work_view: WorkView, earlier: list[EarlierText]) -> Page:
    work_id, language = work_view.work.id, work_view.language
    uri = _uri(work_id)
    title = message(language, "before_title", title=work_view.title)
    notice = message(language, "before_notice", url=link(uri, work_uri(work_id)))
    columns = message(language, "before_columns")
    rows = [
        f"| [{e.version.date}]({link(uri, _uri(work_id, e))}) | `{e.version.commit[:12]}` |"
        for e in reversed(earlier)
    ]
    lines = [
        f"# {markdown_words(title)}",
        "",
        admonition("warning", message(language, "before_notice_title"), [notice]),
        columns,
        "|" + " --- |" * (columns.count("|") - 1),
        *rows,
    ]
    return Page(uri, front_matter(title, searchable=False, language=language) + "\n".join(lines) + "\n")


def _text_page(work_view: WorkView, earlier: EarlierText) -> Page:
    work_id, language = work_view.work.id, work_view.language
    uri = _uri(work_id, earlier)
    version = earlier.version
    title = message(language, "before_version_title", title=work_view.title, date=version.date)
    notice = message(
        language,
        "before_version_notice",
        commit=version.commit[:12],
        date=version.date,
        url=link(uri, work_uri(work_id)),
        list=link(uri, _uri(work_id)),
    )
    path = f"{work_id}.md"
    text = render_text(earlier.text, path, work_id, headings_as_text=True).html
    body = admonition("warning", message(language, "before_notice_title"), [notice]) + embed(wrapped(text))
    return Page(uri, front_matter(title, searchable=False, language=language) + body)

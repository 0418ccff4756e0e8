"""The published site as pages: from the promulgated works and a date to Markdown, with no I/O.

Time decides what a reader sees. A version is in force from its effective date until the next
version's (or the rescission's) effective date; one adopted with a later effective date is coming,
not current, and the site flips when the date comes (the site is rebuilt daily). Only the text in
force is searchable and in the navigation; every other page is reached from the history page, which
also keeps Material's build fast when there are thousands of versions.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from governance import redline
from governance.model import Item
from governance.site_bilingual import Side, bilingual_markdown
from governance.site_feed import FeedEntry, atom_feed
from governance.site_links import link_references
from governance.site_timeline import Span as Span
from governance.site_timeline import State as State
from governance.site_timeline import WorkView as WorkView
from governance.site_timeline import parsed as parsed
from governance.site_timeline import timeline as timeline
from governance.site_timeline import view as view
from governance.versions import Approval, Work

NavEntry = dict[str, "str | list[NavEntry]"]

_HEADING = re.compile(r"^#{1,6}[ \t]+\S")
# A line that opens a new block even without a blank line before it: a list item or a heading.
_BLOCK_START = re.compile(r"^\s*(?:[-*+][ \t]|[0-9]+[.)][ \t]|#{1,6}[ \t])")


@dataclass(frozen=True)
class Page:
    uri: str  # path below the docs folder: "regulations/bribery-prevention/index.md", "feed.xml"
    content: str


@dataclass(frozen=True)
class Site:
    pages: list[Page]
    nav: list[NavEntry]  # MkDocs nav entries for the generated pages (texts in force only)


# --- Regulation text with anchors ------------------------------------------------------------------


def anchored(text: str, path: str, work_id: str) -> str:
    """The body (front matter removed) with the parser's language-independent anchors: `article-5` on
    article headings (toc adds their permalinks), `article-5-2` on paragraphs and `article-2-1-3-a` on
    items, each with a permalink of its own. The same anchors as lint's cross-references resolve to."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    regulation = parsed(text, path, work_id)
    headings: dict[int, str] = {article.line: article.anchor for article in regulation.articles}
    headings.update({section.line: section.anchor for section in regulation.sections})
    blocks: dict[int, str] = {}
    for article in regulation.articles:
        for paragraph in article.paragraphs:
            blocks.setdefault(paragraph.line, paragraph.anchor)
            _item_anchors(paragraph.items, blocks)
    lines = link_references(text.split("\n"), regulation.references)
    out: list[str] = []
    index = regulation.body_line - 1
    while index < len(lines):
        line, number = lines[index], index + 1
        if number in headings and _HEADING.match(line) and "{" not in line:
            out.append(f"{line} {{ #{headings[number]} }}")
        elif number in blocks:
            end = index
            while end + 1 < len(lines) and lines[end + 1].strip() and not _BLOCK_START.match(lines[end + 1]):
                end += 1
            anchor = blocks[number]
            out.extend(lines[index:end])
            out.append(
                f'{lines[end]} [¶](#{anchor}){{ .governance-permalink title="Permanent link to this paragraph" }}'
            )
            out.append(f"{{ #{anchor} }}")
            index = end
        else:
            out.append(line)
        index += 1
    return "\n".join(out)


def _item_anchors(items: list[Item], blocks: dict[int, str]) -> None:
    for item in items:
        blocks.setdefault(item.line, item.anchor)
        _item_anchors(item.items, blocks)


# --- Pages -----------------------------------------------------------------------------------------


@dataclass
class _Context:
    today: date
    body_names: Mapping[str, str]
    site_url: str | None
    views: dict[str, WorkView] = field(default_factory=dict)

    def body_name(self, body: str) -> str:
        return self.body_names.get(body, body)

    def translations(self, work_id: str) -> list[WorkView]:
        return [v for v in self.views.values() if v.original == work_id]


def work_uri(work_id: str, leaf: str = "index.md") -> str:
    return f"regulations/{work_id}/{leaf}"


def version_uri(work_id: str, span: Span, leaf: str = "index.md") -> str:
    return f"regulations/{work_id}/{span.slug}/{leaf}"


def link(source: str, target: str) -> str:
    """A relative link from one page to another, as MkDocs validates and rewrites it."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def page_url(uri: str) -> str:
    """The URL MkDocs gives a page (directory URLs): "a/b/index.md" -> "a/b/", "a/x.md" -> "a/x/"."""
    if uri.endswith("index.md"):
        return uri[: -len("index.md")]
    return uri[: -len(".md")] + "/" if uri.endswith(".md") else uri


def build_site(
    works: list[Work],
    today: date,
    *,
    body_names: Mapping[str, str] | None = None,
    site_url: str | None = None,
) -> Site:
    context = _Context(today, body_names or {}, site_url)
    for work in sorted(works, key=lambda w: w.id):
        if work.versions:
            context.views[work.id] = view(work, today)
    pages: list[Page] = []
    for work_view in context.views.values():
        pages.extend(_work_pages(work_view, context))
    pages.append(_home(context))
    pages.append(_whats_new(context))
    pages.append(Page("feed.xml", _feed(context)))
    return Site(pages, _nav(context))


def _nav(context: _Context) -> list[NavEntry]:
    in_force: list[NavEntry] = []
    archive: list[NavEntry] = []
    for work_view in _originals_first(context):
        if work_view.rescinded:
            archive.append({work_view.title: work_uri(work_view.work.id)})
        elif work_view.current is not None:
            in_force.append({work_view.title: work_uri(work_view.work.id)})
    nav: list[NavEntry] = [{"Home": "index.md"}]
    if in_force:
        nav.append({"Regulations": in_force})
    nav.append({"What's new": "whats-new.md"})
    if archive:
        nav.append({"Archive": archive})
    return nav


def _originals_first(context: _Context) -> list[WorkView]:
    """Each original followed by its translations, so the navigation keeps them together."""
    ordered: list[WorkView] = []
    for work_view in context.views.values():
        if work_view.original is None or work_view.original not in context.views:
            ordered.append(work_view)
            ordered.extend(context.translations(work_view.work.id))
    return ordered


def _front_matter(title: str, *, searchable: bool) -> str:
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
    if not searchable:
        lines += ["search:", "  exclude: true"]
    return "\n".join([*lines, "---", "", ""])


def _admonition(kind: str, title: str, lines: list[str]) -> str:
    body = "\n".join(f"    {line}" if line else "" for line in lines)
    return f'!!! {kind} "{title}"\n\n{body}\n'


def _approval_words(approval: Approval, context: _Context) -> str:
    return f"resolution **{approval.resolution}** of the {context.body_name(approval.body)} ({approval.date})"


def _span_state_words(span: Span) -> str:
    if span.state == "superseded":
        return f"never in force: replaced on {span.start} before it took effect"
    if span.state == "upcoming":
        return f"comes into force on {span.start}"
    if span.end is None:
        return f"in force from {span.start}"
    return f"in force from {span.start} to {span.end}"


def _work_pages(work_view: WorkView, context: _Context) -> list[Page]:
    work_id = work_view.work.id
    pages = [_main_page(work_view, context), _history(work_view, context)]
    bilingual = _bilingual_page(work_view, context)
    if bilingual is not None:
        pages.append(bilingual)
    for span in work_view.spans:
        pages.append(_version_page(work_view, span, context))
        pages.append(Page(version_uri(work_id, span, _source_name(span)), span.version.text))
        if span.previous is not None:
            pages.append(_redline_page(work_view, span, context))
    return pages


def _source_name(span: Span) -> str:
    return posixpath.basename(span.version.path) + ".txt"


def _main_page(work_view: WorkView, context: _Context) -> Page:
    work_id = work_view.work.id
    uri = work_uri(work_id)
    shown = work_view.shown
    notices: list[str] = []
    if work_view.rescinded and work_view.rescission is not None:
        approval = work_view.rescission.approval
        notices.append(
            _admonition(
                "danger",
                "Rescinded",
                [
                    f"This regulation was rescinded with effect from {approval.effective} by "
                    f"{_approval_words(approval, context)}. The text below is its last text in force; "
                    "it no longer applies.",
                ],
            )
        )
    elif work_view.rescission is not None:
        approval = work_view.rescission.approval
        notices.append(
            _admonition(
                "warning",
                f"Rescinded with effect from {approval.effective}",
                [f"By {_approval_words(approval, context)}. Until then the text below applies."],
            )
        )
    for span in work_view.upcoming:
        notices.append(
            _admonition(
                "warning",
                f"Amendment adopted: comes into force on {span.start}"
                if shown
                else f"Comes into force on {span.start}",
                [
                    f"Adopted by {_approval_words(span.version.approval, context)}. "
                    + ("The text below applies until then. " if shown else "No text of it is in force yet. ")
                    + f"[Read the coming text]({link(uri, version_uri(work_id, span))})"
                    + (
                        f" or [its changes]({link(uri, version_uri(work_id, span, 'redline.md'))})."
                        if span.previous
                        else "."
                    ),
                ],
            )
        )
    notices.extend(_translation_notices(work_view, uri, context))
    if shown is None:
        text = f"# {work_view.title}\n\n" + "\n".join(notices)
        text += f"\n[History of this regulation]({link(uri, work_uri(work_id, 'history.md'))})\n"
        return Page(uri, _front_matter(work_view.title, searchable=False) + text)
    panel = _panel(work_view, shown, uri, context)
    searchable = not work_view.rescinded
    return Page(
        uri, _front_matter(work_view.title, searchable=searchable) + _compose(shown, [*notices, panel])
    )


def _translation_notices(work_view: WorkView, uri: str, context: _Context) -> list[str]:
    notices: list[str] = []
    if work_view.original is not None and work_view.original in context.views:
        original = context.views[work_view.original]
        original_link = link(uri, work_uri(original.work.id))
        notices.append(
            _admonition(
                "note",
                "参考訳",
                [
                    f"この文書は参考のための翻訳です。法的効力を有するのは[原文（{original.title}）]({original_link})のみです。",
                    "",
                    f"This is a reference translation. Only [the original]({original_link}) has legal effect.",
                ],
            )
        )
        in_force = original.current
        if (
            work_view.original_digest
            and in_force is not None
            and in_force.version.digest != work_view.original_digest
        ):
            notices.append(
                _admonition(
                    "danger",
                    "この翻訳は現行の原文に対応していません",
                    [
                        f"原文は {in_force.start} から改正後の内容が施行されています。翻訳は改正前の原文に基づいています。"
                        f"最新の内容は[原文]({original_link})を確認してください。",
                        "",
                        f"This translation follows an earlier text of the original; the original in force since "
                        f"{in_force.start} differs. Read [the original]({original_link}).",
                    ],
                )
            )
    links = _language_links(work_view, uri, context)
    if links:
        notices.insert(0, links)
    return notices


def _language_links(work_view: WorkView, uri: str, context: _Context) -> str:
    """Links to the same regulation in other languages; a script carries the article anchor along."""
    others: list[WorkView] = []
    if work_view.original is not None and work_view.original in context.views:
        original = context.views[work_view.original]
        others = [original, *(t for t in context.translations(original.work.id) if t is not work_view)]
    else:
        others = context.translations(work_view.work.id)
    links = [
        f"[{_LANGUAGE_NAMES.get(other.language, other.language)}]({link(uri, work_uri(other.work.id))})"
        f'{{ .governance-language hreflang="{other.language}" lang="{other.language}" }}'
        for other in others
    ]
    if not links:
        return ""
    pairs = [work_view] if work_view.original is not None else context.translations(work_view.work.id)
    side_by_side = [
        f"[{_side_by_side_name(context.views[t.original], t)}]({link(uri, work_uri(t.work.id, 'bilingual.md'))})"
        f"{{ .governance-bilingual-link }}"
        for t in pairs
        if _bilingual_texts(t, context) is not None and t.original is not None
    ]
    line = "Language: " + " · ".join(links)
    if side_by_side:
        line += " · Side by side: " + " · ".join(side_by_side)
    return line + "\n"


def _side_by_side_name(original: WorkView, translation: WorkView) -> str:
    return " / ".join(_LANGUAGE_NAMES.get(v.language, v.language) for v in (original, translation))


def _bilingual_texts(translation: WorkView, context: _Context) -> tuple[WorkView, Span, Span] | None:
    """(original, its text shown, the translation's text shown) when both have a text to show."""
    if translation.original is None or translation.original not in context.views:
        return None
    original = context.views[translation.original]
    if original.shown is None or translation.shown is None:
        return None
    return original, original.shown, translation.shown


def _bilingual_page(translation: WorkView, context: _Context) -> Page | None:
    """The original and its translation side by side, article by article; out of search and the nav."""
    texts = _bilingual_texts(translation, context)
    if texts is None:
        return None
    original, original_span, translation_span = texts
    uri = work_uri(translation.work.id, "bilingual.md")
    original_link = link(uri, work_uri(original.work.id))
    translation_link = link(uri, work_uri(translation.work.id))
    title = f"{original.title} / {translation.title}"
    stale = (
        translation.original_digest is not None
        and translation.original_digest != original_span.version.digest
    )
    lines = [
        f"# {title}",
        "",
        _admonition(
            "note",
            "参考訳 / Reference translation",
            [
                f"Left: [the original]({original_link}), the only text with legal effect. "
                f"Right: [the reference translation]({translation_link}). Articles are paired by number.",
                "",
                f"左は[原文]({original_link})（法的効力を有するのは原文のみ）、右は[参考訳]({translation_link})です。",
            ],
        ),
    ]
    if stale:
        lines.append(
            _admonition(
                "danger",
                "この翻訳は現行の原文に対応していません",
                [
                    "The translation follows an earlier text of the original: where they differ, the original applies.",
                ],
            )
        )
    lines.append(
        bilingual_markdown(
            Side(original_span.version.text, original.language),
            Side(translation_span.version.text, translation.language),
            missing="—",
        )
    )
    return Page(uri, _front_matter(title, searchable=False) + "\n".join(lines))


_LANGUAGE_NAMES = {
    "en": "English",
    "ja": "日本語",
    "zh": "中文",
    "ko": "한국어",
    "de": "Deutsch",
    "fr": "Français",
}


def _panel(work_view: WorkView, span: Span, uri: str, context: _Context) -> str:
    work_id = work_view.work.id
    approval = span.version.approval
    lines = [f"- **Status:** {_span_state_words(span)}"]
    enactment = work_view.first_enactment()
    enacted = f"- **Enacted:** {work_view.enacted}"
    if enactment is not None:
        enacted += f" (recorded by resolution {enactment.version.approval.resolution} of {enactment.version.approval.date})"
    lines.append(enacted)
    amendment = work_view.last_amendment(span)
    if amendment is not None:
        lines.append(
            f"- **Last amended:** in force from {amendment.start}, by resolution "
            f"{amendment.version.approval.resolution} of {amendment.version.approval.date}"
        )
    lines.append(
        f"- **This text:** adopted by {_approval_words(approval, context)}; effective {approval.effective}"
    )
    lines.append(f"- **Governing body:** {context.body_name(work_view.governed_by)}")
    source = version_uri(work_id, span, _source_name(span))
    lines.append(
        f'- **Digest:** <code class="governance-digest">{span.version.digest}</code> — '
        f"[download the exact text]({link(uri, source)}) and run `sha256sum {_source_name(span)}`, "
        f"or `git show {span.version.commit[:12]}:{span.version.path} | sha256sum`: the same hex digest."
    )
    lines.append(
        f"- **History:** [all versions and their changes]({link(uri, work_uri(work_id, 'history.md'))})"
    )
    return _admonition("info", "About this text", lines)


def _compose(span: Span, notices: list[str]) -> str:
    """The regulation text without its front matter, with the notices right after its title."""
    text = anchored(span.version.text, span.version.path, span.version.work)
    block = "\n" + "\n".join(notices) + "\n"
    match = re.search(r"^#[ \t]+.+$", text, re.MULTILINE)
    if match is None:
        return block + "\n" + text
    return text[: match.end()] + "\n" + block + text[match.end() :]


def _version_page(work_view: WorkView, span: Span, context: _Context) -> Page:
    work_id = work_view.work.id
    uri = version_uri(work_id, span)
    current = link(uri, work_uri(work_id))
    kind = {"current": "success", "upcoming": "warning", "past": "note", "superseded": "note"}[span.state]
    words = _span_state_words(span).capitalize()
    rest = f"This is the text in force; it is also shown on [the regulation's page]({current})."
    if span.state != "current":
        rest = f"[Read the text in force today]({current})."
    notice = _admonition(kind, f"{words}", [f"This version is {_span_state_words(span)}. {rest}"])
    panel = _panel(work_view, span, uri, context)
    title = f"{work_view.title} ({span.slug})"
    return Page(uri, _front_matter(title, searchable=False) + _compose(span, [notice, panel]))


def _redline_page(work_view: WorkView, span: Span, context: _Context) -> Page:
    assert span.previous is not None
    work_id = work_view.work.id
    uri = version_uri(work_id, span, "redline.md")
    previous = next(s for s in work_view.spans if s.version is span.previous)
    title = f"{work_view.title}: changes {'in force from' if span.state != 'upcoming' else 'coming into force on'} {span.start}"
    lines = [
        f"# {title}",
        "",
        f"By {_approval_words(span.version.approval, context)}, amending "
        f"[the text {_span_state_words(previous)}]({link(uri, version_uri(work_id, previous))}). "
        f"[Read the amended text]({link(uri, version_uri(work_id, span))}).",
        "",
        "Insertions are <ins>underlined</ins>, deletions <del>struck through</del>; only changed articles are shown. "
        "The redline compares the exact source texts.",
        "",
    ]
    if work_view.language == "ja":
        return Page(uri, _front_matter(title, searchable=False) + "\n".join(lines[:4] + _comparison(span)))
    changes = redline.redline(span.previous.text, span.version.text)
    if not changes:
        lines += ["The texts are identical.", ""]
    for change in changes:
        heading = change.heading or (
            "Metadata" if change.key == redline.FRONT_MATTER_KEY else "Title and preamble"
        )
        suffix = {"added": " (added)", "deleted": " (deleted)", "changed": ""}[change.status]
        lines.append(f"## {heading}{suffix} {{ #{change.key} }}")
        lines.append("")
        # One raw HTML line: a blank line inside would end the HTML block and expose the rest to Markdown.
        lines.append(f'<div class="governance-redline">{change.html.replace(chr(10), "&#10;")}</div>')
        lines.append("")
    return Page(uri, _front_matter(title, searchable=False) + "\n".join(lines))


def _comparison(span: Span) -> list[str]:
    """The 新旧対照表 of a Japanese text's amendment: after on the left, before on the right."""
    assert span.previous is not None
    rows = redline.comparison(span.previous.text, span.version.text)
    lines = [
        "改正後の規定を左に、改正前の規定を右に示します。改正部分には傍線を付しています"
        "（読み上げでは改正後の傍線部分を挿入、改正前の傍線部分を削除として伝えます）。"
        f"新たに設ける規定の右欄は「{redline.NEW_PROVISION}」、削る規定の左欄は「{redline.DELETED_PROVISION}」です。",
        "",
    ]
    if not rows:
        return [*lines, "本文の変更はありません（メタデータのみの変更）。", ""]
    return [*lines, redline.comparison_table_html(rows), ""]


def _history(work_view: WorkView, context: _Context) -> Page:
    work_id = work_view.work.id
    uri = work_uri(work_id, "history.md")
    title = f"{work_view.title}: history"
    lines = [
        f"# {title}",
        "",
        f"[The regulation's page]({link(uri, work_uri(work_id))}). Every adopted version, newest first. "
        "Redlines show what each amendment changed.",
        "",
        "| Version | In force | Action | Resolution | Adopted | Changes |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    if work_view.rescission is not None:
        approval = work_view.rescission.approval
        lines.append(
            f"| — | ends {approval.effective - timedelta(days=1)} | rescind | "
            f"{approval.resolution} ({context.body_name(approval.body)}) | {approval.date} | — |"
        )
    for span in reversed(work_view.spans):
        approval = span.version.approval
        changes = (
            f"[redline]({link(uri, version_uri(work_id, span, 'redline.md'))})" if span.previous else "—"
        )
        lines.append(
            f"| [{span.slug}]({link(uri, version_uri(work_id, span))}) | {_span_state_words(span)} | "
            f"{span.version.action} | {approval.resolution} ({context.body_name(approval.body)}) | "
            f"{approval.date} | {changes} |"
        )
    for translation in context.translations(work_id):
        lines += [
            "",
            f"Translation: [{translation.title}]({link(uri, work_uri(translation.work.id, 'history.md'))}).",
        ]
    return Page(uri, _front_matter(title, searchable=False) + "\n".join(lines) + "\n")


def _home(context: _Context) -> Page:
    uri = "index.md"
    lines = [
        "# Internal regulations",
        "",
        f"The regulations of the group in force on {context.today}, as adopted by their governing bodies. "
        "Every text here was approved by a recorded, signed resolution and checked by the audit of the "
        "repository's history.",
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
                f"[{_LANGUAGE_NAMES.get(t.language, t.language)}]({link(uri, work_uri(t.work.id))})"
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
    lines += [
        "## Guides",
        "",
        "- [Employees](guides/employee.md): read, search, compare versions, print, subscribe.",
        "- [Legal department](guides/legal.md): propose an amendment and pass the check.",
        "- [Board secretary](guides/secretary.md): record and sign a resolution.",
        "- [Administrator](guides/administrator.md): set up the repository and its protections.",
        "",
        "[What's new](whats-new.md) · [Atom feed](feed.xml)",
        "",
    ]
    return Page(uri, _front_matter("Internal regulations", searchable=True) + "\n".join(lines))


def _pending(context: _Context, uri: str) -> list[str]:
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
                f"comes into force on {span.start} (resolution {span.version.approval.resolution} of "
                f"{span.version.approval.date})"
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


def _events(context: _Context) -> list[_Event]:
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


def _whats_new(context: _Context) -> Page:
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
            f"{_ACTION_WORDS[event.action]} by resolution {approval.resolution} of the "
            f"{context.body_name(approval.body)}; effective {approval.effective}"
        )
    if len(lines) == 4:
        lines.append("Nothing has been adopted yet.")
    return Page(uri, _front_matter("What's new", searchable=True) + "\n".join(lines) + "\n")


def _feed(context: _Context) -> str:
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
        entries, title="Internal regulations: adopted changes", site_url=context.site_url, updated=updated
    )

"""Regulation text -> HTML: the one renderer of every published rendering of a regulation (its pages, its
versions, the bilingual view, the PDF), from the same markdown-it parse as lint and numbering.

The subset it renders (site/guides/legal.md, "The Markdown of a regulation"): ATX headings, paragraphs,
ordered and bullet lists, block quotes, tables, thematic breaks, code; emphasis, strong emphasis, code
spans, links to http(s)/mailto addresses or to an anchor, autolinks, backslash escapes and hard breaks.
Everything else is shown as written, never interpreted: raw HTML, character references (`&#x202E;`
stays those nine characters), images, link reference definitions, admonition or attribute-list syntax.
Lint refuses all of those (MD001-MD012), so an approved text never contains them; the renderer makes
sure that even an unlinted text cannot hide or restyle anything.

Numbers are shown as written: an ordered list is not an `<ol>` (whose numbers the browser counts) but a
block whose number is text, so a paragraph written "2." reads "2.". Every element gets the parser's
language-independent anchor (`article-5`, `article-5-2`, `article-2-1-3-a`), so lint's references, the
site's permalinks and the redline agree on them.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from governance.text.inert_html import ANCHOR_CLOSE, ANCHOR_OPEN, DIRECTIVE, is_reserved
from governance.text.invisible import shown_html, shown_plain
from governance.text.line_breaks import shows_no_space
from governance.text.memo import memo_by_digest
from governance.text.model import Item, Regulation
from governance.text.parser import block_parse, parse_regulation, slug
from governance.text.recognisers import DIGITS, KANJI_NUMERALS

# The parser's block rules (commonmark + tables, raw HTML recognised as such), so block structure and
# line maps are the parser's; `text_join` is off so an entity stays a token of its own (shown as written).
_markdown = MarkdownIt("commonmark").enable("table").disable("text_join")
_SAFE_HREF = re.compile(r"(?:https?://|mailto:|#)[^\s]*\Z", re.IGNORECASE)

PERMALINK_CLASS = "governance-permalink"
HEADERLINK_CLASS = "headerlink"  # the class of MkDocs' own heading permalinks, styled by the theme
TEXT_CLASS = "governance-text"
REFERENCE_CLASS = "governance-reference"
SEARCH_EXCLUDE = "data-search-exclude"  # Material's search leaves the element out: no ¶ in results  # a cross-reference the parser resolved


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    title: str  # HTML of the heading's text, without its permalink


@dataclass(frozen=True)
class Division:
    """A top-level part of a text: what comes before the first article (or section), an article (or a
    section of a text without articles), or what follows the last one after a thematic break."""

    key: str  # "article-5", a section's anchor, "preamble" or "closing"
    heading: str  # the heading's plain text ("Article 5. Internal control"), "" for preamble and closing
    html: str

    # Read only where a text is compared (the redline's parts): made when asked, not for every page.
    @functools.cached_property
    def text(self) -> str:
        """The visible text, for comparing what a reader sees (the redline)."""
        return visible_text(self.html)


@dataclass(frozen=True)
class RenderedText:
    html: str  # the whole body, front matter excluded
    headings: list[Heading]
    divisions: list[Division]
    anchors: list[str] = field(default_factory=list)  # every id the HTML carries


@dataclass
class _Options:
    anchors: bool  # ids and permalinks; off for a second copy on one page (bilingual view)
    permalink_title: Callable[[str], str]  # the anchor -> the permalink's accessible name
    headings_as_text: bool  # headings as <p><strong>, so a copy adds nothing to the table of contents
    # An address outside the subset (`../travel.md`) -> the URL of the page it names, or None (as written).
    resolve_href: Callable[[str], str | None] = lambda href: None


def _as_written(href: str) -> str | None:
    return None


def render_text(
    text: str,
    path: str,
    work_id: str,
    *,
    permalink_title: Callable[[str], str] = lambda anchor: "Permanent link",
    anchors: bool = True,
    headings_as_text: bool = False,
    regulation: Regulation | None = None,
    resolve_href: Callable[[str], str | None] | None = None,
) -> RenderedText:
    """The body of a regulation text (front matter excluded) as HTML, cut into its divisions.
    `regulation`: the text's model (parsed leniently) when the caller has it already; a site renders
    each version more than once, and parsing is most of the cost."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if regulation is None:
        regulation = lenient_model(text, path, work_id)
    lines = text.split("\n")
    body = "\n".join([""] * (regulation.body_line - 1) + lines[regulation.body_line - 1 :])
    tokens = _with_inlines(body)
    renderer = _Renderer(
        regulation, lines, _Options(anchors, permalink_title, headings_as_text, resolve_href or _as_written)
    )
    return renderer.render(tokens)


# A site renders each version twice (its page with anchors; its parts for redlines and comparisons) from
# one parse: kept for the versions of a few regulations. Shared: the renderer never mutates a token.
@memo_by_digest(lambda body: (body,), entries=32, characters=4 * 1024 * 1024)
def _with_inlines(body: str) -> tuple[Token, ...]:
    """markdown-it's parse of `body` (core rules: normalize, block, inline) on the block parse the parser
    made of the same body (governance.text.parser.block_parse) instead of a second one."""
    blocks, references = block_parse(body)
    env = dict(references)  # the inline rules read the link reference definitions
    tokens = list(blocks)
    for index, token in enumerate(tokens):
        if token.type == "inline":
            # A new token, the shared block token left as the parser made it (copy.copy of a slotted
            # dataclass took a fifth of this function).
            if env:  # link reference definitions (lint refuses them): the run is read with them
                children: list[Token] = []
                _markdown.inline.parse(token.content, _markdown, env, children)
            else:
                children = _inline_children(token.content)
            tokens[index] = Token(
                token.type,
                token.tag,
                token.nesting,
                token.attrs,
                token.map,
                token.level,
                children,
                token.content,
                token.markup,
                token.info,
                token.meta,
                token.block,
                token.hidden,
            )
    return tuple(tokens)


def _inline_children(content: str) -> list[Token]:
    """markdown-it's inline parse of one run of a text without link reference definitions: a function of
    the run alone (the inline rules read nothing else of the text)."""
    if len(content) <= _REMEMBERED_RUN:
        return list(_short_run(content))
    children: list[Token] = []
    _markdown.inline.parse(content, _markdown, {}, children)
    return children


# Most runs of a version recur in the next one: each short one is parsed once while the versions of a
# few regulations are rendered (at most about 4 M characters behind the kept tokens). Shared: the
# renderer never mutates a token.
_REMEMBERED_RUN = 1024


@functools.lru_cache(maxsize=4096)
def _short_run(content: str) -> tuple[Token, ...]:
    children: list[Token] = []
    _markdown.inline.parse(content, _markdown, {}, children)
    return tuple(children)


def lenient_model(text: str, path: str, work_id: str) -> Regulation:
    """The model of a text, parsed leniently, as a site shows and renders it. Remembered by the text
    alone (its path and id name it, they change nothing of its structure), so the page of a version, its
    redline's parts and the comparisons share one parse: parsing is most of the cost of rendering."""
    model = _lenient_model(text)
    if model.title == _UNNAMED:  # its title is its id (no title, no heading): parse it under its own
        return parse_regulation(text, path, work_id, lenient=True)
    return model._replace(id=work_id, path=path)


_UNNAMED = "\0unnamed"  # the id a remembered model is parsed under: no heading reads so


# A site parses the text shown of every regulation first (its language, title), then renders each
# regulation's versions together: room for the first of a few thousand regulations, within about 80 MB
# (a model is about five times its text).
@memo_by_digest(lambda text: (text,), entries=2048, characters=16 * 1024 * 1024)
def _lenient_model(text: str) -> Regulation:
    return parse_regulation(text, "", _UNNAMED, lenient=True)


class _Renderer:
    def __init__(self, regulation: Regulation, lines: list[str], options: _Options) -> None:
        self.lines = lines
        self.body_start = regulation.body_line - 1  # 0-based: lines before it are front matter
        self.options = options
        self.heading_anchors = {article.line: article.anchor for article in regulation.articles}
        self.heading_anchors.update({section.line: section.anchor for section in regulation.sections})
        # 章・節・款 and each 附則 open a division of their own, with the parser's anchor.
        for parts in (regulation.divisions, regulation.supplementary):
            self.heading_anchors.update({part.line: part.anchor for part in parts})
        self.titles = {article.line: article.heading for article in regulation.articles}
        self.titles.update({section.line: section.title for section in regulation.sections})
        self.titles.update({part.line: part.heading for part in regulation.divisions})
        self.titles.update({part.line: part.heading for part in regulation.supplementary})
        self.block_anchors: dict[int, str] = {}
        for article in regulation.articles:
            for paragraph in article.paragraphs:
                self.block_anchors.setdefault(paragraph.line, paragraph.anchor)
                self._items(paragraph.items)
        self.references: dict[int, dict[str, str]] = {}
        for reference in regulation.references:
            if reference.target is not None:
                self.references.setdefault(reference.line, {})[reference.text] = reference.target
        self.used: set[str] = set(self.heading_anchors.values()) | set(self.block_anchors.values())
        self.claimed: set[str] = set()
        self.ids: list[str] = []
        self.headings: list[Heading] = []

    def _items(self, items: list[Item]) -> None:
        for item in items:
            self.block_anchors.setdefault(item.line, item.anchor)
            self._items(item.items)

    def render(self, tokens: Sequence[Token]) -> RenderedText:
        divisions: list[Division] = []
        key, heading = "preamble", ""
        covered = self.body_start  # source lines before this one belong to a block already rendered
        parts: list[str] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.map is not None:
                line = token.map[0] + 1
                opens = (token.type == "heading_open" and line in self.heading_anchors) or (
                    token.type == "hr" and key != "preamble" and key != "closing"
                )
                if opens:
                    if parts:
                        divisions.append(_division(key, heading, parts))
                    parts = []
                    key, heading = (
                        ("closing", "")
                        if token.type == "hr"
                        else (self.heading_anchors[line], self.titles.get(line, ""))
                    )
                parts.extend(self._gap(covered, token.map[0]))
                covered = max(covered, token.map[1])
            end = _closing(tokens, index)
            parts.append(self._block(tokens[index : end + 1]))
            index = end + 1
        parts.extend(self._gap(covered, len(self.lines)))
        if parts:
            divisions.append(_division(key, heading, parts))
        return RenderedText("".join(d.html for d in divisions), self.headings, divisions, self.ids)

    def _gap(self, start: int, end: int) -> Iterator[str]:
        """Source lines no block covers (a link reference definition, which Markdown would swallow): shown
        as written, so no approved word is ever left off the page."""
        for number in range(start, min(end, len(self.lines))):
            if self.lines[number].strip():
                yield f'<p class="governance-literal">{_escape(self.lines[number].strip())}</p>\n'

    def _claim(self, line: int) -> str | None:
        """The anchor of the model's paragraph or item opening on `line`, once: a list item and its first
        paragraph open on one line, and only the outer element carries the id."""
        anchor = self.block_anchors.get(line)
        if anchor is None or anchor in self.claimed:
            return None
        self.claimed.add(anchor)
        return anchor

    def _block(self, tokens: Sequence[Token]) -> str:
        out: list[str] = []
        lists: list[str] = []  # "ordered" or "bullet", innermost last
        paragraphs: list[bool] = []  # whether each open paragraph wrote its <p>
        label: str | None = None  # an ordered item's number, for its first paragraph
        permalink: list[str] = []  # the anchor whose permalink ends the next paragraph
        for position, token in enumerate(tokens):
            kind = token.type
            line = token.map[0] + 1 if token.map is not None else 0
            if kind == "heading_open":
                out.append(self._heading(token, tokens[position + 1]))
            elif kind == "inline" and position > 0 and tokens[position - 1].type == "heading_open":
                continue
            elif kind == "inline":
                out.append(self._inline(token, permalink, split=bool(paragraphs and paragraphs[-1])))
            elif kind == "paragraph_open":
                anchor = self._claim(line)
                if anchor is not None:
                    permalink[:] = [anchor]
                shown = not token.hidden or label is not None or anchor is not None
                paragraphs.append(shown)
                if shown:
                    out.append(f"<p{self._id(anchor)}>")
                if label is not None:
                    out.append(_number(label) + " ")
                    label = None
            elif kind == "paragraph_close":
                if permalink:
                    out.append(self._permalink(permalink.pop()))
                if paragraphs.pop():
                    out.append("</p>\n")
            elif kind in ("ordered_list_open", "bullet_list_open"):
                lists.append("ordered" if kind.startswith("ordered") else "bullet")
                # Numbered paragraphs keep a list's meaning for screen readers, and their numbers as text.
                out.append(
                    '<div class="governance-list" role="list">\n' if lists[-1] == "ordered" else "<ul>\n"
                )
            elif kind in ("ordered_list_close", "bullet_list_close"):
                out.append("</div>\n" if lists.pop() == "ordered" else "</ul>\n")
            elif kind == "list_item_open":
                anchor = self._claim(line)
                ordered = lists[-1] == "ordered"
                tag = '<div class="governance-list-item" role="listitem"' if ordered else "<li"
                out.append(f"{tag}{self._id(anchor)}>")
                first_is_paragraph = (
                    position + 1 < len(tokens) and tokens[position + 1].type == "paragraph_open"
                )
                if ordered:
                    label = f"{token.info}{token.markup}"
                    if not first_is_paragraph:
                        out.append(f"<p>{_number(label)}</p>")
                        label = None
                if anchor is not None and self.options.anchors:
                    if first_is_paragraph:
                        permalink[:] = [anchor]
                    else:
                        out.append(self._permalink(anchor))
            elif kind == "list_item_close":
                out.append("</div>\n" if lists[-1] == "ordered" else "</li>\n")
            elif (
                kind == "blockquote_open"
            ):  # a paragraph the parser counts may be a quotation, a table or code
                out.append(f"<blockquote{self._id(self._claim(line))}>\n")
            elif kind == "blockquote_close":
                out.append("</blockquote>\n")
            elif kind == "hr":
                out.append("<hr>\n")
            elif kind in ("code_block", "fence"):
                out.append(f"<pre{self._id(self._claim(line))}><code>{_escape(token.content)}</code></pre>\n")
            elif kind == "html_block" and DIRECTIVE.fullmatch(token.content.strip()):
                # A tool's directive: no words, nothing to show; an anchor the parser put on its line
                # still lands here.
                anchor = self._id(self._claim(line))
                out.append(f"<a{anchor}></a>\n" if anchor else "")
            elif kind == "html_block":
                escaped = _escape(token.content.strip("\n")).replace("\n", "<br>\n")
                out.append(f'<p class="governance-literal">{escaped}</p>\n')
            elif kind == "table_open":
                out.append(f"<table{self._id(self._claim(line))}>\n")
            elif token.tag in _TABLE_TAGS:
                out.append(_table_tag(token))
        return "".join(out)

    def _heading(self, token: Token, inline: Token) -> str:
        assert token.map is not None
        line = token.map[0] + 1
        content = self._inline(inline, [], split=False)
        if self.options.headings_as_text:
            return f'<p class="governance-heading"><strong>{content}</strong></p>\n'
        level = int(token.tag[1:])
        anchor = self.heading_anchors.get(line) or self._slug(inline.content)
        self.headings.append(Heading(level, anchor, shown_html(content)))
        link = ""
        if self.options.anchors:
            link = (
                f' <a class="{HEADERLINK_CLASS}" href="#{_escape(anchor)}" {self._named(anchor)}>&para;</a>'
            )
        return f"<h{level}{self._id(anchor)}>{content}{link}</h{level}>\n"

    def _slug(self, title: str) -> str:
        base = slug(title)
        candidate, counter = base, 0
        while candidate in self.used:
            counter += 1
            candidate = f"{base}_{counter}"
        self.used.add(candidate)
        return candidate

    def _id(self, anchor: str | None) -> str:
        if anchor is None or not self.options.anchors:
            return ""
        self.ids.append(anchor)
        return f' id="{_escape(anchor)}"'

    def _named(self, anchor: str) -> str:
        """A permalink's name: a screen reader announces "Link to Article 5", not the pilcrow it shows."""
        name = _escape(self.options.permalink_title(anchor))
        return f'title="{name}" aria-label="{name}"'

    def _permalink(self, anchor: str) -> str:
        if not self.options.anchors:
            return ""
        return (
            f' <a class="{PERMALINK_CLASS}" href="#{_escape(anchor)}" '
            f"{self._named(anchor)} {SEARCH_EXCLUDE}>&para;</a>"
        )

    def _inline(self, token: Token, permalink: list[str], *, split: bool) -> str:
        """An inline run. With `split`, a line inside it that opens a paragraph or item of the model (a
        Japanese `２　` written without a blank line before it) starts a new <p> with that anchor."""
        assert token.map is not None
        line = token.map[0] + 1
        out: list[str] = []
        links: list[str | None] = []  # per open link: None when shown as a link, else its source's end
        children = token.children or []
        skip = False  # the closing tag of an empty anchor, written already
        # The emphases open (em, strong), closed before a paragraph the split starts and opened again
        # inside it: an emphasis across `２　` must not leave the two paragraphs badly nested.
        opened: list[str] = []
        breaks: list[int] = []  # where each soft line break stands in `out`: shown once both sides are known
        for position, child in enumerate(children):
            kind = child.type
            if skip:
                skip = False
                continue
            if kind == "html_inline" and DIRECTIVE.fullmatch(child.content):
                continue  # a tool's directive: no words, nothing to show
            anchor = self._empty_anchor(children, position)
            if anchor is not None:
                if self.options.anchors:  # a copy on a page (bilingual, redline) carries no ids
                    out.append(f'<a id="{_escape(anchor)}"></a>')
                skip = True
                continue
            if kind == "text":
                out.append(self._text(child.content, line, linked=bool(links)))
            elif kind == "text_special":
                # An entity is shown as written (`&#x202E;` is nine characters), an escape as its character.
                out.append(_escape(child.markup if child.info == "entity" else child.content))
            elif kind in ("softbreak", "hardbreak"):
                line += 1
                anchor = self._claim(line) if split and not links else None
                if anchor is not None:
                    out.extend(f"</{tag}>" for tag in reversed(opened))
                    if permalink:
                        out.append(self._permalink(permalink.pop()))
                    out.append(f"</p>\n<p{self._id(anchor)}>")
                    out.extend(f"<{tag}>" for tag in opened)
                    if self.options.anchors:
                        permalink[:] = [anchor]
                else:
                    if kind == "softbreak":
                        breaks.append(len(out))
                    out.append("<br>\n" if kind == "hardbreak" else "\n")
            elif kind == "code_inline":
                out.append(f"<code>{_escape(child.content)}</code>")
            elif kind in ("em_open", "strong_open"):
                out.append(f"<{child.tag}>")
                opened.append(child.tag)
            elif kind in ("em_close", "strong_close"):
                out.append(f"</{child.tag}>")
                if opened and opened[-1] == child.tag:  # markdown-it nests them: the last opened closes
                    opened.pop()
            elif kind == "link_open":
                href = str(child.attrs.get("href", ""))
                # Outside the subset (a relative or unusual address): shown as its source, not followed,
                # unless the site resolves it to one of its pages (a link between texts).
                target = href if _SAFE_HREF.match(href) else self.options.resolve_href(href)
                literal = None if target is not None else f"]({href})"
                links.append(literal)
                out.append(f'<a href="{_escape(target)}">' if target is not None else "[")
            elif kind == "link_close":
                literal = links.pop()
                out.append("</a>" if literal is None else _escape(literal))
            elif kind == "image":
                alt = "".join(grand.content for grand in child.children or [])
                out.append(_escape(f"![{alt}]({child.attrs.get('src', '')})"))
            else:  # html_inline and anything else: as written
                out.append(_escape(child.content))
        for index in breaks:  # governance.text.line_breaks: no space inside a Japanese sentence
            if shows_no_space(_shown_next(out, index, -1), _shown_next(out, index, 1)):
                out[index] = ""
        return "".join(out)

    def _empty_anchor(self, children: list[Token], position: int) -> str | None:
        """The id of an empty anchor opening at `position` (governance.text.inert_html), once per page and
        never one of the page's own ids; None otherwise (then it is shown as written)."""
        child = children[position]
        if child.type != "html_inline" or position + 1 >= len(children):
            return None
        match = ANCHOR_OPEN.fullmatch(child.content)
        following = children[position + 1]
        if match is None or following.type != "html_inline" or following.content != ANCHOR_CLOSE:
            return None
        anchor = match.group(1)
        if is_reserved(anchor, self.used):
            return None
        self.used.add(anchor)
        if self.options.anchors:
            self.ids.append(anchor)
        return anchor

    def _text(self, content: str, line: int, *, linked: bool) -> str:
        """Escaped text, with the parser's resolved cross-references on this line as links (none without
        anchors: the page holding a copy has nothing for them to point at)."""
        found = self.references.get(line)
        if not found or linked or not self.options.anchors:
            return _escape(content)
        # Whole numbers only: "Article 1" is not a reference inside "Article 10".
        alternatives = "|".join(re.escape(text) for text in sorted(found, key=len, reverse=True))
        pattern = re.compile(f"(?<![{_DIGITS}])(?:{alternatives})(?![{_DIGITS}])")
        out: list[str] = []
        position = 0
        for match in pattern.finditer(content):
            out.append(_escape(content[position : match.start()]))
            out.append(
                f'<a class="{REFERENCE_CLASS}" href="#{_escape(found[match.group()])}">'
                f"{_escape(match.group())}</a>"
            )
            position = match.end()
        out.append(_escape(content[position:]))
        return "".join(out)


def _escape(text: str) -> str:
    """html.escape(text): the same string, without its five replacements in a text that has none of the
    characters they replace (most of a regulation's words and every parser's anchor)."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html.escape(text)
    return text


_TABLE_TAGS = {"table", "thead", "tbody", "tr", "th", "td"}
_DIGITS = f"{DIGITS}{KANJI_NUMERALS}"


def _division(key: str, heading: str, parts: list[str]) -> Division:
    # Every character a reader could not see is shown as its mark (governance.text.invisible), here where
    # every rendering passes: the pages, the redline's parts, the bilingual view, the PDF.
    return Division(key, shown_plain(heading), shown_html("".join(parts)))


def _shown_next(out: list[str], index: int, step: int) -> str:
    """The character a reader sees next to the piece `out[index]`, before it (`step` -1) or after it (1):
    markup that shows nothing (emphasis, an empty anchor) is looked through; a line break or a paragraph
    the split started is a blank. "" at the end of the run."""
    index += step
    while 0 <= index < len(out):
        piece = out[index]
        shown = visible_text(piece) if "<" in piece or "&" in piece else piece  # most pieces are text
        if shown:
            return shown[-1] if step < 0 else shown[0]
        index += step
    return ""


def _number(label: str) -> str:
    return f'<span class="governance-number">{_escape(label)}</span>'


def _closing(tokens: Sequence[Token], index: int) -> int:
    """The index of the token that closes the block opened at `index` (itself for a self-contained one)."""
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth <= 0:
            return position
    return len(tokens) - 1


def _table_tag(token: Token) -> str:
    newline = "\n" if token.tag in ("table", "thead", "tbody", "tr") else ""
    if token.nesting == -1:
        return f"</{token.tag}>{newline}"
    align = str(token.attrs.get("style", ""))
    style = f' style="{align}"' if re.fullmatch(r"text-align:(?:left|right|center)", align) else ""
    return f"<{token.tag}{style}>" + ("\n" if token.tag in ("table", "thead", "tbody") else "")


def visible_text(markup: str) -> str:
    """The text a reader sees in HTML made by this module: tags dropped, permalinks left out, entities
    decoded. For the redline's comparison; the fidelity test has an extractor of its own."""
    without_links = re.sub(
        rf'<a class="(?:{PERMALINK_CLASS}|{HEADERLINK_CLASS})"[^>]*>&para;</a>', "", markup
    )
    return html.unescape(re.sub(r"<[^>]+>", "", without_links))

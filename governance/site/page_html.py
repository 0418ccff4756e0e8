"""A generated page's HTML without Python-Markdown, for the few forms of Markdown the site's pages are
written in.

The renderer writes each generated page as Markdown (front matter, banners, panels, tables), and MkDocs
converted every one of them with Python-Markdown: in a first build of 50 x 200, 3.0 s of CPU of 8.3, the
largest part of the build, for pages whose every block the renderer itself wrote. This module converts
the same Markdown to the very HTML Python-Markdown makes with the extensions the site uses (admonition,
attr_list, md_in_html, tables, toc with permalinks, governance.site.cjk_breaks), and returns None for a
page holding anything else: that page goes to Python-Markdown as before. It accepts little, on purpose:

- blocks: `#` headings (with an `{ #id }`), one-line paragraphs, lists of one-line `- ` items, tables
  with `| --- |` delimiters, admonitions (`!!!`) of such paragraphs, a `<p ... markdown>` of one line,
  a `<details ... markdown>` with its one-line `<summary>` and a list, a `<div ... markdown>` around a
  table, and raw HTML blocks (a comment
  line; a block-level element from its first line to its closing tag on the block's last line);
- inline: words, `**strong**`, `` `code` ``, `[text](address)`, an HTML tag, a character reference (in
  a heading: words, character references and nowrap spans only). A
  backslash, a single `*` or `_`, `!`, a bare `&`, `<` or `>`, braces, a soft line break (the cjk_breaks
  rule), or anything else Python-Markdown might read as markup makes the page go to Python-Markdown.

Pure: addresses are made by `url` (MkDocs' own link rewriting, which also validates them) and heading
ids by `slugify` (the toc extension's). tests/site/test_page_html.py holds both paths to the same bytes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markdown.extensions.toc import nest_toc_tokens, unique
from markdown.util import BLOCK_LEVEL_ELEMENTS

_ATTRIBUTES = r"""(?:\s+[a-zA-Z][a-zA-Z0-9_:.-]*(?:=(?:'[^'<>`]*'|"[^"<>`]*"))?)*"""
_TAG = re.compile(rf"</?[a-zA-Z][a-zA-Z0-9]*{_ATTRIBUTES}\s*/?>")
_ENTITY = re.compile(
    r"&(?:#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});"
)  # as Python-Markdown reads one
_HREF = re.compile(r"[A-Za-z0-9._~/#%?=+:-]+")
# Words: none of the characters that start or end markup, or that the serializer escapes.
_WORDS = re.compile(r"[^\\`*_\[\]<>&!{}\n]+")
_HEADING = re.compile(r"(#{1,6}) (.+?)(?: \{ ?#([A-Za-z][A-Za-z0-9_-]*) ?\})?")
_HEADING_TEXT = re.compile(r"(?:[^\\`*_\[\]<>&!{}#\n]|&#[0-9]{1,7};|&[a-zA-Z][a-zA-Z0-9]{1,31};)+")
# A date or an id kept on one line in a heading (governance.site.context.nowrap): its words are the toc's.
_NOWRAP = re.compile(r"<span class='governance-nowrap'>([^<>]+)</span>")
_OPEN = re.compile(rf"<([a-zA-Z][a-zA-Z0-9]*)({_ATTRIBUTES})\s*>")
_MARKDOWN_OPEN = re.compile(rf"<(p|details|div)({_ATTRIBUTES}) markdown>")
_ATTRIBUTE = re.compile(r"""\s+([a-zA-Z][a-zA-Z0-9_:.-]*)(?:=(?:'([^'<>`]*)'|"([^"<>`]*)"))?""")
_SUMMARY = re.compile(r"<summary>((?:[^<]|<(?!/?summary))*)</summary>")
_COMMENT = re.compile(r"<!--(?:(?!-->).)*-->")
_DELIMITER = re.compile(r"\|(?: --- \|)+")
_BLOCK_TAGS = frozenset(BLOCK_LEVEL_ELEMENTS)
_RULE = re.compile(r"(?:\*\s*){3,}$")  # a thematic break
_WORD = re.compile(r"\w")
_HREF_SLOT = re.compile("\x00([0-9]+)\x00")
_LINK_ATTRIBUTES = re.compile(r'\{:?((?:\s*(?:\.[A-Za-z][A-Za-z0-9_-]*|[a-z][a-z-]*="[^"\s&<>{}]*"))+)\s*\}')
_ORDERED = re.compile(r"[0-9]+[.)]")


class NotSimple(Exception):
    """The page holds Markdown this module does not reproduce: Python-Markdown converts it."""


@dataclass
class Converted:
    html: str
    toc_tokens: list[dict[str, Any]]
    anchor_ids: set[str] = field(default_factory=set)
    title: str | None = None  # the text of the h1 that starts the page (MkDocs' title from the render)


def page_html(
    markdown: str,
    *,
    url: Callable[[str], str],
    slugify: Callable[[str, str], str],
    permalink: str,
    permalink_title: str,
    separator: str = "-",
) -> Converted | None:
    """The HTML Python-Markdown makes of `markdown` (a page's, without its front matter), or None."""
    try:
        return _Page(url, slugify, permalink, permalink_title, separator).convert(markdown)
    except NotSimple:
        return None


class _Page:
    def __init__(
        self,
        url: Callable[[str], str],
        slugify: Callable[[str, str], str],
        permalink: str,
        permalink_title: str,
        separator: str,
    ) -> None:
        self.url = url
        self.slugify = slugify
        self.permalink = permalink
        self.permalink_title = permalink_title
        self.separator = separator
        # (chunk, level, inner HTML, its words, explicit id)
        self.headings: list[tuple[int, int, str, str, str | None]] = []
        self.ids: set[str] = set()  # of the elements in Python-Markdown's tree: headings step around them
        self.anchors: set[str] = set()  # of raw HTML, which MkDocs finds in the page's source
        self.hrefs: list[str] = []  # the addresses of the page's links, by slot

    def convert(self, markdown: str) -> Converted:
        if "\x00" in markdown:
            raise NotSimple  # the slot of an address (below)
        blocks = _blocks(markdown)
        chunks: list[str] = []  # an element is followed by "\n", a raw block by "\n\n" (Python-Markdown's)
        index = 0
        while index < len(blocks):
            block = blocks[index]
            first = block[0]
            if first.startswith("#"):
                chunks.append(self._heading(block, len(chunks)))
            elif first.startswith("!!! "):
                index, chunk = self._admonition(blocks, index)
                chunks.append(chunk)
                continue
            elif first.startswith("<"):
                index, chunk = self._html(blocks, index)
                chunks.append(chunk)
                continue
            elif first.startswith("|"):
                chunks.append(self._table(block) + "\n")
            elif first.startswith("- "):
                if index and blocks[index - 1][0].startswith("- "):
                    raise NotSimple  # a blank line between items: one loose list
                chunks.append(self._list(block) + "\n")
            else:
                chunks.append(f"<p>{self._paragraph(block)}</p>\n")
            index += 1
        return self._finish(chunks)

    def _finish(self, chunks: list[str]) -> Converted:
        tokens: list[dict[str, Any]] = []
        title = None
        counters: dict[str, int] = {}
        for chunk_index, level, text, name, explicit in self.headings:
            # The heading holds words, character references and nowrap spans: `name` is its words.
            anchor = explicit or unique(self.slugify(html.unescape(name), self.separator), self.ids, counters)
            tokens.append({"level": level, "id": anchor, "name": name, "html": text, "data-toc-label": ""})
            if chunk_index == 0 and level == 1:
                title = name  # as MkDocs reads it: character references stay
            chunks[chunk_index] = (
                f'<h{level} id="{_attribute(anchor)}">{text}<a class="headerlink" href="{self._href("#" + anchor)}"'
                f' title="{_attribute(self.permalink_title)}">{self.permalink}</a></h{level}>\n'
            )
        # Every address made only now, in the page's order, once the page is known to be converted here:
        # MkDocs warns of a link it cannot resolve, and a page handed to Python-Markdown must not warn twice.
        page = _HREF_SLOT.sub(
            lambda slot: _attribute(self.url(self.hrefs[int(slot.group(1))])), "".join(chunks).strip()
        )
        return Converted(page, nest_toc_tokens(tokens), self.ids | self.anchors, title)

    def _href(self, href: str) -> str:
        """A slot for the address `href` becomes (the page's links are made in order, at the end)."""
        self.hrefs.append(href)
        return f"\x00{len(self.hrefs) - 1}\x00"

    def _heading(self, block: list[str], chunk: int) -> str:
        match = _HEADING.fullmatch(block[0])
        if len(block) != 1 or match is None:
            raise NotSimple
        text = match.group(2)
        name = _NOWRAP.sub(r"\1", text)
        if not _HEADING_TEXT.fullmatch(name):
            raise NotSimple
        if name.endswith("#") or name != name.strip() or "  " in name:  # the toc's name folds blanks
            raise NotSimple
        explicit = match.group(3)
        if explicit is not None:
            if explicit in self.ids:
                raise NotSimple
            self.ids.add(explicit)
        self.headings.append((chunk, len(match.group(1)), text, name, explicit))
        return ""  # made when every id of the page is known (the toc extension's order)

    def _admonition(self, blocks: list[list[str]], index: int) -> tuple[int, str]:
        match = re.fullmatch(r'!!! ([a-z]+) "([^"]+)"', blocks[index][0])
        if match is None or len(blocks[index]) != 1:
            raise NotSimple
        body: list[str] = []
        index += 1
        while index < len(blocks) and blocks[index][0].startswith("    "):
            block = blocks[index]
            if not all(line.startswith("    ") and not line.startswith("     ") for line in block):
                raise NotSimple
            body.append(f"<p>{self._paragraph([line[4:] for line in block])}</p>\n")
            index += 1
        if not body:
            raise NotSimple
        kind, title = match.groups()
        return index, (
            f'<div class="admonition {kind}">\n<p class="admonition-title">{self._inline(title)}</p>\n'
            + "".join(body)
            + "</div>\n"
        )

    def _html(self, blocks: list[list[str]], index: int) -> tuple[int, str]:
        block = blocks[index]
        first = block[0]
        markdown = _MARKDOWN_OPEN.match(first)
        if markdown is not None:
            return self._markdown_in_html(blocks, index, markdown)
        opened = _OPEN.match(first)
        if opened is not None and opened.group(1) not in _BLOCK_TAGS:  # inline HTML opens a paragraph
            return index + 1, f"<p>{self._paragraph(block)}</p>\n"
        # Block-level elements, each from the start of a line to its closing tag at the end of one: raw
        # HTML, which Python-Markdown writes as it is.
        text = "\n".join(block)
        position = 0
        while position < len(text):
            comment = _COMMENT.match(text, position)
            opened = None if comment else _OPEN.match(text, position)
            if comment is not None:
                end = comment.end()
            elif opened is not None and opened.group(1) in _BLOCK_TAGS:
                tag, attributes = opened.group(1), opened.group(2)
                close = text.find(f"</{tag}>", opened.end())
                if close < 0 or "markdown" in attributes.split() or _opens(tag, text[opened.end() : close]):
                    raise NotSimple
                end = close + len(f"</{tag}>")
                self._raw_ids(tag, attributes)
                if tag not in {"script", "style"}:  # their content is not HTML to MkDocs either
                    for other in _OPEN.finditer(text, opened.end(), close):
                        self._raw_ids(other.group(1), other.group(2))
            else:
                raise NotSimple
            if end < len(text) and text[end] != "\n":
                raise NotSimple
            position = end + 1
        return index + 1, text + "\n\n"

    def _markdown_in_html(
        self, blocks: list[list[str]], index: int, opened: re.Match[str]
    ) -> tuple[int, str]:
        tag, attributes = opened.group(1), opened.group(2)
        start = f"<{tag}{_serialised(attributes)}>"
        self._tree_ids(attributes)
        block = blocks[index]
        if tag == "p":
            if len(block) != 1 or not block[0].endswith("</p>"):
                raise NotSimple
            inner = block[0][opened.end() : -len("</p>")]
            return index + 1, f"{start}{self._inline(inner)}</p>\n"
        if tag == "div":  # <div ... markdown> alone, a table, and </div> alone on a line
            if len(block) != 1 or index + 2 >= len(blocks) or blocks[index + 2] != ["</div>"]:
                raise NotSimple
            if not blocks[index + 1][0].startswith("|"):
                raise NotSimple
            return index + 3, f"{start}\n{self._table(blocks[index + 1])}\n</div>\n"
        # <details ... markdown>, its summary, a list, and </details> alone on a line.
        summary = _SUMMARY.fullmatch(block[1]) if len(block) == 2 else None
        if summary is None or index + 2 >= len(blocks) or blocks[index + 2] != ["</details>"]:
            raise NotSimple
        for match in re.finditer(r"<|&", summary.group(1)):
            rest = summary.group(1)[match.start() :]
            if not (_TAG.match(rest) if match.group() == "<" else _ENTITY.match(rest)):
                raise NotSimple
        for other in _OPEN.finditer(summary.group(1)):
            self._raw_ids(other.group(1), other.group(2))
        items = blocks[index + 1]
        if not items[0].startswith("- "):
            raise NotSimple
        return index + 3, f"{start}\n{block[1]}\n{self._list(items)}\n</details>\n"

    def _tree_ids(self, attributes: str) -> None:
        for match in _ATTRIBUTE.finditer(attributes):
            if match.group(1) == "id":
                raise NotSimple  # an id the toc extension would step around: Python-Markdown decides

    def _raw_ids(self, tag: str, attributes: str) -> None:
        """The anchors of raw HTML, as MkDocs finds them (an id; an <a>'s name)."""
        for match in _ATTRIBUTE.finditer(attributes):
            name, single, double = match.groups()
            if name == "id" or (name == "name" and tag.lower() == "a"):
                self.anchors.add(html.unescape(single if single is not None else double or ""))

    def _list(self, block: list[str]) -> str:
        if not all(line.startswith("- ") for line in block):
            raise NotSimple
        items = "".join(f"<li>{self._inline(_not_a_block(line[2:]))}</li>\n" for line in block)
        return f"<ul>\n{items}</ul>"

    def _table(self, block: list[str]) -> str:
        if len(block) < 3 or not _DELIMITER.fullmatch(block[1]):
            raise NotSimple
        header = _cells(block[0])
        if len(header) != block[1].count("---"):
            raise NotSimple
        out = ["<table>\n<thead>\n<tr>\n"]
        out += [f"<th>{self._inline(cell)}</th>\n" for cell in header]
        out.append("</tr>\n</thead>\n<tbody>\n")
        for line in block[2:]:
            cells = _cells(line)
            if len(cells) != len(header):
                raise NotSimple
            out.append("<tr>\n")
            out += [f"<td>{self._inline(cell)}</td>\n" for cell in cells]
            out.append("</tr>\n")
        out.append("</tbody>\n</table>")
        return "".join(out)

    def _paragraph(self, block: list[str]) -> str:
        if len(block) != 1:
            raise NotSimple  # a soft line break: the cjk_breaks rule
        return self._inline(_not_a_block(block[0]))

    def _inline(self, text: str, *, in_link: bool = False, in_strong: bool = False) -> str:
        if text != text.strip() or text.endswith("  "):
            raise NotSimple
        out: list[str] = []
        position = 0
        while position < len(text):
            words = _WORDS.match(text, position)
            if words is not None:
                out.append(words.group())
                position = words.end()
                continue
            char = text[position]
            rest = text[position:]
            if rest.startswith("**") and not in_strong:
                end = text.find("**", position + 2)
                inner = text[position + 2 : end]
                if end < 0 or not inner or inner != inner.strip() or "*" in inner:
                    raise NotSimple
                out.append(f"<strong>{self._inline(inner, in_link=in_link, in_strong=True)}</strong>")
                position = end + 2
            elif char == "`":
                end = text.find("`", position + 1)
                code = text[position + 1 : end]
                if (
                    end < 0
                    or not code
                    or code != code.strip()
                    or text[end + 1 : end + 2] == "`"
                    or "<" in code
                ):
                    raise NotSimple
                out.append(f"<code>{html.escape(code, quote=False)}</code>")
                position = end + 1
            elif char == "[" and not in_link:
                close = text.find("](", position)
                end = text.find(")", close)
                label, href = text[position + 1 : close], text[close + 2 : end]
                if close < 0 or end < 0 or "[" in label or "]" in label or not _HREF.fullmatch(href):
                    raise NotSimple
                inner = self._inline(label, in_link=True, in_strong=in_strong)
                attributes = {"href": self._href(href)}
                position = end + 1
                listed = _LINK_ATTRIBUTES.match(text, position)  # attr_list's { .class key="value" }
                if listed is not None:
                    attributes.update(_link_attributes(listed.group(1)))
                    position = listed.end()
                out.append(f"<a{_written(attributes)}>{inner}</a>")
            elif char == "<" and (tag := _TAG.match(text, position)) is not None:
                if tag.group().split(None, 1)[0].lstrip("</").rstrip(">").lower() in _BLOCK_TAGS:
                    raise NotSimple
                opened = _OPEN.fullmatch(tag.group())
                if opened is not None:
                    self._raw_ids(opened.group(1), opened.group(2))
                out.append(tag.group())
                position = tag.end()
            elif char == "&" and (entity := _ENTITY.match(text, position)) is not None:
                out.append(entity.group())
                position = entity.end()
            elif char == "_" and position and _WORD.match(text, position - 1):
                out.append(char)  # within a word (snake_case): no emphasis opens after a word character
                position += 1
            else:
                raise NotSimple
        return "".join(out)


def _not_a_block(text: str) -> str:
    """`text`, when no block marker starts it (a heading, a quotation, a list, code, a rule, ...)."""
    if not text or text[0] in "#>-+=|!_`~ \t" or _ORDERED.match(text):
        raise NotSimple
    if text[0] == "*" and (not text.startswith("**") or text.startswith("***") or _RULE.match(text)):
        raise NotSimple
    return text


def _opens(tag: str, text: str) -> bool:
    """Whether `text` opens another `tag` element (Python-Markdown would nest it)."""
    return re.search(rf"<{tag}[\s/>]", text) is not None


def _blocks(markdown: str) -> list[list[str]]:
    """The page's lines in runs between blank lines."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in markdown.split("\n"):
        if line.strip():
            if line != line.rstrip() or "\t" in line or "\r" in line:
                raise NotSimple
            current.append(line)
        elif line:
            raise NotSimple  # blanks alone on a line: Python-Markdown's rules for them are its own
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _cells(line: str) -> list[str]:
    if not line.startswith("| ") or not line.endswith(" |") or "\\" in line:
        raise NotSimple
    cells: list[str] = []
    current: list[str] = []
    in_code = False
    for char in line[1:-1]:
        if char == "`":
            in_code = not in_code
        if char == "|" and not in_code:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    if in_code:
        raise NotSimple
    cells.append("".join(current).strip())
    if any(not cell for cell in cells):
        raise NotSimple
    return cells


def _serialised(attributes: str) -> str:
    """An element's attributes as Python-Markdown writes them after parsing them: by name, in double
    quotes."""
    parsed: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(attributes):
        name, single, double = match.groups()
        value = single if single is not None else double
        if value is None:
            value = name  # md_in_html writes an attribute without a value as its own name
        if "&" in value or name != name.lower() or name in parsed:
            raise NotSimple
        parsed[name] = _attribute(value)
    return _written(parsed)


def _link_attributes(listed: str) -> dict[str, str]:
    classes: list[str] = []
    attributes: dict[str, str] = {}
    for item in listed.split():
        if item.startswith("."):
            classes.append(item[1:])
        else:
            name, _, value = item.partition("=")
            if name in attributes or name in {"href", "class", "id", "name"}:
                raise NotSimple
            attributes[name] = value.strip('"')
    if classes:
        attributes["class"] = " ".join(classes)
    return attributes


def _written(attributes: dict[str, str]) -> str:
    """Attributes (escaped already) in the order Python-Markdown's serializer writes them: by name."""
    return "".join(f' {name}="{value}"' for name, value in sorted(attributes.items()))


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

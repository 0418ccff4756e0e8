"""Markdown regulation text -> the typed model (governance.text.model), every element with its source line.

English structure: `## Article N. Title`; numbered paragraphs are an ordered list (`1.`); an article
with plain text has one unnumbered paragraph. Japanese structure: `## 第N条（見出し）`; the first
paragraph is unnumbered, the next ones open with `２　`. Items open with a label ((1), (a), （１）, 一,
イ, (iv)); an item nests under the open item of another kind, and is a sibling of the open item of
its own kind, so `- (a)` bullets after "(3)" belong to (3) as the source shows.

Anchors are language independent: `article-5`, `article-5-2` (paragraph 2), and for items the
paragraph anchor plus one segment per level: numbers as digits, letters of any script (a, イ) as
latin letters, roman numerals as r<N>. "(3)(b)" of Article 2's only paragraph is `article-2-1-3-b`;
イ under （３） in Japanese gives the same anchor.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from governance.collector import collection_paused
from governance.i18n import Message
from governance.text.block_rules import tried_where_they_open
from governance.text.findings import Finding
from governance.text.front_matter import raise_first, read_front_matter
from governance.text.memo import memo_by_digest
from governance.text.model import (
    Article,
    Definition,
    Division,
    FrontMatter,
    Item,
    Paragraph,
    Regulation,
    Section,
    SupplementaryProvision,
)
from governance.text.numbering import Label, item_label, resolve_roman
from governance.text.recognisers import (
    DIGITS,
    article_anchor,
    article_heading,
    division_heading,
    is_supplementary_heading,
    looks_like_article,
    parse_number,
    source_text,
)
from governance.text.references import find_references

_PARAGRAPH_JA = re.compile(f"([{DIGITS}]+)[ 　]+(?=\\S)")
_DEFINITIONS = {"definitions", "定義"}

# Only block structure and the raw text of inline tokens are used: skip inline parsing, a third of the time.
_markdown = tried_where_they_open(MarkdownIt("commonmark").enable("table").disable("inline"))


# A site renders each version of a regulation twice (its page; its parts for the redlines), a dozen
# versions apart: room for the versions of a few regulations (tokens are about ten times their text).
@memo_by_digest(lambda body: (body,), entries=64, characters=4 * 1024 * 1024)
def block_parse(body: str) -> tuple[tuple[Token, ...], dict[str, Any]]:
    """The block tokens of `body` (inline tokens unparsed) and markdown-it's env (link references).
    Kept for the latest bodies: the HTML renderer (governance.text.html) reads the same blocks after the
    parser, and the block parse is most of the cost of either. Shared: never mutate them."""
    env: dict[str, Any] = {}
    return tuple(_markdown.parse(body, env)), env


def parse_regulation(text: str, path: str, regulation_id: str, *, lenient: bool = False) -> Regulation:
    """The model of one regulation text. Raises GovernanceError on unusable front matter unless lenient."""
    regulation, _ = parse_with_findings(text, path, regulation_id, lenient=lenient, strict_errors=True)
    return regulation


def title_and_metadata(text: str, path: str, regulation_id: str) -> tuple[str, dict[str, Any]]:
    """The title and front matter of a text, as the lenient model has them, without parsing its body when
    the front matter names the title (a catalog of every version needs no more: one parse each was most
    of its cost). A text whose title is its first heading, or its id, is parsed whole."""
    header = read_front_matter(source_text(text), path, lenient=True)
    if header.front_matter is not None:
        return header.front_matter.title, header.metadata
    stated = header.metadata.get("title")
    if isinstance(stated, str) and stated.strip():
        return stated.strip(), header.metadata
    regulation = parse_regulation(text, path, regulation_id, lenient=True)
    return regulation.title, regulation.metadata


@collection_paused()
def parse_with_findings(
    text: str, path: str, regulation_id: str, *, lenient: bool = False, strict_errors: bool = False
) -> tuple[Regulation, list[Finding]]:
    """The model plus what the parser noticed: front matter problems (FM001-FM004) and malformed
    article headings (STR006). With strict_errors, a front matter problem raises instead."""
    text = source_text(text)
    header = read_front_matter(text, path, lenient=lenient)
    if strict_errors and not lenient:
        raise_first(header)
    lines = text.split("\n")
    # Blank out the front matter instead of cutting it, so markdown-it's line maps are file lines.
    body = "\n".join([""] * header.end_line + lines[header.end_line :])
    tokens = list(block_parse(body)[0])
    walk = _Walk(path, lines)
    walk.run(_blocks(tokens))
    articles = [draft.build() for draft in walk.articles]
    sections = [] if articles else _sections(walk.headings, walk.title_heading, lines)
    references = find_references(_text_lines(tokens, lines), articles)
    title = _title(header.front_matter, header.metadata.get("title"), walk.title_heading, regulation_id)
    regulation = Regulation(
        id=regulation_id,
        path=path,
        front_matter=header.front_matter,
        metadata=header.metadata,
        title=title,
        body_line=header.body_line,
        articles=articles,
        sections=sections,
        definitions=_definitions(articles),
        references=references,
        divisions=walk.divisions,
        supplementary=[draft.build(lines) for draft in walk.supplementary],
    )
    return regulation, [*header.findings, *walk.findings]


def _title(
    front_matter: FrontMatter | None, stated: object, heading: _Heading | None, regulation_id: str
) -> str:
    if front_matter is not None:
        return front_matter.title
    if isinstance(stated, str) and stated.strip():
        return stated.strip()
    return heading.text if heading is not None else regulation_id


class _Block:
    """A block of the parse: a token, or an opening token with the blocks up to its closing one (as
    markdown-it's SyntaxTreeNode, whose generic nodes cost as much as the rest of the model), and the
    raw text of its inline token (a paragraph's, a heading's), which is not a block of its own."""

    __slots__ = ("children", "inline", "map", "token", "type")

    def __init__(self, token: Token) -> None:
        self.token = token
        self.type = token.type.removesuffix("_open") if token.nesting == 1 else token.type
        self.map = token.map
        self.children: list[_Block] = []
        self.inline = ""


def _blocks(tokens: list[Token]) -> list[_Block]:
    """The top-level blocks of a token stream, each with the blocks nested in it."""
    top: list[_Block] = []
    opened: list[_Block] = []
    for token in tokens:
        if token.nesting < 0:
            opened.pop()
        elif token.type == "inline" and opened:
            opened[-1].inline = token.content
        else:
            block = _Block(token)
            (opened[-1].children if opened else top).append(block)
            if token.nesting > 0:
                opened.append(block)
    return top


@dataclass
class _Heading:
    text: str
    level: int
    line: int  # 1-based
    end: int  # 0-based index of the first line after the heading


@dataclass
class _Unit:
    """A piece of an article's body: a paragraph opening, an item opening, or text that continues."""

    kind: Literal["paragraph", "item", "text"]
    line: int
    text: str
    number: int = 0
    label: str | None = None
    item: Label | None = None


@dataclass
class _ItemDraft:
    label: Label
    line: int
    texts: list[str]
    children: list[_ItemDraft] = field(default_factory=list)

    def build(self, parent_anchor: str) -> Item:
        anchor = f"{parent_anchor}-{self.label.anchor}"
        return Item(
            label=self.label.text,
            number=self.label.number,
            text=_join(self.texts),
            line=self.line,
            anchor=anchor,
            items=[child.build(anchor) for child in self.children],
        )


@dataclass
class _ParagraphDraft:
    number: int
    label: str | None
    line: int
    texts: list[str] = field(default_factory=list)
    items: list[_ItemDraft] = field(default_factory=list)


@dataclass
class _ArticleDraft:
    number: int
    title: str
    heading: str
    line: int
    level: int
    japanese: bool
    lines: list[str]
    branch: int | None = None
    blocks: list[_Block] = field(default_factory=list)

    def build(self) -> Article:
        anchor = article_anchor(self.number, self.branch)
        paragraphs: list[_ParagraphDraft] = []
        open_items: list[_ItemDraft] = []
        for unit in self._units():
            if unit.kind == "paragraph":
                paragraphs.append(
                    _ParagraphDraft(unit.number, unit.label, unit.line, [unit.text] if unit.text else [])
                )
                open_items = []
                continue
            if not paragraphs:
                paragraphs.append(_ParagraphDraft(1, None, unit.line))
            if unit.kind == "text":
                (open_items[-1].texts if open_items else paragraphs[-1].texts).append(unit.text)
                continue
            assert unit.item is not None
            label = resolve_roman(unit.item, {item.label.kind: item.label.number for item in open_items})
            draft = _ItemDraft(label, unit.line, [unit.text] if unit.text else [])
            level = next(
                (index for index, item in enumerate(open_items) if item.label.kind == label.kind),
                len(open_items),
            )
            open_items = open_items[:level]
            (open_items[-1].children if open_items else paragraphs[-1].items).append(draft)
            open_items.append(draft)
        return Article(
            number=self.number,
            branch=self.branch,
            title=self.title,
            heading=self.heading,
            line=self.line,
            anchor=anchor,
            paragraphs=[
                Paragraph(
                    number=paragraph.number,
                    label=paragraph.label,
                    text=_join(paragraph.texts),
                    line=paragraph.line,
                    anchor=f"{anchor}-{paragraph.number}",
                    items=[item.build(f"{anchor}-{paragraph.number}") for item in paragraph.items],
                )
                for paragraph in paragraphs
            ],
        )

    def _units(self) -> Iterator[_Unit]:
        for node in self.blocks:
            if node.type == "paragraph":
                yield from _split(node, self.japanese, paragraph_numbers=True)
            elif node.type == "ordered_list":
                for entry in node.children:
                    label = f"{entry.token.info}{entry.token.markup}"
                    number = int(entry.token.info or 0)
                    yield _Unit("paragraph", _line(entry), "", number=number, label=label)
                    yield from self._contents(entry.children)
            elif node.type == "bullet_list":
                yield from self._bullets(node)
            else:
                yield _Unit("text", _line(node), _source(node, self.lines))

    def _contents(self, nodes: list[_Block]) -> Iterator[_Unit]:
        for child in nodes:
            if child.type == "paragraph":
                yield from _split(child, self.japanese, paragraph_numbers=False)
            elif child.type == "bullet_list":
                yield from self._bullets(child)
            else:
                yield _Unit("text", _line(child), _source(child, self.lines))

    def _bullets(self, node: _Block) -> Iterator[_Unit]:
        for entry in node.children:
            first = entry.children[0] if entry.children else None
            units = (
                list(_split(first, self.japanese, paragraph_numbers=False))
                if first and first.type == "paragraph"
                else []
            )
            if not units or units[0].kind != "item":
                # A plain bullet is text of the open item or paragraph; keep its marker so it reads the same.
                yield _Unit("text", _line(entry), _source(entry, self.lines))
                continue
            yield from units
            yield from self._contents(entry.children[1:])


def _split(node: _Block, japanese: bool, *, paragraph_numbers: bool) -> Iterator[_Unit]:
    """A Markdown paragraph cut at lines that open a Japanese paragraph or an item: writers do not
    always leave a blank line between them."""
    content = node.inline
    start = _line(node)
    current: _Unit | None = None
    lines: list[str] = []  # the current unit's text, joined when it is complete (never grown as a string)
    for offset, raw in enumerate(content.split("\n")):
        line_text = raw.strip(" \t")
        number = _PARAGRAPH_JA.match(line_text) if paragraph_numbers and japanese else None
        label = item_label(line_text, japanese=japanese)
        opened: _Unit | None = None
        if number:
            value = parse_number(number.group(1)) or 0
            opened = _Unit(
                "paragraph", start + offset, line_text[number.end() :], number=value, label=number.group(1)
            )
        elif label:
            opened = _Unit("item", start + offset, label.rest, item=label)
        if opened is not None or current is None:
            if current is not None:
                current.text = "\n".join(lines)
                yield current
            current = opened or _Unit("text", start + offset, line_text)
            lines = [current.text]
        elif lines == [""]:
            lines = [line_text]  # a unit opened with no text of its own takes the next line as its first
        else:
            lines.append(line_text)
    if current is not None:
        current.text = "\n".join(lines)
        yield current


@dataclass
class _SupplementaryDraft:
    ordinal: int
    heading: _Heading
    stop: int  # 0-based index of the first line after its last block
    closed: bool = False

    def build(self, lines: list[str]) -> SupplementaryProvision:
        return SupplementaryProvision(
            heading=self.heading.text,
            line=self.heading.line,
            anchor=f"supplementary-{self.ordinal}",
            text="\n".join(lines[self.heading.end : self.stop]).strip("\n"),
        )


class _Walk:
    """One pass over the top-level blocks: the title, the articles and their bodies, 章・節・款, the
    附則 after the articles, all headings."""

    def __init__(self, path: str, lines: list[str]) -> None:
        self.path = path
        self.lines = lines
        self.articles: list[_ArticleDraft] = []
        self.headings: list[_Heading] = []
        self.title_heading: _Heading | None = None
        self.findings: list[Finding] = []
        self.divisions: list[Division] = []
        self.supplementary: list[_SupplementaryDraft] = []
        self._open_divisions: list[tuple[str, int]] = []  # (kind, number) of the chapter, section, ...

    def _supplementary(self, node: _Block, heading: _Heading | None) -> bool:
        """Whether `node` belongs to a 附則: one opens at its heading and runs until the next one or a
        thematic break; its headings and articles (第1条（施行期日）) are its own text."""
        if heading is not None and is_supplementary_heading(heading.text):
            self.supplementary.append(_SupplementaryDraft(len(self.supplementary) + 1, heading, heading.end))
            return True
        if not self.supplementary or self.supplementary[-1].closed:
            return False
        self.supplementary[-1].stop = _end(node)
        return True

    def _division(self, heading: _Heading) -> bool:
        found = division_heading(heading.text)
        if found is None:
            return False
        order = ["chapter", "section", "subsection"]
        self._open_divisions = [
            (kind, number)
            for kind, number in self._open_divisions
            if order.index(kind) < order.index(found.kind)
        ]
        self._open_divisions.append((found.kind, found.number))
        anchor = "-".join(f"{kind}-{number}" for kind, number in self._open_divisions)
        self.divisions.append(
            Division(
                kind=found.kind,
                number=found.number,
                title=found.title,
                heading=heading.text,
                line=heading.line,
                anchor=anchor,
            )
        )
        return True

    def run(self, blocks: list[_Block]) -> None:
        current: _ArticleDraft | None = None
        for node in blocks:
            if node.type == "hr" and self.supplementary:
                self.supplementary[-1].closed = True  # what follows is the signature block
            if node.type == "heading":
                heading = _Heading(node.inline, int(node.token.tag[1:]), _line(node), _end(node))
                self.headings.append(heading)
                if self._supplementary(node, heading):
                    current = None
                    continue
                if self._division(heading):
                    current = None
                    continue
                article = _article(heading, self.lines)
                if article is not None:
                    current = article
                    self.articles.append(article)
                    continue
                if self.title_heading is None and heading.level == 1:
                    self.title_heading = heading
                if looks_like_article(heading.text):
                    self._malformed(heading.line, heading.text, is_heading=True)
                if current is not None and heading.level > current.level:
                    current.blocks.append(node)
                else:
                    current = None
            elif node.type == "hr":
                current = (
                    None  # a thematic break closes the last article: what follows is the signature block
                )
            elif self._supplementary(node, None):
                continue
            else:
                if node.type == "paragraph" and "\n" not in node.inline and article_heading(node.inline):
                    self._malformed(_line(node), node.inline, is_heading=False)
                if current is not None:
                    current.blocks.append(node)

    def _malformed(self, line: int, text: str, *, is_heading: bool) -> None:
        if is_heading:
            message = Message(
                "'{text}' looks like an article heading but does not parse; write '## Article N. Title' or "
                "'## 第N条（見出し）' with a plain number",
                text=text,
            )
        else:
            message = Message(
                "'{text}' is an article heading written as plain text; make it a heading: '## {text}'",
                text=text,
            )
        self.findings.append(Finding(self.path, line, 1, "STR006", message))


def _article(heading: _Heading, lines: list[str]) -> _ArticleDraft | None:
    found = article_heading(heading.text)
    if found is None:
        return None
    return _ArticleDraft(
        found.number,
        found.title,
        heading.text,
        heading.line,
        heading.level,
        found.japanese,
        lines,
        found.branch,
    )


def _sections(headings: list[_Heading], title: _Heading | None, lines: list[str]) -> list[Section]:
    sections: list[Section] = []
    used: dict[str, int] = {}
    for index, heading in enumerate(headings):
        if heading is title:
            continue
        stop = headings[index + 1].line - 1 if index + 1 < len(headings) else len(lines)
        body = "\n".join(lines[heading.end : stop]).strip("\n")
        sections.append(
            Section(
                title=heading.text,
                level=heading.level,
                line=heading.line,
                anchor=_unique(slug(heading.text), used),
                text=body,
            )
        )
    return sections


_NOT_IN_SLUG = re.compile(r"[^\w\s-]")
_SLUG_SEPARATORS = re.compile(r"[-\s]+")


def slug(title: str) -> str:
    """Like Python-Markdown's slugify_unicode (MkDocs' toc with unicode slugs): Japanese titles keep their words."""
    value = unicodedata.normalize("NFKC", title)
    value = _NOT_IN_SLUG.sub("", value).strip().lower()
    return _SLUG_SEPARATORS.sub("-", value) or "section"


def _unique(anchor: str, used: dict[str, int]) -> str:
    """`anchor`, else the first free of `anchor_1`, `anchor_2`, ... `used` maps every anchor given to the
    last counter tried after it, so a thousand identical headings cost a thousand steps, not 500,000."""
    if anchor not in used:
        used[anchor] = 0
        return anchor
    counter = used[anchor]
    while True:
        counter += 1
        candidate = f"{anchor}_{counter}"
        if candidate not in used:
            break
    used[anchor] = counter
    used[candidate] = 0
    return candidate


def _definitions(articles: list[Article]) -> list[Definition]:
    definitions: list[Definition] = []
    for article in articles:
        if article.title.strip().lower() not in _DEFINITIONS:
            continue
        for paragraph in article.paragraphs:
            for item in paragraph.items:
                term, text = _term(item.text)
                definitions.append(Definition(term=term, text=text, line=item.line, anchor=item.anchor))
    return definitions


_QUOTED_TERM = re.compile(r"[\"“「『](?P<term>[^\"”」』]+)[\"”」』]")


def _term(text: str) -> tuple[str, str]:
    """The defined term and its definition: "term\\n\\ndefinition", "term　definition" (Japanese),
    '"term" means ...' or 「term」とは...."""
    head, _, rest = text.partition("\n\n")
    if rest:
        return head.strip(), rest.strip()
    head, _, rest = text.partition("　")
    if rest:
        return head.strip(), rest.strip()
    quoted = _QUOTED_TERM.match(text)
    if quoted:
        return quoted.group("term"), text
    return text.strip(), ""


def _text_lines(tokens: list[Token], lines: list[str]) -> Iterator[tuple[int, str, str]]:
    """(line number, inline text, source line) of every line of running text; headings are not text."""
    for index, token in enumerate(tokens):
        if token.type != "inline" or token.map is None or tokens[index - 1].type == "heading_open":
            continue
        for offset, content in enumerate(token.content.split("\n")):
            number = token.map[0] + offset
            yield number + 1, content, lines[number] if number < len(lines) else content


def _line(node: _Block) -> int:
    assert node.map is not None
    return node.map[0] + 1


def _end(node: _Block) -> int:
    assert node.map is not None
    return node.map[1]


def _source(node: _Block, lines: list[str]) -> str:
    """The block as written, for text the model keeps verbatim (tables, quotes, plain bullets)."""
    assert node.map is not None
    return textwrap.dedent("\n".join(lines[node.map[0] : node.map[1]])).strip("\n")


def _join(texts: list[str]) -> str:
    return "\n\n".join(text.strip() for text in texts if text.strip())

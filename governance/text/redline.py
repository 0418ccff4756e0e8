"""The redline of an amendment: what changed, article by article, as HTML with <ins> and <del>.

Texts are aligned on their articles first, so a change in Article 6 never shows as noise in another
article, and only changed articles are listed. Within an article the diff runs on characters for
scripts written without spaces (Japanese) and on whole words for Latin script, where a diff of single
letters would be unreadable ("c<del>a</del><ins>o</ins>t").
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from governance.text.recognisers import article_number, split_front_matter

_HEADING = re.compile(r"^##[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
# A Latin word (letters, digits, inner apostrophes and hyphens) with the blanks after it, a run of
# blanks, or any one character: CJK text has no spaces, so each of its characters is a token of its own.
# Keeping a word's blanks with it stops the diff from anchoring on the spaces between changed words.
_LATIN = "[0-9A-Za-z\u00c0-\u024f]"
_TOKEN = re.compile(rf"{_LATIN}+(?:['’-]{_LATIN}+)*[ \t]*|[ \t]+|.", re.DOTALL)

FRONT_MATTER_KEY = "front-matter"
PREAMBLE_KEY = "preamble"


@dataclass(frozen=True)
class Block:
    """A unit of alignment: the front matter, the text before the first article, or one `##` section."""

    key: str  # "article-5" (language-independent), a heading slug, "preamble" or "front-matter"
    heading: str  # the heading as written, without the leading ##; "" for preamble and front matter
    text: str


@dataclass(frozen=True)
class BlockChange:
    key: str
    heading: str  # the new heading (the old one for a deleted block)
    status: Literal["changed", "added", "deleted"]
    html: str  # the block's source text, escaped, with <ins> and <del> around what changed


def heading_key(heading: str) -> str:
    number = article_number(heading)
    if number is not None:
        return f"article-{number}"
    slug = re.sub(r"[^\w]+", "-", heading.lower()).strip("-")
    return slug or "section"


def split_blocks(text: str) -> list[Block]:
    front_matter, body = split_front_matter(text)
    blocks: list[Block] = []
    if front_matter:
        blocks.append(Block(FRONT_MATTER_KEY, "", front_matter))
    headings = list(_HEADING.finditer(body))
    preamble_end = headings[0].start() if headings else len(body)
    if body[:preamble_end].strip():
        blocks.append(Block(PREAMBLE_KEY, "", body[:preamble_end]))
    seen: dict[str, int] = {}
    for index, match in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(body)
        key = heading_key(match.group(1))
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:  # two sections with one title: keep keys unique, in order of appearance
            key = f"{key}-{seen[key]}"
        blocks.append(Block(key, match.group(1), body[match.start() : end]))
    return blocks


def aligned(old: str, new: str) -> list[tuple[Block | None, Block | None]]:
    """The (before, after) pairs of blocks that differ, in the order of the new text; a block added has no
    before, a deleted one no after and stays where it stood, after the block that preceded it."""
    old_blocks = {block.key: block for block in split_blocks(old)}
    new_blocks = split_blocks(new)
    new_keys = {block.key for block in new_blocks}
    deleted_after: dict[str | None, list[Block]] = {}
    anchor: str | None = None
    for block in split_blocks(old):
        if block.key in new_keys:
            anchor = block.key
        else:
            deleted_after.setdefault(anchor, []).append(block)

    pairs: list[tuple[Block | None, Block | None]] = [(gone, None) for gone in deleted_after.get(None, [])]
    for block in new_blocks:
        before = old_blocks.get(block.key)
        if before is None or before.text != block.text:
            pairs.append((before, block))
        pairs.extend((gone, None) for gone in deleted_after.get(block.key, []))
    return pairs


def redline(old: str, new: str) -> list[BlockChange]:
    """The changed blocks of `new` against `old`, inline: insertions and deletions side by side in one text."""
    changes: list[BlockChange] = []
    for before, after in aligned(old, new):
        if after is None:
            assert before is not None
            changes.append(_deleted(before))
        elif before is None:
            changes.append(
                BlockChange(after.key, after.heading, "added", _wrap("ins", after.text.strip("\n")))
            )
        else:
            old_text, new_text = before.text, after.text
            if before.heading == after.heading:  # the page shows the heading already: diff what follows
                old_text, new_text = _content(before), _content(after)
            changes.append(BlockChange(after.key, after.heading, "changed", diff_html(old_text, new_text)))
    return changes


def _deleted(block: Block) -> BlockChange:
    return BlockChange(block.key, block.heading, "deleted", _wrap("del", block.text.strip("\n")))


def _content(block: Block) -> str:
    if not block.heading:
        return block.text.strip("\n")
    return block.text.split("\n", 1)[1].strip("\n") if "\n" in block.text else ""


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff_html(old: str, new: str) -> str:
    """Escaped `new` with insertions in <ins> and deletions in <del>, diffed token by token."""
    parts: list[str] = []
    for same, old_part, new_part in _diff(old, new):
        if same:
            parts.append(_same_word(old_part, new_part))
            continue
        if old_part:
            parts.append(_wrap("del", old_part))
        if new_part:
            parts.append(_wrap("ins", new_part))
    return "".join(parts)


def diff_sides(old: str, new: str) -> tuple[str, str]:
    """(escaped `old` with what went in <del>, escaped `new` with what came in <ins>): the two columns of
    a 新旧対照表, from the same token diff as the inline redline."""
    before: list[str] = []
    after: list[str] = []
    for same, old_part, new_part in _diff(old, new):
        if same:
            word = _word(new_part)
            before.append(html.escape(word, quote=False) + _marked("del", old_part[len(word) :]))
            after.append(html.escape(word, quote=False) + _marked("ins", new_part[len(word) :]))
        else:
            before.append(_marked("del", old_part))
            after.append(_marked("ins", new_part))
    return "".join(before), "".join(after)


def _diff(old: str, new: str) -> Iterator[tuple[bool, str, str]]:
    """(True, old token, new token) for a word both texts share (its trailing blanks may differ), else
    (False, old run, new run) for what was replaced; either run may be empty."""
    a, b = tokens(old), tokens(new)
    # Compare words without their trailing blanks: "Scope " before a word and "Scope" before a line end
    # are the same word; only the blanks after it differ.
    matcher = difflib.SequenceMatcher(None, [_word(t) for t in a], [_word(t) for t in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for old_token, new_token in zip(a[i1:i2], b[j1:j2], strict=True):
                yield True, old_token, new_token
        else:
            yield False, "".join(a[i1:i2]), "".join(b[j1:j2])


def _marked(tag: str, text: str) -> str:
    return _wrap(tag, text) if text else ""


def _same_word(old: str, new: str) -> str:
    if old == new:
        return html.escape(new, quote=False)
    word = _word(new)
    old_blank, new_blank = old[len(word) :], new[len(word) :]
    return (
        html.escape(word, quote=False)
        + (_wrap("del", old_blank) if old_blank else "")
        + (_wrap("ins", new_blank) if new_blank else "")
    )


def _word(token: str) -> str:
    return token.rstrip(" \t") or token


def _wrap(tag: str, text: str) -> str:
    return f"<{tag}>{html.escape(text, quote=False)}</{tag}>"


NEW_PROVISION = "（新設）"
DELETED_PROVISION = "（削る）"


@dataclass(frozen=True)
class ComparisonRow:
    """One article of a 新旧対照表: its text after the amendment (left) and before it (right)."""

    key: str  # "article-6": the anchor of the row
    heading: str  # the heading after the amendment (before it, for a deleted article)
    after: str  # escaped text, changed parts in <ins>; （削る） for a deleted article
    before: str  # escaped text, changed parts in <del>; （新設） for a new article


def comparison(old: str, new: str) -> list[ComparisonRow]:
    """The 新旧対照表 of an amendment, article by article: the provisions only (the front matter is not
    part of the text the amendment enacts); headings are part of each cell's text, as in print."""
    rows: list[ComparisonRow] = []
    for before, after in aligned(old, new):
        if (after or before) is not None and (after or before).key == FRONT_MATTER_KEY:  # type: ignore[union-attr]
            continue
        if after is None:
            assert before is not None
            rows.append(
                ComparisonRow(before.key, before.heading, DELETED_PROVISION, _wrap("del", _cell(before)))
            )
        elif before is None:
            rows.append(ComparisonRow(after.key, after.heading, _wrap("ins", _cell(after)), NEW_PROVISION))
        else:
            old_html, new_html = diff_sides(_cell(before), _cell(after))
            rows.append(ComparisonRow(after.key, after.heading, new_html, old_html))
    return rows


def _cell(block: Block) -> str:
    """The block's text as a cell shows it: without the Markdown heading marks and outer blank lines."""
    return re.sub(r"\A##[ \t]+", "", block.text.strip("\n"))


def comparison_table_html(rows: list[ComparisonRow]) -> str:
    """The 新旧対照表 as one HTML table on one line (a blank line would end Markdown's raw HTML block)."""
    head = (
        '<table class="governance-comparison" lang="ja"><caption>新旧対照表（傍線部分は改正部分）</caption>'
        '<thead><tr><th scope="col">改正後</th><th scope="col">改正前</th></tr></thead><tbody>'
    )
    body = "".join(
        f'<tr id="{html.escape(row.key)}"><td>{row.after}</td><td>{row.before}</td></tr>' for row in rows
    )
    return (head + body + "</tbody></table>").replace("\n", "&#10;")


@dataclass(frozen=True)
class PackItem:
    """One change of a proposal, for the board pack."""

    target: str  # regulation id, or "file <path>" for a governed file
    action: str  # enact | amend | rescind
    path: str
    digest: str  # what the decision must name: the new text's (the rescinded text's for rescind)
    body: str
    old: str | None
    new: str | None


def decision_entry(item: PackItem) -> str:
    """The decision the secretary records, exactly as the gate expects it."""
    key, value = ("file", item.target[5:]) if item.target.startswith("file ") else ("regulation", item.target)
    return f"  - {key}: {value}\n    action: {item.action}\n    digest: {item.digest}\n"


def board_pack_html(items: list[PackItem], *, title: str, css: str) -> str:
    """A self-contained HTML page (no external asset) for the board: redlines, digests, draft decisions."""
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{css}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        "<p>Insertions are <ins>underlined</ins>, deletions <del>struck through</del>. "
        "Each decision below names the digest of exactly the text shown.</p>",
    ]
    if not items:
        out.append("<p>This proposal changes no regulation and no governed file.</p>")
    for item in items:
        out.append(f"<section><h2>{html.escape(item.target)}: {html.escape(item.action)}</h2>")
        out.append(
            f"<p>File <code>{html.escape(item.path)}</code>; decided by <strong>{html.escape(item.body)}</strong>; "
            f'digest <code class="digest">{html.escape(item.digest)}</code></p>'
        )
        if item.action == "amend" and item.old is not None and item.new is not None:
            changes = redline(item.old, item.new)
        elif item.new is not None:
            changes = [BlockChange("text", "", "added", _wrap("ins", item.new))]
        else:
            changes = [BlockChange("text", "", "deleted", _wrap("del", item.old or ""))]
        for change in changes:
            if change.heading:
                out.append(f"<h3>{html.escape(change.heading)}</h3>")
            out.append(f'<div class="redline">{change.html}</div>')
        out.append("<p>Draft decision entry:</p>")
        out.append(f"<pre>decisions:\n{html.escape(decision_entry(item))}</pre></section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"

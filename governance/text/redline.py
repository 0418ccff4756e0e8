"""The redline of an amendment, as legal drafters describe one: which articles were inserted, deleted,
renumbered (Article 9 -> Article 10, 第９条→第１０条), replaced or amended, and within an amended article
what changed, with <ins> and <del>.

Articles are matched by their content and heading, not by their number, so inserting a new Article 9
shows one inserted article and the old Article 9 renumbered, not a rewrite of Article 9 and an "added"
Article 10. What is compared is the text as published (governance.text.html): emphasis, links, lists and
tables are shown as such, and no Markdown syntax (`## Article 9.`, `***`) ever appears in a redline. The
closing after the articles' rule ("End of text", 以上) is a part of its own, unchanged when unchanged.
Within an article the diff runs on characters for scripts written without spaces (Japanese) and on whole
words for Latin script, where a diff of single letters would be unreadable ("c<del>a</del><ins>o</ins>t").
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from governance.text import bounded_diff
from governance.text.html import TEXT_CLASS, Division, render_text, visible_text
from governance.text.memo import memo_by_digest
from governance.text.recognisers import article_number_label, split_front_matter

# A Latin word (letters, digits, inner apostrophes and hyphens) with the blanks after it, a run of
# blanks, or any one character: CJK text has no spaces, so each of its characters is a token of its own.
# Keeping a word's blanks with it stops the diff from anchoring on the spaces between changed words.
_LATIN = "[0-9A-Za-z\u00c0-\u024f]"
TOKEN_PATTERN = rf"{_LATIN}+(?:['’-]{_LATIN}+)*[ \t]*|[ \t]+|."  # read by the browser's comparison too
_TOKEN = re.compile(TOKEN_PATTERN, re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_TAG_NAME = re.compile(r"</?([a-z0-9]+)")
_VOID = {"br", "hr"}
SIMILAR = 0.5  # two articles with one number are one amended article from this similarity of text on

FRONT_MATTER_KEY = "front-matter"
PREAMBLE_KEY = "preamble"
CLOSING_KEY = "closing"

Status = Literal["changed", "added", "deleted", "renumbered", "replaced"]


@dataclass(frozen=True)
class BlockChange:
    key: str  # the anchor of the part: "article-10" (the old one's for a deleted article), "preamble"
    heading: str  # the heading after the amendment as a reader sees it (before it, for a deleted one)
    status: Status  # renumbered: moved with its text unchanged; changed may be renumbered too
    html: str  # the part's text as published, with <ins> and <del> around what changed
    heading_html: str = (
        ""  # inline HTML: the heading with its changes ("Article <del>9</del><ins>10</ins>. ...")
    )
    number_before: str = ""  # "Article 9", "第９条": set when the article was renumbered
    number_after: str = ""  # "Article 10", "第１０条"


def number_label(heading: str) -> str:
    """The number of an article heading as written: "Article 9", "第９条"; "" for another heading (and
    for a number beyond the documented limit: governance/text/recognisers.py reads every number)."""
    return article_number_label(heading)


@dataclass(frozen=True)
class Part:
    """A part of a published text for comparison: what precedes the articles, an article (or a section of
    a text without articles), or the closing after the articles."""

    key: str
    heading: str  # as a reader sees it; "" for the preamble and the closing
    heading_html: str
    body: str  # HTML of what follows the heading
    text: str  # the visible text of the body, for matching

    # Cached: pairing two texts' articles compares every part of one with every part of the other, a few
    # times over, and the heading's number is read through the recogniser on each comparison.
    @functools.cached_property
    def number(self) -> str:
        return number_label(self.heading)

    @functools.cached_property
    def title(self) -> str:
        """The heading without its number: what an article is called wherever it stands."""
        return self.heading[len(self.number) :].strip(" .　") if self.number else self.heading


def parts(text: str) -> list[Part]:
    """The published text cut into its parts (governance.text.html's divisions), without anchors."""
    return list(_parts(text))


# A site compares each version with its neighbours and with up to a dozen others (comparison pages, the
# articles' timeline): remembering a text's parts, and each comparison, renders and diffs each once.
# Pure functions of their strings, remembered by the digest of the strings (governance.text.memo), so no
# text is kept alive by the memo: the sizes hold the versions of a few regulations at a time.
_MEMO_TEXT = 64 * 1024 * 1024  # characters of text behind the results each memo keeps


@memo_by_digest(lambda text: (text,), entries=512, characters=_MEMO_TEXT)
def _parts(text: str) -> tuple[Part, ...]:
    return tuple(
        _part(division)
        for division in render_text(
            text, "redline.md", "redline", anchors=False, headings_as_text=True
        ).divisions
    )


def _part(division: Division) -> Part:
    if not division.heading:
        return Part(division.key, "", "", division.html, division.text)
    first, _, body = division.html.partition("\n")
    heading = " ".join(visible_text(first).split())
    return Part(division.key, heading, first, body, visible_text(body))


Pair = tuple[Part | None, Part | None]


def matched(old: list[Part], new: list[Part]) -> list[Pair]:
    """Every part of both texts, paired as a drafter would pair them, in the order of the new text (a
    deleted part after the part that preceded it): articles by identical text and heading first, then by
    heading, then by number when their texts are alike; other parts by their key."""
    pairs = _Pairs()
    for key, alike in _STAGES:
        _pair_in_order(old, new, pairs, key, alike)
    taken = set(pairs.olds)
    keys = {part.key for part in new}
    deleted_after: dict[int, list[Part]] = {}  # index in new (-1: before all) -> old parts deleted there
    for index, part in enumerate(old):
        if index in taken:
            continue
        if part.key in keys:  # its number now belongs to another article: one id per page
            part = replace(part, key=f"{part.key}-deleted")
        deleted_after.setdefault(pairs.new_before(index), []).append(part)
    out: list[Pair] = [(gone, None) for gone in deleted_after.get(-1, [])]
    paired = pairs.as_dict()
    for index, part in enumerate(new):
        out.append((old[paired[index]] if index in paired else None, part))
        out.extend((gone, None) for gone in deleted_after.get(index, []))
    return out


def lineages(texts: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    """For each (label, text) of a work's versions in order, its parts' lineage: part key -> an id that
    an article keeps through every amendment (moved, renumbered, reworded), as `matched` pairs each
    version with the one before it; a part new in a version gets "<label>/<key>". Any two versions are
    then aligned by these ids (the site's comparison in the browser), consistently with each redline."""
    out: list[dict[str, str]] = []
    previous: list[Part] = []
    for label, text in texts:
        known = out[-1] if out else {}
        lineage: dict[str, str] = {}
        current = parts(text)
        for before, after in matched(previous, current):
            if after is not None:
                inherited = known.get(before.key) if before is not None else None
                lineage[after.key] = inherited or f"{label}/{after.key}"
        out.append(lineage)
        previous = current
    return out


# The stages of pairing, in order: articles with identical heading and text; with the same heading; with
# the same number and alike texts; with the same number (one number, another article: drafters say the
# article is replaced, 全部改正); then the parts without a number by their key. Two parts pair in a stage
# when both have a key (not None), the keys are equal and, if the stage says so, they are alike.
_STAGES: list[tuple[Callable[[Part], object], Callable[[Part, Part], bool] | None]] = [
    (lambda part: (part.title, part.text) if part.number else None, None),
    (lambda part: part.title if part.number else None, None),
    (lambda part: part.number or None, lambda a, b: _ratio(a.text, b.text) >= SIMILAR),
    (lambda part: part.number or None, None),
    (lambda part: None if part.number else part.key, None),
]


class _Pairs:
    """Pairs (index in new, index in old) that never cross, kept in order: the bounds a new pair must fall
    between are found by bisection, not by looking at every pair (a text of thousands of articles)."""

    def __init__(self) -> None:
        self.news: list[int] = []  # ascending
        self.olds: list[int] = []  # ascending too: pairs never cross

    def bounds(self, new_index: int) -> tuple[int, int]:
        """The old indices a pair of `new_index` must lie strictly between."""
        at = bisect.bisect_left(self.news, new_index)
        low = self.olds[at - 1] if at else -1
        high = self.olds[at] if at < len(self.olds) else sys.maxsize
        return low, high

    def add(self, new_index: int, old_index: int) -> None:
        at = bisect.bisect_left(self.news, new_index)
        self.news.insert(at, new_index)
        self.olds.insert(at, old_index)

    def new_before(self, old_index: int) -> int:
        """The new index paired with the last old index before `old_index`, -1 when none."""
        at = bisect.bisect_left(self.olds, old_index)
        return self.news[at - 1] if at else -1

    def as_dict(self) -> dict[int, int]:
        return dict(zip(self.news, self.olds, strict=True))


def _pair_in_order(
    old: list[Part],
    new: list[Part],
    pairs: _Pairs,
    key: Callable[[Part], object],
    alike: Callable[[Part, Part], bool] | None,
) -> None:
    """Pair each part of `new` not yet paired with the first free part of `old` of the same key (and alike),
    keeping the order of both texts."""
    paired_new, paired_old = set(pairs.news), set(pairs.olds)
    free: dict[object, list[int]] = {}  # key -> the free old parts of that key, ascending
    for i, part in enumerate(old):
        part_key = key(part)
        if part_key is not None and i not in paired_old:
            free.setdefault(part_key, []).append(i)
    for j, part in enumerate(new):
        part_key = key(part)
        candidates = free.get(part_key) if part_key is not None and j not in paired_new else None
        if not candidates:
            continue
        low, high = pairs.bounds(j)  # beyond these a pair would cross one made before: reorder the text
        at = bisect.bisect_right(candidates, low)
        while at < len(candidates) and candidates[at] < high:
            if alike is None or alike(part, old[candidates[at]]):
                pairs.add(j, candidates.pop(at))
                break
            at += 1


def _ratio(a: str, b: str) -> float:
    return bounded_diff.ratio(tokens(a), tokens(b), _ends_block)


def _ends_block(key: str) -> bool:
    """A tag or a line break: where bounded_diff may cut a text into blocks when it is too long to diff
    token by token."""
    return _is_tag(key) or "\n" in key


def redline(old: str, new: str) -> list[BlockChange]:
    """What changed from `old` to `new`, part by part, inline: insertions and deletions in one text."""
    return list(_redline(old, new))


@memo_by_digest(lambda old, new: (old, new), entries=1024, characters=_MEMO_TEXT)
def _redline(old: str, new: str) -> tuple[BlockChange, ...]:
    changes: list[BlockChange] = []
    old_front, _ = split_front_matter(old)
    new_front, _ = split_front_matter(new)
    if old_front != new_front:
        changes.append(
            BlockChange(FRONT_MATTER_KEY, "", "changed", metadata_html(diff_html(old_front, new_front)))
        )
    for before, after in matched(parts(old), parts(new)):
        if _unchanged(before, after):
            continue  # most parts of an amendment: cheaper to see than the memo's digest of both sides
        change = _change(before, after)
        if change is not None:
            changes.append(change)
    return tuple(changes)


def _unchanged(before: Part | None, after: Part | None) -> bool:
    """Whether a pair shows no change: the same heading (so the same number) and the same body."""
    return (
        before is not None
        and after is not None
        and before.heading == after.heading
        and before.body == after.body
    )


def _sides(before: Part | None, after: Part | None) -> Iterator[str]:
    for part in (before, after):
        yield from (
            ("\0absent",)
            if part is None
            else (part.key, part.heading, part.heading_html, part.body, part.text)
        )


# One article's two texts recur across the comparisons of a regulation.
@memo_by_digest(_sides, entries=4096, characters=_MEMO_TEXT)
def _change(before: Part | None, after: Part | None) -> BlockChange | None:
    if after is None:
        assert before is not None
        return BlockChange(
            before.key,
            before.heading,
            "deleted",
            marked_whole("del", before.body),
            _marked("del", before.heading),
        )
    if before is None:
        return BlockChange(
            after.key, after.heading, "added", marked_whole("ins", after.body), _marked("ins", after.heading)
        )
    renumbered = bool(before.number and before.number != after.number)
    if before.heading == after.heading and before.body == after.body:
        return None
    heading_html = diff_html(before.heading, after.heading)
    numbers = (before.number, after.number) if renumbered else ("", "")
    if before.body == after.body:
        status: Status = "renumbered" if renumbered else "changed"
        body = after.body
    elif before.title != after.title and _ratio(before.text, after.text) < SIMILAR:
        status = "replaced"
        body = marked_whole("del", before.body) + marked_whole("ins", after.body)
    else:
        status = "changed"
        body = diff_markup(before.body, after.body)
    return BlockChange(after.key, after.heading, status, body, heading_html, *numbers)


def metadata_html(markup: str) -> str:
    """Text shown as written (front matter, a governed file), its line breaks kept."""
    return f'<pre class="governance-metadata">{markup}</pre>'


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def diff_html(old: str, new: str) -> str:
    """Escaped `new` (plain text) with insertions in <ins> and deletions in <del>, diffed token by token."""
    parts_out: list[str] = []
    for same, old_run, new_run in _diff(tokens(old), tokens(new), _word):
        if same:
            parts_out.append(_same_word(old_run[0], new_run[0]))
            continue
        parts_out.append(_marked("del", "".join(old_run)))
        parts_out.append(_marked("ins", "".join(new_run)))
    return "".join(parts_out)


def _markup_tokens(markup: str) -> list[str]:
    """HTML as tokens: each tag whole, the text between tags as words (unescaped)."""
    out: list[str] = []
    position = 0
    for match in _TAG.finditer(markup):
        out.extend(tokens(html.unescape(markup[position : match.start()])))
        out.append(match.group())
        position = match.end()
    out.extend(tokens(html.unescape(markup[position:])))
    return out


def _is_tag(token: str) -> bool:
    return token.startswith("<") and token.endswith(">") and len(token) > 2


def _key(token: str) -> str:
    return token if _is_tag(token) else _word(token)


def diff_markup(old: str, new: str) -> str:
    """`new` (HTML) with inserted text in <ins> and deleted text in <del>: the new text's structure is
    kept whole; what was deleted is shown with its own structure when it is whole (a deleted paragraph),
    else as its words."""
    out: list[str] = []
    for same, old_run, new_run in _diff(_markup_tokens(old), _markup_tokens(new), _key):
        if same:
            out.append(new_run[0] if _is_tag(new_run[0]) else _same_word(old_run[0], new_run[0]))
            continue
        out.append(_marked_run("del", old_run, keep_tags=_balanced(old_run)))
        out.append(_addresses("del", old_run, new_run))
        out.append(_addresses("ins", new_run, old_run))
        out.append(_marked_run("ins", new_run, keep_tags=True))
    return "".join(out)


_HREF = re.compile(r'<a href="([^"]*)">')


def _hrefs(run: list[str]) -> list[str]:
    return [match.group(1) for token in run if (match := _HREF.fullmatch(token)) is not None]


def _addresses(tag: str, run: list[str], other: list[str]) -> str:
    """The addresses of the links a changed run opens and the other side's does not, shown in <ins> or
    <del>: a link whose address alone changed reads the same, and the redline showed no change at all
    (`[policy](https://a.example/)` amended to `[policy](https://evil.example/)`)."""
    theirs = set(_hrefs(other))
    return "".join(
        _wrap(tag, f"<{html.unescape(address)}>") for address in _hrefs(run) if address not in theirs
    )


def diff_sides(old: str, new: str) -> tuple[str, str]:
    """(`old` with what went in <del>, `new` with what came in <ins>), both HTML with their structure
    whole: the two columns of a 新旧対照表, from the same diff as the inline redline."""
    before: list[str] = []
    after: list[str] = []
    for same, old_run, new_run in _diff(_markup_tokens(old), _markup_tokens(new), _key):
        if same:
            for side, token in ((before, old_run[0]), (after, new_run[0])):
                if _is_tag(token):
                    side.append(token)
                else:
                    word = _word(token)
                    side.append(
                        html.escape(word, quote=False)
                        + _marked("del" if side is before else "ins", token[len(word) :])
                    )
            continue
        before.append(_addresses("del", old_run, new_run) + _marked_run("del", old_run, keep_tags=True))
        after.append(_addresses("ins", new_run, old_run) + _marked_run("ins", new_run, keep_tags=True))
    return "".join(before), "".join(after)


def _marked_run(tag: str, run: list[str], *, keep_tags: bool) -> str:
    """A changed run: its text in <ins>/<del> between its tags (kept, or each replaced by a space)."""
    out: list[str] = []
    words: list[str] = []
    for token in run:
        if _is_tag(token):
            out.append(_marked(tag, "".join(words)))
            words = []
            out.append(token if keep_tags else " ")
        else:
            words.append(token)
    out.append(_marked(tag, "".join(words)))
    return "".join(out).strip(" ") if not keep_tags else "".join(out)


def _balanced(run: list[str]) -> bool:
    """Whether the tags of a run open and close each other: then it can stand in the text as it stood."""
    depth = 0
    for token in run:
        if not _is_tag(token):
            continue
        name = _TAG_NAME.match(token)
        if name is None or name.group(1) in _VOID:
            continue
        depth += -1 if token.startswith("</") else 1
        if depth < 0:
            return False
    return depth == 0


def marked_whole(tag: str, markup: str) -> str:
    """Every piece of text of `markup` inside <ins> or <del>, its structure kept (a text added or removed whole)."""
    return _marked_run(tag, _markup_tokens(markup), keep_tags=True)


def _diff(
    a: list[str], b: list[str], key: Callable[[str], str]
) -> Iterator[tuple[bool, list[str], list[str]]]:
    """(True, [old token], [new token]) for a token both share (a word's trailing blanks may differ), else
    (False, old run, new run) for what was replaced; either run may be empty."""
    for tag, i1, i2, j1, j2 in bounded_diff.opcodes([key(t) for t in a], [key(t) for t in b], _ends_block):
        if tag == "equal":
            for old_token, new_token in zip(a[i1:i2], b[j1:j2], strict=True):
                yield True, [old_token], [new_token]
        else:
            yield False, a[i1:i2], b[j1:j2]


def _marked(tag: str, text: str) -> str:
    """`text` in <ins> or <del>; blanks alone (the line breaks between blocks) stay as they are."""
    return _wrap(tag, text) if text.strip() else html.escape(text, quote=False)


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
    after: str  # HTML, changed parts in <ins>; （削る） for a deleted article
    before: str  # HTML, changed parts in <del>; （新設） for a new article


def comparison(old: str, new: str) -> list[ComparisonRow]:
    """The 新旧対照表 of an amendment, part by part: the provisions only (the front matter is not part of
    the text the amendment enacts); headings are part of each cell's text, as in print, and a renumbered
    article stands in one row with its old number on the right."""
    rows: list[ComparisonRow] = []
    for before, after in matched(parts(old), parts(new)):
        if after is None:
            assert before is not None
            rows.append(
                ComparisonRow(
                    before.key, before.heading, DELETED_PROVISION, marked_whole("del", _cell(before))
                )
            )
        elif before is None:
            rows.append(
                ComparisonRow(after.key, after.heading, marked_whole("ins", _cell(after)), NEW_PROVISION)
            )
        elif before.heading != after.heading or before.body != after.body:
            old_html, new_html = diff_sides(_cell(before), _cell(after))
            rows.append(ComparisonRow(after.key, after.heading, new_html, old_html))
    return rows


def _cell(part: Part) -> str:
    return part.heading_html + "\n" + part.body if part.heading_html else part.body


def _td(cell: str, placeholder: str) -> str:
    """A cell; one holding text of the regulation is marked as such (（新設）/（削る） are the table's words)."""
    return "<td>" + cell + "</td>" if cell == placeholder else f'<td class="{TEXT_CLASS}">{cell}</td>'


def comparison_table_html(rows: list[ComparisonRow]) -> str:
    """The 新旧対照表 as one HTML table."""
    head = (
        '<table class="governance-comparison" lang="ja"><caption>新旧対照表（傍線部分は改正部分）</caption>'
        '<thead><tr><th scope="col">改正後</th><th scope="col">改正前</th></tr></thead><tbody>'
    )
    body = "".join(
        f'<tr id="{html.escape(row.key)}">{_td(row.after, DELETED_PROVISION)}{_td(row.before, NEW_PROVISION)}</tr>'
        for row in rows
    )
    return head + body + "</tbody></table>"

"""Hypothesis strategies for regulation texts that mix the Markdown of a regulation (site/guides/legal.md)
with what is outside it, spelled every way an adversary would try to get it past lint: raw HTML,
character references, escapes, backticks, attribute lists, admonitions, footnotes, link reference
definitions, autolinks, emphasis, nested lists, setext headings, comments, tabs, CRLF and characters of
odd Unicode categories. Most texts stay well-formed regulations (articles in order, front matter), so
that lint's verdict turns on the Markdown, not on the numbering."""

from __future__ import annotations

from hypothesis import strategies as st

# Words and pieces of the subset, which lint accepts.
PLAIN = [
    "Pay", "now", "the", "employee", "shall", "report", "gifts", "over", "100", "2.5", "50%", "R&D",
    "Article 1", "Article 1(1)", "(a)", "(ii)", "e.g.", "C:", "a/b", "x-y",
    "贈答", "第1条", "第１条第１項", "前項", "届け出る。", "（以下「会社」という。）", "５，０００円",
    "*em*", "**strong**", "_u_", "__uu__", "***x***", "*a **b** c*", "2*3*4", "a * b", "snake_case_word",
    "`code`", "`` a ` b ``", "` *x* `", "`<b>`", "`&amp;`", "\\*", "\\_", "\\#", "\\[x\\]", "\\\\",
    "[link](https://example.com/a_b)", "[x](#article-1)", "<https://example.com/x_y>", "<mailto:a@b.c>",
    "<a@b.c>", "[a [b] c](https://e.com/(x))", "[x](<https://e.com/a b>)",
    "<!-- markdownlint-disable MD013 -->", '<a id="old-1"></a>', "a <b c", "1 < 2 > 0", "x | y",
    "**open", "close**", "*open", "close*", "_open", "close_", "[open", "close](https://e.com)", "`open",
    "close`",
]  # fmt: skip
# Constructs outside the subset, and spellings of them (escaped, entity, split, nested).
HOSTILE = [
    "Article 1.2", "paragraph 2 of Article 1", "第１条第２項", "Article 9", "<b>x</b>", "</p>", "<script>alert(1)</script>", "<!-- c -->", "<!---->", "<a href=x>", "\\<b>",
    "\\`<b>\\`", "`<b>\\`", "<details><summary>x</summary>y</details>", '<span hidden>x</span>',
    '<a id="article-1"></a>', "<a id=x></a>", "<?php ?>", "<![CDATA[x]]>", "<!DOCTYPE x>",
    "&amp;", "&#x202E;", "&#8203;", "&nbsp;", "&#0;", "&copy", "&#X41;", "&lt;b&gt;", "\\&amp;",
    "{: .hidden }", '{ style="display:none" }', "{#id}", "{: #article-1 }", "\\{: x }", "{ x }", "{}",
    "[^1]", "\\[^1]", "[^ 1]", "~~del~~", "==mark==", '--8<-- "x.md"', ":smile:", "H~2~O", "^sup^",
    "++ins++", "![img](x.png)", "!\\[x](y)", "![x]", "[x][y]", "[x]", "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))", "[x](../y.md)", '[x](https://e.com "title")', "[x](data:text/html,x)",
    "<javascript:alert(1)>", "*[HTML]: Hyper", "\\", "`", "``", "*", "**", "_", "|", "\\|", "~", "&",
    "\u202e", "\u200b", "\u00ad", "\u2028", "\t", "\u3000", "\u00a0", "e\u0301", "\ufeff", "\x00",
    "\x1b", "\U000e0041", "A\ufe0f", "\u2800", "\u061c", "\u3164", "\u034f", "\u115f", "\u180e",
    "\ue000", "\U0001d173", "\u0378", "а",
]  # fmt: skip
# What may open a line: markers of the subset and of other dialects.
PREFIXES = [
    "", "", "", "", "1. ", "2. ", "1) ", "10. ", "02. ", "- ", "* ", "+ ", "> ", "> > ", "- > ", "> - ",
    "  - ", "   - (a) ", "1. - ", "    ", "\t", "### ", "###### ", "####### ", "#", "!!! note ",
    '!!! success "In force" ', "??? ", "???+ ", '=== "Tab" ', ": ", "    code ", "```", "~~~", "１．",
    "（１）", "一　", "\t一\t", "イ　", "２　", "[^1]: ", "[x]: https://e.com ", "<div>", "<!-- ",
    "> [x]: ", "- [x]: ", "| ", "\\- ", "1\\. ", "\\# ", "\\>", " ",
]  # fmt: skip
# Whole lines that are blocks of their own.
LINES = [
    "***", "---", "___", "- - -", "===", "```", "~~~", "| a | b |", "| --- | --- |", "|---|:-:|",
    "| x | `y` |", "| x | y | z |", "| `a|b` | c |", "Term", ": definition", "    indented code",
    "<div>", "</div>", "<!--", "-->", "{: .x }", "</details>", "```python", "[x]:", "  https://e.com",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "", "\u3000"]
HOSTILE_SEPARATORS = ["\t", "  ", " \\\n", "\n", "  \n"]


def _run(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(pieces)


SAFE_PREFIXES = ["", "", "", "", "- ", "  - ", "> ", "１．", "（１）", "一　", "\\- ", "- (a) ", "* "]
hostile_piece = st.one_of(_run(HOSTILE), st.text(max_size=3))


@st.composite
def lines(draw: st.DrawFn) -> str:
    """A line: mostly of the subset (lint accepts it), one in eight with something outside it."""
    hostile = draw(st.sampled_from([False] * 7 + [True]))
    if hostile and draw(st.sampled_from([False, True])):
        return draw(st.sampled_from(LINES))
    pieces = draw(st.lists(_run(PLAIN), min_size=1, max_size=6))
    if hostile:
        pieces.insert(draw(st.integers(0, len(pieces))), draw(hostile_piece))
    out = draw(st.sampled_from(PREFIXES if hostile else SAFE_PREFIXES))
    for piece in pieces:
        out += piece + draw(st.sampled_from(SEPARATORS + HOSTILE_SEPARATORS if hostile else SEPARATORS))
    return out.rstrip(" \t\u3000")


@st.composite
def blocks(draw: st.DrawFn) -> str:
    return "\n".join(draw(st.lists(lines(), min_size=1, max_size=4)))


def _heading(draw: st.DrawFn, japanese: bool, number: int) -> str:
    if not japanese:
        return draw(
            st.sampled_from(
                [f"## Article {number}. Rule", f"## Article {number}.", f"### Article {number}. X"]
            )
        )
    return draw(
        st.sampled_from(
            [
                f"## 第{number}条（目的）",
                f"### 第{number}条　見出し",
                f"## 第{number}条",
                f"### 第{number}条　削除",
            ]
        )
    )


@st.composite
def regulation_texts(draw: st.DrawFn) -> str:
    """A regulation: front matter, a title, one to three articles (a 枝番 article and a 附則 in Japanese),
    each with a few blocks of lines drawn from the pieces above, and sometimes a closing after a rule."""
    japanese = draw(st.sampled_from([False, True]))
    language = "language: ja\n" if japanese else ""
    parts = [
        f"---\ntitle: T\nissuer: E\nenacted: 2026-04-01\ngoverned_by: board-of-directors\n{language}---\n",
        "# 規程" if japanese else "# Rules",
    ]
    articles = draw(st.integers(1, 3))
    for number in range(1, articles + 1):
        heading = _heading(draw, japanese, number)
        parts.append(heading)
        if heading.endswith("削除"):
            continue
        written = draw(st.lists(blocks(), min_size=1, max_size=3))
        if draw(st.sampled_from([False, False, True])):  # numbered paragraphs, as written
            written = [_number(japanese, k) + block for k, block in enumerate(written, 1)]
        parts += written
        if japanese and number == 1 and draw(st.sampled_from([False, True])):
            parts += ["## 第1条の2（特例）", draw(blocks())]
    if japanese and draw(st.sampled_from([False, True])):
        parts += ["## 附則", "この規程は、2026年4月1日から施行する。"]
    elif draw(st.sampled_from([False, True])):
        parts += [draw(st.sampled_from(["***", "---"])), draw(blocks())]
    gaps = draw(
        st.lists(st.sampled_from(["\n\n", "\n\n", "\n", "\n\n\n"]), min_size=len(parts), max_size=len(parts))
    )
    text = "".join(part + gap for part, gap in zip(parts, gaps, strict=True)).rstrip("\n") + "\n"
    return text.replace("\n", "\r\n") if draw(st.sampled_from([False] * 19 + [True])) else text


def _number(japanese: bool, number: int) -> str:
    if japanese:
        return "" if number == 1 else "２３４５"[number - 2] + "\u3000"
    return f"{number}. "

"""Hypothesis strategies for regulation texts as an adversary writes them: the structures the parser
recognises, mixed with the shapes that once crashed or stalled it (issue 12)."""

from __future__ import annotations

from hypothesis import strategies as st

HEADER = "---\ntitle: T\nissuer: X\nenacted: 2020-01-01\ngoverned_by: board-of-directors\n---\n\n# T\n"
FRAGMENTS = [
    "## Article 1. Purpose",
    "## Article 2.",
    "## Article 99999999999999999999. Long",
    "## 第1条（目的）",
    "## 第十二条（定義）",
    "## 第" + "１" * 12 + "条",
    "## Same",
    "# Title",
    "1. First paragraph.",
    "2. Second, see Article 1 and Article 1.2.",
    "- (a) an item",
    "   - (i) a nested item",
    "（１）公務員等　公務員をいう。",
    "２　第二項。",
    "イ　いろは",
    "本規程第１条、不正競争防止法第１８条、第1条第2項",
    "paragraph 2 of Article 1, Article 3(2), Article 4, paragraph 1",
    "a <b>bold</b> <!-- comment -->",
    "`code <b>` and ``` fence",
    "```",
    "| a | b |",
    "|---|---|",
    "> quoted Article 1",
    "---",
    "e\u0301 \u212b Cyrillic а in wоrd",
    "trailing   \u3000",
    "\t tab",
    "\u202e bidi",
    "",
    "Article " + "9" * 40,
    "第" + "9" * 40 + "条",
]
line = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30))
newline = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"])


@st.composite
def regulation_texts(draw: st.DrawFn) -> str:
    """A text with or without front matter, its lines drawn from FRAGMENTS and arbitrary text."""
    lines = draw(st.lists(line, max_size=40))
    separator = draw(newline)
    header = draw(st.sampled_from([HEADER, "", "---\ntitle: [unclosed\n", "---\n" + "[" * 40 + "\n---\n"]))
    return header + separator.join(lines) + draw(st.sampled_from(["\n", ""]))

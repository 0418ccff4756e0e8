"""The renderer against the fidelity reading on many texts: every lint-clean combination of pieces of
the subset (and of pieces that only look like markup) reads, once rendered, exactly as its source by the
strict reading (tests/site/faithful.py): nothing hidden or active, numbers as written. Seeded, so a failure names a reproducible text; the budget is fixed (no timing)."""

from __future__ import annotations

import random

from governance.lint.runner import lint_text
from governance.text.html import TEXT_CLASS, render_text
from tests.site.faithful import difference, read_text, shown_numbers

HEAD = "---\ntitle: T\nissuer: E\nenacted: 2026-04-01\ngoverned_by: board-of-directors\n---\n\n# T\n\n## Article 1. A\n\n"
PIECES = [
    "Plain text.", "1. First para.", "2. Second para.", "1) With a parenthesis.", "2. x\n3. y",
    "- (a) item one", "- (b) item two", "  - (i) nested", "* star bullet", "+ plus bullet",
    "> quoted text", "> - quoted item", "> 1. quoted para", "- > bullet quote",
    "| A | B |\n| --- | --- |\n| x | *y* |", "| A | B |\n| :-- | --: |\n| `c` | \\| pipe |",
    "**bold** and _it_ and `code`", "**bold *nested it* bold**", "***bold-it***", "`` code with ` tick ``",
    "See Article 1.", "[link](https://example.com/a_b)", "<https://example.com>", "<mailto:a@b.c>",
    "[x](#article-1)", "Text\\\ncontinued", "Line one\nline two", "***", "### Sub heading",
    "```\ncode *x* # y\n```", "    indented code", "Snake_case_word and 2*3", "a \\* b \\_ c",
    "\\# not heading", "\\- not bullet", "1\\. not list", "Term with [brackets] and {braces}", "a <b c",
    "50% of R&D", "## Article 2. B\n\nSecond.", "１．全角の数字", "- bullet\n\n  continued para",
    "1. para\n\n   - (a) item", "<!-- markdownlint-disable MD013 -->", '<a id="old-1"></a>Adopted.',
]  # fmt: skip


def test_every_lint_clean_combination_reads_as_its_source() -> None:
    chance = random.Random(12)
    checked = 0
    for _ in range(1500):
        text = HEAD + "\n\n".join(chance.choice(PIECES) for _ in range(chance.randint(1, 5))) + "\n"
        if lint_text(text, "t.md", "t"):
            continue
        markup = f'<div class="{TEXT_CLASS}">{render_text(text, "t.md", "t").html}</div>'
        reading = read_text(markup)
        assert reading.problems == [], (text, reading.problems)
        assert difference(text, reading.text) is None, (text, difference(text, reading.text))
        assert shown_numbers(text, reading.numbers) is None, (text, reading.numbers)
        checked += 1
    assert checked > 1000

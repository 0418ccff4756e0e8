"""markdown-it's block rules, each tried only on lines whose first character could open its block.

markdown-it tries its block rules in turn on the first line of every block (and the rules that may
interrupt a paragraph on each of its next lines), and each rule logs on entry before it looks at the
line: at a megabyte, 130,000 calls to logging and most of the block parse are rules saying no. Seven
of them say no to a line whose first character after its indentation is not one of theirs (a fence's
backtick or tilde, a heading's '#', ...), and the indented code rule to a line indented less than four
columns past the block's indent; each is wrapped here so that it is not called on such a line, and is
called unchanged on every other one (an empty line too). Every rule stays: the parse is the
library's, token for token (tests/text/test_block_rules.py compares it with the unwrapped parser's on
generated Markdown), so what lint refuses and what the renderer shows do not move.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.parser_block import RuleFuncBlockType
from markdown_it.rules_block import StateBlock

# The characters each rule's own first test accepts at `bMarks[line] + tShift[line]`
# (markdown-it-py's rules_block/*.py; the token comparison fails if a new version accepts others).
OPENERS = {
    "fence": "`~",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*+-0123456789",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
}


# An indented code block opens only on a line indented four columns or more past the block's indent
# (its rule's first test, StateBlock.is_code_block).
CODE = "code"


def tried_where_they_open(markdown: MarkdownIt) -> MarkdownIt:
    """`markdown` with each rule of OPENERS, and the code rule, called only on lines it could open."""
    ruler = markdown.block.ruler
    for rule in list(ruler.__rules__):
        openers = OPENERS.get(rule.name)
        if openers is not None:
            ruler.at(rule.name, _guarded(rule.fn, openers), {"alt": list(rule.alt)})
        elif rule.name == CODE:
            ruler.at(rule.name, _indented(rule.fn), {"alt": list(rule.alt)})
    return markdown


def _indented(rule: RuleFuncBlockType) -> RuleFuncBlockType:
    def indented(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        if state.sCount[line] - state.blkIndent < 4:
            return False
        return rule(state, line, end, silent)

    indented.__name__ = getattr(rule, "__name__", "rule")
    return indented


def _guarded(rule: RuleFuncBlockType, openers: str) -> RuleFuncBlockType:
    def guarded(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        position = state.bMarks[line] + state.tShift[line]
        if position < state.eMarks[line] and state.src[position] not in openers:
            return False
        return rule(state, line, end, silent)

    guarded.__name__ = getattr(rule, "__name__", "rule")
    return guarded

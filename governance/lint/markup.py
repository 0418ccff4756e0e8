"""STR007: raw HTML in a regulation text.

Markdown passes HTML through to the published page, where `<span hidden>not</span>` or a comment can
make the text a reader sees differ from the text the board approved (and a script could rewrite it).
A regulation is plain Markdown; code spans and fenced blocks are left alone.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from governance.i18n import Message
from governance.text.findings import Finding
from governance.text.inert_html import INERT

RAW_HTML = Message(
    "raw HTML is not allowed in a regulation: it can show readers something other than the approved "
    "text; write plain Markdown (put literal '<' in a code span if it is meant)"
)
# CommonMark's raw HTML (spec 6.6): an open or closing tag, a comment, a processing instruction, a
# declaration or CDATA. `\s` spans lines, as a tag may. Autolinks (<https://...>) are Markdown.
_ATTRIBUTE = r"""(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)"""
_HTML = re.compile(
    rf"<[A-Za-z][A-Za-z0-9-]*{_ATTRIBUTE}*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>|<!--|<\?|<![A-Za-z]|<!\[CDATA\["
)
_BACKTICKS = re.compile(r"`+")
# Where every run of backticks is one backtick, the regex closes each span at the next one: linear, in C.
_SINGLE_CODE_SPAN = re.compile(r"`[^`]+`")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def check_markup(text: str, path: str, body_line: int) -> list[Finding]:
    """Findings for raw HTML from `body_line` (1-based, after the front matter) on, one per line."""
    if "<" not in text:
        return []  # each construct of _HTML opens with one
    lines = text.split("\n")
    visible = "\n".join(_outside_code(lines, body_line))
    # What shows nothing and says nothing passes (governance.text.inert_html; lint/subset.py judges
    # an anchor's id on the parse).
    visible = INERT.sub(lambda m: " " * len(m.group()), visible)
    # Where each line starts, to place a match by bisection: counting newlines before every match is
    # quadratic in a text of 100,000 lines of HTML.
    starts = [0]
    for line in visible.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    findings: list[Finding] = []
    next_line = 0  # where the line of the last finding ends: one finding a line
    for match in _HTML.finditer(visible):
        if match.start() < next_line:
            continue
        number = bisect.bisect_right(starts, match.start())
        next_line = starts[number] if number < len(starts) else len(visible) + 1
        findings.append(Finding(path, number, match.start() - starts[number - 1] + 1, "STR007", RAW_HTML))
    return findings


def _outside_code(lines: list[str], body_line: int) -> Iterator[str]:
    """Every line, with the front matter, fenced blocks and code spans blanked (same lengths)."""
    fence: str | None = None
    for number, line in enumerate(lines, start=1):
        opening = _FENCE.match(line)
        if number < body_line:
            yield ""
        elif fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            yield ""
        elif opening:
            fence = opening.group(1)
            yield ""
        else:
            yield without_code_spans(line) if "`" in line else line


def without_code_spans(line: str) -> str:
    """The line with its code spans blanked (same length)."""
    if "``" not in line:
        return _SINGLE_CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
    pieces, done = [], 0
    for start, stop in code_spans(line):
        pieces += [line[done:start], " " * (stop - start)]
        done = stop
    return "".join([*pieces, line[done:]])


def code_spans(line: str) -> list[tuple[int, int]]:
    """The spans that `re.sub(r"(`+).+?\\1", ...)` replaces in a line (a run of backticks, at least one
    character, and the first later run of as many), found in linear time: the regex scans to the line's
    end from every run it cannot close (321 KB of runs of falling length took 9 s). At a run of L
    backticks from the scan's position, the regex takes the most backticks k <= L that can close: within
    the run itself when 2k + 1 <= L, else in the first later run of at least k (tests/lint/test_markup.py
    keeps the regex as the oracle)."""
    runs = [match.span() for match in _BACKTICKS.finditer(line)]
    longest_after = [0] * (len(runs) + 1)  # the longest run from each run on
    for index in reversed(range(len(runs))):
        longest_after[index] = max(longest_after[index + 1], runs[index][1] - runs[index][0])
    spans: list[tuple[int, int]] = []
    position, index = 0, 0
    while index < len(runs):
        start, end = runs[index]
        position = max(position, start)
        if position >= end:
            index += 1
            continue
        length = end - position
        within = (length - 1) // 2
        k = max(within, min(length, longest_after[index + 1]))
        if k == 0:
            break  # no backtick two places on: no later position can open a span either
        if k <= within:
            stop = position + 2 * k + 1
        else:
            index += 1
            while runs[index][1] - runs[index][0] < k:
                index += 1  # runs the span covers: each is passed once
            stop = runs[index][0] + k
        spans.append((position, stop))
        position = stop
    return spans

"""Encoding rules (ENC001-ENC008): the bytes must read exactly as they look.

A legal text where an invisible character, a right-to-left override or a Cyrillic "а" inside a Latin
word changes what a clause says, or how a search or a diff sees it, is an attack; these are errors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from governance.i18n import Message
from governance.text.findings import Finding
from governance.text.invisible import INVISIBLE

# The characters no reader sees (governance.text.invisible: the pages mark them where a text holds them).
_INVISIBLE = INVISIBLE
_TRAILING = " \t\u3000\u00a0"
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_CYRILLIC = re.compile(r"[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]")
_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_LOOK_ALIKE = re.compile(f"{_CYRILLIC.pattern}|{_GREEK.pattern}")


def decode(data: bytes, path: str) -> tuple[str | None, list[Finding]]:
    """The text, or None and ENC001 at the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        message = Message("not UTF-8 (byte 0x{byte:02x}); save the file as UTF-8", byte=data[exc.start])
        return None, [Finding(path, line, col, "ENC001", message)]


def check_encoding(text: str, path: str) -> list[Finding]:
    return list(_check(text, path))


def _check(text: str, path: str) -> Iterator[Finding]:
    if text.startswith("\ufeff"):
        yield Finding(
            path, 1, 1, "ENC003", Message("starts with a byte order mark (BOM); save as UTF-8 without BOM")
        )
        text = text[1:]
    if "\r" in text:
        first = text[: text.index("\r")].count("\n") + 1
        count = text.count("\r")
        message = Message("{count} line ending(s) use CR or CRLF; use LF (\\n) only", count=count)
        yield Finding(path, first, 1, "ENC002", message)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text and not text.endswith("\n"):
        message = Message("no newline at the end of the file; add one")
        yield Finding(path, text.count("\n") + 1, 1, "ENC005", message)
    # What no line can hold when the whole text does not, looked for once at C speed: a text is NFC
    # exactly when each of its lines is (a newline never combines), a word can mix in a look-alike only
    # if the text holds one.
    ascii_only = text.isascii()
    present = _Present(
        unnormalized=not ascii_only and not unicodedata.is_normalized("NFC", text),
        look_alikes=not ascii_only and _LOOK_ALIKE.search(text) is not None,
        invisible=_INVISIBLE.search(text) is not None,
    )
    for number, line in enumerate(text.split("\n"), start=1):
        # An ASCII line without a trailing blank has nothing to find but invisible controls.
        if present.invisible or not line.isascii() or (line and line[-1] in _TRAILING):
            yield from _check_line(line, number, path, present)


@dataclass(frozen=True)
class _Present:
    unnormalized: bool
    look_alikes: bool
    invisible: bool


TAB_MESSAGE = Message(
    "a tab; replace it by spaces (one after a list number, four to indent); only the tabs of a Japanese "
    "号 (`一<TAB>正社員`, indented inside its paragraph) are structure"
)


def _check_line(line: str, number: int, path: str, present: _Present) -> Iterator[Finding]:
    # rstrip, not a regex search: a search for `[ ]+$` restarts at each blank of a long run (quadratic).
    kept = len(line.rstrip(_TRAILING))
    if kept < len(line):
        yield Finding(
            path,
            number,
            kept + 1,
            "ENC004",
            Message(
                "trailing whitespace; remove it (for a line break inside a paragraph end the line with a "
                "backslash)"
            ),
        )
    if not line.isascii():
        if present.unnormalized and not unicodedata.is_normalized("NFC", line):
            yield Finding(
                path,
                number,
                _first_unnormalized(line),
                "ENC006",
                Message("not in Unicode NFC form; normalize the text to NFC"),
            )
        if present.look_alikes:
            yield from _mixed_scripts(line, number, path)
    if not present.invisible:
        return
    for match in _INVISIBLE.finditer(line):
        char = match.group()
        if char == "\t":
            # Deleting it would join the words ("1.\tDEFINITIONS" -> "1.DEFINITIONS", no longer an item).
            message = TAB_MESSAGE
        else:
            name = unicodedata.name(char, "control character")
            message = Message(
                "invisible or bidirectional character U+{code:04X} ({name}); delete it",
                code=ord(char),
                name=name,
            )
        yield Finding(path, number, match.start() + 1, "ENC007", message)


def _first_unnormalized(line: str) -> int:
    """The column where the line stops being NFC: the shortest prefix that is not normalized. A prefix
    stays unnormalized when it grows, so a binary search finds it in log(n) checks, not n."""
    low, high = 1, len(line)
    while low < high:
        middle = (low + high) // 2
        if unicodedata.is_normalized("NFC", line[:middle]):
            low = middle + 1
        else:
            high = middle
    return low


def _mixed_scripts(line: str, number: int, path: str) -> Iterator[Finding]:
    for match in _WORD.finditer(line):
        word = match.group()
        if word.isascii() or not _LATIN.search(word):
            continue
        foreign = _CYRILLIC.search(word) or _GREEK.search(word)
        if foreign:
            script = Message("Cyrillic") if _CYRILLIC.match(foreign.group()) else Message("Greek")
            yield Finding(
                path,
                number,
                match.start() + foreign.start() + 1,
                "ENC008",
                Message(
                    "the word '{word}' mixes Latin letters with the {script} look-alike '{letter}' "
                    "(U+{code:04X}); retype it in one script",
                    word=word,
                    script=script,
                    letter=foreign.group(),
                    code=ord(foreign.group()),
                ),
            )

"""Numbers as regulations write them: 12, １２, 十二; item labels (1), （１）, (a), 一, イ, (iv).

Pure functions. An item label has a *system* (how its ordinal is written) and a *style* (bare or in
parentheses); together they are its kind, which decides its nesting level in the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from governance.text.recognisers import DIGITS, KANJI_NUMERALS, parse_number

# Japanese legal texts count sub-items in iroha order (イ, ロ, ハ, ...), not in gojūon order.
IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"

_ROMAN = {"i": 1, "v": 5, "x": 10}
_ALL_DIGITS = re.compile(f"[{DIGITS}]+")
_ROMAN_FORM = re.compile(r"x{0,3}(ix|iv|v?i{0,3})")


def letter(number: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa: the language-independent anchor segment of a lettered item."""
    result = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        result = chr(ord("a") + rest) + result
    return result


def roman_value(text: str) -> int | None:
    """Lower-case roman numerals up to xxxix; None for anything else."""
    if not text or not _ROMAN_FORM.fullmatch(text):
        return None
    values = [_ROMAN[char] for char in text]
    return sum(
        -value if index + 1 < len(values) and value < values[index + 1] else value
        for index, value in enumerate(values)
    )


@dataclass(frozen=True)
class Label:
    """An item label as written and what it counts."""

    text: str  # as written, without the following space: "(1)", "（１）", "一", "イ"
    style: str  # "paren" or "bare"
    system: str  # "digit", "kanji", "latin", "latin-upper", "iroha", "roman"
    number: int
    rest: str  # the text after the label and its separating space

    @property
    def kind(self) -> tuple[str, str]:
        return (self.style, self.system)

    @property
    def anchor(self) -> str:
        """Anchor segment shared across languages: numbers stay numbers, letters of any script become a, b, c."""
        if self.system in ("latin", "latin-upper", "iroha"):
            return letter(self.number)
        if self.system == "roman":
            return f"r{self.number}"
        return str(self.number)


# Japanese writes "（１）公務員等" with no space after the label; English "(1) Civil servants". A tab
# after the label separates like a space (`一<TAB>正社員`, as word processors leave Japanese 号).
SEPARATOR = " 　\t"
_PAREN = re.compile(f"[（(]([^()（）\\s]{{1,6}})[）)][{SEPARATOR}]*")
_BARE_KANJI = re.compile(f"([{KANJI_NUMERALS}]+)[{SEPARATOR}]+")
_BARE_IROHA = re.compile(f"([{IROHA}])[{SEPARATOR}]+")


def item_label(line: str, *, japanese: bool) -> Label | None:
    """The label that opens `line`, if any. Bare 一 and イ count only in Japanese text."""
    match = _PAREN.match(line)
    if match:
        inner = match.group(1)
        rest = line[match.end() :]
        found = _paren_system(inner)
        if found is None:
            return None
        system, number = found
        return Label(match.group(0).rstrip(SEPARATOR), "paren", system, number, rest)
    if not japanese:
        return None
    for pattern, system in ((_BARE_KANJI, "kanji"), (_BARE_IROHA, "iroha")):
        match = pattern.match(line)
        if match:
            value = parse_number(match.group(1)) if system == "kanji" else IROHA.index(match.group(1)) + 1
            if value:
                return Label(match.group(1), "bare", system, value, line[match.end() :])
    return None


def structural_tabs(line: str) -> frozenset[int]:
    """The 1-based columns of the tabs that are an item's structure on `line`: those that indent its label
    (inside a paragraph Markdown drops them) and those that separate the label from its text. Only for a
    line the parser reads as an item (the caller knows); every other tab is a finding (ENC007)."""
    indent = len(line) - len(line.lstrip(" \t"))
    label = item_label(line[indent:], japanese=True)
    if label is None:
        return frozenset()
    after = len(line) - len(label.rest)
    return frozenset(column + 1 for column in range(after) if line[column] == "\t")


def _paren_system(inner: str) -> tuple[str, int] | None:
    number = parse_number(inner)
    if number is not None and _ALL_DIGITS.fullmatch(inner):
        return ("digit", number)
    if number is not None:
        return ("kanji", number)
    if len(inner) == 1 and inner in IROHA:
        return ("iroha", IROHA.index(inner) + 1)
    folded = inner.translate(_FULLWIDTH_LATIN)
    if len(folded) == 1 and "a" <= folded <= "z":
        return ("latin", ord(folded) - ord("a") + 1)
    if len(folded) == 1 and "A" <= folded <= "Z":
        return ("latin-upper", ord(folded) - ord("A") + 1)
    roman = roman_value(folded)
    if roman is not None:
        return ("roman", roman)
    return None


_FULLWIDTH_LATIN = str.maketrans(
    {chr(code): chr(code - 0xFEE0) for code in [*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
)


def resolve_roman(label: Label, previous: dict[tuple[str, str], int]) -> Label:
    """(i), (v), (x) read as letters or as roman numerals, by what came before at the open levels.

    `previous` maps each open kind to the last number seen at that level. "(i)" after "(h)" is the
    ninth letter; any other "(i)", and "(v)" after "(iv)", is a roman numeral.
    """
    if label.system != "latin":
        return label
    char = letter(label.number)
    if char not in ("i", "v", "x"):
        return label
    roman_kind = (label.style, "roman")
    latin_kind = (label.style, "latin")
    as_roman = _ROMAN[char]
    if previous.get(roman_kind) == as_roman - 1:
        return Label(label.text, label.style, "roman", as_roman, label.rest)
    if previous.get(latin_kind) == label.number - 1:
        return label
    if char == "i":
        return Label(label.text, label.style, "roman", 1, label.rest)
    return label

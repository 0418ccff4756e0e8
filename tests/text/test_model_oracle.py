"""The parser's model, made without validation (named tuples, governance/text/model.py), against oracles
(hypothesis): pydantic's strict validation of the declared types, and the plain form of the reference
finder, which resolved every reference on its own (references.py resolves each text once)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import ConfigDict, TypeAdapter

from governance.text import references
from governance.text.model import CrossReference, Regulation
from governance.text.parser import _text_lines, block_parse, parse_with_findings
from governance.text.recognisers import source_text
from tests.hostile_texts import HEADER, regulation_texts
from tests.text.test_parser_properties import ONCE_FAILED

ROOT = Path(__file__).resolve().parents[2]
STRICT = TypeAdapter(Regulation, config=ConfigDict(strict=True))


def validated(regulation: Regulation) -> Regulation:
    """The same model made by pydantic from the same values, refusing any value of another type."""
    return STRICT.validate_python(regulation)


@given(regulation_texts(), st.booleans())
@example(ONCE_FAILED[1], False)
@example(ONCE_FAILED[2], False)
@example(ONCE_FAILED[4], False)
@example(ONCE_FAILED[7], True)
def test_every_value_of_the_model_has_its_declared_type(text: str, lenient: bool) -> None:
    regulation, _ = parse_with_findings(text, "r.md", "r", lenient=lenient)
    assert validated(regulation) == regulation


def test_the_regulations_of_this_repository_validate_as_they_are() -> None:
    texts = [*sorted((ROOT / "regulations").glob("*.md")), ROOT / "tests/text/japanese_work_rules.md"]
    for path in texts:
        regulation, _ = parse_with_findings(path.read_text(encoding="utf-8"), path.name, path.stem)
        assert regulation.articles and validated(regulation) == regulation, path


# The plain form: every reference matched, read and resolved on its own.
_PLAIN_EN = re.compile(
    r"\b(?:[Pp]aragraph\s+(?P<p1>[0-9]+)\s+of\s+)?Article\s+(?P<a>[0-9]+)"
    r"(?:\.(?P<p2>[0-9]+)|,\s*[Pp]aragraph\s+(?P<p3>[0-9]+)|\((?P<p4>[0-9]+)\))?"
)


_PLAIN_EXTERNAL_JA = re.compile(r"(?:法|令|規則|規程|規約|定款|条約|協定)[ 　]*$")


def plain_external_before(before: str, short_names: set[str]) -> bool:
    window = before[-80:]
    while note := references._TRAILING_NOTE.search(window):
        window = window[: note.start()]
    if references._OWN_JA.search(window):
        return False
    return bool(_PLAIN_EXTERNAL_JA.search(window)) or any(window.endswith(name) for name in short_names)


def plain_references(regulation: Regulation, text: str) -> list[tuple[int, int, str, str | None]]:
    """(line, column, text, target) of each reference, as the finder read them before it was made linear
    in the number of references of a line."""
    anchors = {(a.number, a.branch): {p.number for p in a.paragraphs} for a in regulation.articles}
    found = []
    lines = _lines(text, regulation.body_line)
    short = {
        match.group("name")
        for _, content, _ in lines
        for match in references._SHORT_NAME.finditer(content)
        if plain_external_before(content[max(0, match.start() - 80) : match.start()], set())
    }
    for line, content, source in lines:
        english = []
        for match in _PLAIN_EN.finditer(content):
            end = match.end()
            if not references._OF_THIS.match(content, end) and references._EXTERNAL_EN.match(content, end):
                continue
            written = match.group("p1") or match.group("p2") or match.group("p3") or match.group("p4")
            english.append((match, references._number(match.group("a")), written, None))
        japanese = [
            (match, references._number(match.group("a")), match.group("p"), match.group("branch"))
            for match in references._REF_JA.finditer(content)
            if not plain_external_before(content[max(0, match.start() - 80) : match.start()], short)
        ]
        searched = 0
        for match, article, paragraph, branch in english + japanese:
            if article is None:
                continue
            shift = source.find(content) if content else -1
            if shift >= 0:
                col = shift + match.start() + 1
            else:
                at = source.find(match.group(), searched)
                searched = at + 1 if at >= 0 else searched
                col = at + 1 if at >= 0 else 1
            number = references._number(paragraph) if paragraph else None
            branch_number = references._number(branch[1:]) if branch else None
            target = references._target(anchors, article, branch_number, number)
            found.append((line, col, match.group(), target))
    return found


def _lines(text: str, body_line: int) -> list[tuple[int, str, str]]:
    lines = source_text(text).split("\n")
    body = "\n".join([""] * (body_line - 1) + lines[body_line - 1 :])
    return list(_text_lines(list(block_parse(body)[0]), lines))


# Lines dense in references, near-misses and other instruments, in both languages.
_REFERENCE_WORDS = [
    "Article 1",
    "Article 2.1",
    "Article 3(2)",
    "Article 1, paragraph 2",
    "paragraph 2 of Article 1",
    " of the Companies Act",
    " of these regulations",
    " of\tthe Code",
    " OF THIS",
    " of",
    "\u00a0of\u2003the Treaty",
    "第1条",
    "第２条第１項",
    "第三条の二",
    "労働基準法（以下「労基法」という。）",
    "労基法",
    "本規程",
    "この 規則　",
    "法",
    "定款 ",
    "（注）",
    "(note) ",
    " ",
    ", ",
    "Article 99999999999",
]
reference_lines = st.lists(st.sampled_from(_REFERENCE_WORDS), max_size=12).map("".join)


@given(st.lists(reference_lines, min_size=1, max_size=6))
@example(["Article 1 " * 50, "See Article 2 of the Labour Act and Article 2.", "本規程第1条、法第1条"])
@example(
    [
        "この 規則　第1条、当規約第2条、協定 第1条",
        "労働基準法（以下「労基法」という。）第2条、労基法 第1条（注） 第1条",
    ]
)
def test_references_are_those_of_the_plain_finder(lines: list[str]) -> None:
    text = HEADER + "\n## Article 1. A\n\n1. x\n2. y\n\n## Article 2. B\n\n" + "\n\n".join(lines) + "\n"
    regulation, _ = parse_with_findings(text, "r.md", "r")
    found = [(r.line, r.col, r.text, r.target) for r in regulation.references]
    assert found == plain_references(regulation, text)
    assert all(isinstance(r, CrossReference) for r in regulation.references)

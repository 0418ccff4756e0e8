"""Properties of the parser on any text (hypothesis): it answers, and what it says points into the text."""

from __future__ import annotations

from hypothesis import example, given

from governance.errors import GovernanceError
from governance.text.parser import parse_regulation, parse_with_findings, title_and_metadata
from tests.hostile_texts import HEADER, regulation_texts

# Inputs that once crashed or stalled the parser (issue 12), kept as a corpus.
ONCE_FAILED = [
    HEADER + "## Article " + "9" * 5000 + ". Purpose\n",
    HEADER + "## Article 1. A\n\nSee Article " + "9" * 5000 + ".\n",
    HEADER + "## 第1条（目的）\n\n第" + "9" * 5000 + "条\n",
    HEADER + "## Same\n\ntext\n\n" * 300,
    HEADER + "## Article 1. A\n\n" + "Article 1 " * 3000 + "\n",
    HEADER + "## Article 1. A\n\n" + "a <b>x</b>\n" * 3000,
    "---\nnotes: " + "[" * 990 + "]" * 990 + "\n---\n",
    "---\ncount: " + "9" * 5000 + "\n---\n",
    # Stalled lint's Markdown subset and raw HTML rules (regexes restarting at each opening).
    HEADER + "## Article 1. A\n\n*x* " + "-" * 3000 + "\n",
    HEADER + "## Article 1. A\n\nx " + "".join("`" * k + "a" for k in range(80, 0, -1)) + "\n",
    HEADER + "## Article 1. A\n\n" + "{#a" * 2000 + "\n",
    HEADER + "## Article 1. A\n\n" + "![" * 6000 + "\n",
]


def _lines(text: str) -> int:
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


@given(regulation_texts())
@example(ONCE_FAILED[0])
@example(ONCE_FAILED[1])
@example(ONCE_FAILED[2])
@example(ONCE_FAILED[3])
@example(ONCE_FAILED[4])
@example(ONCE_FAILED[5])
@example(ONCE_FAILED[6])
@example(ONCE_FAILED[7])
def test_any_text_parses_and_every_place_is_in_the_text(text: str) -> None:
    regulation, findings = parse_with_findings(text, "r.md", "r")
    lines = _lines(text)
    assert all(1 <= finding.line <= lines for finding in findings)
    assert all(1 <= article.line <= lines for article in regulation.articles)
    assert all(1 <= reference.line <= lines and reference.col >= 1 for reference in regulation.references)
    anchors = [section.anchor for section in regulation.sections]
    assert len(anchors) == len(set(anchors))


@given(regulation_texts())
@example(ONCE_FAILED[7])
def test_strict_parsing_raises_only_the_domain_error(text: str) -> None:
    try:
        parse_regulation(text, "r.md", "r")
    except GovernanceError as exc:
        assert exc.path == "r.md" and exc.message


@given(regulation_texts())
@example(ONCE_FAILED[6])
@example("---\ntitle: Stated\nnotes: x\n---\n# A heading\n")
@example("---\ntitle: '  '\n---\n# A heading\n")
@example("\ufeff# Only a heading\r\n\r\ntext\r\n")
@example("no heading at all\n")
def test_the_catalog_reads_the_title_and_front_matter_the_lenient_model_has(text: str) -> None:
    regulation = parse_regulation(text, "r.md", "r", lenient=True)
    assert title_and_metadata(text, "r.md", "r") == (regulation.title, regulation.metadata)

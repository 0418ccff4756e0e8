"""Every lint rule fires with its code at its line on a small bad input, and stays quiet on good texts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from governance.config import Config
from governance.errors import GovernanceError
from governance.i18n import Message
from governance.lint.runner import lint_paths, lint_text
from governance.text.findings import Finding
from governance.text.parser import block_parse

ROOT = Path(__file__).resolve().parents[2]

# Line numbers: 2 title, 4 enacted, 5 governed_by, 10 Article 1, 12 its text, 14 Article 2,
# 16 paragraph 1, 18 paragraph 2, 20 item (1), 22 item (2).
GOOD = """---
title: Test Regulations
issuer: Example Inc.
enacted: 2020-01-01
governed_by: board-of-directors
---

# Test Regulations

## Article 1. Purpose

These regulations serve IIJグループ, Ελλάδα and Москва; see Article 2, paragraph 2.

## Article 2. Duties

1. First paragraph.

2. Second paragraph:

(1) one

(2) two
"""

# Line numbers: 13 Article 1's text, 15 Article 2, 19 item （１）, 21-22 イ and ロ, 26 paragraph ２.
GOOD_JA = """---
title: 試験規程
issuer: 例示株式会社
enacted: 2020-01-01
governed_by: board-of-directors
language: ja
---

# 試験規程

## 第１条（目的）

この規程は、第２条第２項の手続を定める。

## 第２条（手続）

従業員は、次に掲げる事項を報告する。

（１）贈賄の疑い

- イ　国内
- ロ　国外

（２）その他

２　前項の報告は、書面による。
"""


def _swap(old: str, new: str, text: str = GOOD) -> str:
    assert old in text
    return text.replace(old, new, 1)


CASES: list[tuple[str, str | bytes, str, int]] = [
    ("no front matter", GOOD.split("---\n", 2)[2], "FM001", 1),
    ("front matter never closed", GOOD.replace("---\n\n#", "\n#"), "FM001", 1),
    ("front matter not YAML", _swap("title: Test Regulations", "title: [open"), "FM001", 3),
    ("front matter alias", _swap("issuer: Example Inc.", "issuer: *name"), "FM001", 3),
    ("front matter ambiguous bool", _swap("issuer: Example Inc.", "issuer: no"), "FM001", 3),
    ("front matter a list", "---\n- title\n- issuer\n---\n\n# T\n", "FM001", 2),
    (
        "unknown key",
        _swap("governed_by: board-of-directors\n", "governed_by: board-of-directors\nowner: HR\n"),
        "FM002",
        6,
    ),
    ("missing key", _swap("issuer: Example Inc.\n", ""), "FM003", 1),
    ("wrong type", _swap("title: Test Regulations", "title: 12"), "FM003", 2),
    (
        "bad digest",
        _swap("issuer: Example Inc.\n", "issuer: Example Inc.\noriginal_digest: md5:1\n"),
        "FM003",
        4,
    ),
    ("date YAML 1.1 reads", _swap("enacted: 2020-01-01", "enacted: 2020-1-1"), "FM004", 4),
    ("quoted non-ISO date", _swap("enacted: 2020-01-01", 'enacted: "1 January 2020"'), "FM004", 4),
    ("date as a number", _swap("enacted: 2020-01-01", "enacted: 20200101"), "FM004", 4),
    ("impossible date", _swap("enacted: 2020-01-01", "enacted: 2020-02-30"), "FM004", 4),
    ("not UTF-8", GOOD.encode("utf-8").replace(b"These", b"Th\xe9se"), "ENC001", 12),
    ("CRLF", GOOD.replace("\n", "\r\n"), "ENC002", 1),
    ("BOM", "\ufeff" + GOOD, "ENC003", 1),
    ("trailing space", _swap("1. First paragraph.", "1. First paragraph.  "), "ENC004", 16),
    (
        "trailing ideographic space",
        _swap("## Article 1. Purpose", "## Article 1. Purpose\u3000"),
        "ENC004",
        10,
    ),
    ("no final newline", GOOD.rstrip("\n"), "ENC005", 22),
    ("not NFC", _swap("Purpose\n\nThese", "Purpose\n\nThe\u0301se"), "ENC006", 12),
    ("zero-width space", _swap("These regulations", "These\u200b regulations"), "ENC007", 12),
    ("right-to-left override", _swap("Second paragraph", "Second \u202eparagraph"), "ENC007", 18),
    ("soft hyphen", _swap("Duties", "Du\u00adties"), "ENC007", 14),
    ("tab", _swap("(2) two", "(2)\ttwo"), "ENC007", 22),
    ("BOM inside", _swap("These", "\ufeffThese"), "ENC007", 12),
    # Invisible characters beyond the zero-width and bidi ones (issue 12, H7): each passed lint.
    ("tag characters spelling hidden ASCII", _swap("These", "These\U000e0041\U000e0042"), "ENC007", 12),
    ("line separator", _swap("These regulations", "These\u2028regulations"), "ENC007", 12),
    ("combining grapheme joiner", _swap("Duties", "Du\u034fties"), "ENC007", 14),
    ("Mongolian vowel separator", _swap("Duties", "Du\u180eties"), "ENC007", 14),
    ("interlinear annotation", _swap("Duties", "Du\ufff9ties\ufffb"), "ENC007", 14),
    ("blank Braille pattern", _swap("These regulations", "These\u2800regulations"), "ENC007", 12),
    ("variation selector after ASCII", _swap("Duties", "Du\ufe0fties"), "ENC007", 14),
    ("Cyrillic look-alike", _swap("These regulations", "These regul\u0430tions"), "ENC008", 12),
    ("Greek look-alike", _swap("Duties", "Dut\u03b9es"), "ENC008", 14),
    ("article gap", _swap("## Article 2. Duties", "## Article 3. Duties"), "STR001", 14),
    ("article twice", _swap("## Article 2. Duties", "## Article 1. Duties"), "STR001", 14),
    ("paragraph out of order", _swap("2. Second", "3. Second"), "STR002", 18),
    ("item out of order", _swap("(2) two", "(3) two"), "STR003", 22),
    ("dangling reference", _swap("Article 2, paragraph 2", "Article 2, paragraph 3"), "STR004", 12),
    ("reference to no article", _swap("Article 2, paragraph 2", "Article 7"), "STR004", 12),
    ("empty article", GOOD + "\n## Article 3. Nothing\n", "STR005", 24),
    ("article heading in words", _swap("## Article 2. Duties", "## Article two. Duties"), "STR006", 14),
    ("article heading without the dot", _swap("## Article 2. Duties", "## Article 2 Duties"), "STR006", 14),
    ("article heading as plain text", _swap("## Article 2. Duties", "Article 2. Duties"), "STR006", 14),
    ("Japanese heading with spaces", _swap("## 第２条（手続）", "## 第 2 条（手続）", GOOD_JA), "STR006", 15),
    (
        "Japanese branch article out of order",
        _swap("## 第２条（手続）", "## 第２条の２（手続）", GOOD_JA),
        "STR001",
        15,
    ),
    ("Japanese paragraph out of order", _swap("２　前項", "３　前項", GOOD_JA), "STR002", 26),
    ("Japanese sub-item out of order", _swap("- ロ　国外", "- ハ　国外", GOOD_JA), "STR003", 22),
    ("Japanese article gap", _swap("## 第２条（手続）", "## 第三条（手続）", GOOD_JA), "STR001", 15),
    ("Japanese dangling reference", _swap("第２条第２項", "第２条第３項", GOOD_JA), "STR004", 13),
    ("hidden HTML", _swap("These regulations", 'These <span hidden="">not</span> regulations'), "STR007", 12),
    ("HTML comment", _swap("Second paragraph", "Second <!-- unless waived --> paragraph"), "STR007", 18),
    ("HTML block", GOOD + "\n<script>document.body.remove()</script>\n", "STR007", 24),
]


@pytest.mark.parametrize(
    "line",
    [
        "Amounts < 10,000 yen and a<b are plain text.",
        "See <https://example.com/policy> and <mailto:legal@example.com>.",
        "Write `<br>` in a code span.",
    ],
)
def test_text_that_only_looks_like_html_is_fine(line: str) -> None:
    text = _swap("These regulations", line + " These regulations")
    assert [f.code for f in lint_text(text, "p.md", "p") if f.code == "STR007"] == []


@pytest.mark.parametrize(
    ("text", "code", "line"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_rule_fires(text: str | bytes, code: str, line: int) -> None:
    findings = lint_text(text, "regulations/x.md", "x")
    assert (code, line) in [(f.code, f.line) for f in findings], [f.render() for f in findings]
    assert all(f.severity == "error" and f.path == "regulations/x.md" for f in findings)


# A kanji with its ideographic variation selector (a name's glyph, 葛󠄀) and an emoji's presentation
# selector select something: they are written, not hidden.
GOOD_JA_VARIANTS = GOOD_JA.replace("従業員は", "葛\U000e0100飾の従業員は✔\ufe0f")


@pytest.mark.parametrize("text", [GOOD, GOOD_JA, GOOD_JA_VARIANTS], ids=["english", "japanese", "variants"])
def test_good_texts_are_clean(text: str) -> None:
    assert lint_text(text, "regulations/x.md", "x") == []
    assert lint_text(text.encode("utf-8"), "regulations/x.md", "x", bodies={"board-of-directors"}) == []


def test_columns_point_at_the_character() -> None:
    findings = lint_text(_swap("These regulations", "These regul\u0430tions\u200b"), "p.md", "p")
    assert [(f.code, f.line, f.col) for f in findings] == [("ENC008", 12, 12), ("ENC007", 12, 18)]
    [reference] = lint_text(_swap("Article 2, paragraph 2", "Article 8"), "p.md", "p")
    assert (reference.code, reference.col) == ("STR004", GOOD.split("\n")[11].index("Article 2") + 1)
    assert reference.render() == f"p.md:12:{reference.col}: STR004 {reference.message}"
    [byte] = lint_text(GOOD.encode("utf-8").replace(b"These", b"Th\xe9se"), "p.md", "p")
    assert (byte.line, byte.col) == (12, 3) and "0xe9" in byte.message


def test_unknown_body() -> None:
    [finding] = lint_text(GOOD, "p.md", "p", bodies={"compliance-department"})
    assert (finding.code, finding.line) == ("FM005", 5)
    assert "compliance-department" in finding.message


def test_lenient_front_matter() -> None:
    loose = _swap("governed_by: board-of-directors\n", "governed_by: board-of-directors\nowner: HR\n")
    assert lint_text(loose, "p.md", "p", lenient=True) == []
    no_front_matter = GOOD.split("---\n", 2)[2]
    assert lint_text(no_front_matter, "p.md", "p", lenient=True) == []
    [broken] = lint_text(_swap("issuer: Example Inc.", "issuer: *name"), "p.md", "p", lenient=True)
    assert broken.code == "FM001"


def test_policy_without_articles_is_clean() -> None:
    assert lint_text("# Travel Policy\n\n## Scope\n\nEveryone.\n", "p.md", "p", lenient=True) == []


def test_seed_is_clean() -> None:
    seed = ROOT / "regulations" / "bribery-prevention.md"
    assert lint_text(seed.read_bytes(), "regulations/bribery-prevention.md", "bribery-prevention") == []


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    folder = tmp_path / "regulations"
    (folder / "hr").mkdir(parents=True)
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    (folder / "hr" / "leave.md").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_lint_paths_clean_tree(tree: Path) -> None:
    assert lint_paths(tree, Config()) == []
    assert lint_paths(tree, Config(), [tree / "regulations" / "hr" / "leave.md"]) == []


def test_lint_paths_keeps_no_parse_of_the_files_it_linted(tree: Path) -> None:
    kept = block_parse("# kept by someone else\n")
    assert lint_paths(tree, Config()) == []
    assert block_parse("# kept by someone else\n") is not kept  # dropped, so made again: none is kept


def test_lint_paths_file_rules(tree: Path) -> None:
    folder = tree / "regulations"
    (folder / "link.md").symlink_to(folder / "good.md")
    (folder / "notes.txt").write_text("x\n", encoding="utf-8")
    (folder / "odd.md").mkdir()
    (folder / "vendor" / ".git").mkdir(parents=True)
    os.mkfifo(folder / "pipe.md")
    (folder / "hr" / "bad.md").write_text(_swap("(2) two", "(3) two"), encoding="utf-8")
    findings = lint_paths(tree, Config())
    assert [(f.path, f.line, f.code) for f in findings] == [
        ("regulations/hr/bad.md", 22, "STR003"),
        ("regulations/link.md", 1, "FILE001"),
        ("regulations/notes.txt", 1, "FILE003"),
        ("regulations/odd.md", 1, "FILE002"),
        ("regulations/pipe.md", 1, "FILE002"),
        ("regulations/vendor", 1, "FILE002"),
    ]
    # An explicit path gets the same rules, and a folder is walked.
    assert [f.code for f in lint_paths(tree, Config(), [folder / "link.md", folder / "hr"])] == [
        "STR003",
        "FILE001",
    ]


def test_lint_paths_bodies_and_config(tree: Path) -> None:
    records = tree / "resolutions"
    records.mkdir()
    (records / "bodies.yml").write_text("bodies:\n  compliance-department: {members: 1}\n", encoding="utf-8")
    findings = lint_paths(tree, Config())
    assert [(f.path, f.code) for f in findings] == [
        ("regulations/good.md", "FM005"),
        ("regulations/hr/leave.md", "FM005"),
    ]
    (records / "bodies.yml").write_text("members: 1\n", encoding="utf-8")
    with pytest.raises(GovernanceError, match="bodies"):
        lint_paths(tree, Config())
    (records / "bodies.yml").unlink()
    (tree / "regulations" / "good.md").write_text("# Policy\n\nText.\n", encoding="utf-8")
    assert [f.code for f in lint_paths(tree, Config())] == ["FM001"]
    assert lint_paths(tree, Config(front_matter="lenient")) == []


def test_lint_paths_usage_errors(tree: Path) -> None:
    with pytest.raises(GovernanceError, match="no such file") as caught:
        lint_paths(tree, Config(), [tree / "regulations" / "missing.md"])
    assert caught.value.path is not None and caught.value.path.endswith("missing.md")
    with pytest.raises(GovernanceError, match="regulations folder 'rules' does not exist"):
        lint_paths(tree, Config(regulations="rules"))


def test_findings_sort_and_render() -> None:
    finding = Finding("a.md", 3, 7, "ENC004", Message("trailing whitespace"))
    assert finding.render() == "a.md:3:7: ENC004 trailing whitespace"
    assert finding.as_dict() == {
        "path": "a.md",
        "line": 3,
        "col": 7,
        "code": "ENC004",
        "message": "trailing whitespace",
        "severity": "error",
    }
    assert (
        sorted([Finding("b.md", 1, 1, "X", Message("")), finding, Finding("a.md", 2, 9, "X", Message(""))])[
            0
        ].line
        == 2
    )


def test_lint_at_the_root_reads_only_what_the_pattern_selects(tmp_path: Path) -> None:
    from tests.work_rules_fixture import PATTERN, make_work_rules

    repo = make_work_rules(tmp_path / "kitei")
    (repo / "README.md").write_text("#no space after the hash\n\t\tand tabs\n", encoding="utf-8")
    (repo / ".github").mkdir()
    (repo / ".github" / "99_隠し規程.md").write_text("x", encoding="utf-8")
    (repo / "05_リンク規程.md").symlink_to("README.md")
    config = Config(regulations=".", regulations_pattern=PATTERN)

    for asked in (None, [repo]):
        findings = lint_paths(repo, config, asked)
        assert [(f.path, f.code) for f in findings] == [("05_リンク規程.md", "FILE001")]
    # A file named on the command line is linted as asked, selected or not.
    assert {f.path for f in lint_paths(repo, config, [repo / "README.md"])} == {"README.md"}

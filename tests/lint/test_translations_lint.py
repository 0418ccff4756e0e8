"""Translation rules (TRN001-TRN004) against the real seed and its Japanese reference translation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from governance.config import Config
from governance.lint.runner import lint_paths, lint_text
from governance.text.digests import digest_bytes
from governance.text.recognisers import split_translation_id

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "regulations" / "bribery-prevention.md"
JAPANESE = ROOT / "regulations" / "bribery-prevention.ja.md"
JA_TEXT = JAPANESE.read_text(encoding="utf-8")


def _lint_ja(text: str, original: bytes | None = None) -> list[tuple[str, int]]:
    source = SEED.read_bytes() if original is None else original
    findings = lint_text(
        text,
        "regulations/bribery-prevention.ja.md",
        "bribery-prevention.ja",
        original_of=lambda rid: source if rid == "bribery-prevention" else None,
    )
    return [(f.code, f.line) for f in findings]


def _swap(old: str, new: str) -> str:
    assert old in JA_TEXT
    return JA_TEXT.replace(old, new, 1)


def test_reference_translation_is_current_and_clean() -> None:
    assert f"original_digest: {digest_bytes(SEED.read_bytes())}\n" in JA_TEXT
    assert "参考訳" in JA_TEXT and "法的効力を有するのは英語の原文のみ" in JA_TEXT
    assert _lint_ja(JA_TEXT) == []


def test_repository_tree_is_clean(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "regulations", tmp_path / "regulations")
    assert lint_paths(tmp_path, Config()) == []
    # The original changes: the translation is stale, pointed at its original_digest line.
    seed = tmp_path / "regulations" / "bribery-prevention.md"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("entire IIJ Group", "whole IIJ Group"), encoding="utf-8"
    )
    findings = lint_paths(tmp_path, Config())
    assert [(f.path, f.code, f.line) for f in findings] == [
        ("regulations/bribery-prevention.ja.md", "TRN002", 8)
    ]
    assert digest_bytes(seed.read_bytes()) in findings[0].message
    seed.unlink()
    assert [f.code for f in lint_paths(tmp_path, Config())] == ["TRN001"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("\n２　IIJグループ各社は", "\nIIJグループ各社は", [("TRN003", 48)]),
        ("## 第９条（改廃）\n\nこの規程の改廃は、取締役会の決議による。\n", "", [("TRN003", 62)]),
        ("***", "## 第１０条（附則）\n\nこの規程は、制定日から施行する。\n\n***", [("TRN003", 70)]),
        (
            "## 第８条（適用範囲）",
            "## 第１０条（適用範囲）",
            [("STR001", 62), ("TRN003", 62), ("STR001", 66)],
        ),
        ("original_digest: sha256:", "original_digest: sha256:0", [("FM003", 8)]),
        ("translation_of: en\n", "", [("TRN004", 1)]),
        ("language: ja", "language: zh", [("TRN004", 6)]),
        ("translation_of: en", "translation_of: fr", [("TRN004", 7)]),
    ],
    ids=[
        "paragraph count",
        "article missing",
        "article added",
        "article renumbered",
        "digest malformed",
        "no translation_of",
        "language differs from name",
        "wrong original language",
    ],
)
def test_translation_rules(old: str, new: str, expected: list[tuple[str, int]]) -> None:
    assert _lint_ja(_swap(old, new)) == expected


def test_stale_translation_in_text() -> None:
    assert _lint_ja(JA_TEXT, SEED.read_bytes() + b"\n") == [("TRN002", 8)]


def test_translation_must_be_named_with_its_language() -> None:
    findings = lint_text(
        JA_TEXT, "regulations/bribery-prevention-ja.md", "bribery-prevention-ja", original_of=lambda rid: None
    )
    assert [(f.code, f.line) for f in findings] == [("TRN004", 7)]
    assert "<original>.<language>.md" in findings[0].message


def test_original_is_not_a_translation() -> None:
    assert (
        lint_text(
            SEED.read_bytes(),
            "regulations/bribery-prevention.md",
            "bribery-prevention",
            original_of=lambda rid: None,
        )
        == []
    )


@pytest.mark.parametrize(
    ("regulation_id", "expected"),
    [
        ("bribery-prevention.ja", ("bribery-prevention", "ja")),
        ("hr/leave.zh-Hans", ("hr/leave", "zh-Hans")),
        ("bribery-prevention", None),
        ("policy.v2", None),
        ("gift-rules.fil", ("gift-rules", "fil")),  # Filipino: three letters
        ("notes.old", ("notes", "old")),  # named like one; a translation only beside notes.md
    ],
)
def test_split_translation_id(regulation_id: str, expected: tuple[str, str] | None) -> None:
    assert split_translation_id(regulation_id) == expected

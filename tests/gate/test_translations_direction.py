"""A repository whose original is Japanese and whose reference translation is English works as the
other way round: the translations body approves the English file, the board the Japanese one, lint
flags the English translation once the Japanese original changes, and the site treats it alike."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from governance.config import load_config
from governance.gate.check import run_check
from governance.gate.works import Work
from governance.lint.runner import lint_paths
from governance.site.builder import build_site
from governance.site.embedding import expand
from tests.testing import site_works as w
from tests.testing.gitrepo import GitRepo
from tests.testing.governed import BOARD, COMPLIANCE, Governed, adopted_repository, digest
from tests.testing.sshkeys import Keys

ORIGINAL = "regulations/gift-rules.md"
TRANSLATION = "regulations/gift-rules.en.md"
JA = f"""---
title: 贈答規程
issuer: 株式会社インターネットイニシアティブ
enacted: 2015-04-01
governed_by: {BOARD}
language: ja
---

# 贈答規程

## 第1条（目的）

この規程は、贈答の取扱いを定めることを目的とする。

## 第2条（登録）

全ての贈答は、登録簿に記録しなければならない。

２　登録簿は、コンプライアンス部が管理する。
"""
JA_AMENDED = JA.replace("全ての贈答は", "五千円を超える全ての贈答は")


def english(original_digest: str) -> str:
    return f"""---
title: Gift Rules (reference translation)
issuer: Internet Initiative Japan Inc.
enacted: 2015-04-01
governed_by: {COMPLIANCE}
language: en
translation_of: ja
original_digest: {original_digest}
---

# Gift Rules

## Article 1. Purpose

These rules govern the handling of gifts.

## Article 2. Register

1. Every gift is entered in the register.

2. The compliance department keeps the register.
"""


EN = english(digest(JA))
EN_AMENDED = EN.replace("govern the handling of gifts", "set how gifts are handled")
TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def template(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = adopted_repository(
        tmp_path_factory.mktemp("ja-original") / "repo",
        keys,
        {ORIGINAL: JA, TRANSLATION: EN},
        message="Adopt regulation governance: a Japanese original, its English translation",
    )
    return repo.path


@pytest.fixture
def gov(template: Path, tmp_path: Path, keys: Keys) -> Governed:
    shutil.copytree(template, tmp_path / "repo", symlinks=True)
    repo = GitRepo(tmp_path / "repo")
    repo._clock = 10_000
    return Governed(repo, keys)


COMPLIANCE_VOTE = {"body": COMPLIANCE, "members": 1, "present": 1, "votes_for": 1}


def test_the_english_translation_needs_the_translations_body(gov: Governed) -> None:
    gov.branch()
    gov.repo.write(TRANSLATION, EN_AMENDED)
    gov.approve("BD-2026-010", "gift-rules.en", "amend", EN_AMENDED)
    gov.repo.commit("The board approves the English translation")
    by_board = run_check(gov.path, "main", "proposal", today=TODAY)

    gov.repo.remove("resolutions/BD-2026-010.yml")
    gov.repo.remove("resolutions/BD-2026-010.yml.sig")
    gov.approve("CD-2026-010", "gift-rules.en", "amend", EN_AMENDED, **COMPLIANCE_VOTE)
    gov.repo.commit("Compliance approves the English translation")
    by_compliance = run_check(gov.path, "main", "proposal", today=TODAY)

    assert not by_board.ok
    assert "this change needs the compliance-department" in by_board.verdicts[0].reasons[0]
    assert by_compliance.ok, by_compliance


def test_the_japanese_original_needs_the_board(gov: Governed) -> None:
    gov.branch()
    gov.repo.write(ORIGINAL, JA_AMENDED)
    gov.approve("CD-2026-011", "gift-rules", "amend", JA_AMENDED, **COMPLIANCE_VOTE)
    gov.repo.commit("Compliance approves the Japanese original")
    by_compliance = run_check(gov.path, "main", "proposal", today=TODAY)

    gov.repo.remove("resolutions/CD-2026-011.yml")
    gov.repo.remove("resolutions/CD-2026-011.yml.sig")
    gov.approve("BD-2026-011", "gift-rules", "amend", JA_AMENDED)
    gov.repo.commit("The board approves the Japanese original")
    by_board = run_check(gov.path, "main", "proposal", today=TODAY)

    assert not by_compliance.ok
    assert f"this change needs the {BOARD}" in by_compliance.verdicts[0].reasons[0]
    assert by_board.ok, by_board
    # The amended original leaves its English translation stale: lint says so, on original_digest.
    findings = lint_paths(gov.path, load_config(gov.path))
    assert [(f.path, f.code, f.line) for f in findings] == [(TRANSLATION, "TRN002", 8)]
    assert digest(JA_AMENDED) in findings[0].message


def test_the_site_treats_an_english_translation_of_a_japanese_original_alike() -> None:
    original = Work(
        "gift-rules",
        ORIGINAL,
        [
            w.version("gift-rules", JA, "enact", w.approval("BL-2026-001", "2026-01-05"), ORIGINAL),
            w.version("gift-rules", JA_AMENDED, "amend", w.approval("BD-2026-011", "2026-11-20"), ORIGINAL),
        ],
    )
    translation = Work(
        "gift-rules.en",
        TRANSLATION,
        [
            w.version(
                "gift-rules.en",
                EN,
                "enact",
                w.approval("BL-2026-001", "2026-01-05", body=COMPLIANCE),
                TRANSLATION,
            )
        ],
    )
    site = {
        page.uri: w.prose(expand(page.content)) for page in build_site([original, translation], TODAY).pages
    }
    english_page = site["regulations/gift-rules.en/index.md"]
    assert "[日本語](../gift-rules/index.md)" in english_page and "Only [the original]" in english_page
    # The original changed since; the English translation says so in English, with an English panel.
    assert '!!! danger "This translation does not follow the original in force"' in english_page
    assert (
        "<summary>About this text: in force from 2026-01-05</summary>" in english_page
        and "**Status:** in force from 2026-01-05" in english_page
    )
    assert "この翻訳" not in english_page and "施行" not in english_page
    japanese_page = site["regulations/gift-rules/index.md"]
    assert (
        "<summary>本文の情報：2026年11月20日から施行</summary>" in japanese_page
        and "**施行状況：** 2026年11月20日から施行" in japanese_page
    )
    assert "**最終改正：** 2026年11月20日の決議 BD-2026-011（2026年11月20日施行）" in japanese_page
    assert "About this text" not in japanese_page
    bilingual = site["regulations/gift-rules.en/bilingual.md"]
    assert bilingual.index('lang="ja"') < bilingual.index('lang="en"')  # the original on the left
    assert (
        "<strong>第2条（登録）</strong>" in bilingual and "<strong>Article 2. Register</strong>" in bilingual
    )
    shinkyu = site["regulations/gift-rules/2026-11-20/redline.md"]  # the original is Japanese
    assert "<ins>五千円を超える</ins>全ての贈答は" in shinkyu and "改正前" in shinkyu
    assert 'title: "贈答規程 新旧対照表（2026年11月20日施行）"' in shinkyu
    assert "| 2026年1月5日から2026年11月19日まで施行 | 制定 |" in site["regulations/gift-rules/history.md"]

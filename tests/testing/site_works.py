"""Promulgated works built by hand for the site's tests: what governance.gate.published would return."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from governance.gate.works import Approval, Rescission, Version, Work
from tests.testing.governed import JA, REGULATION, TRANSLATION, governed_copy, record_text, with_effective
from tests.testing.sshkeys import Keys

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "regulations" / "bribery-prevention.md").read_text(encoding="utf-8")
BOARD = "board-of-directors"
COMPLIANCE = "compliance-department"
BODY_NAMES = {BOARD: "Board of Directors", COMPLIANCE: "Compliance Department"}

# Article 6 and paragraph 5.2 change in force from 2026-10-01; Article 8 changes from 2027-06-01.
AMENDED = SEED.replace(
    "involve appropriate monitoring of partners", "involve appropriate and documented monitoring of partners"
).replace("appropriately promulgate the prohibition", "promulgate and train on the prohibition")
AMENDED_AGAIN = AMENDED.replace(
    "These regulations apply to the entire IIJ Group.",
    "These regulations apply to the entire IIJ Group and its agents.",
)
# The governed repository's translation, corrected: "贈収賄防止" puts 防止 inside a compound (search).
JA_CORRECTED = JA.replace("各社は、内部統制の枠組みを", "各社は、贈収賄防止のための内部統制の枠組みを", 1)
assert JA_CORRECTED != JA


_NOWRAP = re.compile(r"<span class='governance-nowrap'>(.*?)</span>")


def prose(page: str) -> str:
    """A page without the spans that keep dates and resolution ids on one line: its words, as read."""
    return _NOWRAP.sub(r"\1", page)


def digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def japanese(original_digest: str) -> str:
    return f"""---
title: 贈収賄防止規程（参考訳）
issuer: 株式会社インターネットイニシアティブ
enacted: 2012-04-01
governed_by: {COMPLIANCE}
language: ja
translation_of: en
original_digest: {original_digest}
---

# 贈収賄防止規程

## 第1条（目的）

この規程は、当社グループの国内外における事業活動において、贈収賄に関する不正を防止することを目的とする。

## 第5条（内部統制）

当社グループの各社は、事業拠点の所在する国ごとに、贈収賄防止のための内部統制の枠組みを整備しなければならない。

２　当社グループの各社は、その役員及び従業員に対し、贈収賄の禁止を適切に周知しなければならない。

## 第6条（取引先の監督）

取引先との取引は、当該取引先についての十分な調査に基づき、適切な監視を行わなければならない。
"""


POLICY = """# Travel expense policy

Approved as it is, without articles.

## Scope

This policy covers business travel of all employees.

## Reimbursement

Receipts are required for every expense above 5,000 yen.
"""
POLICY_AMENDED = POLICY.replace("above 5,000 yen", "above 3,000 yen")

OLD_RULES = """---
title: Gift Register Rules
issuer: Internet Initiative Japan Inc.
enacted: 2015-04-01
governed_by: board-of-directors
---

# Gift Register Rules

## Article 1. Register

Every gift is entered in the register.
"""

NEW_RULES = """---
title: Whistleblowing Regulations
issuer: Internet Initiative Japan Inc.
enacted: 2027-04-01
governed_by: board-of-directors
---

# Whistleblowing Regulations

## Article 1. Purpose

These regulations protect persons who report misconduct in good faith.
"""


def approval(resolution: str, adopted: str, effective: str | None = None, body: str = BOARD) -> Approval:
    return Approval(resolution, body, date.fromisoformat(adopted), date.fromisoformat(effective or adopted))


def version(work: str, text: str, action: str, approved: Approval, path: str | None = None) -> Version:
    assert action in ("enact", "amend")
    return Version(
        work=work,
        path=path or f"regulations/{work}.md",
        text=text,
        digest=digest(text),
        action="enact" if action == "enact" else "amend",
        approval=approved,
        commit="0123456789abcdef0123456789abcdef01234567",
    )


def bribery() -> Work:
    work = "bribery-prevention"
    return Work(
        work,
        f"regulations/{work}.md",
        [
            version(work, SEED, "enact", approval("BD-2026-001", "2026-04-01")),
            version(work, AMENDED, "amend", approval("BD-2026-007", "2026-09-20", "2026-10-01")),
            version(work, AMENDED_AGAIN, "amend", approval("BD-2027-002", "2027-01-10", "2027-06-01")),
        ],
    )


def translation() -> Work:
    work = "bribery-prevention.ja"
    text = japanese(digest(SEED))  # follows the first text: stale once the amendment is in force
    return Work(
        work,
        f"regulations/{work}.md",
        [version(work, text, "enact", approval("CD-2026-001", "2026-04-01", body=COMPLIANCE))],
    )


def policy() -> Work:
    work = "travel-expenses"
    return Work(
        work,
        f"regulations/{work}.md",
        [
            version(work, POLICY, "enact", approval("BD-2026-002", "2026-04-01")),
            version(work, POLICY_AMENDED, "amend", approval("BD-2026-008", "2026-09-20", "2026-10-01")),
        ],
    )


def rescinded() -> Work:
    work = "gift-register"
    return Work(
        work,
        f"regulations/{work}.md",
        [version(work, OLD_RULES, "enact", approval("BD-2026-003", "2026-04-01"))],
        Rescission(
            work,
            approval("BD-2026-009", "2026-09-20", "2026-11-01"),
            "fedcba9876543210fedcba9876543210fedcba98",
        ),
    )


def coming() -> Work:
    work = "whistleblowing"
    return Work(
        work,
        f"regulations/{work}.md",
        [version(work, NEW_RULES, "enact", approval("BD-2027-001", "2027-01-10", "2027-04-01"))],
    )


def everything() -> list[Work]:
    return [bribery(), translation(), policy(), rescinded(), coming()]


TODAY = date(2027, 1, 15)  # amendment 1 in force, amendment 2 and the whistleblowing rules still coming


# --- One real build per session, shared by the build and browser tests --------------------------------


@dataclass(frozen=True)
class BuiltSite:
    repo: Path  # a governed repository: adoption, two merged amendments, an open proposal branch
    public: Path  # the built site
    warnings: list[str]  # what MkDocs logged at WARNING or above


_built: list[BuiltSite] = []
BUILD_TODAY = "2027-01-15"


def build_governed_site(keys: Keys, factory: pytest.TempPathFactory) -> BuiltSite:
    """Build the site of a real governed repository with `mkdocs build --strict` and the real hook,
    once per session (test modules share it through this cache)."""
    if _built:
        return _built[0]
    gov = governed_copy(factory.mktemp("site"), keys, factory)
    for branch, ident, text, adopted, effective in [
        ("amend-1", "BD-2026-007", AMENDED, "2026-09-20", "2026-10-01"),
        ("amend-2", "BD-2027-002", AMENDED_AGAIN, "2027-01-10", "2027-06-01"),
    ]:
        gov.branch(branch)
        gov.repo.write(REGULATION, text)
        record = record_text(ident, [("bribery-prevention", "amend", digest(text))], date=adopted)
        gov.record(ident, with_effective(record, effective))
        gov.repo.commit(f"Amend bribery prevention ({ident})")
        gov.merge(branch)
    # A correction of the Japanese translation, approved by the translations body: its redline is a 新旧対照表.
    gov.branch("translation-fix")
    gov.repo.write(TRANSLATION, JA_CORRECTED)
    gov.approve(
        "CD-2026-002",
        "bribery-prevention.ja",
        "amend",
        JA_CORRECTED,
        body=COMPLIANCE,
        date="2026-11-25",
        members=1,
        present=1,
        votes_for=1,
    )
    gov.repo.commit("Correct the Japanese translation of Article 7 (CD-2026-002)")
    gov.merge("translation-fix")
    gov.branch("proposal")  # an open proposal for the board pack, not merged
    gov.repo.write(REGULATION, AMENDED_AGAIN.replace("thorough research", "thorough and recorded research"))
    gov.repo.commit("Propose: record the research")
    gov.repo.git("checkout", "-q", "main")

    warnings = mkdocs_build(gov.path)
    _built.append(BuiltSite(gov.path, gov.path / "public", warnings))
    return _built[0]


def mkdocs_build(repo: Path) -> list[str]:
    """`mkdocs build --strict` of a governed repository with this project's mkdocs.yml and site/, as of
    BUILD_TODAY; what MkDocs logged at WARNING or above."""
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copytree(ROOT / "site", repo / "site")
    warnings: list[str] = []
    handler = _Collect(warnings)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    saved = os.environ.get("GOVERNANCE_TODAY")
    os.environ["GOVERNANCE_TODAY"] = BUILD_TODAY
    try:
        config = load_config(
            config_file=str(repo / "mkdocs.yml"),
            strict=True,
        )
        build(config)
    finally:
        logger.removeHandler(handler)
        if saved is None:
            os.environ.pop("GOVERNANCE_TODAY", None)
        else:
            os.environ["GOVERNANCE_TODAY"] = saved
    return warnings


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())

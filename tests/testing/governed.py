"""Governed repositories for the gate's tests: one adopted template per session, copied per test.

The template is built with real git and real ssh-keygen signatures, once; each test copies it with
shutil.copytree (no git process) and plays a pull request on it.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from governance.records.signatures import sign_record
from tests.testing.gitrepo import GitRepo
from tests.testing.sshkeys import NAMESPACE, KeyPair, Keys

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "regulations" / "bribery-prevention.md").read_text(encoding="utf-8")
REGULATION = "regulations/bribery-prevention.md"
TRANSLATION = "regulations/bribery-prevention.ja.md"
BL_RECORD = "resolutions/BL-2026-001.yml"
BOARD = "board-of-directors"
COMPLIANCE = "compliance-department"
BODIES = f"""bodies:
  {BOARD}: {{name: Board of Directors, members: 9, quorum: majority, majority: simple, written_consent: true}}
  {COMPLIANCE}: {{name: Compliance Department, members: 1, quorum: all, majority: simple, written_consent: true}}
"""
CONFIG = f"translations_body: {COMPLIANCE}\n"
_ARTICLES = [
    "目的",
    "定義",
    "贈賄の禁止",
    "贈賄の判断",
    "内部統制",
    "取引先の監督",
    "懲戒",
    "適用範囲",
    "改廃",
]
_BODIES_JA = {
    2: "この規程において使用する用語の意義は、次に定めるところによる。\n\n（１）公務員等　公務員をいう。\n\n"
    "（２）金銭等の支払い　金銭の支払いをいう。\n\n（３）贈賄　次の目的でする金銭等の支払いをいう。\n\n"
    "- イ　公務員の行為に影響を与えること\n- ロ　公務員に違法な行為をさせること\n- ハ　不当な利益を得ること\n"
    "- ニ　政府機関の決定に影響を与えること\n\n（４）取引先　政府機関が関与する事業の取引先をいう。",
    5: "IIJグループ各社は、内部統制の枠組みを構築しなければならない。\n\n２　IIJグループ各社は、贈賄の禁止を周知しなければならない。",
}
# A short reference translation with the seed's structure (the lint compares articles and paragraphs).
JA = (
    f"---\ntitle: 贈収賄防止規程\nissuer: 株式会社インターネットイニシアティブ\nenacted: 2012-04-01\n"
    f"governed_by: {COMPLIANCE}\nlanguage: ja\ntranslation_of: en\n"
    f"original_digest: sha256:{hashlib.sha256(SEED.encode()).hexdigest()}\n---\n\n# 贈収賄防止規程\n\n"
    + "\n\n".join(
        f"## 第{number}条（{title}）\n\n{_BODIES_JA.get(number, f'第{number}条の本文。')}"
        for number, title in enumerate(_ARTICLES, 1)
    )
    + "\n"
)
JA_AMENDED = JA.replace("第7条の本文。", "第7条の本文（改正）。")
AMENDED = SEED.replace("based on the employment rules.", "based on the employment rules and the law.")

_templates: dict[str, Path] = {}


def digest(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return "sha256:" + hashlib.sha256(data).hexdigest()


def record_text(
    ident: str,
    decisions: list[tuple[str, str, str]],
    *,
    body: str = BOARD,
    date: str = "2026-11-20",
    members: int = 9,
    present: int = 7,
    votes_for: int = 6,
    consents: int | None = None,
    effective: str | None = None,
) -> str:
    """A record; each decision is (target, action, digest), target `file:<path>` for a governed file,
    each taking effect on `effective` when given."""
    lines = [f"id: {ident}", f"body: {body}", f"date: {date}"]
    if consents is not None:
        lines += ["form: written-consent", f"consents: {consents}"]
    else:
        against = present - votes_for
        lines += [
            f"attendance: {{members: {members}, present: {present}}}",
            f"votes: {{for: {votes_for}, against: {against}, abstain: 0}}",
        ]
    lines.append("decisions:")
    for target, action, approved in decisions:
        key, value = ("file", target[5:]) if target.startswith("file:") else ("regulation", target)
        lines += [f"  - {key}: {value}", f"    action: {action}", f"    digest: {approved}"]
        if effective is not None:
            lines.append(f"    effective: {effective}")
    lines.append("recorded_by: Hanako Sato, Board Secretary")
    return "\n".join(lines) + "\n"


def with_effective(record: str, effective: str) -> str:
    """The record with its last decision taking effect on `effective` (for records not made here)."""
    return record.replace("\nrecorded_by:", f"\n    effective: {effective}\nrecorded_by:")


@dataclass
class Governed:
    repo: GitRepo
    keys: Keys

    @property
    def path(self) -> Path:
        return self.repo.path

    def record(
        self,
        ident: str,
        text: str,
        *,
        key: KeyPair | None = None,
        sign: bool = True,
        folder: str = "resolutions",
    ) -> Path:
        """Write `<folder>/<ident>.yml` and sign it (with the secretary's key unless told otherwise)."""
        path = self.repo.write(f"{folder}/{ident}.yml", text)
        if sign:
            path.with_name(path.name + ".sig").unlink(missing_ok=True)  # sign_record never replaces one
            sign_record(path, (key or self.keys.secretary).private, NAMESPACE)
        return path

    def approve(self, ident: str, target: str, action: str, text: str | bytes, **kwargs: object) -> Path:
        """Record and sign one decision approving exactly `text`."""
        return self.record(ident, record_text(ident, [(target, action, digest(text))], **kwargs))  # type: ignore[arg-type]

    def pull_request(
        self,
        name: str,
        message: str,
        files: dict[str, str] | None = None,
        approvals: tuple[tuple[str, str, str, str], ...] = (),
    ) -> None:
        """A branch `name` from main with one commit: `files` written and each (id, target, action, text)
        approved by a signed record."""
        self.branch(name)
        for path, text in (files or {}).items():
            self.repo.write(path, text)
        for ident, target, action, text in approvals:
            self.approve(ident, target, action, text)
        self.repo.commit(message)

    def branch(self, name: str = "proposal") -> None:
        self.repo.git("checkout", "-q", "-b", name)

    def merge(self, name: str = "proposal") -> str:
        self.repo.git("checkout", "-q", "main")
        self.repo.git("merge", "-q", "--no-ff", "-m", f"Merge {name}", name)
        return self.repo.head()


def adopted_repository(
    path: Path,
    keys: Keys,
    texts: dict[str, str],
    *,
    signatures: str = "required",
    message: str,
    bodies: str = BODIES,
) -> GitRepo:
    """A repository whose one commit adopts governance for `texts` (regulation path -> text): config,
    bodies, the secretary's key and a signed baseline (a written consent) enacting every text."""
    repo = GitRepo.init(path)
    for regulation, text in texts.items():
        repo.write(regulation, text)
    repo.write("governance.yml", CONFIG + f'signatures: "{signatures}"\n')
    repo.write("resolutions/bodies.yml", bodies)
    repo.write("resolutions/allowed_signers", keys.secretary.allowed_signers())
    decisions = [
        (regulation.removeprefix("regulations/").removesuffix(".md"), "enact", digest(text))
        for regulation, text in texts.items()
    ]
    baseline = record_text("BL-2026-001", decisions, date="2026-01-05", consents=9)
    Governed(repo, keys).record("BL-2026-001", baseline)
    repo.commit(message)
    return repo


def _template(keys: Keys, base: Path, signatures: str) -> Path:
    """main: one commit that adopts governance: the seed, a translation, baseline records, signed."""
    if signatures not in _templates:
        repo = adopted_repository(
            base / f"template-{signatures}",
            keys,
            {REGULATION: SEED, TRANSLATION: JA},
            signatures=signatures,
            message="Adopt regulation governance",
        )
        _templates[signatures] = repo.path
    return _templates[signatures]


def governed_copy(
    tmp_path: Path, keys: Keys, factory: pytest.TempPathFactory, *, signatures: str = "required"
) -> Governed:
    """A copy of the adopted template; `signatures: off` makes records count once they are on main."""
    template = _template(keys, factory.getbasetemp(), signatures)
    target = tmp_path / "repo"
    shutil.copytree(template, target, symlinks=True)
    repo = GitRepo(target)
    repo._clock = 10_000  # after the template's commits
    return Governed(repo, keys)

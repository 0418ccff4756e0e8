"""What `init` writes for the adopting company's procedure: its bodies named in Japanese for a Japanese
original, the steps beyond the vote its procedure requires (bodies.yml `requires:`), and the baseline
recording them, judged by the same rules as every record (issue 15)."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from governance.config import load_config
from governance.errors import GovernanceError
from governance.gate.adoption import adopt, adoption_summary
from governance.records.bodies import parse_bodies, procedural_problems
from governance.records.procedures import opinion_problems
from governance.records.resolutions import load_resolution
from governance.text.digests import digest_bytes
from tests.testing.sshkeys import Keys

TODAY = date(2026, 12, 1)
WORK_RULES = """---
title: 就業規則
issuer: 株式会社サンプル
enacted: 2019-04-01
language: ja
---

# 就業規則

## 第1条（目的）

この規則は、従業員の就業に関する事項を定める。
"""
UNSTATED = WORK_RULES.replace("language: ja\n", "")  # Japanese by its headings
ENGLISH = "---\ntitle: Travel\nissuer: HR\nenacted: 2019-04-01\n---\n\n# Travel\n\n## Article 1\n\nText.\n"
OPINION = "resolutions/意見書/2024-03-01.pdf"


def _repository(root: Path, texts: dict[str, str]) -> Path:
    (root / "regulations").mkdir(parents=True)
    for name, text in texts.items():
        (root / "regulations" / name).write_text(text, encoding="utf-8")
    (root / OPINION).parent.mkdir(parents=True)
    (root / OPINION).write_bytes(b"%PDF-1.4 opinion of the representative")
    return root


def _adopt(root: Path, keys: Keys, **options: Any) -> list[Path]:
    return adopt(
        root,
        secretary_key=keys.secretary.private,
        secretary_identity=keys.secretary.identity,
        today=TODAY,
        members=5,
        repository="sample/kitei",
        **options,
    )


CONSULTED = {
    "consultations": [
        {
            "representative": "過半数代表者 山田太郎",
            "date": date(2024, 3, 1),
            "opinion": OPINION,
            "digest": digest_bytes(b"%PDF-1.4 opinion of the representative"),
        }
    ],
    "notifications": [{"office": "渋谷労働基準監督署", "date": date(2024, 3, 10)}],
}


@pytest.mark.parametrize("text", [WORK_RULES, UNSTATED], ids=["stated", "detected"])
def test_a_japanese_original_s_board_is_named_in_japanese(tmp_path: Path, keys: Keys, text: str) -> None:
    root = _repository(tmp_path, {"work-rules.md": text})
    _adopt(root, keys)
    body = parse_bodies((root / "resolutions" / "bodies.yml").read_text("utf-8"), "bodies.yml")
    assert body["board-of-directors"].names == {"ja": "取締役会"}
    assert body["board-of-directors"].name == "Board of Directors"


def test_an_english_original_s_board_has_no_japanese_name(tmp_path: Path, keys: Keys) -> None:
    root = _repository(tmp_path, {"travel.md": ENGLISH})
    _adopt(root, keys, body="chief-executive")
    bodies = (root / "resolutions" / "bodies.yml").read_text("utf-8")
    assert "names" not in bodies and parse_bodies(bodies, "bodies.yml")["chief-executive"].names == {}


def test_the_procedure_s_steps_are_written_and_the_baseline_records_them(tmp_path: Path, keys: Keys) -> None:
    root = _repository(tmp_path, {"work-rules.md": WORK_RULES, "travel.md": ENGLISH})
    requires = {"consultations": ["work-rules"], "notifications": ["work-*"]}
    _adopt(root, keys, requires=requires, steps=CONSULTED)
    bodies = parse_bodies((root / "resolutions" / "bodies.yml").read_text("utf-8"), "bodies.yml")
    board = bodies["board-of-directors"]
    assert (board.requires.consultations, board.requires.notifications) == (["work-rules"], ["work-*"])
    record = root / "resolutions" / "BL-2026-001.yml"
    baseline = load_resolution(record.read_text("utf-8"), record)
    assert [c.representative for c in baseline.consultations] == ["過半数代表者 山田太郎"]
    assert [n.office for n in baseline.notifications] == ["渋谷労働基準監督署"]
    # Judged as every record is: the body's procedure met, the 意見書 the very file it names.
    assert procedural_problems(baseline, bodies, TODAY) == []
    assert opinion_problems(baseline, lambda path: (root / path).read_bytes()) == []


def test_a_baseline_without_the_steps_required_is_refused_before_anything_is_written(
    tmp_path: Path, keys: Keys
) -> None:
    root = _repository(tmp_path, {"work-rules.md": WORK_RULES})
    with pytest.raises(
        GovernanceError, match="baseline of the board-of-directors would be refused: the"
    ) as caught:
        _adopt(root, keys, requires={"consultations": ["*"]})
    assert "--consulted" in str(caught.value) and "bodies.yml" in str(caught.value)
    assert sorted(p.name for p in root.iterdir()) == ["regulations", "resolutions"]
    assert sorted(p.name for p in (root / "resolutions").iterdir()) == ["意見書"]
    # A notification before the opinion it goes with cannot have happened: refused as the gate would.
    early = {**CONSULTED, "notifications": [{"office": "渋谷労働基準監督署", "date": date(2024, 2, 1)}]}
    with pytest.raises(GovernanceError, match="notified on 2024-02-01, before the representative's opinion"):
        _adopt(root, keys, requires={"consultations": ["*"], "notifications": ["*"]}, steps=early)


def test_steps_no_body_requires_are_refused(tmp_path: Path, keys: Keys) -> None:
    root = _repository(tmp_path, {"work-rules.md": WORK_RULES})
    with pytest.raises(GovernanceError, match="requires no consultations for the texts adopted"):
        _adopt(root, keys, steps={"consultations": CONSULTED["consultations"]})
    with pytest.raises(GovernanceError, match="requires no consultations"):  # for other texts only
        _adopt(root, keys, requires={"consultations": ["wages"]}, steps=CONSULTED)


def test_requires_with_an_existing_bodies_yml_is_refused(tmp_path: Path, keys: Keys) -> None:
    root = _repository(tmp_path, {"work-rules.md": WORK_RULES})
    (root / "resolutions" / "bodies.yml").write_text(
        "bodies:\n  board-of-directors:\n    name: 取締役会\n    members: 5\n    written_consent: true\n",
        encoding="utf-8",
    )
    with pytest.raises(GovernanceError, match="leave out --members, --body-name and --requires"):
        adopt(
            root,
            secretary_key=keys.secretary.private,
            secretary_identity=keys.secretary.identity,
            today=TODAY,
            repository="sample/kitei",
            requires={"consultations": ["*"]},
        )


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.mark.parametrize(
    ("branches", "checked_out", "expected"),
    [
        (["master"], "master", "master"),
        (["master"], "adopt-governance", "master"),  # adopted on a branch, merged into master
        (["main"], "adopt-governance", "main"),
        ([], "trunk", "trunk"),
    ],
)
def test_the_branch_init_protects_is_the_repository_s_main_line(
    tmp_path: Path, keys: Keys, branches: list[str], checked_out: str, expected: str
) -> None:
    root = _repository(tmp_path, {"work-rules.md": WORK_RULES})
    _git(root, "init", "-q", "-b", branches[0] if branches else checked_out)
    env = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    _git(root, *env, "commit", "-q", "--allow-empty", "-m", "texts")
    if branches and checked_out not in branches:
        _git(root, "switch", "-q", "-c", checked_out)
    written = _adopt(root, keys)
    config = load_config(root)
    assert config.branch == expected
    assert f"merge it into {expected};" in adoption_summary(root, written, config.branch)


def test_the_origin_s_default_branch_decides(tmp_path: Path, keys: Keys) -> None:
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "master", str(origin)], check=True)
    root = _repository(tmp_path / "clone", {"work-rules.md": WORK_RULES})
    _git(root, "init", "-q", "-b", "main")  # a local main beside the remote's master
    _git(
        root,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "x",
    )
    _git(root, "remote", "add", "origin", str(origin))
    _git(root, "push", "-q", "origin", "main:master")
    _git(root, "remote", "set-head", "origin", "master")
    _adopt(root, keys)
    assert load_config(root).branch == "master"


@pytest.mark.parametrize("option", ["hearings", "consultations="])
def test_an_unknown_step_is_a_usage_error_in_the_user_s_language(tmp_path: Path, option: str) -> None:
    from tests.cli.test_messages import ENGLISH, JAPANESE, _run

    args = [
        "init",
        "--root",
        str(tmp_path),
        "--key",
        "k",
        "--identity",
        "a@example.com",
        "--requires",
        option,
    ]
    japanese = _run(JAPANESE, *args)
    assert japanese.returncode == 2
    assert f"'{option}': consultations か notifications を指定してください" in japanese.stderr
    english = _run(ENGLISH, *args)
    assert english.returncode == 2
    assert f"'{option}': give consultations or notifications, optionally =PATTERN" in english.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written

"""A Japanese company's 就業規則 and 規程 as it keeps them in git before adopting governance (issue 15):
the texts at the repository root named `01_就業規則.md`, beside README.md, the amendment procedure and a
guide that are not regulations; chapters and sections, 枝番 (第3条の2), a deleted article (第5条　削除),
statute references (労基法第39条), a reference in kanji (第六条), a table, 号 indented with tabs, one 附則 per amendment; a release tag per 施行日, and a draft
on the branch after the last release. Written by git itself, with dated commits.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.testing.gitrepo import commit_dated

PATTERN = r"[0-9]{2}_.+(規則|規程)\.md"
WORK_RULES = "01_就業規則.md"
WAGES = "02_賃金規程.md"
# (tag = 施行日, the day the release was committed, what changed)
RELEASES = (
    ("2019-04-01", "2019-03-01", "制定"),
    ("2021-04-01", "2021-03-10", "試用期間（第3条の2）を新設"),
    ("2024-04-01", "2024-03-15", "第5条を削除、賃金規程の通勤手当を改正"),
)
NOT_REGULATIONS = {
    "README.md": "# 規程集\n\n株式会社サンプルの就業規則と規程です。改正の手続は[改正手続](改正手続.md)を参照。\n",
    "改正手続.md": "# 改正手続\n\n1. 人事部が改正案を作成する。\n2. 取締役会が決議する。\n",
    "guides/入社手続.md": "# 入社手続\n\n入社日に人事部へ書類を提出してください。\n",
    "mkdocs-old.yml": "site_name: 規程集\n",
}


def work_rules(release: int) -> str:
    """01_就業規則.md as released in RELEASES[release] (3: the draft after the last release)."""
    trial = (
        "### 第3条の2（試用期間）\n\n"
        "新たに採用した者については、採用の日から3か月間を試用期間とする。\n\n"
        "２　試用期間は、勤続年数に通算する。\n\n"
        if release >= 1
        else ""
    )
    article5 = (
        "### 第5条　削除\n\n"
        if release >= 2
        else "### 第5条（休憩）\n\n休憩時間は、正午から午後1時までとする。\n\n"
    )
    leave_days = "12日" if release >= 3 else "11日"
    supplementary: list[tuple[str, str | None]] = [("平成31年4月1日", None)]
    if release >= 1:
        supplementary.append(("令和3年4月1日", "令和3年3月10日"))
    if release >= 2:
        supplementary.append(("令和6年4月1日", "令和6年3月15日"))
    provisions = "".join(
        f"## 附則\n\nこの規則は、{effective}から施行する。\n\n"
        if amended is None
        else f"## 附則\n\nこの規則は、{amended}に改正し、{effective}から施行する。\n\n"
        for effective, amended in supplementary
    )
    return (
        "---\n"
        "title: 就業規則\n"
        "issuer: 株式会社サンプル\n"
        "enacted: 2019-04-01\n"
        "governed_by: board-of-directors\n"
        "language: ja\n"
        "---\n\n"
        "# 就業規則\n\n"
        "## 第1章　総則\n\n"
        "### 第1条（目的）\n\n"
        "この規則は、労働基準法（以下「労基法」という。）第89条に基づき、株式会社サンプル（以下「会社」という。）"
        "の従業員の就業に関する事項を定める。\n\n"
        "２　この規則に定めのない事項は、労基法その他の法令の定めによる。\n\n"
        "### 第2条（適用範囲）\n\n"
        "この規則は、会社に雇用される全ての従業員に適用する。\n\n"
        "### 第3条（従業員の定義）\n\n"
        "この規則で従業員とは、次の各号に掲げる者をいう。\n"
        "\t一\t正社員\n"  # 号 indented and separated with tabs, as word processors leave them
        "\t二\t契約社員\n\n"
        f"{trial}"
        "## 第2章　勤務\n\n"
        "### 第1節　労働時間\n\n"
        "### 第4条（労働時間）\n\n"
        "所定労働時間は、次の表のとおりとする。\n\n"
        "| 区分 | 始業 | 終業 |\n"
        "| --- | --- | --- |\n"
        "| 通常勤務 | 9時00分 | 18時00分 |\n\n"
        "２　前項の規定にかかわらず、業務の都合により変更することがある。\n\n"
        f"{article5}"
        "### 第2節　休暇\n\n"
        "### 第6条（年次有給休暇）\n\n"
        "会社は、労基法第39条の定めるところにより、年次有給休暇を与える。\n\n"
        "（１）6か月継続勤務した者　10日\n"
        f"（２）1年6か月継続勤務した者　{leave_days}\n\n"
        "### 第7条（休職）\n\n"
        "従業員が業務外の傷病により欠勤し、3か月を経過しても治らないときは、休職とする。\n\n"
        "２　休職期間中は、第六条の年次有給休暇を与えない。\n\n"  # a reference in kanji numerals
        f"{provisions}"
    ).rstrip("\n") + "\n"


def wages(release: int) -> str:
    allowance = "月額3万円" if release >= 2 else "月額2万円"
    provisions = "## 附則\n\nこの規程は、平成31年4月1日から施行する。\n"
    if release >= 2:
        provisions += "\n## 附則\n\nこの規程は、令和6年3月15日に改正し、令和6年4月1日から施行する。\n"
    return (
        "---\n"
        "title: 賃金規程\n"
        "issuer: 株式会社サンプル\n"
        "enacted: 2019-04-01\n"
        "governed_by: board-of-directors\n"
        "language: ja\n"
        "---\n\n"
        "# 賃金規程\n\n"
        "### 第1条（目的）\n\n"
        "この規程は、就業規則第6条に基づき、従業員の賃金に関する事項を定める。\n\n"
        "### 第2条（通勤手当）\n\n"
        f"通勤手当は、{allowance}を上限として支給する。\n\n"
        f"{provisions}"
    )


def make_work_rules(path: Path, *, branch: str = "main") -> Path:
    """A git repository at `path`: one commit and one tag (named by its 施行日) per release, then a
    draft amendment of the work rules committed after the last release."""
    path.mkdir(parents=True)
    _git(path, "init", "-q", "-b", branch)
    for relative, text in NOT_REGULATIONS.items():
        (path / relative).parent.mkdir(parents=True, exist_ok=True)
        (path / relative).write_text(text, encoding="utf-8")
    for index, (tag, day, message) in enumerate(RELEASES):
        (path / WORK_RULES).write_text(work_rules(index), encoding="utf-8")
        (path / WAGES).write_text(wages(index), encoding="utf-8")
        commit_dated(path, f"{tag} 施行: {message}", f"{day}T09:00:00+09:00", name="人事部")
        _git(path, "tag", tag)
    (path / WORK_RULES).write_text(work_rules(len(RELEASES)), encoding="utf-8")
    commit_dated(path, "案: 年次有給休暇の日数を見直す", "2026-06-01T09:00:00+09:00", name="人事部")
    return path


def _git(path: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=path, check=True, capture_output=True)

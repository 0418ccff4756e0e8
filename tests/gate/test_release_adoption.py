"""Adoption from a release (`init --from TAG`, `--from-tags PATTERN`): what the company released is
enacted, effective from its 施行日; the earlier releases become the versions before adoption; the drafts
on the branch stay in git's history. On a real repository of 就業規則 with a tag per 施行日."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from governance import git
from governance.errors import GovernanceError
from governance.gate.adoption import adopt, bodies_yaml
from governance.records.before_adoption import parse_before_adoption
from governance.records.resolutions import load_resolution
from tests.testing.sshkeys import Keys
from tests.work_rules_fixture import PATTERN, WAGES, WORK_RULES, make_work_rules, wages, work_rules

TODAY = date(2026, 12, 1)


def _adopt(root: Path, keys: Keys, **options: Any) -> list[Path]:
    return adopt(
        root,
        secretary_key=keys.secretary.private,
        secretary_identity=keys.secretary.identity,
        today=TODAY,
        regulations=".",
        pattern=PATTERN,
        **{"members": 5, **options},
    )


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def _effective(root: Path) -> dict[str, date | None]:
    path = root / "resolutions" / "BL-2026-001.yml"
    record = load_resolution(path.read_text(encoding="utf-8"), path)
    return {str(d.regulation): d.effective for d in record.decisions}


def test_the_latest_release_is_enacted_and_the_earlier_ones_are_its_history(
    tmp_path: Path, keys: Keys
) -> None:
    repo = make_work_rules(tmp_path / "kitei")
    draft = (repo / WORK_RULES).read_bytes()
    _git(repo, "tag", "2024-10-01", "HEAD~1")  # a release that changed nothing: the texts keep their 施行日

    written = _adopt(repo, keys, from_tags="20*")

    assert (repo / WORK_RULES).read_text(encoding="utf-8") == work_rules(2)  # the release, not the draft
    assert (repo / WAGES).read_text(encoding="utf-8") == wages(2)
    assert _git(repo, "show", f"HEAD:{WORK_RULES}").encode() == draft  # the draft stays in the history
    assert repo / WORK_RULES in written and repo / WAGES not in written  # only what differed was set
    assert _effective(repo) == {"01_就業規則": date(2024, 4, 1), "02_賃金規程": date(2024, 4, 1)}
    earlier = parse_before_adoption(
        (repo / "resolutions" / "before-adoption.yml").read_text(encoding="utf-8"), "before-adoption.yml"
    )
    tags = {tag.name: tag.commit for tag in git.tags(repo)}
    assert [(v.regulation, v.date, v.commit) for v in earlier] == [
        ("01_就業規則", date(2019, 4, 1), tags["2019-04-01"]),
        ("01_就業規則", date(2021, 4, 1), tags["2021-04-01"]),
        ("02_賃金規程", date(2019, 4, 1), tags["2019-04-01"]),  # unchanged in 2021: one version
    ]
    assert _git(repo, "cat-file", "-p", earlier[0].blob) == work_rules(0)


def test_one_tag_with_its_history_and_the_date_from_an_annotated_tag(tmp_path: Path, keys: Keys) -> None:
    repo = make_work_rules(tmp_path / "kitei")
    _git(repo, "tag", "-a", "-m", "release", "release-b", "2021-04-01")  # no date in its name

    _adopt(repo, keys, from_tag="release-b", history=True)

    assert (repo / WORK_RULES).read_text(encoding="utf-8") == work_rules(1)
    tagged = date.fromisoformat(
        _git(repo, "for-each-ref", "--format=%(creatordate:short)", "refs/tags/release-b").strip()
    )
    assert set(_effective(repo).values()) == {tagged}
    earlier = (repo / "resolutions" / "before-adoption.yml").read_text(encoding="utf-8")
    assert earlier.count("01_就業規則") == 1 and "2024" not in earlier  # only the history up to the tag


def test_a_release_is_not_adopted_over_uncommitted_edits_nor_half_adopted(tmp_path: Path, keys: Keys) -> None:
    repo = make_work_rules(tmp_path / "kitei")
    (repo / WORK_RULES).write_text("未保存の編集\n", encoding="utf-8")
    with pytest.raises(GovernanceError, match="not committed") as raised:
        _adopt(repo, keys, from_tag="2024-04-01")
    assert raised.value.path == WORK_RULES
    assert (repo / WORK_RULES).read_text(encoding="utf-8") == "未保存の編集\n"

    _git(repo, "checkout", "--", WORK_RULES)
    draft = (repo / WORK_RULES).read_bytes()
    (repo / "resolutions").mkdir()
    # The texts name the board, which this bodies.yml does not know: refused after the texts were set.
    (repo / "resolutions" / "bodies.yml").write_text(
        bodies_yaml("chief-executive", 1, None), encoding="utf-8"
    )
    with pytest.raises(GovernanceError, match="board-of-directors"):
        _adopt(repo, keys, from_tag="2024-04-01", members=None)
    assert (repo / WORK_RULES).read_bytes() == draft  # put back: the failed adoption changed nothing
    assert not (repo / "governance.yml").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"from_tags": "v*"}, "no tag matches 'v\\*'"),
        ({"from_tag": "main"}, "there is no tag 'main'"),
        ({"from_tag": "2024-04-01", "from_tags": "20*"}, "not both"),
        ({"from_tags": "20*", "history": True}, "leave out --history"),
    ],
)
def test_releases_that_cannot_be_adopted(
    tmp_path: Path, keys: Keys, options: dict[str, Any], message: str
) -> None:
    repo = make_work_rules(tmp_path / "kitei")
    with pytest.raises(GovernanceError, match=message):
        _adopt(repo, keys, **options)
    assert not (repo / "governance.yml").exists()


@pytest.mark.parametrize("how", ["from_tags", "from_tag"])
def test_a_tag_off_the_branch_is_no_release(tmp_path: Path, keys: Keys, how: str) -> None:
    """Anyone who may push a tag could tag a commit of their own branch with a later 施行日 (or move a
    release's tag there): init enacted its texts, and the secretary's baseline signed them (H6)."""
    repo = make_work_rules(tmp_path / "kitei")
    _git(repo, "switch", "-q", "-c", "mine", "2024-04-01")
    (repo / WORK_RULES).write_text(work_rules(2).replace("の", "ノ", 1), encoding="utf-8")
    _git(repo, "commit", "-qam", "my rules")
    _git(repo, "tag", "2024-04-02")
    _git(repo, "tag", "-f", "2024-04-01")  # a release's tag moved to that commit
    _git(repo, "switch", "-q", "main")

    options = {"from_tags": "20*"} if how == "from_tags" else {"from_tag": "2024-04-01"}
    with pytest.raises(GovernanceError, match="not a commit of the branch adopted"):
        _adopt(repo, keys, **options)
    assert not (repo / "governance.yml").exists()
    assert (repo / WORK_RULES).read_text(encoding="utf-8") == work_rules(3)  # the draft, untouched


def _merged_branch(repo: Path, name: str, texts: list[str]) -> tuple[list[str], str]:
    """A branch `name` from main with one commit per text of the work rules, merged into main as a whole:
    its commits, and the merge."""
    _git(repo, "switch", "-q", "-c", name)
    commits = []
    for number, text in enumerate(texts):
        (repo / WORK_RULES).write_text(text, encoding="utf-8")
        _git(repo, "commit", "-qam", f"{name} {number}")
        commits.append(_git(repo, "rev-parse", "HEAD").strip())
    _git(repo, "switch", "-q", "main")
    _git(repo, "merge", "-q", "--no-ff", "-m", f"Merge {name}", name)
    return commits, _git(repo, "rev-parse", "HEAD").strip()


def test_a_draft_of_a_merged_branch_is_no_release(tmp_path: Path, keys: Keys) -> None:
    """A pull request that adds a clause and takes it out again is merged as a whole: its first commit is
    in the branch's history, but the branch never held its texts. Tagged with a later 施行日, the baseline
    enacted the clause (a tag anyone who may push one can make)."""
    repo = make_work_rules(tmp_path / "kitei")
    clause = work_rules(3) + "\n第99条 会社は従業員の私物を検査できる。\n"
    (sneaky, _), merge = _merged_branch(repo, "proposal", [clause, work_rules(3)])
    _git(repo, "tag", "2025-04-01", sneaky)

    with pytest.raises(GovernanceError) as raised:
        _adopt(repo, keys, from_tags="20*")

    assert (
        f"the tag '2025-04-01' names {sneaky[:12]}, a commit of a branch merged by {merge[:12]} (Merge proposal), "
        "whose texts differ" in raised.value.message
    )
    assert not (repo / "governance.yml").exists()
    assert "第99条" not in (repo / WORK_RULES).read_text(encoding="utf-8")


def test_a_release_tagged_on_a_branch_merged_as_it_was_is_adopted(tmp_path: Path, keys: Keys) -> None:
    """A company that tags its release branch, then merges it unchanged: the branch held those texts."""
    repo = make_work_rules(tmp_path / "kitei")
    released = work_rules(2).replace("の", "ノ", 1)
    (release,), _ = _merged_branch(repo, "release-2025", [released])
    _git(repo, "tag", "2025-04-01", release)

    _adopt(repo, keys, from_tags="20*")

    assert (repo / WORK_RULES).read_text(encoding="utf-8") == released
    assert _effective(repo)["01_就業規則"] == date(2025, 4, 1)


def test_a_later_effective_date_on_an_earlier_commit_is_refused(tmp_path: Path, keys: Keys) -> None:
    """The 2019 texts tagged as the newest release would be enacted as the law in force."""
    repo = make_work_rules(tmp_path / "kitei")
    old = _git(repo, "rev-parse", "2019-04-01^{commit}").strip()
    _git(repo, "tag", "2025-04-01", old)

    with pytest.raises(GovernanceError) as raised:
        _adopt(repo, keys, from_tags="20*")

    assert (
        f"the tag '2025-04-01' (in force from 2025-04-01) names {old[:12]}, which does not come after"
        in raised.value.message
    )
    assert "of the tag '2024-04-01' (in force from 2024-04-01)" in raised.value.message
    assert not (repo / "governance.yml").exists()

"""A repository of policies as an administrator finds it before adopting governance (issue 13): nested
folders, GitHub-flavoured Markdown (tables, strikethrough, emphasis), markdownlint comments, `<a name>`
anchors, tabs, trailing double spaces, links between policies (relative `.md` and the old site's
absolute paths, from Jekyll permalinks) and years of history. Written by git itself, with dated commits.
Used by the end-to-end adoption test and the adoption benchmark.
"""

from __future__ import annotations

import posixpath
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from tests.testing.gitrepo import commit_dated

FOLDER = "Policies"
# Folders as such repositories nest them; policy i lives in FOLDERS[i % len(FOLDERS)].
FOLDERS = ("hr", "finance/expenses", "it/security", "legal", "operations", "procurement", "sales")
NAMES = ("leave", "travel", "passwords", "conduct", "safety", "suppliers", "discounts", "remote-work")


def policy_path(index: int) -> str:
    """`Policies/<folder>/<name>.md` of policy `index`."""
    name = NAMES[index % len(NAMES)] + ("" if index < len(NAMES) else f"-{index}")
    return f"{FOLDER}/{FOLDERS[index % len(FOLDERS)]}/{name}.md"


def policy_title(index: int) -> str:
    stem = policy_path(index).rsplit("/", 1)[1].removesuffix(".md")
    return stem.replace("-", " ").title() + " Policy"


def policy_text(index: int, count: int, revision: int) -> str:
    """The text of policy `index` at its `revision`-th version (0: as first written)."""
    path = policy_path(index)
    permalink = "/" + path.removesuffix(".md").lower() + "/"
    other = (index + 1) % count
    relative = posixpath.relpath(policy_path(other), posixpath.dirname(path))
    old_site = "/" + policy_path((index + 2) % count).removesuffix(".md").lower() + "/"
    revised = f"\nRevised in revision {revision}.\n" if revision else ""
    if index == 3:  # a link to a page the old site had and this one has not
        revised += "\nSee also the [staff handbook](/handbook/).\n"
    return (
        "---\n"
        f"title: {policy_title(index)}\n"
        "layout: policy\n"
        f"permalink: {permalink}\n"
        "---\n"
        "<!-- markdownlint-disable MD013 -->\n"
        "\n"
        f"# {policy_title(index)}\n"
        "\n"
        '<a name="purpose"></a>\n'
        "## Purpose\n"
        "\n"
        f"This policy applies to **every employee**. It works with the [{policy_title(other)}]({relative}) "
        f"and the [older policy]({old_site}).\n"
        "\n"
        "## Rules\n"
        "\n"
        "1.\tDEFINITIONS in the glossary apply.  \n"
        "2. Managers approve exceptions in writing.\n"
        "\n"
        "| Case | Who decides |\n"
        "| --- | --- |\n"
        "| Ordinary | the manager |\n"
        "| Exceptional | the director |\n"
        "\n"
        "~~Paper forms~~ are no longer used.\n"
        f"{revised}"
    )


def make_policies(path: Path, *, policies: int = 8, revisions: int = 3, first_year: int = 2019) -> Path:
    """A git repository at `path` (branch main): one commit with every policy, then `revisions` rounds
    in which each policy is revised in a commit of its own, dated over the years since `first_year`."""
    path.mkdir(parents=True)
    _git(path, "init", "-q", "-b", "main")
    stamp = _Clock(first_year, commits=1 + revisions * policies)
    for index in range(policies):
        target = path / policy_path(index)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(policy_text(index, policies, 0), encoding="utf-8")
    commit_dated(path, "Policies as first published", stamp.next())
    for revision in range(1, revisions + 1):
        for index in range(policies):
            (path / policy_path(index)).write_text(policy_text(index, policies, revision), encoding="utf-8")
            commit_dated(path, f"Revise {policy_title(index)}", stamp.next())
    return path


class _Clock:
    """Commit times spread evenly from 15 January of `first_year` to 1 June 2026: years of history."""

    def __init__(self, first_year: int, *, commits: int) -> None:
        start = datetime(first_year, 1, 15, 9, tzinfo=UTC).timestamp()
        self._seconds = int(start)
        self._step = int((datetime(2026, 6, 1, tzinfo=UTC).timestamp() - start) // commits)

    def next(self) -> str:
        self._seconds += self._step
        return f"{self._seconds} +0000"


def _git(path: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=path, check=True)

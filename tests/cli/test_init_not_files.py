"""`governance init` over a regulations folder holding something named like a text that is no file: a
pipe (`mkfifo regulations/minutes.md`: init read it for the lint baseline and waited for ever), a folder
named `x.md`, a submodule. Refused with exit 2 and one line naming it, before anything is written; the
real command, under a timeout, so a wait fails the test instead of hanging it."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from governance.text.recognisers import NFD_NAME_RULE
from tests.testing.gitrepo import GitRepo
from tests.testing.shell import run_as_user
from tests.testing.sshkeys import Keys


@pytest.mark.parametrize("kind", ["pipe", "folder"])
def test_init_refuses_what_is_named_like_a_text_and_is_no_file(
    tmp_path: Path, keys: Keys, seed_text: str, kind: str
) -> None:
    repo = GitRepo.init(tmp_path / "policies")
    repo.write("regulations/bribery-prevention.md", seed_text)
    repo.commit("Regulations")
    odd = repo.path / "regulations" / "minutes.md"
    if kind == "pipe":
        os.mkfifo(odd)
    else:
        (odd / "2026").mkdir(parents=True)
        (odd / "2026" / "notes.txt").write_text("notes\n", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if ".git" not in p.parts)
    governance = Path(sys.executable).parent / "governance"
    done = subprocess.run(
        [
            str(governance),
            "init",
            "--key",
            str(keys.secretary.private),
            "--identity",
            keys.secretary.identity,
            "--members",
            "3",
        ],
        cwd=repo.path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: regulations/minutes.md: "), done.stderr
    assert ("pipe" in lines[0]) if kind == "pipe" else ("folder named like a regulation" in lines[0])
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if ".git" not in p.parts)
    assert after == before, "init wrote a file"


def test_init_says_a_macos_name_is_in_nfd_and_what_to_do(tmp_path: Path, keys: Keys, seed_text: str) -> None:
    """A folder of policies kept on a Mac names 規程ガイド.md with カ and a combining mark (NFD): printed,
    it looks like the right name, and the general rule on names left the secretary nothing to change."""
    repo = GitRepo.init(tmp_path / "policies")
    name = unicodedata.normalize("NFD", "regulations/賃金規程ガイド.md")
    repo.write(name, seed_text)
    repo.commit("Regulations, from a Mac")
    governance = Path(sys.executable).parent / "governance"
    command = [str(governance), "init", "--key", str(keys.secretary.private)]
    command += ["--identity", keys.secretary.identity, "--members", "3"]
    done = subprocess.run(command, cwd=repo.path, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr == f"error: {name}: {NFD_NAME_RULE}\n"
    japanese = subprocess.run(
        command, cwd=repo.path, capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "LANG": "ja_JP.UTF-8"},
    )  # fmt: skip
    assert japanese.returncode == 2 and "分解された Unicode（NFD）" in japanese.stderr, japanese.stderr


def test_init_refuses_executable_texts_and_adopts_them_once_plain(
    tmp_path: Path, keys: Keys, seed_text: str
) -> None:
    """Texts committed executable (mode 100755: from Windows, WSL, an unzipped archive): init wrote a
    baseline the audit refused at once, and no change could make them plain again, so the site never
    published. Refused, naming one and counting the rest; once plain, adopted and audited."""
    repo = GitRepo.init(tmp_path / "policies")
    for name in ("leave", "pay"):
        repo.write(f"regulations/{name}.md", seed_text.replace("Bribery", name.title()))
    repo.git("update-index", "--add", "--chmod=+x", "regulations/leave.md", "regulations/pay.md")
    repo.git("commit", "-qm", "Policies, from Windows")
    governance = str(Path(sys.executable).parent / "governance")
    command = [governance, "init", "--key", str(keys.secretary.private)]
    command += ["--identity", keys.secretary.identity, "--members", "3"]

    done = subprocess.run(command, cwd=repo.path, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith(
        "error: regulations/leave.md: an executable file (mode 100755), with 1 more"
    )
    assert not (repo.path / "governance.yml").exists()

    repo.git("update-index", "--chmod=-x", "regulations/leave.md", "regulations/pay.md")
    repo.git("commit", "-qm", "Plain files")
    adopted = subprocess.run(command, cwd=repo.path, capture_output=True, text=True, timeout=60, check=False)
    assert adopted.returncode == 0, adopted.stdout + adopted.stderr
    repo.commit("Adopt regulation governance")
    audit = subprocess.run([governance, "audit"], cwd=repo.path, capture_output=True, text=True, check=False)
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_the_longest_name_init_takes_is_published(tmp_path: Path) -> None:
    """The longest file name init adopts (251 bytes) is published with its text beside it (`.md.txt`,
    255 bytes); one byte more is refused, naming the limit, before anything is written."""
    repo = tmp_path / "policies"
    (repo / "regulations").mkdir(parents=True)
    longest = "規" * 82 + "ab.md"
    (repo / "regulations" / longest).write_text("# 規程\n\n## 第1条（目的）\n\n本文。\n", encoding="utf-8")
    script = """
    set -e
    git init -q -b main && git add -A && git commit -qm "Policies"
    ssh-keygen -q -t ed25519 -N "" -C s@example.com -f "$HOME/key"
    git mv "regulations/$LONGEST" "regulations/${LONGEST%.md}c.md" && git commit -qm "One byte more"
    ! governance init --key "$HOME/key" --identity s@example.com --members 3
    test ! -e governance.yml
    git mv "regulations/${LONGEST%.md}c.md" "regulations/$LONGEST" && git commit -qm "Shortened"
    governance init --key "$HOME/key" --identity s@example.com --members 3
    printf '%s\\n' 'site_name: Rules' 'docs_dir: resolutions' 'theme: {name: material, font: false}' \\
        'plugins: [search, regulations]' > mkdocs.yml
    git add -A && git commit -qm "Adopt regulation governance"
    mkdocs build --strict
    """
    code, output = run_as_user(
        f"export LONGEST={longest}\n{script}", repo, tmp_path, name="S", email="s@example.com"
    )
    assert code == 0, output
    assert "the file name is 252 bytes long (UTF-8)" in output
    published = list((repo / "site" / "regulations").rglob("*.md.txt"))
    assert [len(path.name.encode()) for path in published] == [255]


@pytest.mark.parametrize("folder", ["no", "n", "on", "2024", "null"])
def test_a_repository_named_like_a_yaml_word_is_adopted(tmp_path: Path, folder: str) -> None:
    """init names the repository after its folder: `repository: no` is false to YAML, `2024` a number,
    so init refused the governance.yml it had just written (saying so of --regulations-pattern, which
    nobody gave). Adopted, amended through the gate and audited."""
    repo = tmp_path / folder
    (repo / "regulations").mkdir(parents=True)
    (repo / "regulations" / "leave.md").write_text(
        "# Leave\n\n## Article 1. Purpose\n\nA.\n", encoding="utf-8"
    )
    script = """
    set -e
    git init -q -b main && git add -A && git commit -qm "Policies"
    ssh-keygen -q -t ed25519 -N "" -C s@example.com -f "$HOME/key"
    governance init --key "$HOME/key" --identity s@example.com --members 3
    git add -A && git commit -qm "Adopt regulation governance"
    git switch -q -c amend && sed -i 's/^A\\./B./' regulations/leave.md && git commit -qam "Amend"
    governance resolution new --id BD-2026-001 --body board-of-directors --date "$(date +%F)" \\
        --written-consent --recorded-by Sato
    governance resolution sign BD-2026-001 --key "$HOME/key"
    git add -A && git commit -qm "Record" && governance check --base main
    git switch -q main && git merge -q --no-ff amend -m "Merge" && governance audit
    """
    code, output = run_as_user(script, repo, tmp_path, name="S", email="s@example.com")
    assert code == 0, output
    assert f'repository: "{folder}"' in (repo / "governance.yml").read_text(encoding="utf-8")
    assert "result: every change since the adoption was approved" in output


def test_init_counts_every_name_no_resolution_could_name(tmp_path: Path, keys: Keys, seed_text: str) -> None:
    """A folder of policies named with spaces (`人事 部/a x.md`): init named the first only, so the
    secretary renamed one file a run; it names the first and counts the rest, which lint lists."""
    repo = GitRepo.init(tmp_path / "policies")
    for name in ("a x", "b x", "c x"):
        repo.write(f"regulations/人事 部/{name}.md", seed_text)
    repo.commit("Policies")
    governance = str(Path(sys.executable).parent / "governance")
    command = [governance, "init", "--key", str(keys.secretary.private)]
    command += ["--identity", keys.secretary.identity, "--members", "3"]
    done = subprocess.run(command, cwd=repo.path, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.startswith("error: regulations/人事 部/a x.md: a regulation is a Markdown file")
    assert done.stderr.endswith(" (2 more file(s) too: `governance lint` lists each)\n")
    assert len(done.stderr.splitlines()) == 1
    linted = subprocess.run([governance, "lint"], cwd=repo.path, capture_output=True, text=True, check=False)
    assert linted.stdout.count("FILE004") == 3


_TWINS_REFUSED = (
    "error: regulations/Leave.md: differs from regulations/leave.md only in case; on Windows and macOS "
    "one overwrites the other on checkout: rename or merge one of them, commit, then run init again\n"
)


def _case_twins(tmp_path: Path, seed_text: str) -> GitRepo:
    """A repository of policies committed on Linux with regulations/Leave.md and regulations/leave.md."""
    repo = GitRepo.init(tmp_path / "policies")
    repo.write("regulations/Leave.md", seed_text.replace("Bribery", "Annual Leave"))
    repo.write("regulations/leave.md", seed_text.replace("Bribery", "Leave"))
    repo.commit("Policies")
    return repo


def _init(keys: Keys) -> list[str]:
    governance = str(Path(sys.executable).parent / "governance")
    return [governance, "init", "--key", str(keys.secretary.private), "--identity", keys.secretary.identity,
            "--members", "3"]  # fmt: skip


def test_init_refuses_texts_whose_names_differ_only_in_case(
    tmp_path: Path, keys: Keys, seed_text: str
) -> None:
    """regulations/Leave.md and regulations/leave.md, committed on Linux: the gate refuses a change that
    makes such twins, but init adopted both, and a checkout on Windows or macOS writes one text over the
    other. Refused before anything is written, naming both and what to do; adopted once one is renamed."""
    repo = _case_twins(tmp_path, seed_text)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if ".git" not in p.parts)
    command = _init(keys)

    done = subprocess.run(command, cwd=repo.path, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr == _TWINS_REFUSED
    japanese = subprocess.run(
        command, cwd=repo.path, capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "LANG": "ja_JP.UTF-8"},
    )  # fmt: skip
    assert japanese.returncode == 2, japanese.stdout + japanese.stderr
    assert japanese.stderr.startswith(
        "エラー: regulations/Leave.md: regulations/leave.md と大文字・小文字だけが違います"
    )
    assert "どちらかの名前を変えるか一つにまとめてコミットし" in japanese.stderr, japanese.stderr
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if ".git" not in p.parts)
    assert after == before, "init wrote a file"

    repo.git("mv", "regulations/Leave.md", "regulations/annual-leave.md")
    repo.git("commit", "-qm", "One name a text")
    adopted = subprocess.run(command, cwd=repo.path, capture_output=True, text=True, timeout=60, check=False)
    assert adopted.returncode == 0, adopted.stdout + adopted.stderr


def test_init_refuses_case_twins_that_git_holds_where_the_disk_has_one(
    tmp_path: Path, keys: Keys, seed_text: str
) -> None:
    """On a checkout of Windows or macOS git's index holds regulations/Leave.md and regulations/leave.md
    while the disk holds one file: init read the disk and adopted one text, leaving the other in git for
    the gate and the site. Here a Linux checkout loses one file from the disk as such a checkout would."""
    repo = _case_twins(tmp_path, seed_text)
    (repo.path / "regulations" / "leave.md").unlink()
    command = _init(keys)

    done = subprocess.run(command, cwd=repo.path, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr == _TWINS_REFUSED
    assert not (repo.path / "governance.yml").exists(), "init wrote its rules"

"""`.gitattributes` is a governed file (the red-team review, H6): git reads it when it checks out a tree,
and its attributes rewrite the bytes it writes (working-tree-encoding, eol, ident). The published site is
built from a checkout (mkdocs.yml and the docs folder as the work tree has them), so an attribute no body
decided on could publish a governed page other than the approved one."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from governance.config import Config, build_config
from governance.gate.changes import governing_body, is_governed_file
from governance.gate.check import run_check
from tests.testing.governed import BOARD, REGULATION, Governed

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize("path", [".gitattributes", "site/.gitattributes", "notes/deep/.gitattributes"])
def test_every_gitattributes_is_governed_by_the_default_body(path: str) -> None:
    assert is_governed_file(path, Config())
    everything = build_config({"governed_paths": [{"pattern": "*", "body": "site-editors"}]})
    assert governing_body(path, everything) == BOARD  # never delegated: it rewrites every governed file


@pytest.mark.parametrize("path", ["gitattributes", "notes/x.gitattributes", "notes/.gitattributes/x"])
def test_names_like_it_are_not(path: str) -> None:
    assert not is_governed_file(path, Config())


def test_an_attribute_that_rewrites_the_checkout_needs_a_decision(gov: Governed, tmp_path: Path) -> None:
    gov.branch()
    gov.repo.write(".gitattributes", "regulations/** working-tree-encoding=UTF-7\n")
    gov.repo.git("add", ".gitattributes")  # `add -A` would read the texts back through the attribute
    gov.repo.git("commit", "-q", "-m", "Normalise line endings")

    report = run_check(gov.path, "main", "proposal", today=TODAY)

    assert not report.ok
    assert [v.change.target for v in report.verdicts if not v.covered] == ["file .gitattributes"]
    # What it would do merged: a clone's checkout writes the approved text as other bytes.
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "-b", "proposal", str(gov.path), str(clone)], check=True)
    approved = subprocess.run(
        ["git", "cat-file", "blob", f"main:{REGULATION}"], cwd=gov.path, capture_output=True, check=True
    ).stdout
    assert b"## Article 9" in approved
    assert b"## Article 9" not in (clone / REGULATION).read_bytes()  # written as '+ACMAIw Article 9'

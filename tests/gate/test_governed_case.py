"""A governed path matches whatever its case or Unicode form (the red-team review, H6): a checkout on a
file system that folds them (Windows, macOS) writes `SITE/guides/x.md` into the docs folder `site/`,
where the site build asks whether `site/guides/x.md` is governed, which it is; the gate, which asked about
`SITE/guides/x.md`, must have asked for the same decision."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from governance.config import Config, build_config
from governance.gate.changes import is_governed_file
from governance.gate.check import run_check
from tests.testing.governed import Governed

TODAY = date(2026, 12, 1)
GUIDE = "site/ガイド/*"  # ガ composed (NFC); macOS names the file with カ and a combining mark (NFD)


@pytest.mark.parametrize(
    ("path", "pattern"),
    [
        ("SITE/guides/evil.md", "site/*"),
        ("Site/index.md", "site/*"),
        ("MkDocs.yml", "mkdocs.yml"),
        (unicodedata.normalize("NFD", "site/ガイド/a.md"), GUIDE),
        ("site/ｶﾞｲﾄﾞ/a.md", GUIDE),  # half-width: not one name on any file system, not governed
    ],
)
def test_a_path_that_a_folding_file_system_reads_as_a_governed_one_is_governed(
    path: str, pattern: str
) -> None:
    governed = is_governed_file(path, build_config({"governed_paths": [pattern]}))
    assert governed is ("ｶ" not in path)


@pytest.mark.parametrize("path", ["sites/index.md", "mkdocs.yaml", "notes/site/x.md"])
def test_other_paths_are_not(path: str) -> None:
    assert not is_governed_file(path, Config())


def test_a_page_added_in_another_case_of_the_docs_folder_needs_a_decision(gov: Governed) -> None:
    gov.branch()
    gov.repo.write("SITE/guides/notice.md", "# Notice\n\nArticle 7 no longer applies.\n")
    gov.repo.commit("A notice")

    report = run_check(gov.path, "main", "proposal", today=TODAY)

    assert not report.ok
    assert [v.change.target for v in report.verdicts if not v.covered] == ["file SITE/guides/notice.md"]

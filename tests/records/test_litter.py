"""Which paths added to the records folder are litter, as a table (no repository: pure paths)."""

from __future__ import annotations

import pytest

from governance.i18n import localized
from governance.records.litter import stray_files

OPINION = "resolutions/意見書/BD-2026-007.pdf"


@pytest.mark.parametrize(
    "path",
    [
        "resolutions/BD-2026-007.yml",
        "resolutions/BD-2026-007.yml.sig",
        "resolutions/2026/BD-2026-007.yml",
        "resolutions/2026/BD-2026-007.yml.sig",
        "resolutions/1999/BD-2026-007.yml",  # a record: misplaced, which record_copies refuses
        OPINION,
    ],
)
def test_what_belongs(path: str) -> None:
    assert stray_files([path], "resolutions/", {OPINION}) == []


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("resolutions/.BD-2026-007.yml.0123.tmp", "a hidden file"),
        ("resolutions/.hidden/BD-2026-007.yml", "a hidden file"),
        ("resolutions/BD-2026-007.YAML", "rename it to resolutions/BD-2026-007.yml"),
        ("resolutions/2026/BD-2026-007.yaml.sig", "rename it to resolutions/2026/BD-2026-007.yml.sig"),
        ("resolutions/2026/11/BD-2026-007.yml", "not in a record's place"),
        ("resolutions/bodies.yml.sig", "not a record: the records folder holds"),
        ("resolutions/2026/bodies.yml.sig", "not a record: the records folder holds"),
        ("resolutions/意見書/BD-2026-008.pdf", "not a record: the records folder holds"),
        ("resolutions/README.md", "or move it out of resolutions/"),
    ],
)
def test_what_is_litter_and_what_to_do(path: str, said: str) -> None:
    (refusal,) = stray_files([path], "resolutions", {OPINION})
    assert localized(refusal).startswith(f"{path}: ") and said in localized(refusal)

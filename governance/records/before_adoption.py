"""The versions of the texts before the adoption of governance (`<records>/before-adoption.yml`), as
`governance init --history` imported them from git: which commit held which text, and when.

Nothing approved them as far as this tool can tell: no recorded resolution covers them, and the audit
begins at the adoption. The site shows them apart and says so ("before adoption, not verified by this
tool"). The file is governed like the rest of the records folder's rules, so what the site shows as the
earlier history cannot change without a decision; each entry names the blob, so the text shown is exactly
the one the commit held.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from governance import strict_yaml

HEADER = (
    "# The texts before the adoption of regulation governance, imported from git by `governance init\n"
    "# --history` (dated by commit) or `--from-tags` (dated by each release's 施行日). Not verified by\n"
    "# this tool: no recorded resolution approved them. The site shows them apart, marked as such. A\n"
    "# change to this file needs a decision.\n"
)


class EarlierVersion(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    regulation: str = Field(min_length=1)
    date: date  # the commit's date (--history), or the release's 施行日 (--from-tags)
    commit: str = Field(pattern=r"^[0-9a-f]{40}([0-9a-f]{24})?$")
    blob: str = Field(pattern=r"^[0-9a-f]{40}([0-9a-f]{24})?$")


class _File(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    versions: list[EarlierVersion]


def render_before_adoption(versions: Iterable[EarlierVersion]) -> str:
    rows = [
        f"  - {{regulation: {json.dumps(v.regulation, ensure_ascii=False)}, date: {json.dumps(v.date.isoformat())}, "
        f"commit: {v.commit}, blob: {v.blob}}}\n"
        for v in versions
    ]
    return HEADER + ("versions:\n" + "".join(rows) if rows else "versions: []\n")


def parse_before_adoption(text: str, path: Path | str) -> list[EarlierVersion]:
    document = strict_yaml.load(text, path)
    return list(strict_yaml.validate(_File, document, path).versions)

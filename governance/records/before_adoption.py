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
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from governance import strict_yaml
from governance.plain_schema import fields, iso_date, items, mapping, text, validated

HEADER = (
    "# The texts before the adoption of regulation governance, imported from git by `governance init\n"
    "# --history` (dated by commit) or `--from-tags` (dated by each release's 施行日). Not verified by\n"
    "# this tool: no recorded resolution approved them. The site shows them apart, marked as such. A\n"
    "# change to this file needs a decision.\n"
)


OBJECT_ID_PATTERN = r"^[0-9a-f]{40}([0-9a-f]{24})?$"  # sha1 or sha256
_OBJECT_ID = re.compile(OBJECT_ID_PATTERN)


@dataclass(frozen=True, kw_only=True)
class EarlierVersion:
    """One entry of the file (the schema: governance.records.schemas)."""

    regulation: str
    date: date  # the commit's date (--history), or the release's 施行日 (--from-tags)
    commit: str
    blob: str


def build_before_adoption(data: Mapping[str, Any]) -> list[EarlierVersion]:
    """The file's values when plainly valid (governance.plain_schema); else Unsure."""
    fields(data, ("versions",), ())
    return [_version(entry) for entry in items(data["versions"])]


def _version(data: Any) -> EarlierVersion:
    data = mapping(data)
    fields(data, ("regulation", "date", "commit", "blob"), ())
    return EarlierVersion(
        regulation=text(data["regulation"], min_length=1),
        date=iso_date(data["date"]),
        commit=text(data["commit"], pattern=_OBJECT_ID),
        blob=text(data["blob"], pattern=_OBJECT_ID),
    )


def _schema() -> Any:
    from governance.records.schemas import BeforeAdoptionFile

    return BeforeAdoptionFile


def render_before_adoption(versions: Iterable[EarlierVersion]) -> str:
    rows = [
        f"  - {{regulation: {json.dumps(v.regulation, ensure_ascii=False)}, date: {json.dumps(v.date.isoformat())}, "
        f"commit: {v.commit}, blob: {v.blob}}}\n"
        for v in versions
    ]
    return HEADER + ("versions:\n" + "".join(rows) if rows else "versions: []\n")


def parse_before_adoption(text: str, path: Path | str) -> list[EarlierVersion]:
    document = strict_yaml.load(text, path)
    return validated(build_before_adoption, _schema, document, path)

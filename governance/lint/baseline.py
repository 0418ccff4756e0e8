"""The lint baseline (`<records>/lint-baseline.yml`): the findings the texts in force had when governance
was adopted. Those texts were in force the day before; failing every pull request for them would block
the repository, and fixing them would change approved texts without a decision. So they are recorded
once, by `governance init`, and only a finding that is not in the baseline fails.

A baseline entry names the file, the rule and a digest of the line the finding is on, not its number:
an amendment above it moves the line, it does not make the finding new. A line the amendment rewrites is
new text, judged in full. The file is governed (a change needs a decision, like governance.yml): adding a
finding to it is deciding to tolerate it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from governance import strict_yaml
from governance.plain_schema import count, fields, items, mapping, text, validated
from governance.text.findings import Finding

# The source lines of a file, by the path its findings name; empty when the file is unreadable.
LinesOf = Callable[[str], list[str]]
Key = tuple[str, str, str]  # path, code, digest of the line

HEADER = (
    "# Lint findings the texts had when regulation governance was adopted: they do not fail `governance\n"
    "# lint` or the gate; a finding not listed here does. A change to this file needs a decision.\n"
    "# Each entry: the file, the line it was found on (for reading), the rule, the sha256 of that line.\n"
)


CODE_PATTERN = r"^[A-Z]+[0-9]{3}$"
LINE_DIGEST_PATTERN = r"^[0-9a-f]{16}$"
_CODE = re.compile(CODE_PATTERN)
_LINE_DIGEST = re.compile(LINE_DIGEST_PATTERN)


def build_baseline(data: Mapping[str, Any]) -> Counter[Key]:
    """The file's entries, counted, when plainly valid (governance.plain_schema); else Unsure."""
    fields(data, ("findings",), ())
    return Counter(_entry(entry) for entry in items(data["findings"]))


def _entry(data: Any) -> Key:
    data = mapping(data)
    fields(data, ("path", "line", "code", "digest"), ())
    count(data["line"], minimum=1)
    return (
        text(data["path"], min_length=1),
        text(data["code"], pattern=_CODE),
        text(data["digest"], pattern=_LINE_DIGEST),
    )


def _schema() -> Any:
    from governance.lint.baseline_schema import BaselineFile

    return BaselineFile


def line_digest(lines: list[str], number: int) -> str:
    """The first 16 hex digits of the sha256 of line `number` (1-based); of "" past the end."""
    text = lines[number - 1] if 1 <= number <= len(lines) else ""
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()[:16]


def file_lines(root: Path) -> LinesOf:
    """Lines of the work tree's files by repository path (as lint names them)."""

    def lines_of(path: str) -> list[str]:
        file = root / path
        if not file.is_file():  # a pipe would be waited on for ever; a folder or a device has no lines
            return []
        try:
            return file.read_bytes().decode("utf-8", errors="replace").split("\n")
        except OSError:
            return []

    return lines_of


def render_baseline(findings: Iterable[Finding], lines_of: LinesOf) -> str:
    """The baseline file for `findings` (one entry each), as YAML in the strict subset it is read with."""
    rows = []
    for finding in sorted(findings):
        digest = line_digest(lines_of(finding.path), finding.line)
        rows.append(
            f"  - {{path: {json.dumps(finding.path, ensure_ascii=False)}, line: {finding.line}, "
            f"code: {finding.code}, digest: {json.dumps(digest)}}}\n"
        )
    return HEADER + ("findings:\n" + "".join(rows) if rows else "findings: []\n")


def parse_baseline(text: str, path: Path | str) -> Counter[Key]:
    """The recorded findings, counted: two equal lines with the same finding are two entries."""
    document = strict_yaml.load(text, path)
    return validated(build_baseline, _schema, document, path)


def new_findings(
    findings: Iterable[Finding], baseline: Counter[Key], lines_of: LinesOf
) -> tuple[list[Finding], int]:
    """The findings the baseline does not hold, and how many it held."""
    left = Counter(baseline)
    new: list[Finding] = []
    known = 0
    cache: dict[str, list[str]] = {}
    for finding in sorted(findings):
        if finding.path not in cache:
            cache[finding.path] = lines_of(finding.path)
        key = (finding.path, finding.code, line_digest(cache[finding.path], finding.line))
        # A text beyond a limit is not linted at all (FILE006 stands for every rule): never a known finding.
        if left[key] > 0 and finding.code != "FILE006":
            left[key] -= 1
            known += 1
        else:
            new.append(finding)
    return new, known

"""The YAML front matter of a regulation: found, read strictly, validated, and every problem located.

Problems are returned as findings (FM001-FM004) so lint can report them all; the parser raises the
first one in strict mode. In lenient mode (policies adopted as they are) any front matter is accepted
and only a block that cannot be read at all is a problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from governance import strict_yaml
from governance.errors import GovernanceError
from governance.text.findings import Finding
from governance.text.model import ISO_DATE_ERROR, FrontMatter
from governance.text.recognisers import front_matter_block


@dataclass(frozen=True)
class FrontMatterResult:
    front_matter: FrontMatter | None
    metadata: dict[str, Any]
    body_line: int  # first line after the closing delimiter (1 without front matter)
    end_line: int  # line of the closing delimiter (0 without front matter)
    findings: list[Finding] = field(default_factory=list)


def read_front_matter(text: str, path: str, *, lenient: bool = False) -> FrontMatterResult:
    block = front_matter_block(text)
    if block is None:
        if lenient:
            return FrontMatterResult(None, {}, 1, 0)
        problem = _finding(
            path,
            1,
            "FM001",
            "no front matter; start the file with a '---' block (title, issuer, enacted, governed_by)",
        )
        return FrontMatterResult(None, {}, 1, 0, [problem])
    if not block.closed:
        problem = _finding(
            path, 1, "FM001", "the front matter opened on line 1 is never closed; add a '---' line after it"
        )
        return FrontMatterResult(None, {}, 1, 0, [problem])
    close = block.close_line
    source = block.source or "\n"
    try:
        document = strict_yaml.load(source, path)
    except GovernanceError as exc:
        line = exc.line + 1 if exc.line is not None else 1
        problem = _finding(path, line, "FM001", f"front matter: {exc.message}")
        return FrontMatterResult(None, {}, close + 2, close + 1, [problem])
    data = {} if document.data is None else document.data
    if not isinstance(data, Mapping):
        problem = _finding(path, 2, "FM001", "the front matter must be a mapping of keys to values")
        return FrontMatterResult(None, {}, close + 2, close + 1, [problem])
    metadata = dict(data)
    if lenient:
        known = {key: value for key, value in metadata.items() if key in FrontMatter.model_fields}
        try:
            front_matter: FrontMatter | None = FrontMatter.model_validate(known)
        except ValidationError:
            front_matter = None
        return FrontMatterResult(front_matter, metadata, close + 2, close + 1)
    try:
        front_matter = FrontMatter.model_validate(metadata)
    except ValidationError as exc:
        problems = [_schema_finding(error, document, path) for error in exc.errors()]
        return FrontMatterResult(None, metadata, close + 2, close + 1, problems)
    return FrontMatterResult(front_matter, metadata, close + 2, close + 1)


def _schema_finding(error: Any, document: strict_yaml.Document, path: str) -> Finding:
    loc = tuple(error["loc"])
    name = ".".join(str(part) for part in loc) or "(top level)"
    yaml_line = document.line_of(loc)
    # The YAML starts on the file's second line; a missing key is reported at the opening '---'.
    line = yaml_line + 1 if yaml_line is not None and error["type"] != "missing" else 1
    if error["type"] == "extra_forbidden":
        allowed = ", ".join(FrontMatter.model_fields)
        return _finding(
            path, line, "FM002", f"unknown front matter key '{name}'; remove it or use one of: {allowed}"
        )
    if error["type"] == "missing":
        return _finding(path, line, "FM003", f"the front matter key '{name}' is missing; add it")
    if error["type"] == ISO_DATE_ERROR:
        return _finding(path, line, "FM004", f"'{name}': {error['msg']}")
    return _finding(path, line, "FM003", f"front matter '{name}': {error['msg']}")


def _finding(path: str, line: int, code: str, message: str) -> Finding:
    return Finding(path, line, 1, code, message)


def raise_first(result: FrontMatterResult) -> None:
    """Strict parsing: the first front matter problem, as the error the user must fix."""
    if result.findings:
        first = result.findings[0]
        raise GovernanceError(f"{first.message} [{first.code}]", path=first.path, line=first.line)


def key_line(text: str, key: str) -> int:
    """The line of a top-level front matter key, to point a finding at it; 1 when it is not there."""
    block = front_matter_block(text)
    if block is None:
        return 1
    lines = (block.source if block.closed else text).split("\n")
    for index, line in enumerate(lines[:-1] if block.closed else lines[1:]):
        if line.startswith(f"{key}:"):
            return index + 2
    return 1

"""The YAML front matter of a regulation: found, read strictly, validated, and every problem located.

Problems are returned as findings (FM001-FM004) so lint can report them all; the parser raises the
first one in strict mode. In lenient mode (policies adopted as they are) any front matter is accepted
and only a block that cannot be read at all is a problem.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from governance import strict_yaml
from governance.errors import GovernanceError
from governance.i18n import Message
from governance.plain_schema import Unsure, iso_date, items, optional_text, schema_verdict, text
from governance.text.findings import Finding
from governance.text.model import FrontMatter
from governance.text.recognisers import COMPANY_ID, DIGEST, LANGUAGE_TAG, front_matter_block

if TYPE_CHECKING:
    from pydantic import ValidationError

KEYS = FrontMatter._fields  # in the order a problem lists them
_REQUIRED = ("title", "issuer", "enacted", "governed_by")
_LANGUAGE = re.compile(f"^{LANGUAGE_TAG}$")
_DIGEST = re.compile(f"^{DIGEST}$")
_COMPANY = re.compile(f"^{COMPANY_ID}$")


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
            Message(
                "no front matter; start the file with a '---' block (title, issuer, enacted, governed_by)"
            ),
        )
        return FrontMatterResult(None, {}, 1, 0, [problem])
    if not block.closed:
        problem = _finding(
            path,
            1,
            "FM001",
            Message("the front matter opened on line 1 is never closed; add a '---' line after it"),
        )
        return FrontMatterResult(None, {}, 1, 0, [problem])
    close = block.close_line
    source = block.source or "\n"
    try:
        document = strict_yaml.load(source, path)
    except GovernanceError as exc:
        line = exc.line + 1 if exc.line is not None else 1
        problem = _finding(path, line, "FM001", Message("front matter: {problem}", problem=exc.message))
        return FrontMatterResult(None, {}, close + 2, close + 1, [problem])
    data = {} if document.data is None else document.data
    if not isinstance(data, Mapping):
        problem = _finding(path, 2, "FM001", Message("the front matter must be a mapping of keys to values"))
        return FrontMatterResult(None, {}, close + 2, close + 1, [problem])
    metadata = dict(data)
    if lenient:
        known = {key: value for key, value in metadata.items() if key in KEYS}
        front_matter, _ = validate_front_matter(known)
        return FrontMatterResult(front_matter, metadata, close + 2, close + 1)
    front_matter, refused = validate_front_matter(metadata)
    if refused is not None:
        problems = [_schema_finding(error, document, path) for error in refused.errors()]
        return FrontMatterResult(None, metadata, close + 2, close + 1, problems)
    return FrontMatterResult(front_matter, metadata, close + 2, close + 1)


def validate_front_matter(data: Mapping[str, Any]) -> tuple[FrontMatter | None, ValidationError | None]:
    """The front matter of `data`, or the schema's refusal: read by plain code when it is sure
    (governance.plain_schema), by the schema (governance.text.front_matter_schema) when not."""
    try:
        return build_front_matter(data), None
    except Unsure:
        pass
    from governance.text.front_matter_schema import FrontMatter as FrontMatterSchema

    return schema_verdict(build_front_matter, FrontMatterSchema, data)


def build_front_matter(data: Mapping[str, Any]) -> FrontMatter:
    """The front matter's values when plainly valid; else Unsure."""
    if not all(key in data for key in _REQUIRED) or not data.keys() <= set(KEYS):
        raise Unsure
    applies_to = data.get("applies_to")
    if applies_to is not None:
        applies_to = [text(company, pattern=_COMPANY) for company in items(applies_to)]
        if not applies_to:
            raise Unsure
    return FrontMatter(
        title=text(data["title"]),
        issuer=text(data["issuer"]),
        enacted=iso_date(data["enacted"]),
        governed_by=text(data["governed_by"]),
        language=text(data.get("language", "en"), pattern=_LANGUAGE),
        translation_of=optional_text(data.get("translation_of"), pattern=_LANGUAGE),
        original_digest=optional_text(data.get("original_digest"), pattern=_DIGEST),
        applies_to=applies_to,
    )


def _schema_finding(error: Any, document: strict_yaml.Document, path: str) -> Finding:
    from governance.text.front_matter_schema import ISO_DATE_ERROR  # pydantic's refusal is being read

    loc = tuple(error["loc"])
    name: str = ".".join(str(part) for part in loc) or Message("(top level)")
    yaml_line = document.line_of(loc)
    # The YAML starts on the file's second line; a missing key is reported at the opening '---'.
    line = yaml_line + 1 if yaml_line is not None and error["type"] != "missing" else 1
    if error["type"] == "extra_forbidden":
        allowed = ", ".join(KEYS)
        message = Message(
            "unknown front matter key '{name}'; remove it or use one of: {allowed}",
            name=name,
            allowed=allowed,
        )
        return _finding(path, line, "FM002", message)
    if error["type"] == "missing":
        return _finding(
            path, line, "FM003", Message("the front matter key '{name}' is missing; add it", name=name)
        )
    if error["type"] == ISO_DATE_ERROR:
        return _finding(
            path,
            line,
            "FM004",
            Message("'{name}': {problem}", name=name, problem=_date_problem(error["ctx"])),
        )
    return _finding(
        path,
        line,
        "FM003",
        Message("front matter '{name}': {problem}", name=name, problem=strict_yaml.pydantic_problem(error)),
    )


def _date_problem(context: dict[str, Any]) -> Message:
    """The words of front_matter_schema's date refusal, said again as a Message (its `written`: whether the
    value was written YYYY-MM-DD, and is no real date)."""
    if context["written"]:
        return Message("'{value}' is not a real date", value=context["value"])
    return Message("'{value}' must be written YYYY-MM-DD, e.g. 2012-04-01", value=context["value"])


def _finding(path: str, line: int, code: str, message: Message) -> Finding:
    return Finding(path, line, 1, code, message)


def raise_first(result: FrontMatterResult) -> None:
    """Strict parsing: the first front matter problem, as the error the user must fix."""
    if result.findings:
        first = result.findings[0]
        raise GovernanceError(
            Message("{problem} [{code}]", problem=first.message, code=first.code),
            path=first.path,
            line=first.line,
        )


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

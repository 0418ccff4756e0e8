"""YAML for records that lawyers and secretaries write by hand: no surprises, no tricks.

PyYAML's defaults implement YAML 1.1, where `no` is false, `2026-11-20` is a date and `0755` an octal
number, and they accept aliases ("billion laughs") and duplicate keys (the last one silently wins).
A hostile or careless record must never mean something other than it reads, so this loader builds
plain values from the node tree itself and refuses everything ambiguous, with the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from governance.errors import GovernanceError

MAX_BYTES = 256 * 1024

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_AMBIGUOUS_BOOL = {"yes", "no", "on", "off", "y", "n"}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")

Location = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Document:
    """Plain data plus the source line (1-based) of every key and item, for error messages."""

    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Sequence[str | int]) -> int | None:
        loc = tuple(location)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


class _Composer(yaml.SafeLoader):
    """Refuses anchors and aliases while composing, before anything is expanded."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise _Refused("an alias (*name) is not allowed; write the value out in full", line)
        if getattr(event, "anchor", None):
            raise _Refused("an anchor (&name) is not allowed; write the value out in full", line)
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            raise _Refused(f"the tag {tag} is not allowed; remove it", line)
        return super().compose_node(parent, index)


class _Refused(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def load(text: str, path: Path | str) -> Document:
    """Parse `text` (from `path`, named in errors) into plain dicts, lists, str, int, float, bool, None."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise GovernanceError(
            f"the file is larger than {MAX_BYTES // 1024} KiB; a record is never that long", path=path
        )
    try:
        loader = _Composer(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except _Refused as exc:
        raise GovernanceError(exc.message, path=path, line=exc.line) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise GovernanceError(f"not valid YAML: {exc.problem or exc}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise GovernanceError(f"not valid YAML: {exc}", path=path) from None
    lines: dict[Location, int] = {}
    if node is None:
        return Document(None, lines)
    try:
        data = _build(node, (), lines)
    except _Refused as exc:
        raise GovernanceError(exc.message, path=path, line=exc.line) from None
    return Document(data, lines)


def _build(node: yaml.Node, loc: Location, lines: dict[Location, int]) -> Any:
    line = node.start_mark.line + 1
    lines.setdefault(loc, line)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused("a key must be a plain name", key_line)
            key = key_node.value
            if key == "<<" and key_node.style is None:
                raise _Refused("merge keys (<<) are not allowed; write the keys out in full", key_line)
            if key in result:
                raise _Refused(f"the key '{key}' appears twice; keep one", key_line)
            lines[(*loc, key)] = key_line
            result[key] = _build(value_node, (*loc, key), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[(*loc, index)] = item.start_mark.line + 1
            items.append(_build(item, (*loc, index), lines))
        return items
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(node, line)


def _scalar(node: yaml.ScalarNode, line: int) -> Any:
    value: str = node.value
    if node.style is not None:
        return value  # quoted or block: always a string
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if value.lower() in _AMBIGUOUS_BOOL:
        raise _Refused(
            f"'{value}' is ambiguous in YAML; write true or false, or quote it as \"{value}\"", line
        )
    if _INT.fullmatch(value):
        return int(value)
    if _LEADING_ZERO.fullmatch(value):
        raise _Refused(
            f"'{value}' has a leading zero and may be read as octal; quote it as \"{value}\"", line
        )
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def validate(model: type[M], document: Document, path: Path | str) -> M:
    """Validate with pydantic and turn its first error into one message naming the file and line."""
    if not isinstance(document.data, Mapping):
        raise GovernanceError("expected a mapping of keys to values at the top level", path=path, line=1)
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        raise schema_error(exc, document, path) from None


def schema_error(exc: ValidationError, document: Document, path: Path | str) -> GovernanceError:
    first = exc.errors()[0]
    loc = tuple(first["loc"])
    field_name = ".".join(str(part) for part in loc) or "(top level)"
    kind = first["type"]
    if kind == "extra_forbidden":
        message = f"unknown key '{field_name}'; remove it or check its spelling"
    elif kind == "missing":
        message = f"the key '{field_name}' is missing; add it"
    else:
        message = f"'{field_name}': {first['msg']}"
    more = len(exc.errors()) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return GovernanceError(message, path=path, line=document.line_of(loc))

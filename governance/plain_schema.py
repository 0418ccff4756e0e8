"""Schemas read by plain code on the path every command takes, with pydantic as the judge of the rest.

`governance check`, `lint` and the server hook read governance.yml, bodies.yml, records and front matter
on every call; importing pydantic and building its schemas cost more than the work itself (issue 14). So
each schema has two readers:

- a *builder*, plain code that turns the loaded YAML into the frozen dataclass the rest of the tool uses,
  and vouches only for input it is sure of: the right types (strict: no coercion), no unknown or missing
  key, every pattern and rule met. On anything else it raises `Unsure`;
- the pydantic schema (the former model, with the same names, fields and validators), imported only then.
  It refuses with the message users have always seen, or accepts and normalises (`signatures: false` is
  "off", a date string a date), and the builder builds from its normalised values.

So the builder decides nothing pydantic would decide otherwise: what it accepts, pydantic accepts with the
same values, and what it is unsure of pydantic decides. tests/test_plain_schema.py holds both to that on
generated inputs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from governance.errors import GovernanceError
from governance.i18n import Message
from governance.strict_yaml import Document, schema_error

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

T = TypeVar("T")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # dates only as written YYYY-MM-DD, by every schema


class Unsure(Exception):
    """The builder does not vouch for this input: the pydantic schema decides."""


def validated(
    build: Callable[[Mapping[str, Any]], T],
    schema: Callable[[], type[BaseModel]],
    document: Document,
    path: Path | str,
) -> T:
    """The value `build` makes of the document's data; when it is unsure, pydantic's verdict: its error
    (naming the file and line, as strict_yaml.schema_error words it) or its normalised values, built."""
    if not isinstance(document.data, Mapping):
        raise GovernanceError(
            Message("expected a mapping of keys to values at the top level"), path=path, line=1
        )
    try:
        return build(document.data)
    except Unsure:
        pass
    return build_by_schema(build, schema(), document.data, document, path)


def build_by_schema(
    build: Callable[[Mapping[str, Any]], T],
    model: type[BaseModel],
    data: Mapping[str, Any],
    document: Document,
    path: Path | str,
) -> T:
    """pydantic's verdict on `data`: its first error as a GovernanceError, or its values built."""
    verdict = schema_verdict(build, model, data)
    if verdict[1] is not None:
        raise schema_error(verdict[1], document, path) from None
    return verdict[0]


def schema_verdict(
    build: Callable[[Mapping[str, Any]], T], model: type[BaseModel], data: Mapping[str, Any]
) -> tuple[T, None] | tuple[None, ValidationError]:
    """pydantic's verdict on `data`: its values built, or its refusal with every error (lint reports them
    all)."""
    from pydantic import ValidationError

    try:
        valid = model.model_validate(data)
    except ValidationError as exc:
        return None, exc
    normalised = valid.model_dump(by_alias=True)
    try:
        return build(normalised), None
    except Unsure:
        # A builder that refuses what the schema accepted is a defect of this tool, not of the input.
        raise AssertionError(f"{model.__name__}: the plain builder refused the schema's values") from None


def fields(data: Mapping[str, Any], required: Collection[str], optional: Collection[str]) -> None:
    """Every required key present, no key outside the two."""
    keys = data.keys()
    try:
        needed, allowed = _KEY_SETS[required, optional]  # type: ignore[index]
    except (KeyError, TypeError):  # not asked yet, or not hashable (a list)
        needed, allowed = frozenset(required), frozenset((*required, *optional))
        if isinstance(required, tuple) and isinstance(optional, tuple) and len(_KEY_SETS) < 256:
            _KEY_SETS[required, optional] = (needed, allowed)
    if not (keys >= needed and keys <= allowed):
        raise Unsure


# The key sets of each schema, made once: the audit reads four mappings a record, 100,000 records at
# 5,000 x 100,000 grouped, and made two sets of each (issue 14).
_KEY_SETS: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[frozenset[str], frozenset[str]]] = {}


def text(value: Any, *, min_length: int = 0, pattern: re.Pattern[str] | None = None) -> str:
    """A str (no coercion). A pattern is matched as pydantic matches it (`^...$` over the whole value):
    only ASCII values without a line break are vouched for, where Python's and pydantic's regular
    expressions agree."""
    if type(value) is not str or len(value) < min_length:
        raise Unsure
    if pattern is not None and not (value.isascii() and "\n" not in value and pattern.search(value)):
        raise Unsure
    return value


def optional_text(value: Any, **checks: Any) -> str | None:
    return None if value is None else text(value, **checks)


def count(value: Any, *, minimum: int) -> int:
    """A strict int (never a bool, a float or a string of digits) of at least `minimum`."""
    if type(value) is not int or value < minimum:
        raise Unsure
    return value


def flag(value: Any) -> bool:
    if type(value) is not bool:
        raise Unsure
    return value


def choice(value: Any, choices: Collection[str]) -> str:
    if type(value) is not str or value not in choices:
        raise Unsure
    return value


def items(value: Any) -> list[Any]:
    """A list (or the tuple pydantic's normalised values hold)."""
    if type(value) is not list and type(value) is not tuple:
        raise Unsure
    return list(value)


def mapping(value: Any) -> dict[Any, Any]:
    if type(value) is not dict:
        raise Unsure
    return value


def iso_date(value: Any) -> date:
    """A date written YYYY-MM-DD (or already a date, in normalised values); anything else is the schema's."""
    if type(value) is date:
        return value
    if type(value) is not str or not ISO_DATE.fullmatch(value):
        raise Unsure
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Unsure from None


def rule(check: Callable[[T], T], value: T) -> T:
    """What a validator shared with the schema makes of `value` (it raises ValueError to refuse)."""
    try:
        return check(value)
    except ValueError:
        raise Unsure from None

"""YAML for records that lawyers and secretaries write by hand: no surprises, no tricks.

PyYAML's defaults implement YAML 1.1, where `no` is false, `2026-11-20` is a date and `0755` an octal
number, and they accept aliases ("billion laughs") and duplicate keys (the last one silently wins).
A hostile or careless record must never mean something other than it reads, so this loader builds
plain values from the node tree itself and refuses everything ambiguous, with the file and line.

Anchors and aliases are refused, but in the files GitHub reads them in (workflows, since September
2025), whose `uses:` the gate must see as GitHub runs them (`load(..., aliases=True)`): there an alias
is the value of the one anchor of its name before it, and is refused where readers differ (an anchor
named twice, an alias inside the node it names, one naming no value's anchor, an alias as a key) or
beyond MAX_YAML_ALIAS_NODES nodes it adds (the billion laughs). Merge keys (<<) stay refused: GitHub
refuses them too, so no value is ever merged in.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from governance.errors import GovernanceError
from governance.i18n import Message
from governance.immutable import immutable
from governance.limits import MAX_YAML_ALIAS_NODES, MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_INTEGER_DIGITS

if TYPE_CHECKING:  # pydantic is imported by whoever validates with it (governance.plain_schema)
    import yaml
    from pydantic import BaseModel, ValidationError

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_AMBIGUOUS_BOOL = {"yes", "no", "on", "off", "y", "n"}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")

Location = tuple[str | int, ...]
M = TypeVar("M", bound="BaseModel")


@immutable
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


# libyaml's parser (in C) when present: records are parsed on every commit of an audit. Only its events
# are used; the values are built below, so no PyYAML constructor ever runs. PyYAML is imported by
# `_libyaml`, on the first text the plain reader does not vouch for: its import was about 10 ms of every
# command, whose governance.yml, bodies.yml, records and front matters are mostly plain (issue 14).
_yaml: Any = None
_Parser: Any = None


class _Refused(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def load(text: str, path: Path | str, *, aliases: bool = False) -> Document:
    """Parse `text` (from `path`, named in errors) into plain dicts, lists, str, int, float, bool, None.
    `aliases`: read anchors and aliases (a workflow), each alias the very value of its anchor; never for
    a file people sign or decide by (a record, bodies.yml, governance.yml, a front matter)."""
    if len(text) > MAX_YAML_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
        raise GovernanceError(
            Message(
                "the file is larger than {limit} KiB (the limit); a record is never that long",
                limit=MAX_YAML_BYTES // 1024,
            ),
            path=path,
        )
    plain = plain_document(text)
    return plain if plain is not None else libyaml_document(text, path, aliases=aliases)


def libyaml_document(text: str, path: Path | str, *, aliases: bool = False) -> Document:
    """`load` of a text the plain reader does not vouch for (within the size limit): libyaml's events."""
    lines: dict[Location, int] = {}
    yaml = _libyaml()
    parser = _Parser(text)
    try:
        data = (_AliasBuilder(parser, lines) if aliases else _Builder(parser, lines)).stream()
    except _Refused as exc:
        raise GovernanceError(exc.message, path=path, line=exc.line) from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise GovernanceError(
            Message("not valid YAML: {problem}", problem=str(exc.problem or exc)), path=path, line=line
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses (a control, NUL): one line, its line
        # libyaml counts the position in bytes, PyYAML's reader in characters.
        if _Parser is yaml.SafeLoader:
            line = text.count("\n", 0, exc.position) + 1
        else:
            line = text.encode("utf-8", "surrogatepass").count(b"\n", 0, exc.position) + 1
        raise GovernanceError(
            Message(
                "not valid YAML: the character U+{code} is not allowed ({reason}); delete it",
                code=f"{exc.character:04X}",
                reason=str(exc.reason),
            ),
            path=path,
            line=line,
        ) from None
    except yaml.YAMLError as exc:
        raise GovernanceError(
            Message("not valid YAML: {problem}", problem=" ".join(str(exc).split())), path=path
        ) from None
    finally:
        parser.dispose()
    return Document(data, lines)


# Event classes compared by identity: libyaml and PyYAML build exactly these classes, and an audit reads
# tens of events per record for every commit, so the loop below avoids isinstance chains and peeking.
# Set by `_libyaml`, before any parser exists.
_SCALAR: Any = None
_MAPPING_START: Any = None
_MAPPING_END: Any = None
_SEQUENCE_START: Any = None
_SEQUENCE_END: Any = None
_ALIAS: Any = None


def _libyaml() -> Any:
    """PyYAML, imported once; the parser and the event classes above set from it."""
    global _yaml, _Parser, _SCALAR, _MAPPING_START, _MAPPING_END, _SEQUENCE_START, _SEQUENCE_END, _ALIAS
    if _yaml is None:
        import yaml

        _Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        _SCALAR, _MAPPING_START, _MAPPING_END = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
        _SEQUENCE_START, _SEQUENCE_END, _ALIAS = (
            yaml.SequenceStartEvent,
            yaml.SequenceEndEvent,
            yaml.AliasEvent,
        )
        _yaml = yaml
    return _yaml


_NUMBER_START = frozenset("+-.0123456789")  # the first character of anything _INT, _FLOAT or octal match


class _Builder:
    """Plain values from the parser's event stream, with anchors, aliases and explicit tags refused as
    they appear, and the line of every key and item recorded in `lines`."""

    def __init__(self, parser: Any, lines: dict[Location, int]) -> None:
        self._get = parser.get_event
        self._lines = lines

    def stream(self) -> Any:
        get = self._get
        start = get()
        yaml = _yaml
        assert type(start) is yaml.StreamStartEvent, start  # the parser guarantees the grammar
        event = get()
        if type(event) is yaml.StreamEndEvent:
            return None
        assert type(event) is yaml.DocumentStartEvent, event
        data = self._node(self._checked(get()), (), 0)
        end = get()
        assert type(end) is yaml.DocumentEndEvent, end
        event = get()
        if type(event) is not yaml.StreamEndEvent:
            raise _Refused(
                Message("only one YAML document is allowed; remove the second '---'"), _line(event)
            )
        return data

    @staticmethod
    def _checked(event: Any) -> Any:
        kind = type(event)
        if kind is _ALIAS:
            raise _Refused(
                Message("an alias (*name) is not allowed; write the value out in full"), _line(event)
            )
        if kind is _SCALAR or kind is _MAPPING_START or kind is _SEQUENCE_START:
            if event.anchor:
                raise _Refused(
                    Message("an anchor (&name) is not allowed; write the value out in full"), _line(event)
                )
            tag = event.tag
            if tag is not None and tag != "!":
                raise _Refused(Message("the tag {tag} is not allowed; remove it", tag=tag), _line(event))
        return event

    def _node(self, event: Any, loc: Location, depth: int) -> Any:
        """The value that starts with `event` (already checked), reading the events it spans."""
        line = event.start_mark.line + 1
        lines = self._lines
        lines.setdefault(loc, line)
        kind = type(event)
        if kind is _SCALAR:
            return _scalar(event, line)
        if depth >= MAX_YAML_DEPTH:
            raise _Refused(
                Message(
                    "exceeded the maximum nesting depth of {limit} levels; no record is that deep",
                    limit=MAX_YAML_DEPTH,
                ),
                line,
            )
        get = self._get
        if kind is _MAPPING_START:
            result: dict[str, Any] = {}
            while True:
                key_event = get()
                key_kind = type(key_event)
                if key_kind is _MAPPING_END:
                    return result
                key_line = key_event.start_mark.line + 1
                if key_kind is not _SCALAR:
                    raise _Refused(Message("a key must be a plain name"), key_line)
                self._checked(key_event)
                key = key_event.value
                if key == "<<" and not key_event.style:
                    raise _Refused(
                        Message("merge keys (<<) are not allowed; write the keys out in full"), key_line
                    )
                if key in result:
                    raise _Refused(Message("the key '{key}' appears twice; keep one", key=key), key_line)
                key_loc = (*loc, key)
                lines[key_loc] = key_line
                result[key] = self._node(self._checked(get()), key_loc, depth + 1)
        assert kind is _SEQUENCE_START, event  # _checked let only nodes through; the grammar did the rest
        items: list[Any] = []
        while True:
            item_event = get()
            if type(item_event) is _SEQUENCE_END:
                return items
            item_loc = (*loc, len(items))
            lines[item_loc] = item_event.start_mark.line + 1
            items.append(self._node(self._checked(item_event), item_loc, depth + 1))


class _AliasBuilder(_Builder):
    """The builder for a file GitHub reads anchors in: an alias is the value its anchor was built to (the
    same object: what reads the document never changes it), counted as the nodes it adds, within
    MAX_YAML_ALIAS_NODES; where YAML readers could differ on what an alias means, it is refused."""

    def __init__(self, parser: Any, lines: dict[Location, int]) -> None:
        super().__init__(parser, lines)
        self._named: set[str] = set()  # every anchor met, on a key or a value
        self._anchors: dict[str, tuple[Any, int]] = {}  # a value's anchor -> (value, how many nodes it holds)
        self._open: set[str] = set()  # anchors whose node is being read
        self._nodes = 0  # nodes built, those of each alias counted again
        self._added = 0  # nodes that aliases added
        self._deepest = 0  # the deepest level reached, aliases written out (what reads it recurses)
        self._heights: dict[str, int] = {}  # levels below each anchor's node

    def _checked(self, event: Any) -> Any:  # type: ignore[override]
        kind = type(event)
        if kind is _ALIAS:
            return event
        if kind is _SCALAR or kind is _MAPPING_START or kind is _SEQUENCE_START:
            tag = event.tag
            if tag is not None and tag != "!":
                raise _Refused(Message("the tag {tag} is not allowed; remove it", tag=tag), _line(event))
            anchor = event.anchor
            if anchor:
                # Keys' anchors too: an alias means the latest anchor of its name, a key's included.
                if anchor in self._named:
                    raise _Refused(
                        Message(
                            "the anchor &{name} is defined twice, and YAML readers differ on which one an "
                            "alias means; give each anchor a name of its own",
                            name=anchor,
                        ),
                        _line(event),
                    )
                self._named.add(anchor)
        return event

    def _node(self, event: Any, loc: Location, depth: int) -> Any:
        kind = type(event)
        if kind is _ALIAS:
            return self._alias(event, loc, depth)
        self._deepest = max(self._deepest, depth)
        anchor = event.anchor
        if not anchor:
            self._nodes += 1
            return super()._node(event, loc, depth)
        self._open.add(anchor)
        before, outside = self._nodes, self._deepest
        self._nodes += 1
        self._deepest = depth
        value = super()._node(event, loc, depth)
        self._open.discard(anchor)
        self._anchors[anchor] = (value, self._nodes - before)
        self._heights[anchor] = self._deepest - depth
        self._deepest = max(outside, self._deepest)
        return value

    def _alias(self, event: Any, loc: Location, depth: int) -> Any:
        name, line = event.anchor, _line(event)
        self._lines.setdefault(loc, line)
        if name in self._open:
            raise _Refused(
                Message(
                    "the alias *{name} is inside the node its anchor names, which would make it endless; "
                    "write the value out",
                    name=name,
                ),
                line,
            )
        if name not in self._anchors:
            raise _Refused(
                Message(
                    "the alias *{name} names no value's anchor (&{name}) before it; anchor the value first",
                    name=name,
                ),
                line,
            )
        value, size = self._anchors[name]
        deepest = depth + self._heights[name]
        if deepest > MAX_YAML_DEPTH:
            raise _Refused(
                Message(
                    "with its aliases written out, it is nested more than {limit} levels deep (the limit); "
                    "write the values out, or nest them less",
                    limit=MAX_YAML_DEPTH,
                ),
                line,
            )
        self._deepest = max(self._deepest, deepest)
        self._nodes += size
        self._added += size
        if self._added > MAX_YAML_ALIAS_NODES:
            raise _Refused(
                Message(
                    "its aliases repeat more than {limit:,} values in all (the limit on what aliases may "
                    "add); write the repeated values out, or split the file",
                    limit=MAX_YAML_ALIAS_NODES,
                ),
                line,
            )
        return value


def _line(event: Any) -> int:
    return int(event.start_mark.line) + 1


def _scalar(event: yaml.ScalarEvent, line: int) -> Any:
    value: str = event.value
    if event.style:  # libyaml reports a plain scalar's style as '' and PyYAML as None
        return value  # quoted or block: always a string
    return _plain_value(value, line)


def _plain_value(value: str, line: int) -> Any:
    """What a plain (unquoted) scalar means here, or its refusal: the one reading for both readers."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if value.lower() in _AMBIGUOUS_BOOL:
        raise _Refused(
            Message(
                "'{value}' is ambiguous in YAML; write true or false, or quote it as \"{value}\"", value=value
            ),
            line,
        )
    if value[0] not in _NUMBER_START:
        return value  # not a number in any reading (value is not empty: "" is null)
    if _INT.fullmatch(value):
        if len(value.lstrip("+-")) > MAX_YAML_INTEGER_DIGITS:
            raise _Refused(
                Message(
                    "a number of more than {limit} digits; no count is that large (quote it if it is text)",
                    limit=MAX_YAML_INTEGER_DIGITS,
                ),
                line,
            )
        return int(value)
    if _LEADING_ZERO.fullmatch(value):
        raise _Refused(
            Message(
                "'{value}' has a leading zero and may be read as octal; quote it as \"{value}\"", value=value
            ),
            line,
        )
    if _FLOAT.fullmatch(value):
        if "e" in value.lower():
            # YAML 1.1 (PyYAML) reads 1e5 as text and 1.5e+5 as a number; YAML 1.2 reads both as numbers.
            raise _Refused(
                Message(
                    "'{value}' is a number to some YAML readers and text to others; write it without an "
                    'exponent, or quote it as "{value}"',
                    value=value,
                ),
                line,
            )
        return float(value)
    return value


# The plain reader. libyaml's events cost about 70 us a record (a Python object per event and two per
# mark), and an audit reads a record and a front matter for every commit (issue 14). Most records and front
# matters have one plain shape, the one `governance resolution new` writes: `key: value` lines, a block
# mapping or a list of mappings under a key, `{key: value, ...}` on one line, ASCII words for values.
# This reader vouches only for that shape, where YAML has one reading that no reader disputes, and returns
# None for anything else (a quote, a comment after a value, a tab, a non-ASCII character, another
# indentation, any refusal), which libyaml then reads as before. Blank rows and comment rows (`#` first on
# the row, printable ASCII after it: governance.yml's explanations) are passed over, as YAML passes them. What it returns is what libyaml's reading returns, the
# line of every key and item included (tests/text/test_strict_yaml_plain.py holds it to that).
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")  # a body's id has dashes (bodies.yml)
# A value: letters, digits, `_./+-`, a colon and single spaces, never `: ` nor a colon or a space at its end
# (YAML reads those as a mapping or drops them); in `{...}` no colon (YAML 1.1 and 1.2 differ there), no
# comma, single spaces between words only.
_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./+: -]*")
_FLOW_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./+-]*(?: [A-Za-z0-9_./+-]+)*")
_OUTSIDE_PLAIN = re.compile(r"[^A-Za-z0-9_./+:{}, \n-]")  # any other character: libyaml reads the text
# A comment row: `#` first on the line, then printable ASCII (no tab, no other line break YAML knows).
_COMMENT = re.compile(r"#[ -~]*")


# A flat document: `key: value` rows only, each value one _vouched spells out (no `: `, no two spaces, no
# colon or space at its end). A front matter mostly is one, and the audit reads one at every enactment:
# one match of the whole text, where the rows read one by one cost three times as much (issue 14).
_FLAT = re.compile(
    r"(?:[A-Za-z_][A-Za-z0-9_-]*: [A-Za-z0-9](?:[A-Za-z0-9_./+-]|[: ](?=[A-Za-z0-9_./+:-]))*\n)+"
)


class _Unsure(Exception):
    """The plain reader does not vouch for this text: libyaml reads it."""


def plain_document(text: str) -> Document | None:
    """The document of a text in the plain shape above, or None (libyaml reads it)."""
    if not text.endswith("\n"):
        return None
    if _FLAT.fullmatch(text):
        return _flat_document(text)
    rows, numbers = [], []
    for number, row in enumerate(text[:-1].split("\n"), start=1):
        if not row or _COMMENT.fullmatch(row):
            continue  # a blank line, or a comment at the start of a line: nothing to YAML
        if _OUTSIDE_PLAIN.search(row) is not None:
            return None
        rows.append(row)
        numbers.append(number)
    reader = _PlainReader(rows, numbers)
    try:
        data = reader.mapping(0, (), 0)
    except (_Unsure, _Refused):
        return None
    return Document(data, reader.lines)


def _flat_document(text: str) -> Document | None:
    """plain_document of a text _FLAT matches: its rows need no reader, but a key twice or a value YAML
    readers dispute (`yes`, `0755`) is still None."""
    data: dict[str, Any] = {}
    lines: dict[Location, int] = {(): 1}
    for number, row in enumerate(text[:-1].split("\n"), start=1):
        key, _, value = row.partition(": ")  # a key has no colon: the first `: ` ends it
        if key in data:
            return None
        try:
            data[key] = _plain_value(value, number)
        except _Refused:
            return None
        lines[(key,)] = number
    return Document(data, lines)


def _vouched(value: str) -> bool:
    """Whether a row's value `key: value` is one the plain reader reads (a plain word, YAML's one reading)."""
    return (
        _VALUE.fullmatch(value) is not None
        and ": " not in value
        and "  " not in value
        and value[-1] not in ": "
    )


def plain_value(value: str) -> Any:
    """What a row's value means (`key: value`), where the plain reader vouches for it: a str, int, float,
    bool or None. ValueError where it does not, a refusal included (libyaml then reads the text and says
    why): the one reading of a plain word, for readers of one file's layout (governance.records.canonical)."""
    # A record's body, secretary and regulation ids come again from record to record: each read once, up to
    # 16,384 of them (a group's 5,000 regulations and more), and only as long as a name may be: a value an
    # adversary makes 4 MiB long is read, never kept.
    return _kept_plain_value(value) if len(value) <= 512 else _plain_reading(value)


def _plain_reading(value: str) -> Any:
    if not _vouched(value):
        raise ValueError(value)
    try:
        return _plain_value(value, 0)
    except _Refused:
        raise ValueError(value) from None


_kept_plain_value = functools.lru_cache(maxsize=16384)(_plain_reading)


def _entry(row: str) -> tuple[int, bool, str, str]:
    """A row's indentation, whether a dash opens it, its key and what follows `key:` (after one space)."""
    content = row.lstrip(" ")
    indent = len(row) - len(content)
    dash = content.startswith("- ")
    if dash:
        content = content[2:]
    key, colon, rest = content.partition(":")
    if not colon or _KEY.fullmatch(key) is None or (rest and (rest[0] != " " or rest == " ")):
        raise _Unsure
    return indent, dash, key, rest[1:]


class _PlainReader:
    """Block mappings (`key: value`, `key: {k: v, ...}`, `key:` and a deeper block) and block sequences of
    mappings (`- key: ...`), indented two spaces a level; anything else is `_Unsure`."""

    def __init__(self, rows: list[str], numbers: list[int]) -> None:
        self.rows = rows
        self.numbers = numbers  # each row's line in the text (blank and comment rows are not in `rows`)
        self.at = 0
        self.lines: dict[Location, int] = {}

    def mapping(self, indent: int, loc: Location, depth: int) -> dict[str, Any]:
        if depth >= MAX_YAML_DEPTH:
            raise _Unsure
        rows, lines = self.rows, self.lines
        result: dict[str, Any] = {}
        if self.at < len(rows):
            lines.setdefault(loc, self.numbers[self.at])
        while self.at < len(rows):
            spaces, dash, key, rest = _entry(rows[self.at])
            if spaces < indent:
                break
            if spaces > indent or dash or key in result:
                raise _Unsure
            line = self.numbers[self.at]
            self.at += 1
            key_loc = (*loc, key)
            lines[key_loc] = line
            if not rest:
                result[key] = self._block(indent + 2, key_loc, depth + 1)
            elif rest[0] == "{" and rest[-1] == "}":
                result[key] = self._flow(rest[1:-1], key_loc, line, depth + 1)
            elif not _vouched(rest):
                raise _Unsure
            else:
                result[key] = _plain_value(rest, line)
        if not result:
            raise _Unsure
        return result

    def _block(self, indent: int, loc: Location, depth: int) -> Any:
        """The block below `key:`: a mapping or a sequence of mappings, indented `indent`."""
        if self.at == len(self.rows):
            raise _Unsure  # `key:` alone is null in YAML: libyaml says so
        spaces, dash, _, _ = _entry(self.rows[self.at])
        if spaces != indent:
            raise _Unsure
        if not dash:
            return self.mapping(indent, loc, depth)
        if depth >= MAX_YAML_DEPTH:
            raise _Unsure
        items: list[Any] = []
        opening = " " * indent + "- "
        while self.at < len(self.rows) and self.rows[self.at].startswith(opening):
            item_loc = (*loc, len(items))
            self.lines[item_loc] = self.numbers[self.at]
            # The item is the mapping that starts after the dash, its later keys aligned with its first.
            self.rows[self.at] = " " * (indent + 2) + self.rows[self.at][indent + 2 :]
            items.append(self.mapping(indent + 2, item_loc, depth + 1))
        return items

    def _flow(self, inside: str, loc: Location, line: int, depth: int) -> dict[str, Any]:
        if depth >= MAX_YAML_DEPTH:
            raise _Unsure
        result: dict[str, Any] = {}
        self.lines.setdefault(loc, line)
        for part in inside.split(", "):
            key, colon_space, value = part.partition(": ")
            if (
                not colon_space
                or _KEY.fullmatch(key) is None
                or _FLOW_VALUE.fullmatch(value) is None
                or key in result
            ):
                raise _Unsure
            self.lines[(*loc, key)] = line
            result[key] = _plain_value(value, line)
        return result


def validate(model: type[M], document: Document, path: Path | str) -> M:
    """Validate with pydantic and turn its first error into one message naming the file and line."""
    from pydantic import ValidationError

    if not isinstance(document.data, Mapping):
        raise GovernanceError(
            Message("expected a mapping of keys to values at the top level"), path=path, line=1
        )
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        raise schema_error(exc, document, path) from None


def pydantic_problem(error: Mapping[str, Any]) -> str:
    """pydantic's words for one of its errors, as a Message said in the user's language where it is printed:
    a refusal of this tool's own validators (a ValueError of a Message), or one of pydantic's own sentences
    that a hand-written file meets (a count that is text, a choice not offered). Any other, or one whose
    words a pydantic release changed, is pydantic's English as it is."""
    context = error.get("ctx") or {}
    raised = context.get("error")
    if (
        error["type"] == "value_error"
        and isinstance(raised, ValueError)
        and bool(raised.args)
        and isinstance(raised.args[0], Message)
    ):
        return Message("Value error, {problem}", problem=raised.args[0])  # pydantic's English, as msg says it
    said = _PYDANTIC_SAID.get(error["type"])
    if said is None:
        return str(error["msg"])
    try:
        message = said(context)
    except (KeyError, TypeError):
        return str(error["msg"])
    return message if message == error["msg"] else str(error["msg"])


def _plural(context: Mapping[str, Any], key: str) -> bool:
    return bool(context[key] != 1)


# pydantic's sentences (pydantic_core's templates) that the schemas of records, bodies.yml, governance.yml and
# front matters can produce, by error type: each says the same English as pydantic, and pydantic_problem
# keeps it only when it does.
_PYDANTIC_SAID: dict[str, Any] = {
    "int_type": lambda context: Message("Input should be a valid integer"),
    "int_from_float": lambda context: Message(
        "Input should be a valid integer, got a number with a fractional part"
    ),
    "string_type": lambda context: Message("Input should be a valid string"),
    "bool_type": lambda context: Message("Input should be a valid boolean"),
    "list_type": lambda context: Message("Input should be a valid list"),
    "dict_type": lambda context: Message("Input should be a valid dictionary"),
    "literal_error": lambda context: Message("Input should be {expected}", expected=str(context["expected"])),
    "greater_than_equal": lambda context: Message(
        "Input should be greater than or equal to {ge}", ge=context["ge"]
    ),
    "less_than_equal": lambda context: Message(
        "Input should be less than or equal to {le}", le=context["le"]
    ),
    "string_too_short": lambda context: Message(
        "String should have at least {min_length} characters"
        if _plural(context, "min_length")
        else "String should have at least {min_length} character",
        min_length=context["min_length"],
    ),
    "string_too_long": lambda context: Message(
        "String should have at most {max_length} characters"
        if _plural(context, "max_length")
        else "String should have at most {max_length} character",
        max_length=context["max_length"],
    ),
    "string_pattern_mismatch": lambda context: Message(
        "String should match pattern '{pattern}'", pattern=str(context["pattern"])
    ),
    "too_short": lambda context: Message(
        "List should have at least {min_length} items after validation, not {actual_length}"
        if _plural(context, "min_length")
        else "List should have at least {min_length} item after validation, not {actual_length}",
        min_length=context["min_length"],
        actual_length=context["actual_length"],
    ),
}


def schema_error(exc: ValidationError, document: Document, path: Path | str) -> GovernanceError:
    first = exc.errors()[0]
    loc = tuple(first["loc"])
    field_name: str = ".".join(str(part) for part in loc) or Message("(top level)")
    kind = first["type"]
    if kind == "extra_forbidden":
        message = Message("unknown key '{key}'; remove it or check its spelling", key=field_name)
    elif kind == "missing":
        message = Message("the key '{key}' is missing; add it", key=field_name)
    else:  # pydantic's own words (English): what it says of a value is its library's
        message = Message("'{key}': {problem}", key=field_name, problem=pydantic_problem(first))
    more = len(exc.errors()) - 1
    if more:
        message = Message(
            "{message} (and {count} more problem)" if more == 1 else "{message} (and {count} more problems)",
            message=message,
            count=more,
        )
    return GovernanceError(message, path=path, line=document.line_of(loc))

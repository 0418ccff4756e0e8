"""Records in the layout `governance resolution new` writes, read without a YAML reader.

An audit reads every record of the branch's history, a thousand at 1,000 commits, and the strict YAML
reader (its plain shape, or libyaml) took most of a record's reading (issue 14). A record the tool wrote
has one layout (governance.records.writer.render_resolution): its keys in the writer's order, one a row,
attendance and votes as `{key: value, ...}`, each decision a list item of its keys indented two spaces.
This reader matches that layout with one regular expression for the record's head, one a decision and
one for its last row, and makes of each value what strict YAML's plain reader makes of it
(strict_yaml.plain_value). Anything else - a comment, a quote, a non-ASCII character, another order or
indentation, a key it does not expect, the consultations and notifications, a value it does not vouch
for - is None, and strict YAML reads the text as before. It returns YAML's data, not a record: the
schema's builder judges it as any other (governance.records.resolutions.parse_resolution).

tests/records/test_canonical.py holds it to strict YAML on generated and edited records: None, or the
very data strict_yaml.load reads.
"""

from __future__ import annotations

import re
from typing import Any

from governance.limits import MAX_YAML_BYTES
from governance.strict_yaml import plain_value

_COUNT = r"(0|[1-9][0-9]{0,17})"  # what strict YAML reads as an int (at most 18 digits), and nothing else
_DATE = r"([0-9]{4}-[0-9]{2}-[0-9]{2})"  # a str to YAML; the builder reads the date from it
_HEAD = re.compile(
    r"id: ([A-Z][A-Z0-9]*-[0-9]{4}-[0-9]{3,})\n"  # a str to YAML: a capital letter first, digits, dashes
    r"(?:repository: ([^\n]*)\n)?"
    r"body: ([^\n]*)\n"
    rf"date: {_DATE}\n"
    r"(?:form: (meeting|written-consent)\n)?"
    rf"(?:attendance: \{{members: {_COUNT}, present: {_COUNT}\}}\n)?"
    rf"(?:votes: \{{for: {_COUNT}, against: {_COUNT}, abstain: {_COUNT}\}}\n)?"
    rf"(?:consents: {_COUNT}\n)?"
    r"decisions:\n"
)
_DECISION = re.compile(
    r"  - (regulation|file): ([^\n]*)\n"
    r"    action: (enact|amend|rescind)\n"
    r"    digest: (sha256:[0-9a-f]{64})\n"
    rf"(?:    effective: {_DATE}\n)?"
    r"(?:    acknowledgement: (required|not-required)\n)?"
)
_TAIL = re.compile(r"recorded_by: ([^\n]*)\n\Z")


def record_data(text: str) -> dict[str, Any] | None:
    """strict_yaml.load(text).data for a record in the writer's layout; None for any other text."""
    if len(text) > MAX_YAML_BYTES:
        return None  # strict YAML says why
    head = _HEAD.match(text)
    if head is None:
        return None
    ident, repository, body, day, form, members, present, for_, against, abstain, consents = head.groups()
    data: dict[str, Any] = {"id": ident}
    try:
        if repository is not None:
            data["repository"] = plain_value(repository)
        data["body"] = plain_value(body)
        data["date"] = day
        if form is not None:
            data["form"] = form
        if members is not None:
            data["attendance"] = {"members": int(members), "present": int(present)}
        if for_ is not None:
            data["votes"] = {"for": int(for_), "against": int(against), "abstain": int(abstain)}
        if consents is not None:
            data["consents"] = int(consents)
        decisions: list[dict[str, Any]] = []
        at = head.end()
        while (found := _DECISION.match(text, at)) is not None:
            kind, target, action, digest, effective, acknowledgement = found.groups()
            decision = {kind: plain_value(target), "action": action, "digest": digest}
            if effective is not None:
                decision["effective"] = effective
            if acknowledgement is not None:
                decision["acknowledgement"] = acknowledgement
            decisions.append(decision)
            at = found.end()
        tail = _TAIL.match(text, at)
        if not decisions or tail is None:
            return None
        data["decisions"] = decisions
        data["recorded_by"] = plain_value(tail[1])
    except ValueError:
        return None
    return data

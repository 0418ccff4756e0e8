"""A body's id is one rule (governance.config.BODY_ID): bodies.yml, governance.yml's governed_paths, a
record's `body:` and `governance init --body` accept and refuse exactly the same ids."""

from __future__ import annotations

import pytest

from governance.config import is_body_id, parse_config
from governance.errors import GovernanceError
from governance.gate.adoption import bodies_yaml
from governance.records.bodies import parse_bodies
from governance.records.resolutions import load_resolution
from tests.testing.governed import digest, record_text


def _accepted(check: object) -> bool:
    assert callable(check)
    try:
        check()
    except GovernanceError:
        return False
    return True


@pytest.mark.parametrize(
    ("ident", "valid"),
    [
        ("board-of-directors", True),
        ("c2-committee", True),
        ("b", True),
        ("Board", False),
        ("2nd-board", False),
        ("-board", False),
        ("board_of_directors", False),
        ("取締役会", False),
        ("board\n", False),
    ],
)
def test_every_reader_of_a_body_id_agrees(ident: str, valid: bool) -> None:
    quoted = ident.replace("\n", "\\n")
    readers = {
        "bodies.yml": lambda: parse_bodies(
            f'bodies:\n  "{quoted}": {{name: A body, members: 3, quorum: all, majority: simple}}\n',
            "resolutions/bodies.yml",
        ),
        "governance.yml": lambda: parse_config(
            f'governed_paths:\n  - {{pattern: "site/*", body: "{quoted}"}}\n', "governance.yml"
        ),
        "a record": lambda: load_resolution(
            record_text("BD-2026-001", [("gifts", "amend", digest("x"))]).replace(
                "body: board-of-directors", f'body: "{quoted}"'
            ),
            "resolutions/BD-2026-001.yml",
        ),
        "init --body": lambda: bodies_yaml(ident, 3),
    }

    assert is_body_id(ident) is valid
    assert {where: _accepted(read) for where, read in readers.items()} == dict.fromkeys(readers, valid)

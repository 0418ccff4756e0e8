"""Which digests a record's bytes may name, read without parsing it: the one rule the records index
(gate/records_index.py) and the in-force reading (gate/in_force.py) both apply, so the records one reader
finds for a digest are never fewer than the other's, nor fewer than git's literal search finds.

A record names a text's digest as `sha256:` and 64 hex digits. YAML can spell those digits other than
literally only with a double-quoted escape (a backslash): folding inserts spaces. So a record whose bytes
hold a backslash, or a run of hex digits longer than 64 (a digest may sit anywhere inside it), may name
any digest and must be parsed to know; otherwise it names at most its runs of exactly 64 hex digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# An extended regular expression that git grep (-E) and Python read alike: one run of hex digits.
HEX_RUN = "[0-9a-f]{64,}"
ESCAPE = "\\"
_RUN = re.compile(HEX_RUN.encode())


def digests_in(content: bytes) -> frozenset[str] | None:
    """The digests (64 hex digits, without `sha256:`) the record `content` may name; None when it may name
    any (a longer run or a backslash)."""
    return digests_of_matches(
        [run.decode() for run in _RUN.findall(content)] + ([ESCAPE] if ESCAPE.encode() in content else [])
    )


def digests_of_matches(matches: Iterable[str]) -> frozenset[str] | None:
    """As `digests_in`, from the matches of HEX_RUN and of ESCAPE in a record (as git grep -o gives them)."""
    found: set[str] = set()
    for match in matches:
        if len(match) != 64:  # a longer run, or a backslash
            return None
        found.add(match)
    return frozenset(found)

"""Data for a page's scripts, in a `<script type="application/json">` element that stays inert.

An HTML parser reads a script element's text for `</script` and, after `<!--`, for `<script` too (the
"double escaped" state: a following `</script>` then no longer ends the element, and the page's next
script is swallowed as data). Python-Markdown reads the page before that and would turn `&...;` into a
character. So every `<`, `>` and `&` in the JSON is written as its `\\uXXXX` escape, which JSON reads back
as the same character, and so are U+2028 and U+2029 (line ends to older JavaScript parsers).
"""

from __future__ import annotations

import html
import json

_ESCAPES = str.maketrans({char: f"\\u{ord(char):04x}" for char in "<>&\u2028\u2029"})


def inert_json(value: object) -> str:
    """`value` as JSON that holds none of `<`, `>`, `&`, U+2028, U+2029: JSON.parse reads it as `value`."""
    return json.dumps(value, ensure_ascii=False).translate(_ESCAPES)


def json_script(element_id: str, value: object) -> str:
    """The `<script type="application/json">` element holding `value`, for a script to read by its id."""
    return f'<script type="application/json" id="{html.escape(element_id)}">{inert_json(value)}</script>'

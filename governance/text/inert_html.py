"""Raw HTML that shows nothing and says nothing, which texts adopted from elsewhere carry: a tool's
directive comment (`<!-- markdownlint-disable MD013 -->`, `<!-- prettier-ignore -->`: rule codes, never
words, or a sentence would hide in a "directive") and an empty
anchor (`<a id="x"></a>`, `<a name="x"></a>`) that other documents link to. The renderer drops the first
and keeps the second as an empty element; lint lets both pass (and only them: any other comment is
approved text that no reader sees, and stays refused). An anchor may not take an id the page gives to
an article, paragraph, item or heading, or a link to Article 5 would land somewhere else.
"""

from __future__ import annotations

import re

# Possessive (*+): the blanks around a comma can be split between two runs in many ways, and a line that
# fails at its end would try them all (exponential in the codes listed).
DIRECTIVE = re.compile(
    r"<!--[ \t]*(?:markdownlint-(?:disable|enable|disable-next-line|disable-line|capture|restore|"
    r"configure-file)(?:[ \t]+MD[0-9]{3}(?:[ \t]*+,?[ \t]*+MD[0-9]{3})*+)?|prettier-ignore(?:-start|-end)?)[ \t]*-->"
)
ANCHOR_OPEN = re.compile(r'<a[ \t]+(?:id|name)[ \t]*=[ \t]*"([A-Za-z][A-Za-z0-9_.:-]*)"[ \t]*>')
ANCHOR_CLOSE = "</a>"
INERT = re.compile(f"{DIRECTIVE.pattern}|{ANCHOR_OPEN.pattern}{ANCHOR_CLOSE}")
RESERVED_PREFIX = "article-"  # the parser's anchors of articles, paragraphs and items


def is_reserved(anchor: str, taken: set[str]) -> bool:
    """Whether an anchor's id would clash with an id the page gives (`taken`, or any article's)."""
    return anchor.startswith(RESERVED_PREFIX) or anchor in taken

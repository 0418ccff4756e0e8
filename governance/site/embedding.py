"""Regulation text inside a page without Python-Markdown ever reading it.

A generated page is Markdown for MkDocs (front matter, banners, panels), but the regulation text in it
is HTML made by governance.text.html. It travels in the page as an HTML comment holding it encoded, so
no site-wide Markdown extension (admonitions, attribute lists, footnotes, ...) can touch it; the
plugin's `on_page_content` puts the HTML in the comment's place, then rebuilds the page's table of
contents and anchors from the result (the headings of the text are not Markdown headings MkDocs saw).

The marker carries a secret of this process, so no text written in a page can forge one.
"""

from __future__ import annotations

import base64
import html
import re
import secrets
from typing import Any

_NONCE = secrets.token_hex(16)
_MARKER = re.compile(rf"(?:<p>)?<!-- governance-html {_NONCE} ([A-Za-z0-9+/=]*) -->(?:</p>)?")
_HEADING = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
# Left out of a heading's name in the table of contents: its permalink, and in a redline what was deleted.
_NOT_IN_NAME = re.compile(r'\s*<a class="headerlink"[^>]*>.*?</a>|<del>.*?</del>|</?ins>', re.DOTALL)
_ID = re.compile(r'\sid="([^"]+)"')
# A marker as embed() writes it in a page's Markdown, before Python-Markdown wraps it in a paragraph.
_WRITTEN = re.compile(rf"<!-- governance-html {_NONCE} ([A-Za-z0-9+/=]*) -->")
_PAYLOAD = re.compile(r"[A-Za-z0-9+/=]*")


def embed(markup: str) -> str:
    """A Markdown block (with blank lines around it) that stands for `markup`."""
    encoded = base64.b64encode(markup.encode("utf-8")).decode("ascii")
    return f"\n\n<!-- governance-html {_NONCE} {encoded} -->\n\n"


def unembedded(content: str) -> list[str]:
    """A page's Markdown cut at its markers: Markdown, payload, Markdown, ... (always an odd count), so a
    page kept by a later build (governance.site.page_cache) gets that build's secret, never this one's."""
    return _WRITTEN.split(content)


def reembedded(segments: list[str]) -> str | None:
    """The page that `unembedded` cut, with this process's markers; None when the segments are not what
    `unembedded` makes (an even count, a payload that is not base64)."""
    if len(segments) % 2 != 1:
        return None
    out = [segments[0]]
    for payload, markdown in zip(segments[1::2], segments[2::2], strict=True):
        if not _PAYLOAD.fullmatch(payload):
            return None
        out += [f"<!-- governance-html {_NONCE} {payload} -->", markdown]
    return "".join(out)


def has_embedded(output: str) -> bool:
    return _MARKER.search(output) is not None


def expand(output: str) -> str:
    """`output` (HTML or Markdown) with every marker replaced by the HTML it stands for."""
    return _MARKER.sub(lambda m: base64.b64decode(m.group(1)).decode("utf-8"), output)


def toc_tokens(output: str) -> list[dict[str, Any]]:
    """MkDocs' table of contents tokens (level, id, name, children) of every heading with an id, nested
    by level as Python-Markdown's toc extension nests them."""
    root: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for match in _HEADING.finditer(output):
        level = int(match.group(1))
        name = _NOT_IN_NAME.sub("", match.group(3)).strip()
        token: dict[str, Any] = {
            "level": level,
            "id": html.unescape(match.group(2)),
            "name": name,
            "children": [],
        }
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


def anchor_ids(output: str) -> set[str]:
    return {html.unescape(match.group(1)) for match in _ID.finditer(output)}

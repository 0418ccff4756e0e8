"""The documented limits of a regulation text (governance/limits.py) as lint enforces them (FILE006), in
one place: lint refuses a text beyond them before parsing it, and whatever else reads a text that a pull
request brings (the anchors a link names: governance.lint.links) reads it only when lint would."""

from __future__ import annotations

from governance.i18n import Message
from governance.limits import MAX_TEXT_BYTES, MAX_TEXT_LINES
from governance.lint.subset import markup_beyond_limit
from governance.text.findings import Finding
from governance.text.front_matter import read_front_matter
from governance.text.recognisers import source_text


def beyond_size(data: str | bytes, path: str) -> Finding | None:
    """FILE006 when the text is beyond the size or the line limit: refused before parsing, since past
    the documented limits no rule promises to finish in time."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > MAX_TEXT_BYTES:
        return too_large(path, size)
    lines = line_count(data)
    if lines > MAX_TEXT_LINES:
        message = Message(
            "the text has {lines:,} lines, more than the limit of {limit:,}; split it into several regulations",
            lines=lines,
            limit=MAX_TEXT_LINES,
        )
        return Finding(path, MAX_TEXT_LINES + 1, 1, "FILE006", message)
    return None


def too_large(path: str, size: int) -> Finding:
    message = Message(
        "the text is {size:,} bytes, more than the limit of {limit:,}; split it into several regulations",
        size=size,
        limit=MAX_TEXT_BYTES,
    )
    return Finding(path, 1, 1, "FILE006", message)


def line_count(data: str | bytes) -> int:
    """Lines as the parser counts them: LF, CRLF and a lone CR each end one."""
    if isinstance(data, str):
        return data.count("\n") + data.count("\r") - data.count("\r\n")
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def within_limits(text: str, path: str) -> bool:
    """Whether lint parses this text whole: within the size and line limits, and its body (after the
    front matter, as lint and the renderer cut it) within the limit on inline markup."""
    if beyond_size(text, path) is not None:
        return False
    body_line = read_front_matter(source_text(text), path, lenient=True).body_line
    return markup_beyond_limit(text, path, body_line) is None

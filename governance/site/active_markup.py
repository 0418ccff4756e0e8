"""Markup that acts in the reader's browser, found by an HTML parser (no I/O).

A hand-written page of the site reaches every reader beside the regulations. Whatever in it could run
script, load behaviour from elsewhere, send the reader away, or restyle the page (an article hidden by a
line of CSS) is refused: behaviour and styles belong in the governed script and stylesheet files named
by mkdocs.yml. The page is read as a browser tokenizes it (the standard library's HTMLParser: entities
decoded in attribute values, tag and attribute names in lower case), and a raw opening of a refused
element that the parser did not see as a tag is refused too, so a difference between this parser and a
browser's fails closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from governance.i18n import Message

# Elements that run script, embed another document, or change where the page's addresses point.
_ELEMENTS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "link"}
)
_STYLE_ELEMENTS = frozenset({"style"})
# SVG animation can set any attribute, an event handler or an address included.
_ANIMATIONS = frozenset({"set", "animate", "animatetransform", "animatemotion"})
# A browser drops these from an address before reading its scheme ("java\tscript:" is javascript:).
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")
_LEADING = re.compile(r"^[\x00-\x20]+")
_SCRIPT_SCHEME = re.compile(r"(?:java|vb)script:")
# The attributes a browser reads as an address (or SVG animates into one).
_ADDRESSES = frozenset(
    {"href", "src", "srcset", "action", "formaction", "data", "poster", "background", "xlink:href", "cite"}
    | {"longdesc", "codebase", "manifest", "ping", "to", "values", "from", "by"}
)
# data: addresses of images a browser only draws; any other type may be a document or a script.
_DRAWN_DATA = re.compile(r"data:image/(?:png|jpeg|gif|webp|avif)[;,]")
# The backstops: an opening of a refused element, or an event handler inside a tag, in the raw text.
# An XML parser (a browser opening .svg or .xhtml) reads <s:script> as script when s names SVG's namespace.
_RAW_OPENING = re.compile(
    r"<(?:[\w.-]+:)?(" + "|".join(sorted(_ELEMENTS | _STYLE_ELEMENTS | {"meta"})) + r")\b", re.I
)
_RAW_ENTITY = re.compile(r"<!ENTITY", re.I)
_RAW_HANDLER = re.compile(r"<[a-zA-Z][^>]*?[\s/\"'](on[a-zA-Z]+)\s*=")


@dataclass(frozen=True)
class Found:
    """What acts, as words ("a <script> element"), the line of the input it is on (1-based), and the word
    a writer would find it by in a source that is not this HTML (a Markdown page): "script", "onclick"."""

    what: str
    line: int
    needle: str


def active_markup(html: str, *, styles: bool) -> str | None:
    """What in `html` would act in the reader's browser, as words ("a <script> element"); None when
    nothing does. `styles`: refuse styles too (a <style> element, a style attribute)."""
    found = active_markup_at(html, styles=styles)
    return None if found is None else found.what


def active_markup_at(html: str, *, styles: bool) -> Found | None:
    """The first markup of `html` that would act in the reader's browser, with its line; None if none."""
    finder = _Finder(styles=styles)
    finder.feed(html)
    finder.close()
    if finder.found is not None:
        return finder.found
    # Nothing refused as the parser read it. Markup it did not read as a browser would (a tag it took
    # for text, a comment a browser ends elsewhere) is refused as written.
    raw: dict[str, int] = {}
    for opening in _RAW_OPENING.finditer(html):
        name = opening.group(1).lower()
        raw[name] = raw.get(name, 0) + 1
        if raw[name] > finder.opened.get(name, 0) and (styles or name not in _STYLE_ELEMENTS):
            return Found(
                Message("a <{name}> element that is not plainly written", name=name),
                _line(html, opening.start()),
                name,
            )
    entity = _RAW_ENTITY.search(html)
    if entity is not None:
        what = Message("an entity declaration (an XML parser expands it into markup)")
        return Found(what, _line(html, entity.start()), "<!ENTITY")
    handler = _RAW_HANDLER.search(html)
    if handler is not None:
        name = handler.group(1).lower()
        what = Message("an event handler attribute ({name}=) that is not plainly written", name=name)
        return Found(what, _line(html, handler.start(1)), name)
    return None


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class _Finder(HTMLParser):
    """Records the first markup that acts; the rest of the page is still read (feed is all or nothing)."""

    def __init__(self, *, styles: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.styles = styles
        self.found: Found | None = None
        self.opened: dict[str, int] = {}  # start tags read, by name

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        local = tag.rpartition(":")[2]  # <s:script> is a script to an XML parser
        self.opened[local] = self.opened.get(local, 0) + 1
        if self.found is None:
            found = self._element(tag, attrs)
            if found is not None:
                self.found = Found(found[0], self.getpos()[0], found[1])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_decl(self, decl: str) -> None:
        if self.found is None and ("[" in decl or "entity" in decl.lower()):
            what = Message(
                "a document type with its own declarations (an XML parser expands them into markup)"
            )
            self.found = Found(what, self.getpos()[0], "<!DOCTYPE")

    def handle_pi(self, data: str) -> None:
        if self.found is None and data.lower().startswith("xml-stylesheet"):
            what = Message("an xml-stylesheet instruction (a stylesheet can make script)")
            self.found = Found(what, self.getpos()[0], "xml-stylesheet")

    def _element(self, name: str, attrs: list[tuple[str, str | None]]) -> tuple[str, str] | None:
        """(what acts, the word to find it by) for an opening tag, or None."""
        if name.startswith("xsl:"):
            return Message("an XSLT element (<{name}>), which can make script", name=name), name
        tag = name.rpartition(":")[2]
        if tag in _ELEMENTS or (self.styles and tag in _STYLE_ELEMENTS):
            return Message("a <{name}> element", name=name), tag
        values = dict(attrs)
        if tag == "meta" and "http-equiv" in values:
            return Message("a <meta http-equiv> element"), "http-equiv"
        if tag in _ANIMATIONS:
            animated = (values.get("attributename") or "").strip().lower()
            if animated.startswith("on") or animated.endswith("href"):
                return Message("an SVG <{tag}> of {animated}", tag=tag, animated=animated), animated
        for attribute, value in attrs:
            found = _attribute(attribute, value or "", self.styles)
            if found is not None:
                return found
        return None


def _attribute(name: str, value: str, styles: bool) -> tuple[str, str] | None:
    if name.startswith("on"):
        return Message("an event handler attribute ({name}=)", name=name), name
    if styles and name == "style":
        return Message("a style attribute"), "style"
    address = _LEADING.sub("", _IGNORED_IN_URL.sub("", value)).lower()
    scheme = _SCRIPT_SCHEME.search(address)
    if scheme is not None:
        return Message("a {scheme} address ({name}=)", scheme=scheme.group(0), name=name), scheme.group(0)
    if name in _ADDRESSES and address.startswith("data:") and not _DRAWN_DATA.match(address):
        return Message("a data: address that is not an image ({name}=)", name=name), "data:"
    return None


# What a page the renderer writes may hold that a browser runs or reads as script: the comparison's own
# script (governance/compare.js, by a relative address) and inert JSON data (governance.site.script_data).
_OWN_SCRIPTS = re.compile(
    r'<script src="(?:\.\./)*governance/compare\.js" defer></script>'
    r'|<script type="application/json" id="governance-[a-z-]+">[^<]*</script>'
)
_TAG_NAME = re.compile(r"<([a-zA-Z][\w:.-]*)")
_HANDLER_LIKE = re.compile(r"[oO][nN][a-zA-Z]+\s*=")
# Tags a page made from the regulations holds (html.py, the Markdown of its messages, Python-Markdown's
# tables and the comparison's form): any other sends the page to the full reading.
_PLAIN_TAGS = frozenset(
    [
        "a",
        "p",
        "span",
        "div",
        "ul",
        "ol",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "br",
        "strong",
        "em",
        "code",
        "pre",
        "blockquote",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "ins",
        "del",
        "details",
        "summary",
        "form",
        "label",
        "input",
        "button",
        "select",
        "option",
        "noscript",
        "small",
        "sup",
        "sub",
        "abbr",
        "nav",
        "section",
        "time",
    ]
)


def acting_in_generated(html: str) -> Found | None:
    """What would act in a page the renderer wrote (a text's page, its history, the home page...), its own
    scripts apart; None when nothing does. Every value of a text reaches these pages escaped: this is the
    backstop that fails the build if one ever is not (an `enacted` of `<img src=x onerror=...>` was)."""
    # Nearly every page: its tags' names, one search and two substrings, at C speed (about 13 us a KB);
    # the full reading only for a page holding another tag, something like an event handler, `script:`
    # or a character reference (an address may spell `javascript:` with them).
    names = {name.lower() for name in _TAG_NAME.findall(html)}
    if "script" in names:
        html = _OWN_SCRIPTS.sub("", html)
        names = {name.lower() for name in _TAG_NAME.findall(html)}
    if (
        names <= _PLAIN_TAGS
        and _HANDLER_LIKE.search(html) is None
        and "&#" not in html
        and "script:" not in html.lower()
    ):
        return None
    return active_markup_at(html, styles=False)

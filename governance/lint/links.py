"""Links between texts in lint (MD006): a text may link to another regulation of the repository by the
relative path of its file (`[Expenses](../finance/expenses.md#article-3)`), the link the site turns into
a link to that regulation's page. governance.text.links decides what an address names, for lint as for
the site, so lint accepts exactly what the site resolves: the file is a regulation at the revision
linted, and an anchor after '#' is one that regulation's page has (the reader is taken to the words
the link promises, not to the top of a long text). Everything else is refused, naming the target."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from governance.i18n import Message
from governance.text.links import relative_path, text_link

# A repository path -> the text of the regulation at that path, or None when no regulation is there.
TextAt = Callable[[str], str | None]


def not_an_address(href: str) -> Message:
    """The finding of a link that names nothing a reader can follow (shown decoded, as it was typed)."""
    return Message(
        "the link address '{href}' is not an https://, http://, mailto: or #anchor address, nor the file of "
        "another regulation of this repository; write a full address, or the relative path of a "
        "regulation's file ('../finance/expenses.md') (cross-references to articles need no link: "
        "'Article 5' becomes one)",
        href=unquote(href),
    )


class LinkRule:
    """Judges the links of texts against the regulations `text_at` finds (one revision's)."""

    def __init__(self, text_at: TextAt) -> None:
        self._text_at = text_at
        self._texts: dict[str, str | None] = {}
        self._anchors: dict[str, frozenset[str]] = {}

    def problem(self, source: str, href: str) -> Message | None:
        """What is wrong with the link `href` of the text at `source`; None when the site resolves it to
        a regulation's page and the anchor it names."""
        found = text_link(source, href, lambda path: self._text(path) is not None)
        if found is None:
            return not_an_address(href)
        href = unquote(href)
        if not found.by_file:
            return Message(
                "the link address '{href}' names {path} by an address of a site, not by its file; write the "
                "file's relative path: '{relative}'",
                href=href,
                path=found.path,
                relative=relative_path(source, found.path),
            )
        if found.fragment and found.fragment not in self._anchors_of(found.path):
            return Message(
                "the link '{href}' names the anchor '#{anchor}', which {path} does not have; link to one of "
                "its articles ('#article-3'), headings or anchors, or to the text without '#...'",
                href=href,
                anchor=found.fragment,
                path=found.path,
            )
        return None

    def _text(self, path: str) -> str | None:
        if path not in self._texts:
            self._texts[path] = self._text_at(path)
        return self._texts[path]

    def _anchors_of(self, path: str) -> frozenset[str]:
        if path not in self._anchors:
            # Imported here: text_limits reads subset, which reads this module's rules; the renderer is
            # only needed for a link naming an anchor of another text.
            from governance.lint.text_limits import within_limits
            from governance.text.html import render_text

            text = self._text(path) or ""
            if within_limits(text, path):
                self._anchors[path] = frozenset(render_text(text, path, path.removesuffix(".md")).anchors)
            else:  # lint refuses that text unparsed (FILE006): its anchors are none
                self._anchors[path] = frozenset()
        return self._anchors[path]

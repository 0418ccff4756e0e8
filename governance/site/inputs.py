"""What the site build may read and serve: the input policy of the published site (no I/O).

The published pages are the regulations as the audit approved them, generated from history, and the
hand-written files of the docs folder. Those hand-written files reach every reader, so each must be a
governed file (`governed_paths`: a change to it needed a decision), no page may carry script or style
(a script can rewrite an article in the reader's browser, a style hide it; only the governed script and
stylesheet files may: governance.site.active_markup), and no
hand-written file may stand where a generated page is published (it would hide or impersonate a
regulation). Every refusal is a sentence that names the file and what to do.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from governance.i18n import _, localized
from governance.site.active_markup import Found, active_markup, active_markup_at
from governance.text.invisible import INVISIBLE

# The folder of the generated regulation pages below the docs folder (governance.site.context.work_uri).
GENERATED_FOLDER = "regulations/"

# Static files served as they are that a browser runs or renders as a page.
STATIC_MARKUP = (".html", ".htm", ".xhtml", ".shtml", ".svg", ".xml", ".xsl", ".xslt")
_SCRIPT_FILES = (".js", ".mjs", ".cjs", ".wasm")


@dataclass(frozen=True)
class HandWritten:
    """A file of the docs folder, as the build sees it."""

    src_uri: str  # below the docs folder: "guides/legal.md"
    dest_uri: str  # where it is published: "guides/legal/index.html"


def page_refusal(where: str, html: str, source: str | None = None) -> str | None:
    """A hand-written page (after Markdown) may carry nothing that acts in the browser: no script, nothing
    embedded or loaded, no style (a line of CSS can hide an article). `source`: the page's file as written,
    so the refusal names the line to change."""
    found = active_markup_at(html, styles=True)
    if found is None:
        return None
    line = source_line(source, found) if source is not None else None
    return _(
        "{where} carries {what}: a hand-written page may not run script, embed or load anything, or style "
        "itself (it could hide or rewrite an article); put behaviour in a governed script file "
        "(extra_javascript), styles in a governed stylesheet (extra_css), or remove it"
    ).format(where=where if line is None else f"{where}:{line}", what=localized(found.what))


def invisible_refusal(where: str, source: str) -> str | None:
    """A hand-written page may hold no character a reader cannot see (a right-to-left override that shows
    "0001" as "1000", a zero-width space): the decision approved what a reader of the diff saw."""
    found = next((m for m in INVISIBLE.finditer(source) if m.group() != "\t"), None)
    if found is None:
        return None
    line = source.count("\n", 0, found.start()) + 1
    column = found.start() - (source.rfind("\n", 0, found.start()) + 1) + 1
    char = found.group()
    return _(
        "{where}:{line}:{column} holds U+{code:04X} ({name}), a character no reader sees that can reorder "
        "or hide the words around it; delete it"
    ).format(
        where=where,
        line=line,
        column=column,
        code=ord(char),
        name=unicodedata.name(char, "control character"),
    )


def source_line(source: str, found: Found) -> int | None:
    """The line of the page's source that made what `found` names in its HTML: Markdown passes raw HTML
    through, so mostly a line where the same markup acts; else (an attribute list, a Markdown link) the
    first line holding its word. None when no line holds it (an entity-encoded address)."""
    # A mention in a code span (`onclick=`) is shown as text: a line holding the word elsewhere comes first.
    lines = [_CODE_SPAN.sub("", text) for text in source.split("\n")]
    needle = found.needle.lower()
    holding = [n for n, text in enumerate(lines, 1) if needle in text.lower()]
    acting = [n for n in holding if active_markup(lines[n - 1], styles=True) is not None]
    same = [n for n in acting if active_markup(lines[n - 1], styles=True) == found.what]
    return next(iter(same or acting or holding), None)


_CODE_SPAN = re.compile(r"(`+)[^`]*?\1")


# A hand-written page's front matter reaches the page unescaped: Material writes `title` into <title>,
# the header and the <h1>, `description` and `author` into attributes, `subtitle` into the navigation
# (seen with mkdocs-material 9); `template` picks a template (redirect.html writes `location` into a
# script). A value is read as the browser reads it in both places: as text and inside an attribute.
_FRONT_MATTER_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:")


def front_matter_refusal(where: str, meta: Mapping[str, object], source: str) -> str | None:
    """A hand-written page's front matter may carry no markup that acts, and may not choose a template."""
    for key, value in meta.items():
        if key == "template":
            return _(
                "{where}:{line} chooses its template (template: {value}): a template decides what runs on "
                "the page (redirect.html writes an address into a script); remove it"
            ).format(where=where, line=_key_line(source, key), value=value)
        for text in _strings(value):
            found = active_markup_at(text, styles=True) or active_markup_at(
                f'<p title="{text}">', styles=True
            )
            if found is not None:
                return _(
                    "{where}:{line} carries {what} in its front matter ({key}:), which the theme writes into "
                    "the page as markup: write the value as plain words, without <, > or double quotes "
                    "around markup"
                ).format(where=where, line=_key_line(source, key), what=localized(found.what), key=key)
    return None


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _key_line(source: str, key: str) -> int:
    """The line of `key:` in the front matter at the top of `source` (1 when it is not found as written)."""
    lines = source.split("\n")
    for number, text in enumerate(lines[1:], 2):
        if text.strip() == "---":
            break
        match = _FRONT_MATTER_KEY.match(text)
        if match is not None and match.group(1) == key:
            return number
    return 1


def static_refusal(where: str, text: str) -> str | None:
    """A static file a browser renders as a document (HTML, SVG, XML) may not run script either; its
    styles reach only itself."""
    if not where.lower().endswith(STATIC_MARKUP):
        return None
    if where.lower().endswith((".xsl", ".xslt")):
        return _(
            "{where} is an XSLT stylesheet, which can make script: the published site may not serve one"
        ).format(where=where)
    found = active_markup_at(text, styles=False)
    if found is None:
        return None
    return _(
        "{where}:{line} carries {what}: a file the site serves may not run script or embed anything; put "
        "behaviour in a governed script file (extra_javascript), or remove it"
    ).format(where=where, line=found.line, what=localized(found.what))


def theme_refusals(paths: Iterable[str], governed: Callable[[str], bool]) -> list[str]:
    """Refusals for the files of the site's own theme folder (`custom_dir`), by repository path: a
    template there wraps every page, regulations included, so each must be a governed file."""
    return [
        _(
            "{path} is a template of the site's theme (custom_dir) and not a governed file, so a change to it "
            "needs no decision; the published site may not read it: add a pattern that covers it to "
            "governed_paths in governance.yml (a change the competent body decides), or remove it"
        ).format(path=path)
        for path in paths
        if not governed(path)
    ]


def linked_refusal(path: str, link: str) -> str:
    """A file of the docs folder that MkDocs reached through a symbolic link (`link`, a repository path):
    what it publishes is wherever the link points, a file whose name no pattern of governed_paths says."""
    return _(
        "{path} is reached through a symbolic link ({link}), so the site would publish a file that is not "
        "where its name says and that no decision governs: replace the link by the files themselves (each "
        "covered by governed_paths in governance.yml), or remove it"
    ).format(path=path, link=link)


def theme_link_refusal(path: str) -> str:
    """A symbolic link in the site's theme folder (custom_dir): Jinja reads the templates behind it."""
    return _(
        "{path} is a symbolic link in the site's theme (custom_dir), so the templates that wrap every page "
        "would come from a folder no decision governs: replace the link by the files themselves (each "
        "covered by governed_paths in governance.yml), or remove it"
    ).format(path=path)


def plugin_folder_refusal(path: str, plugin: str, option: str) -> str:
    """A file a commit put in a folder a Material plugin publishes from (its cache, the social cards'
    layouts): the plugin serves it as it is, on every page that needs it."""
    return _(
        "{path} is in the folder of Material's {plugin} plugin ({option}), which the site publishes from, "
        "and not a governed file, so a change to it needs no decision: remove it from the repository (git "
        "rm --cached) and keep the folder out of it (.gitignore), or add a pattern that covers it to "
        "governed_paths in governance.yml"
    ).format(path=path, plugin=plugin, option=option)


def config_refusals(
    inherited: Iterable[str], hooks: Iterable[str], governed: Callable[[str], bool]
) -> list[str]:
    """Refusals for the files mkdocs.yml makes part of the configuration, by repository path: a file it
    inherits (INHERIT) is read as mkdocs.yml itself, a hook is a script MkDocs runs. Ungoverned, a pull
    request could change either, and so what every reader sees, without a decision."""
    refusals = [
        _(
            "{path} is inherited by mkdocs.yml (INHERIT), so it is part of the site's configuration, and not "
            "a governed file, so a change to it needs no decision; add a pattern that covers it to "
            "governed_paths in governance.yml (a change the competent body decides), or stop using it"
        ).format(path=path)
        for path in inherited
        if not governed(path)
    ]
    refusals += [
        _(
            "{path} is a hook of mkdocs.yml (hooks:), a script the build runs, and not a governed file, so a "
            "change to it needs no decision; add a pattern that covers it to governed_paths in governance.yml "
            "(a change the competent body decides), or stop using it"
        ).format(path=path)
        for path in hooks
        if not governed(path)
    ]
    return refusals


def snippet_refusal(reads: str | None, *, network: bool = False, anywhere: bool = False) -> str | None:
    """A refusal for pymdownx.snippets, which writes the text of other files into a page: when it may read
    one no decision governs (`reads`, a repository path), anything on the file system (restrict_base_path
    off) or the network (url_download), a governed page would publish text nobody approved."""
    if network:
        where = _("files downloaded from the network (url_download: true),")
    elif anywhere:
        where = _("any file (restrict_base_path: false),")
    elif reads is not None:
        where = _("{path}, which is not a governed file,").format(path=reads)
    else:
        return None
    return _(
        "pymdownx.snippets may write into a page the text of {where} so a governed page would publish text "
        "nobody approved: point its base_path at folders whose every file governed_paths covers, keep "
        "restrict_base_path and url_download as they are by default, or remove the extension"
    ).format(where=where)


def input_refusals(
    files: Iterable[HandWritten],
    generated: Mapping[str, str],
    *,
    docs_dir: str,
    governed: Callable[[str], bool],
) -> list[str]:
    """Refusals for the hand-written files of a build. `generated` maps each generated page's published
    path (dest_uri) to its source uri; `docs_dir` is the docs folder relative to the repository root;
    `governed(path)` says whether a repository path is a governed file."""
    refusals: list[str] = []
    taken = {dest.lower(): uri for dest, uri in generated.items()}
    for file in files:
        path = posixpath.join(docs_dir, file.src_uri) if docs_dir not in ("", ".") else file.src_uri
        if not governed(path):
            refusals.append(
                _(
                    "{path} is not a governed file, so a change to it needs no decision; the published site may "
                    "not read this script: add a pattern that covers it to governed_paths in governance.yml (a "
                    "change the competent body decides), or remove it"
                    if file.src_uri.lower().endswith(_SCRIPT_FILES)
                    else "{path} is not a governed file, so a change to it needs no decision; the published "
                    "site may not read this file: add a pattern that covers it to governed_paths in "
                    "governance.yml (a change the competent body decides), or remove it"
                ).format(path=path)
            )
        shadowed = taken.get(file.dest_uri.lower())
        if shadowed is not None:
            refusals.append(
                _(
                    "{path} would be published where the generated page {page} is ({dest}); rename or remove it"
                ).format(path=path, page=shadowed, dest=file.dest_uri)
            )
        elif file.src_uri.startswith(GENERATED_FOLDER):
            refusals.append(
                _(
                    "{path} is in {folder}, where only the pages generated from the approved texts are "
                    "published; move it elsewhere in the docs folder"
                ).format(path=path, folder=GENERATED_FOLDER)
            )
    return refusals


def generated_collisions(generated: Iterable[tuple[str, str]]) -> list[str]:
    """Generated pages (source uri, published path) published at the same place: a regulation id that
    collides with another regulation's generated page (`a/history` and the history page of `a`)."""
    seen: dict[str, str] = {}
    refusals: list[str] = []
    for uri, dest in generated:
        key = dest.lower()
        if key in seen:
            refusals.append(
                _(
                    "the generated pages {first} and {second} would both be published at {dest}: a regulation "
                    "id collides with a page generated for another regulation; rename the regulation's file"
                ).format(first=seen[key], second=uri, dest=dest)
            )
        else:
            seen[key] = uri
    return refusals

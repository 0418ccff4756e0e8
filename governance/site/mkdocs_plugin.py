"""The MkDocs plugin `regulations` (mkdocs.yml: `plugins: [search, regulations]`): adds the generated
regulation pages to the build.

Thin on purpose: the pages come from governance.site.render, the same function as `governance render`.
They exist only in the build (File.generated), so nothing derived from history is ever committed. A
plugin installed with the package (an entry point), not a hook file, so that a repository of policies
adopts the site with its mkdocs.yml alone.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from markdown.extensions.toc import slugify as toc_slugify
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page, _RelativePathTreeprocessor
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from governance import git
from governance.clock import today, utc_offset
from governance.config import Config as GovernanceConfig
from governance.config import load_config
from governance.errors import GovernanceError
from governance.gate.changes import is_governed_file
from governance.i18n import _, localized
from governance.promulgation.catalog import CATALOG_URI, build_catalog, catalog_json
from governance.promulgation.control import SCRIPT_URI, acknowledgeable_pages, script, with_control
from governance.site import inputs, site_assets
from governance.site.active_markup import acting_in_generated
from governance.site.builder import Site
from governance.site.context import GUIDES, SiteWords
from governance.site.embedding import anchor_ids, expand, has_embedded, toc_tokens
from governance.site.page_cache import PageCache
from governance.site.page_html import page_html
from governance.site.render import render_site
from governance.site.search_ja import SEPARATOR, segment_index
from governance.site.spill import Spill
from governance.site.third_party import third_party_refusals

log = logging.getLogger("mkdocs.plugins.regulations")
_HTML_LANG = re.compile(r'<html lang="[^"]*"')


# What the generated pages are written with (notices, ids on headings): added when mkdocs.yml lacks them,
# so that an adopting repository's mkdocs.yml needs no markdown_extensions of its own.
EXTENSIONS = ("admonition", "attr_list", "md_in_html", "governance.site.cjk_breaks")


class RegulationsOptions(Config):  # type: ignore[no-untyped-call]
    """Where things live is governance.yml's business, read from the audited history. Options: the words
    that are the repository's own (the site's title is mkdocs.yml's site_name), and `acknowledgements`, the
    address of `governance serve` when it serves this site ("/"): the main page of each regulation in
    force then has the acknowledge control (governance.promulgation.control)."""

    acknowledgements = c.Type(str, default="")
    # Keep the pages that do not depend on the date for the next build (governance.site.page_cache).
    cache = c.Type(bool, default=True)
    organisation = c.Optional(c.Type(str))  # "Example Corp": the home page says whose regulations
    # The site's language ("ja"): of the home, what's new, resolution pages and the theme's words. When
    # unset, the language every original text is written in, else mkdocs.yml's theme language.
    language = c.Optional(c.Type(str))


class RegulationsPlugin(BasePlugin[RegulationsOptions]):  # type: ignore[no-untyped-call]
    """Renders the regulations from the audited history; a failed audit fails the build."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.controls: dict[str, tuple[str, str, str]] = {}
        # The generated pages, and each one's HTML between MkDocs reading every page and writing it: tens
        # of thousands of pages are held on disk, not in memory (governance.site.spill).
        self.staging: Path | None = None
        self.pages: Spill | None = None
        self.held: Spill | None = None

    @event_priority(50)  # before the search plugin's, whose defaults follow the theme's language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        add_extensions(config)
        add_assets(config)
        words = SiteWords(
            title=config.site_name,
            organisation=self.config.organisation,
            guides=tuple(path for path in GUIDES if (Path(config.docs_dir) / path).is_file()),
            language=self.config.language,
            fallback=str(config.theme.get("language") or config.theme.locale.language),
        )
        self.drop_staging()  # a rebuild of `mkdocs serve`: the last build's files are done with
        self.staging = Path(tempfile.mkdtemp(prefix="governance-site-"))
        self.pages = Spill(self.staging / "pages")
        self.held = Spill(self.staging / "html")
        try:
            cache = PageCache.of(root) if self.config.cache else None
            self.site = render_site(
                root,
                today(),
                site_url=config.site_url or None,
                words=words,
                cache=cache,
                emit=self.pages.add,
            )
        except GovernanceError as exc:
            self.drop_staging()
            # A failed audit must stop the build: publishing an unapproved text is worse than no site.
            raise PluginError(
                _("cannot publish the regulations: {error}").format(error=localized(exc.render()))
            ) from None
        config.nav = add_nav(self.site, config.nav)
        speak(config, self.site)
        for source, href in self.site.unresolved_links:  # a report, not a failure: the text was approved
            log.info(
                _(
                    "link between texts not resolved: {source} links to '{href}', which names no regulation"
                ).format(source=source, href=href)
            )
        for folder in self.site.untitled_sections:  # a report: the title was approved, the folder is gone
            log.info(
                _(
                    "governance.yml sections: '{folder}' holds no regulation in force; its title is not shown"
                ).format(folder=folder)
            )
        if self.config.acknowledgements:
            self.controls = acknowledgeable_pages(self.site.works, today())
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None, "on_config runs before on_files"
        root = Path(config.config_file_path).parent
        try:
            governance = load_config(root)
        except GovernanceError as exc:
            raise PluginError(
                _("cannot publish the regulations: {error}").format(error=localized(exc.render()))
            ) from None
        files = without_sources(files, root, governance)
        docs_dir = Path(config.docs_dir).resolve()
        linked = linked_files(files, docs_dir)
        hand_written = [  # the theme's own files come from the installed theme, not the repository
            file
            for file in files
            if not file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
            and file.abs_src_path is not None
            and Path(file.abs_src_path).resolve().is_relative_to(docs_dir)
        ]
        assert self.pages is not None
        files = add_pages(self.pages, files, config)
        # What `governance serve` may acknowledge: exactly the versions this build publishes.
        files.append(
            File.generated(
                config, CATALOG_URI, content=catalog_json(build_catalog(self.site.works, utc_offset()))
            )
        )
        if self.config.acknowledgements:
            files.append(File.generated(config, SCRIPT_URI, content=script()))
        if config.theme.name == "material":
            for uri, content in site_assets.files(search=searched(config)).items():
                files.append(File.generated(config, uri, content=content))
        refuse_inputs(root, hand_written, files, config, linked)
        return files

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        if page.file.generated_by is not None and converts_directly(config):
            # The renderer wrote this Markdown: MkDocs takes its HTML from render_directly.
            vars(page)["render"] = functools.partial(render_directly, page)
        return page

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.generated_by is None:  # a hand-written page: no script (governance.site.inputs)
            where = f"{config.docs_dir}/{page.file.src_uri}"
            source = page.file.content_string
            refusal = (
                inputs.invisible_refusal(where, source)
                or inputs.front_matter_refusal(where, page.meta, source)
                or inputs.page_refusal(where, html, source)
            )
            if refusal is not None:
                raise PluginError(refusal)
            return with_text(html, page)
        # A generated page: its Markdown is done with, and its HTML waits on disk until MkDocs writes it.
        acting = acting_in_generated(html)
        if acting is not None:
            raise PluginError(
                _(
                    "{page}: the page made from the regulations holds {what} (line {line}); nothing is "
                    "published: a value of a text reached it unescaped, report it as a bug of the tool"
                ).format(page=page.file.src_uri, what=localized(acting.what), line=acting.line)
            )
        assert self.held is not None
        self.held.put(page.file.src_uri, with_text(html, page))
        page.markdown = None
        return ""

    @event_priority(100)  # before the search plugin's, which indexes the page's HTML
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if page.file.generated_by is not None and self.held is not None:
            page.content = self.held.read(page.file.src_uri)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.generated_by is not None:
            page.content = None  # written next: its HTML is in `output`
        output = with_language(output, str(page.meta.get("language") or ""))
        if config.theme.name == "material":  # the theme whose pages the package's scripts are for
            output = site_assets.with_head_scripts(output, page.url)
        if searched(config):
            output = site_assets.with_search_start(output, page.url)
        control = self.controls.get(page.file.src_uri)
        if control is not None:
            output = with_control(output, page.file.src_uri, *control, self.config.acknowledgements)
        return output

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.drop_staging()
        segment_search_index(Path(config.site_dir) / "search" / "search_index.json")

    def on_build_error(self, *, error: Exception) -> None:
        self.drop_staging()

    def on_shutdown(self) -> None:
        self.drop_staging()

    def drop_staging(self) -> None:
        for spill in (self.pages, self.held):
            if spill is not None:
                spill.close()
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        self.staging = self.pages = self.held = None


def segment_search_index(path: Path) -> None:
    """Cut the Japanese of the search index into words (governance.site.search_ja), replacing the file whole."""
    if not path.is_file():
        return  # search disabled
    segmented = segment_index(path.read_text(encoding="utf-8"))
    staging = path.with_name(path.name + ".tmp")
    staging.write_text(segmented, encoding="utf-8")
    staging.replace(path)


def with_text(html: str, page: Page) -> str:
    """The page with its regulation text in place (governance.site.embedding), and its table of contents
    and anchors made from the result: the text's headings were never Markdown that MkDocs saw."""
    if not has_embedded(html):
        return html
    html = expand(html)
    page.toc = get_toc(toc_tokens(html))  # type: ignore[arg-type]
    page.present_anchor_ids = (page.present_anchor_ids or set()) | anchor_ids(html)
    return html


# The Markdown extensions whose effect on a generated page governance.site.page_html reproduces (MkDocs
# adds toc, tables and fenced_code to every site), and the options of toc it reproduces.
DIRECT_EXTENSIONS = frozenset(
    {"toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html", *EXTENSIONS}
)
DIRECT_TOC_OPTIONS = frozenset({"permalink", "permalink_title", "slugify", "separator"})


def converts_directly(config: MkDocsConfig) -> bool:
    """Whether the site's Markdown is converted as governance.site.page_html converts it: its extensions
    are those it reproduces, and toc makes permalinks."""
    toc = config.mdx_configs.get("toc") or {}
    return (
        set(config.markdown_extensions) <= DIRECT_EXTENSIONS
        and set(toc) <= DIRECT_TOC_OPTIONS
        and toc.get("permalink") is True
    )


def render_directly(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Page.render for a generated page: its HTML from governance.site.page_html, with the same table of
    contents, anchors, title and checked links as Python-Markdown's, when the page holds only what that
    converts; else Page.render itself. In a first build, converting the pages the renderer wrote was the
    largest part of the build."""
    toc = config.mdx_configs.get("toc") or {}
    links = _RelativePathTreeprocessor(page.file, files, config)
    converted = page_html(
        page.markdown or "",
        url=links.path_to_url,
        slugify=toc.get("slugify", toc_slugify),
        permalink="&para;",
        permalink_title=toc.get("permalink_title", "Permanent link"),
        separator=toc.get("separator", "-"),
    )
    if converted is None:
        Page.render(page, config, files)
        return
    page.content = converted.html
    page.toc = get_toc(converted.toc_tokens)  # type: ignore[arg-type]
    page._title_from_render = converted.title
    page.present_anchor_ids = converted.anchor_ids
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:  # as Page.render
        page.links_to_anchors = links.links_to_anchors


def with_language(output: str, language: str) -> str:
    """The page with `<html lang>` set to the language of its text (the theme's stays for the rest)."""
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", language):
        return output
    return _HTML_LANG.sub(f'<html lang="{language}"', output, count=1)


def speak(config: MkDocsConfig, site: Site) -> None:
    """The theme's words (search box, table of contents, footer) in the site's language, and, where
    mkdocs.yml leaves Material's search unset and a text is Japanese, a search that reads Japanese: its
    languages and the separator that splits the index's words (governance.site.search_ja)."""
    language = site.language
    if "language" in config.theme:  # Material's words; MkDocs' own themes have none
        language = theme_language(config, site.language)
        config.theme["language"] = language
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or "ja" not in site.languages:
        return
    if not search.config.get("separator"):
        search.config["separator"] = SEPARATOR
    if not search.config.get("lang"):
        search.config["lang"] = list(dict.fromkeys([language, "ja"]))


def theme_language(config: MkDocsConfig, language: str) -> str:
    """The language the theme speaks for texts written in `language`: itself when the theme has its words
    (Material's partials/languages/<language>.html), else its primary subtag (en for en-GB), else the
    theme's own. Texts stating `language: en-GB` or one Material lacks made its template missing: the build
    ended in a traceback and nothing was published."""
    for candidate in (language, language.split("-")[0]):
        if any(
            (Path(folder) / "partials" / "languages" / f"{candidate}.html").is_file()
            for folder in config.theme.dirs
        ):
            return candidate
    return str(config.theme["language"])


def searched(config: MkDocsConfig) -> bool:
    """Whether the build has Material's search (the only search the scripts know)."""
    return config.theme.name == "material" and (
        "search" in config.plugins or "material/search" in config.plugins
    )


def add_assets(config: MkDocsConfig) -> None:
    """What the generated pages need in the browser (governance.site.site_assets), for a Material site: the
    package's partials after the site's custom_dir, its stylesheet and scripts before the site's own."""
    if config.theme.name != "material":
        return
    folder = str(site_assets.theme_folder())
    if folder not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, folder)
    for name in reversed(site_assets.STYLESHEETS):
        if site_assets.published(name) not in config.extra_css:
            config.extra_css.insert(0, site_assets.published(name))
    scripts = [str(script) for script in config.extra_javascript]
    for name in reversed(site_assets.SCRIPTS):
        if site_assets.published(name) not in scripts:
            config.extra_javascript.insert(0, site_assets.published(name))


def add_extensions(config: MkDocsConfig) -> None:
    for name in EXTENSIONS:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)


def without_sources(files: Files, root: Path, governance: GovernanceConfig) -> Files:
    """The docs folder's files less the regulations' (Config.regulation_relative) and the records folder's:
    a text is published only as the audit approved it, never as the work tree has it. (So `docs_dir` may be the records
    folder, for a site with no hand-written page: MkDocs needs a folder that exists.)"""
    root = root.resolve()
    records = (root / governance.records).resolve()
    for file in list(files):
        if not file.abs_src_path:
            continue
        source = Path(file.abs_src_path).resolve()
        if source.is_relative_to(records) or (
            source.is_relative_to(root)
            and governance.regulation_relative(source.relative_to(root).as_posix()) is not None
        ):
            files.remove(file)
    return files


def add_nav(site: Site, nav: list[Any] | None) -> list[Any]:
    """The generated entries (texts in force) first, then the hand-written pages of mkdocs.yml."""
    return [*site.nav, *(nav or [])]


def add_pages(pages: Spill, files: Files, config: MkDocsConfig) -> Files:
    """The generated pages, as files MkDocs reads when it builds each (never all in memory)."""
    for uri in pages.uris:
        if files.get_file_from_path(uri) is not None:
            raise PluginError(
                _("{path} would hide a generated page; rename or remove it").format(
                    path=f"{config.docs_dir}/{uri}"
                )
            )
        files.append(SpilledFile.of(config, uri, pages))
    return files


class SpilledFile(File):
    """A generated file whose content MkDocs reads from the spill when it builds or copies it, as it would
    read a file of its own: a page's Markdown with its newlines made \\n and without a byte-order mark, any
    other file copied byte for byte. Content set by another plugin replaces it, as for any File."""

    spill: Spill
    spilled_uri: str

    @classmethod
    def of(cls, config: MkDocsConfig, uri: str, spill: Spill) -> SpilledFile:
        # Made as any generated file (generated_by, destination, URL), then read from the spill.
        file = cls.generated(config, uri, content=b"")
        assert isinstance(file, SpilledFile)
        file._content = None
        file.spill = spill
        file.spilled_uri = uri
        return file

    def _spilled(self) -> bytes | None:
        return (
            self.spill.read_bytes(self.spilled_uri)
            if self._content is None and self.abs_src_path is None
            else None
        )

    @property
    def content_bytes(self) -> bytes:
        spilled = self._spilled()
        return File.content_bytes.fget(self) if spilled is None else spilled  # type: ignore[attr-defined]

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]

    @property
    def content_string(self) -> str:
        spilled = self._spilled()
        if spilled is None:
            return File.content_string.fget(self)  # type: ignore[attr-defined, no-any-return]
        # As open(path, encoding="utf-8-sig") reads a file: universal newlines.
        return spilled.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")

    @content_string.setter
    def content_string(self, value: str) -> None:
        File.content_string.fset(self, value)  # type: ignore[attr-defined]

    def copy_file(self, dirty: bool = False) -> None:
        spilled = self._spilled()
        if spilled is None:
            File.copy_file(self, dirty)
            return
        output = Path(self.abs_dest_path)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(spilled)

    def is_modified(self) -> bool:
        return True if self._spilled() is not None else File.is_modified(self)


def linked_files(files: Files, docs_dir: Path) -> list[tuple[str, str]]:
    """The docs folder's files that MkDocs reached through a symbolic link, each with the link (paths
    below the docs folder). MkDocs follows a linked folder, and the files behind it are wherever the link
    points: their name in the docs folder says nothing of what governs them."""
    found = []
    for file in files:
        if (
            file.generated_by is not None
            or file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
            or file.src_dir is None
            or Path(file.src_dir).resolve() != docs_dir
        ):
            continue
        link = first_link(docs_dir, file.src_uri)
        if link is not None:
            found.append((file.src_uri, link))
    return found


def first_link(folder: Path, relative: str) -> str | None:
    """The first part of `relative` below `folder` that is a symbolic link, as a path below `folder`."""
    parts = PurePosixPath(relative).parts
    for end in range(1, len(parts) + 1):
        if folder.joinpath(*parts[:end]).is_symlink():
            return "/".join(parts[:end])
    return None


def refuse_inputs(
    root: Path,
    hand_written: list[File],
    files: Files,
    config: MkDocsConfig,
    linked: list[tuple[str, str]],
) -> None:
    """Stop the build when a hand-written file is not governed, carries script, stands where a
    generated page is published or is reached through a symbolic link (governance.site.inputs), or when
    two generated pages collide."""
    generated = [(file.src_uri, file.dest_uri) for file in files if file.generated_by is not None]
    refusals = inputs.generated_collisions(generated)
    governed = governed_paths_at(root)
    docs_dir = Path(config.docs_dir).resolve()
    try:
        relative = docs_dir.relative_to(root.resolve()).as_posix()
    except ValueError:  # nothing there is a repository file, so nothing there is governed
        relative = docs_dir.as_posix()
    refusals += [
        inputs.linked_refusal(_below(relative, path), _below(relative, link)) for path, link in linked
    ]
    refusals += inputs.input_refusals(
        [inputs.HandWritten(file.src_uri, file.dest_uri) for file in hand_written],
        {dest: uri for uri, dest in generated},
        docs_dir=relative,
        governed=governed,
    )
    theme_files, theme_links = _theme_files(root, config)
    refusals += inputs.theme_refusals(theme_files, governed)
    refusals += [inputs.theme_link_refusal(path) for path in theme_links]
    refusals += [
        inputs.plugin_folder_refusal(path, plugin, option)
        for plugin, option, path in _plugin_folder_files(root, config)
        if not governed(path)
    ]
    snippets = _snippet_refusal(root, config, governed)
    refusals += [snippets] if snippets is not None else []
    refusals += third_party_refusals(
        [str(script) for script in config.extra_javascript],
        [str(sheet) for sheet in config.extra_css],
        material=config.theme.name == "material",
        font=config.theme.get("font"),
        privacy=any(name in config.plugins for name in ("privacy", "material/privacy")),
        analytics=dict[str, object](config.extra or {}).get("analytics"),
    )
    refusals += inputs.config_refusals(
        _inherited_files(root, config, governed), _hook_files(root, config), governed
    )
    for file in hand_written:
        if file.src_uri.lower().endswith(inputs.STATIC_MARKUP):
            text = Path(file.abs_src_path or "").read_text(encoding="utf-8", errors="replace")
            refusal = inputs.static_refusal(f"{relative}/{file.src_uri}", text)
            if refusal is not None:
                refusals.append(refusal)
    if refusals:
        raise PluginError(_("the site may read only governed inputs:") + "\n  " + "\n  ".join(refusals))


def _below(folder: str, path: str) -> str:
    return path if folder in ("", ".") else f"{folder}/{path}"


def _theme_files(root: Path, config: MkDocsConfig) -> tuple[list[str], list[str]]:
    """The files of the site's custom_dir inside the repository, and its symbolic links, as repository
    paths (a folder outside it is no file a pull request can change). The walk does not enter a linked
    folder, whose templates Jinja would still read: each link is named instead."""
    custom = config.theme.custom_dir
    if not custom:
        return [], []
    folder = Path(custom).resolve()
    try:
        relative = folder.relative_to(root.resolve())
    except ValueError:
        return [], []
    found = sorted(folder.rglob("*"))
    links = [(relative / path.relative_to(folder)).as_posix() for path in found if path.is_symlink()]
    files = [
        (relative / path.relative_to(folder)).as_posix()
        for path in found
        if path.is_file() and not path.is_symlink()
    ]
    return files, links


# Folders Material's plugins publish from, by plugin and option: a cache serves what it holds instead of
# fetching or making it again (privacy: external stylesheets, scripts, fonts; optimize: images; social:
# the cards shown in link previews; projects: whole sub-sites), and the social cards' layouts.
_PLUGIN_FOLDERS = (
    ("privacy", "cache_dir"),
    ("optimize", "cache_dir"),
    ("social", "cache_dir"),
    ("social", "cards_layout_dir"),
    ("projects", "cache_dir"),
)


def _plugin_folder_files(root: Path, config: MkDocsConfig) -> list[tuple[str, str, str]]:
    """(plugin, option, repository path) of each file git tracks in a folder a Material plugin of the build
    publishes from: a commit put it there. A folder outside the repository holds no such file; an untracked
    file there is one the build wrote itself."""
    found = []
    for name, option in _PLUGIN_FOLDERS:
        plugin = config.plugins.get(f"material/{name}") or config.plugins.get(name)
        options = getattr(plugin, "config", None)
        if options is None or not options.get("enabled", True) or option not in options:
            continue
        path = _in_repository(root, Path(options[option]))  # from the working folder, as the plugin reads it
        if path is None:
            continue
        tracked = git.run(root, "ls-files", "-z", "--full-name", "--", path or ".")
        found += [
            (name, option, file) for file in tracked.decode("utf-8", "surrogateescape").split("\0") if file
        ]
    return found


def _snippet_refusal(root: Path, config: MkDocsConfig, governed: Callable[[str], bool]) -> str | None:
    """Whether pymdownx.snippets, when used, reads only governed files: the first file of its base_path
    folders (as it resolves them, from the working folder) that no pattern covers, stops the build."""
    if "pymdownx.snippets" not in config.markdown_extensions:
        return None
    options = config.mdx_configs.get("pymdownx.snippets", {})
    if options.get("url_download") or options.get("restrict_base_path") is False:
        return inputs.snippet_refusal(None, network=bool(options.get("url_download")), anywhere=True)
    bases = options.get("base_path", ["."])
    for base in [bases] if isinstance(bases, str) else bases:
        folder = Path(base).resolve()
        for file in [folder] if folder.is_file() else _files_below(folder):
            path = _in_repository(root, file)
            if path is not None and not governed(path):
                return inputs.snippet_refusal(path)
    return None


def _files_below(folder: Path) -> Iterator[Path]:
    """The files below `folder` in name order, one at a time (a base_path "." holds .git and .venv: the
    first file no pattern covers ends the walk)."""
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        if entry.is_dir() and not entry.is_symlink():
            yield from _files_below(entry)
        else:
            yield entry


def _hook_files(root: Path, config: MkDocsConfig) -> list[str]:
    """The scripts of mkdocs.yml's hooks inside the repository, as repository paths."""
    hooks: object = config.hooks  # typed a list of modules; MkDocs 1.6 keeps a dict of them by path
    modules = hooks.values() if isinstance(hooks, dict) else hooks if isinstance(hooks, list) else []
    files = [getattr(module, "__file__", None) for module in modules]
    return [path for path in (_in_repository(root, Path(file)) for file in files if file) if path is not None]


def _inherited_files(root: Path, config: MkDocsConfig, governed: Callable[[str], bool]) -> list[str]:
    """The files mkdocs.yml inherits, one INHERIT after the other, as repository paths; read no further
    than the first that is not governed (its refusal stops the build)."""
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    found: list[str] = []
    current = Path(config.config_file_path)
    while True:
        data = yaml_load(current.read_text(encoding="utf-8-sig"), get_yaml_loader(config=config))
        parent = data.get("INHERIT") if isinstance(data, dict) else None
        if not isinstance(parent, str):
            return found
        current = Path(os.path.normpath(current.parent / parent))
        path = _in_repository(root, current)
        if path is None or path in found:
            return found
        found.append(path)
        if not governed(path):
            return found


def _in_repository(root: Path, file: Path) -> str | None:
    """`file` as a repository path; None outside the repository (no file a pull request can change)."""
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def governed_paths_at(root: Path, rev: str = "HEAD") -> Callable[[str], bool]:
    """Whether a repository path is a governed file, by the config of the audited revision (never the
    work tree's, which an uncommitted edit could widen)."""
    from governance.gate.rules import rules_at  # the gate's reader of the config at one commit

    with git.Objects(root) as objects:
        rules = rules_at(objects, git.resolve_commit(root, rev))
    if rules is None:
        return lambda path: False
    config = rules.config
    return lambda path: is_governed_file(path, config)

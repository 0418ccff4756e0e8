"""MkDocs hook (mkdocs.yml `hooks:`): adds the generated regulation pages to the build.

Thin on purpose: the pages come from governance.site_render, the same function as `governance render`.
They exist only in the build (File.generated), so nothing derived from history is ever committed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from governance.bodies import today
from governance.errors import GovernanceError
from governance.search_ja import segment_index
from governance.site_model import Site
from governance.site_render import render_site

_site: Site | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site
    root = Path(config.config_file_path).parent
    try:
        _site = render_site(root, today(), site_url=config.site_url or None)
    except GovernanceError as exc:
        # A failed audit must stop the build: publishing an unapproved text is worse than no site.
        raise PluginError(f"cannot publish the regulations: {exc.render()}") from None
    config.nav = add_nav(_site, config.nav)
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    assert _site is not None, "on_config runs before on_files"
    return add_pages(_site, files, config)


def on_post_build(*, config: MkDocsConfig) -> None:
    # Hooks run after the plugins of mkdocs.yml, so the search plugin has written its index by now.
    segment_search_index(Path(config.site_dir) / "search" / "search_index.json")


def segment_search_index(path: Path) -> None:
    """Cut the Japanese of the search index into words (governance.search_ja), replacing the file whole."""
    if not path.is_file():
        return  # search disabled
    segmented = segment_index(path.read_text(encoding="utf-8"))
    staging = path.with_name(path.name + ".tmp")
    staging.write_text(segmented, encoding="utf-8")
    staging.replace(path)


def add_nav(site: Site, nav: list[Any] | None) -> list[Any]:
    """The generated entries (texts in force) first, then the hand-written pages of mkdocs.yml."""
    return [*site.nav, *(nav or [])]


def add_pages(site: Site, files: Files, config: MkDocsConfig) -> Files:
    for page in site.pages:
        if files.get_file_from_path(page.uri) is not None:
            raise PluginError(
                f"{config.docs_dir}/{page.uri} would hide a generated page; rename or remove it"
            )
        files.append(File.generated(config, page.uri, content=page.content))
    return files

"""What the generated pages need in the browser, shipped with the package and added to every build by the
regulations plugin, so that an adopting repository copies nothing and gets what this project's own site
gets: the stylesheet (redline markers that read without colour, print footers, contrast), the scripts
(the text on a date, a language link keeping its anchor, a phone's cards of wide tables,
keyboard-scrollable tables), Japanese search
(search-start.js starts Material's search worker through search-worker.js: governance.site.search_ja),
and Material's partials in the page's language (theme/partials: the theme's words on a Japanese text's
pages, a named search dialog).

The site's own files still win: a `custom_dir` comes before the package's partials, and its extra_css
and extra_javascript come after the package's. These files are the tool's, not the repository's: they
change with the tool's version, which the workflows pin (a governed change), never with a pull request.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from mkdocs.utils import get_relative_url

# Where the files are published: beside the theme's own assets, in a folder of their own.
FOLDER = "assets/regulations"
STYLESHEETS = ("regulations.css",)
SCRIPTS = ("point-in-time.js", "cards.js", "scroll-regions.js")
# In the page's head: a reader who follows a language link before the page's last scripts have run (a
# phone on a slow network; a test at load 12) still lands on the same article.
HEAD_SCRIPTS = ("language-link.js",)
SEARCH_SCRIPTS = ("search-start.js", "search-worker.js")
SEARCH_START = f"{FOLDER}/search-start.js"
# Material's bundle, which starts the search worker: search-start.js must run before it.
_BUNDLE = re.compile(r'<script src="[^"]*assets/javascripts/bundle\.[^"]*"')


def theme_folder() -> Path:
    """The package's templates (partials) for Material, to put after the site's custom_dir."""
    return Path(str(resources.files("governance.site") / "theme"))


def published(name: str) -> str:
    return f"{FOLDER}/{name}"


def files(*, search: bool) -> dict[str, str]:
    """Published path -> text of each file (the search scripts only for a site with Material's search)."""
    folder = resources.files("governance.site") / "assets"
    names = (*STYLESHEETS, *HEAD_SCRIPTS, *SCRIPTS, *(SEARCH_SCRIPTS if search else ()))
    return {published(name): (folder / name).read_text(encoding="utf-8") for name in names}


def with_search_start(output: str, page_url: str) -> str:
    """The page with search-start.js loaded just before Material's bundle; unchanged without a bundle."""
    bundle = _BUNDLE.search(output)
    if bundle is None:
        return output
    tag = f'<script src="{get_relative_url(SEARCH_START, page_url)}"></script>\n'
    return output[: bundle.start()] + tag + output[bundle.start() :]


def with_head_scripts(output: str, page_url: str) -> str:
    """The page with HEAD_SCRIPTS loaded at the end of its head; unchanged without a head."""
    end = output.find("</head>")
    if end < 0:
        return output
    tags = "".join(
        f'<script src="{get_relative_url(published(name), page_url)}"></script>\n' for name in HEAD_SCRIPTS
    )
    return output[:end] + tags + output[end:]

"""What the published site may load from other sites: nothing that runs on, styles or draws its pages.

mkdocs.yml is governed, but what it names by address is not: a decision approves the address of a script,
stylesheet or font, never what the other site serves there, which can change any day, and every page (the
regulations' own, and the acknowledgement button served from the same origin) would carry it. MkDocs gives
extra_javascript and extra_css no integrity hash that would pin the bytes, so such an address is refused
and the file is to be committed as a governed one instead. Material's fonts come from Google Fonts unless
`font: false`; its privacy plugin downloads them when the site is built and serves them itself (its cache
is held to governed_paths: governance.site.mkdocs_plugin), so with it readers load nothing from elsewhere.
Pure: the configuration's values in, refusals out.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from governance.i18n import _


def third_party_refusals(
    scripts: Iterable[str],
    stylesheets: Iterable[str],
    *,
    material: bool,
    font: object,
    privacy: bool,
    analytics: object,
) -> list[str]:
    """`font`: Material's theme.font (False: the system's fonts); `privacy`: Material's privacy plugin
    is enabled; `analytics`: Material's extra.analytics (None when absent)."""
    refusals = [
        _(
            "{url} (extra_javascript of mkdocs.yml) is a script of another site: a decision approves its "
            "address, not what that site serves, which may change any day and would run on every page (it "
            "could rewrite an article, or acknowledge one in the reader's name); commit the script as a "
            "governed file of the docs folder and name that, or remove it"
        ).format(url=url)
        for url in scripts
        if elsewhere(url)
    ]
    refusals += [
        _(
            "{url} (extra_css of mkdocs.yml) is a stylesheet of another site: a decision approves its "
            "address, not what that site serves, which may change any day and would style every page (a "
            "line of CSS can hide an article); commit the stylesheet as a governed file of the docs folder "
            "and name that, or remove it"
        ).format(url=url)
        for url in stylesheets
        if elsewhere(url)
    ]
    if not material:
        return refusals
    if analytics:
        refusals.append(
            _(
                "extra.analytics of mkdocs.yml puts a script of another site on every page, beside the "
                "regulations and the acknowledgement button, whatever that site serves; remove it (the web "
                "server's logs count visits)"
            )
        )
    if font is not False and not privacy:
        refusals.append(
            _(
                "theme.font of mkdocs.yml (Material's default when it is not set) has every page load its "
                "fonts from Google Fonts: a decision approves the font's name, not the files Google serves, "
                "and every reader's browser asks Google for them; set font: false under theme (the "
                "system's fonts), or enable Material's privacy plugin, which downloads them when the site "
                "is built and serves them itself"
            )
        )
    return refusals


def elsewhere(address: str) -> bool:
    """Whether `address` names a file of another site (https://..., //host/...), not one of the site."""
    parts = urlsplit(address.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data")

"""Third-party content on every page (the second red-team review's open point, H7): mkdocs.yml is governed,
but a script, stylesheet or font it names by the address of another site is whatever that site serves
that day, on every page. Real `mkdocs build`s of a governed repository: refused, nothing published."""

from __future__ import annotations

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from governance.site.third_party import elsewhere, third_party_refusals
from tests.site.test_inputs import site  # noqa: F401  (the fixture)
from tests.testing.governed import Governed

BASE = "site_name: Internal regulations\ndocs_dir: site\nsite_dir: public\nplugins: [search, regulations]\n"


@pytest.mark.parametrize(
    ("config", "said"),
    [
        (
            "theme: {name: mkdocs}\nextra_javascript: ['https://cdn.example/analytics.js']\n",
            "https://cdn.example/analytics.js (extra_javascript of mkdocs.yml) is a script of another site",
        ),
        (
            "theme: {name: mkdocs}\nextra_javascript: [{path: '//cdn.example/m.mjs', type: module}]\n",
            "//cdn.example/m.mjs (extra_javascript of mkdocs.yml) is a script of another site",
        ),
        (
            "theme: {name: mkdocs}\nextra_css: ['//cdn.example/hide.css']\n",
            "//cdn.example/hide.css (extra_css of mkdocs.yml) is a stylesheet of another site",
        ),
        (
            "theme: {name: material, font: false}\nextra: {analytics: {provider: google, property: G-X}}\n",
            "extra.analytics of mkdocs.yml puts a script of another site on every page",
        ),
        (
            "theme: {name: material}\n",  # Material's default: Roboto from Google Fonts
            "theme.font of mkdocs.yml (Material's default when it is not set) has every page load its fonts "
            "from Google Fonts",
        ),
    ],
)
def test_what_another_site_serves_stops_the_build(
    site: Governed,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
    config: str,
    said: str,
) -> None:
    (site.path / "mkdocs.yml").write_text(BASE + config, encoding="utf-8")
    (site.path / "site").mkdir(exist_ok=True)

    with pytest.raises((PluginError, Abort)):
        build(load_config(config_file=str(site.path / "mkdocs.yml"), strict=False))

    assert said in caplog.text, caplog.text
    assert not (site.path / "public" / "regulations").exists()


def test_the_sites_own_files_and_fonts_it_serves_itself_are_no_third_party() -> None:
    assert [elsewhere(a) for a in ("javascripts/x.js", "/assets/x.css", "data:text/css,", "HTTPS://x/y")] == [
        False,
        False,
        False,
        True,
    ]
    fonts = {"font": {"text": "Roboto"}, "analytics": None, "material": True}
    assert third_party_refusals(["a.js"], ["a.css"], privacy=True, **fonts) == []  # type: ignore[arg-type]
    assert third_party_refusals([], [], material=True, font=False, privacy=False, analytics=None) == []
    assert len(third_party_refusals([], [], privacy=False, **fonts)) == 1  # type: ignore[arg-type]

"""What Material's plugins publish from their cache folder must not come from the repository (the second
red-team review, H5). The privacy plugin (Material's way to self-host Google Fonts) serves an external
asset from `.cache/plugin/privacy` instead of fetching it when the file is there: a pull request that
committed the font's stylesheet there put its CSS on every page, the regulations' included, without a
decision (a line of CSS can hide an article). A real git repository and a real `mkdocs build`."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from material.plugins.privacy.plugin import PrivacyPlugin  # type: ignore[import-untyped]
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from tests.site.test_inputs import site  # noqa: F401  (the fixture)
from tests.testing.governed import Governed

MKDOCS = """site_name: Internal regulations
docs_dir: site
site_dir: public
theme: {name: material, font: {text: Roboto}}
plugins: [search, privacy, regulations]
"""
FONTS = (
    "https://fonts.googleapis.com/css?family=Roboto:300,300i,400,400i,700,700i%7CRoboto+Mono:400,400i,700,"
    "700i&display=fallback"
)
HIDDEN = ".md-typeset h2 { display: none }\n"


def test_a_committed_file_in_the_privacy_plugins_cache_stops_the_build(
    site: Governed,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(site.path)  # as CI builds: the plugin's cache_dir is relative to the working folder
    cached = ".cache/plugin/privacy/assets/external/" + PrivacyPlugin()._path_from_url(urlparse(FONTS))
    site.repo.write(cached + ".css", HIDDEN)
    (site.path / cached).symlink_to(cached.rsplit("/", 1)[1] + ".css")  # as the plugin itself links it
    site.repo.git("add", "-f", ".cache")
    site.repo.git("commit", "-q", "-m", "Fonts")  # a pull request's commit: nothing there is governed
    (site.path / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (site.path / "site").mkdir()

    with pytest.raises((PluginError, Abort)):
        build(load_config(config_file=str(site.path / "mkdocs.yml"), strict=False))

    assert re.search(
        r"\.cache/plugin/privacy/assets/external/fonts\.googleapis\.com/css\.\w+ is in the folder of "
        r"Material's privacy plugin \(cache_dir\), which the site publishes from, and not a governed file",
        caplog.text,
    ), caplog.text
    assert not (site.path / "public" / "regulations").exists()

"""A symbolic link in the docs folder or the theme's folder must not let the site read a file no decision
governs (the second red-team review, H5). The gate refuses a link at a governed path, but a repository
that governs its docs or theme file by file (`docs/*.md`, `overrides/main.html`) leaves a new link of
another name ungoverned: MkDocs follows a linked folder of the docs folder, Jinja one of custom_dir, and the
files behind it (outside the governed folder) were published unchecked."""

from __future__ import annotations

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from tests.site.test_inputs import site  # noqa: F401  (the fixture)
from tests.testing.governed import Governed, digest, record_text

FORGED = "Article 7 no longer applies"


def _govern(gov: Governed, patterns: list[str]) -> None:
    """governance.yml with these governed_paths, approved and committed (the build reads HEAD's rules)."""
    config = gov.path / "governance.yml"
    listed = ", ".join(f'"{pattern}"' for pattern in patterns)
    text = config.read_text(encoding="utf-8") + f"governed_paths: [{listed}]\n"
    config.write_text(text, encoding="utf-8")
    gov.record("BD-2026-050", record_text("BD-2026-050", [("file:governance.yml", "amend", digest(text))]))
    gov.repo.git("add", "governance.yml", "resolutions")
    gov.repo.git("commit", "-q", "-m", "Govern the site file by file")


def _build(gov: Governed, mkdocs_yml: str) -> None:
    (gov.path / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
    build(load_config(config_file=str(gov.path / "mkdocs.yml"), strict=False))


def test_a_linked_folder_in_the_docs_folder_stops_the_build(
    site: Governed,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    _govern(site, ["mkdocs.yml", "docs/*.md"])
    site.repo.write("docs/welcome.md", "# Welcome\n")
    site.repo.write("notes/page.md", f"# Notice\n\n{FORGED}.\n")  # any pull request changes it
    (site.path / "docs" / "extra").symlink_to("../notes")
    with pytest.raises((PluginError, Abort)):
        _build(
            site,
            "site_name: Internal regulations\ndocs_dir: docs\nsite_dir: public\n"
            "theme: {name: mkdocs}\nplugins: [search, regulations]\n",
        )
    assert "docs/extra/page.md is reached through a symbolic link (docs/extra)" in caplog.text
    assert not (site.path / "public" / "extra").exists()


def test_a_linked_folder_in_the_themes_folder_stops_the_build(
    site: Governed,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    _govern(site, ["mkdocs.yml", "site/*", "overrides/main.html"])
    site.repo.write("overrides/main.html", '{% extends "base.html" %}\n')
    # Material includes partials/copyright.html in the footer of every page, the regulations' included.
    site.repo.write("tools/partials/copyright.html", f"<p>{FORGED}</p>\n")
    (site.path / "overrides" / "partials").symlink_to("../tools/partials")
    (site.path / "site").mkdir()
    with pytest.raises((PluginError, Abort)):
        _build(
            site,
            "site_name: Internal regulations\ndocs_dir: site\nsite_dir: public\n"
            "theme: {name: material, custom_dir: overrides, font: false}\nplugins: [search, regulations]\n",
        )
    assert "overrides/partials is a symbolic link in the site's theme (custom_dir)" in caplog.text
    assert not (site.path / "public" / "regulations").exists()

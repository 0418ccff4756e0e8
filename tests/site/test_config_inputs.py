"""What mkdocs.yml makes part of the build must be governed too (the red-team review, H6): a file it inherits
(INHERIT) is its configuration, a hook a script the build runs. governed_paths covered mkdocs.yml alone, so
an INHERIT or hook approved once could be rewritten by any pull request without a decision."""

from __future__ import annotations

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from governance.site.inputs import config_refusals, snippet_refusal
from tests.site.test_inputs import MKDOCS, site  # noqa: F401  (the fixture)
from tests.testing.governed import Governed, digest, record_text

HOOK = "def on_page_markdown(markdown, **kwargs):\n    return markdown\n"


def test_inherited_files_and_hooks_must_be_governed() -> None:
    def governed(path: str) -> bool:
        return path.startswith(("site/", "config/"))

    refusals = config_refusals(["base.yml", "config/base.yml"], ["hooks/x.py", "config/x.py"], governed)
    assert refusals == [
        "base.yml is inherited by mkdocs.yml (INHERIT), so it is part of the site's configuration, and not "
        "a governed file, so a change to it needs no decision; add a pattern that covers it to governed_paths "
        "in governance.yml (a change the competent body decides), or stop using it",
        "hooks/x.py is a hook of mkdocs.yml (hooks:), a script the build runs, and not a governed file, so a "
        "change to it needs no decision; add a pattern that covers it to governed_paths in governance.yml (a "
        "change the competent body decides), or stop using it",
    ]


def _build(gov: Governed, extra: str) -> None:
    (gov.path / "mkdocs.yml").write_text(MKDOCS.format(docs="site") + extra, encoding="utf-8")
    (gov.path / "site").mkdir(exist_ok=True)
    build(load_config(config_file=str(gov.path / "mkdocs.yml"), strict=False))


def _govern(gov: Governed, pattern: str) -> None:
    """governance.yml covering `pattern` too, committed (the build reads the rules at HEAD)."""
    config = gov.path / "governance.yml"
    text = config.read_text(encoding="utf-8") + f'governed_paths: ["mkdocs.yml", "site/*", "{pattern}"]\n'
    config.write_text(text, encoding="utf-8")
    gov.record("BD-2026-050", record_text("BD-2026-050", [("file:governance.yml", "amend", digest(text))]))
    gov.repo.git("add", "governance.yml", "resolutions")
    gov.repo.git("commit", "-q", "-m", "Govern the site's configuration")


# What mkdocs.yml names, the files it is, the pattern that governs them, and the refusal without it.
HOOKED = (
    {"hooks/extra.py": HOOK},
    "hooks: [hooks/extra.py]\n",
    "hooks/*",
    "hooks/extra.py is a hook of mkdocs.yml",
)
INHERITING = (
    {
        "config/base.yml": "INHERIT: more.yml\nuse_directory_urls: true\n",
        "config/more.yml": "site_description: x\n",
    },
    "INHERIT: config/base.yml\n",
    "config/*",
    "config/base.yml is inherited by mkdocs.yml (INHERIT)",
)


@pytest.mark.parametrize("governed", [False, True])
@pytest.mark.parametrize(("files", "extra", "pattern", "refusal"), [HOOKED, INHERITING])
def test_a_hook_or_inherited_file_outside_governed_paths_stops_the_build(
    site: Governed,  # noqa: F811
    governed: bool,
    files: dict[str, str],
    extra: str,
    pattern: str,
    refusal: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    for path, text in files.items():
        site.repo.write(path, text)
    if governed:
        _govern(site, pattern)
        _build(site, extra)
        assert (site.path / "public" / "regulations" / "bribery-prevention" / "index.html").is_file()
        return
    with pytest.raises((PluginError, Abort)):
        _build(site, extra)
    assert refusal in caplog.text
    assert "config/more.yml" not in caplog.text  # read no further than the first refusal
    assert not (site.path / "public" / "regulations").exists()


def test_snippets_that_may_read_an_ungoverned_file_the_network_or_anything_are_refused() -> None:
    assert "the text of notes/x.md, which is not a governed file, so" in (snippet_refusal("notes/x.md") or "")
    assert "the text of files downloaded from the network (url_download: true), so" in (
        snippet_refusal(None, network=True) or ""
    )
    assert "the text of any file (restrict_base_path: false), so" in (
        snippet_refusal(None, anywhere=True) or ""
    )
    assert snippet_refusal(None) is None


@pytest.mark.parametrize(
    ("options", "refused"),
    [
        ("", "the text of .git/"),  # base_path ".": the whole repository, .git included
        ("{base_path: [notes]}", "the text of notes/x.md, which is not a governed file"),
        ("{base_path: [site/snippets], url_download: true}", "the text of files downloaded from the network"),
        ("{base_path: [site/snippets]}", None),
    ],
)
def test_snippets_read_only_governed_files(
    site: Governed,  # noqa: F811
    options: str,
    refused: str | None,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pymdownx.snippets writes another file's text into a governed page: `--8<-- "notes/x.md"`, approved
    once, would publish whatever that file says after any pull request."""
    monkeypatch.chdir(site.path)  # snippets reads base_path from the working folder, as mkdocs build runs
    site.repo.write("notes/x.md", "Article 7 no longer applies.\n")
    site.repo.write("site/snippets/x.md", "Approved words.\n")
    site.repo.write("site/guide.md", '# Guide\n\n--8<-- "x.md"\n')
    extensions = f"markdown_extensions: [{{pymdownx.snippets: {options or '{}'}}}]\n"
    if refused is None:
        _build(site, extensions)
        assert "Approved words." in (site.path / "public" / "guide" / "index.html").read_text(
            encoding="utf-8"
        )
        return
    with pytest.raises((PluginError, Abort)):
        _build(site, extensions)
    assert f"pymdownx.snippets may write into a page {refused}" in caplog.text
    assert not (site.path / "public" / "regulations").exists()

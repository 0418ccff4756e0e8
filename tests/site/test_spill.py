"""The generated pages held in one file while MkDocs builds (governance.site.spill), and handed to MkDocs as
files it reads exactly as it would read files of their own (governance.site.mkdocs_plugin.SpilledFile)."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from governance.site.context import Page
from governance.site.mkdocs_plugin import SpilledFile
from governance.site.spill import Spill

CONTENTS = {
    "index.md": "---\ntitle: Home\n---\n\n# Home\n",
    "regulations/a/2024-01-01/index.md": "\ufeff# 第１条\r\n\r\n本文\rです\n",
    "regulations/a/2024-01-01/parts.json": '{"parts": ["\\u00e9"]}',
    "empty.md": "",
}


def test_each_page_reads_back_as_added_and_the_last_addition_wins(tmp_path: Path) -> None:
    spill = Spill(tmp_path / "pages")
    for uri, content in CONTENTS.items():
        spill.add(Page(uri, content))
    spill.put("index.md", "# Home, again\n")
    assert spill.uris == list(CONTENTS)
    assert spill.read("index.md") == "# Home, again\n"
    for uri, content in list(CONTENTS.items())[1:]:
        assert spill.read(uri) == content
        assert spill.read_bytes(uri) == content.encode("utf-8")
    assert "missing.md" not in spill and "empty.md" in spill
    with pytest.raises(KeyError):
        spill.read("missing.md")
    spill.close()
    assert [p.name for p in tmp_path.iterdir()] == ["pages"]  # one file, whatever the number of pages


def test_a_spill_is_a_new_file_of_its_owner(tmp_path: Path) -> None:
    (tmp_path / "pages").write_text("someone else's", encoding="utf-8")
    with pytest.raises(FileExistsError):
        Spill(tmp_path / "pages")
    spill = Spill(tmp_path / "own")
    assert (tmp_path / "own").stat().st_mode & 0o777 == 0o600
    spill.close()


def _config(tmp_path: Path) -> MkDocsConfig:
    config = MkDocsConfig()
    (tmp_path / "docs").mkdir()
    config.load_dict(
        {"site_name": "t", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")}
    )
    errors, _ = config.validate()
    assert not errors
    config.plugins._current_plugin = "regulations"  # as while MkDocs runs the plugin's on_files
    return config


def test_mkdocs_reads_a_spilled_file_as_the_same_bytes_in_a_file_of_its_own(tmp_path: Path) -> None:
    config = _config(tmp_path)
    spill = Spill(tmp_path / "pages")
    for uri, content in CONTENTS.items():
        spill.put(uri, content)
        own = tmp_path / "own" / uri
        own.parent.mkdir(parents=True, exist_ok=True)
        own.write_bytes(content.encode("utf-8"))
        spilled = SpilledFile.of(config, uri, spill)
        as_file = File.generated(config, uri, abs_src_path=str(own))
        assert spilled.content_string == as_file.content_string  # universal newlines, no BOM
        assert spilled.content_bytes == as_file.content_bytes
        assert (spilled.url, spilled.dest_uri, spilled.generated_by) == (
            as_file.url,
            as_file.dest_uri,
            as_file.generated_by,
        )
        spilled.copy_file()
        assert Path(spilled.abs_dest_path).read_bytes() == content.encode("utf-8")
    spill.close()


def test_content_another_plugin_sets_replaces_the_spilled_one(tmp_path: Path) -> None:
    config = _config(tmp_path)
    spill = Spill(tmp_path / "pages")
    spill.put("index.md", "# Spilled\n")
    file = SpilledFile.of(config, "index.md", spill)
    file.content_string = "# Replaced\n"
    assert file.content_string == "# Replaced\n" and file.content_bytes == b"# Replaced\n"
    file.copy_file()
    assert Path(file.abs_dest_path).read_text(encoding="utf-8") == "# Replaced\n"
    spill.close()

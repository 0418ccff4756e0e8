"""Where `init --github` finds the release of the installed version (governance.gate.releases), on real
distribution metadata in temporary folders (importlib.metadata reads them as it reads an installed one)
and a release's files in a folder (file://)."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import pytest

from governance.errors import GovernanceError
from governance.gate.releases import installed_release

VERSION = "1.2.3"
WHEEL = f"regulation_governance-{VERSION}-py3-none-any.whl"
WHEEL_SHA256, LIST_SHA256 = "a" * 64, "b" * 64


def _installed(
    tmp_path: Path, *, project_urls: tuple[str, ...] = (), direct_url: object = None
) -> metadata.Distribution:
    info = tmp_path / f"regulation_governance-{VERSION}.dist-info"
    info.mkdir()
    lines = ["Metadata-Version: 2.1", "Name: regulation-governance", f"Version: {VERSION}"]
    lines += [f"Project-URL: {url}" for url in project_urls]
    (info / "METADATA").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if direct_url is not None:
        (info / "direct_url.json").write_text(json.dumps(direct_url), encoding="utf-8")
    return metadata.PathDistribution(info)


def _release(tmp_path: Path) -> str:
    folder = tmp_path / "release"
    folder.mkdir()
    sums = f"{WHEEL_SHA256}  {WHEEL}\n{LIST_SHA256} *requirements-{VERSION}.txt\n"
    (folder / "SHA256SUMS").write_text(sums, encoding="utf-8")
    return folder.as_uri()


def test_the_release_given_is_pinned_by_its_sha256sums(tmp_path: Path) -> None:
    folder = _release(tmp_path)
    release = installed_release(folder + "/", _installed(tmp_path))
    assert (release.version, release.wheel_url, release.wheel_sha256) == (
        VERSION,
        f"{folder}/{WHEEL}",
        WHEEL_SHA256,
    )
    assert (release.requirements_url, release.requirements_sha256) == (
        f"{folder}/requirements-{VERSION}.txt",
        LIST_SHA256,
    )


def test_the_wheel_installed_here_must_be_the_releases(tmp_path: Path) -> None:
    installed = _installed(
        tmp_path,
        direct_url={"url": f"file:///downloads/{WHEEL}", "archive_info": {"hashes": {"sha256": "c" * 64}}},
    )
    with pytest.raises(GovernanceError) as refused:
        installed_release(_release(tmp_path), installed)
    assert f"the wheel installed here (sha256 {'c' * 64}) is not {WHEEL}" in refused.value.render()


@pytest.mark.parametrize(
    ("project_urls", "direct_url", "looked_at"),
    [
        # Installed by the release's address: its folder (a file:// address of a download is not used).
        (
            ("Releases, https://example.invalid/other/releases",),
            {"url": f"https://example.invalid/o/r/releases/download/v{VERSION}/{WHEEL}", "archive_info": {}},
            f"https://example.invalid/o/r/releases/download/v{VERSION}/SHA256SUMS",
        ),
        # Else the package's Releases URL, and the version's tag.
        (
            ("Homepage, https://example.invalid/", "Releases, https://example.invalid/o/r/releases/"),
            {"url": f"file:///downloads/{WHEEL}", "archive_info": {}},
            f"https://example.invalid/o/r/releases/download/v{VERSION}/SHA256SUMS",
        ),
    ],
)
def test_without_an_address_given_the_installed_wheel_says_where_its_release_is(
    tmp_path: Path, project_urls: tuple[str, ...], direct_url: object, looked_at: str
) -> None:
    with pytest.raises(GovernanceError) as unreachable:  # example.invalid never resolves
        installed_release(None, _installed(tmp_path, project_urls=project_urls, direct_url=direct_url))
    assert f"cannot read {looked_at}" in unreachable.value.render()


def test_a_source_install_names_the_option_to_give(tmp_path: Path) -> None:
    editable = _installed(tmp_path, direct_url={"url": "file:///src", "dir_info": {"editable": True}})
    with pytest.raises(GovernanceError) as unknown:
        installed_release(None, editable)
    assert "give --tool-release URL" in unknown.value.render()
    assert f"releases/download/v{VERSION}" in unknown.value.render()

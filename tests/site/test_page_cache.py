"""The incremental build (governance.site.page_cache): a build that reuses the last build's undated pages
publishes byte for byte what a fresh build publishes, on a day when only the date moved and on a day when
a version comes into force; a damaged or foreign cache is a miss, never a page."""

from __future__ import annotations

import gzip
import json
import shutil
import tempfile
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from governance.site.builder import Page
from governance.site.embedding import embed, expand, reembedded, unembedded
from governance.site.page_cache import FILE, PageCache
from governance.site.render import render_site
from tests.testing import site_works as w
from tests.testing.sshkeys import Keys

DAY_AFTER = date(2027, 1, 16)  # nothing comes into force between BUILD_TODAY and this day
IN_FORCE_DAY = date(2027, 6, 1)  # the second amendment comes into force: every state is looked at again


@pytest.fixture(scope="module")
def built(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> w.BuiltSite:
    return w.build_governed_site(keys, tmp_path_factory)


def copy_of(built: w.BuiltSite, folder: Path) -> Path:
    repo = folder / "repo"
    shutil.copytree(built.repo, repo, symlinks=True, ignore=shutil.ignore_patterns("public"))
    return repo


def mkdocs_build(repo: Path, day: date, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """`mkdocs build --strict` as of `day`; every published file's bytes by path. The generated pages
    wait in a temporary folder while MkDocs builds them (governance.site.spill): gone after."""
    monkeypatch.setenv("GOVERNANCE_TODAY", day.isoformat())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # the sitemap's date: the same in both builds
    shutil.rmtree(repo / "public", ignore_errors=True)
    temporary = repo.parent / "temporary"
    temporary.mkdir(exist_ok=True)
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    build(load_config(config_file=str(repo / "mkdocs.yml"), strict=True))
    assert list(temporary.iterdir()) == []
    public = repo / "public"
    return {
        path.relative_to(public).as_posix(): path.read_bytes() for path in public.rglob("*") if path.is_file()
    }


@pytest.mark.parametrize("day", [DAY_AFTER, IN_FORCE_DAY])
def test_a_build_with_the_cache_publishes_what_a_fresh_build_publishes(
    built: w.BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, day: date
) -> None:
    repo = copy_of(built, tmp_path)
    cache = PageCache.of(repo)
    assert cache.path == repo / ".git" / FILE and cache.path.is_file()  # the shared build kept its pages
    key = render_site(repo, day).key
    reused = cache.load(key)
    # Only the date moved: the history, redlines and comparisons are reused; a version coming into force
    # changes the key, and every page is made again.
    assert bool(reused) == (day == DAY_AFTER)
    if reused:
        assert any(uri.endswith("/redline.md") for uri in reused)
        assert any(uri.endswith("/history.md") for uri in reused)
    cached = mkdocs_build(repo, day, monkeypatch)
    cache.path.unlink()
    fresh = mkdocs_build(repo, day, monkeypatch)
    assert sorted(cached) == sorted(fresh)
    different = [path for path in fresh if cached[path] != fresh[path]]
    assert different == []
    assert cache.load(key)  # the fresh build kept its pages for the next


def test_the_pages_kept_are_those_a_fresh_render_makes(built: w.BuiltSite, tmp_path: Path) -> None:
    repo = copy_of(built, tmp_path)
    cache = PageCache(tmp_path / "cache" / "pages.json.gz")
    first = render_site(repo, DAY_AFTER, cache=cache)
    kept = cache.path.read_bytes()
    again = render_site(repo, DAY_AFTER, cache=cache)
    fresh = render_site(repo, DAY_AFTER)
    assert [(p.uri, expand(p.content)) for p in again.pages] == [
        (p.uri, expand(p.content)) for p in fresh.pages
    ]
    assert cache.path.read_bytes() == kept  # everything reused: nothing written again
    undated = cache.load(first.key)
    assert len(undated) > 5
    pages = {p.uri: expand(p.content) for p in fresh.pages}
    assert any(uri in pages for uri in undated)
    assert all(pages[uri] == expand(content) for uri, content in undated.items() if uri in pages)
    assert again.unresolved_links == fresh.unresolved_links
    # The texts of the main and version pages are kept too: a daily build renders none of them again.
    assert any(key.endswith("/index.md#text") for key in undated)


def test_a_build_that_fails_keeps_the_last_cache(built: w.BuiltSite, tmp_path: Path) -> None:
    """The kept pages are written as they are made: a build that stops half-way leaves the last whole
    file, never a part of its own."""
    repo = copy_of(built, tmp_path)
    cache = PageCache(tmp_path / "cache" / "pages.json.gz")
    cache.save("another build", {"a.md": "# A\n"})
    kept = cache.path.read_bytes()

    def stop(page: Page) -> None:
        if page.uri.endswith("/history.md"):
            raise RuntimeError("stopped")

    with pytest.raises(RuntimeError, match="stopped"):
        render_site(repo, DAY_AFTER, cache=cache, emit=stop)
    assert cache.path.read_bytes() == kept
    assert sorted(p.name for p in cache.path.parent.iterdir()) == [cache.path.name]  # no staging left


def test_a_cache_that_cannot_be_written_costs_no_page(built: w.BuiltSite, tmp_path: Path) -> None:
    repo = copy_of(built, tmp_path)
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder", encoding="utf-8")
    cache = PageCache(blocked / "pages.json.gz")
    assert [p.uri for p in render_site(repo, DAY_AFTER, cache=cache).pages] == [
        p.uri for p in render_site(repo, DAY_AFTER).pages
    ]


def members(path: Path) -> list[Any]:
    """The kept file's lines, each a gzip member of its own: header, a line per page, index, tail."""
    data, lines = path.read_bytes(), []
    while data:
        reader = zlib.decompressobj(31)
        lines.append(json.loads(reader.decompress(data)))
        data = reader.unused_data
    return lines


def damaged(path: Path, change: Callable[[list[Any]], None]) -> None:
    """Rewrite the kept file with `change` applied to its lines, each compressed again as it was."""
    lines = members(path)
    change(lines)
    written = [json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for line in lines]
    tail = len(written) - 1 if "digest" in lines[-1] else None  # the tail is stored, not compressed
    path.write_bytes(
        b"".join(zlib.compress(w, 0 if i == tail else 1, wbits=31) for i, w in enumerate(written))
    )


def test_the_kept_file_is_gzip_of_json_lines_and_each_page_is_read_when_asked_for(tmp_path: Path) -> None:
    cache = PageCache(tmp_path / "pages.json.gz")
    pages = {f"p{n}.md": f"# Page {n}\n" + embed(f"<p>text {n}</p>") for n in range(50)}
    cache.save("k", pages)
    lines = [json.loads(line) for line in gzip.decompress(cache.path.read_bytes()).splitlines()]
    assert [line[0] for line in lines[1:51]] == list(pages)  # gzip -dc reads it: a line per page
    kept = cache.load("k")
    assert len(kept) == 50 and sorted(kept) == sorted(pages)
    assert {uri: expand(kept[uri]) for uri in kept} == {uri: expand(page) for uri, page in pages.items()}
    kept.close()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda lines: lines[0].__setitem__("key", "0" * 64), id="another key"),
        pytest.param(lambda lines: lines[0].__setitem__("format", 2), id="another format"),
        pytest.param(lambda lines: lines.pop(), id="cut short"),
        pytest.param(lambda lines: lines.append(["b.md", ["# B"]]), id="a page after the tail"),
        pytest.param(lambda lines: lines[-2]["pages"].append(["b.md", 0, 9, "0" * 64]), id="index edited"),
        pytest.param(lambda lines: lines[-1].__setitem__("index", "0" * 16), id="tail edited"),
    ],
)
def test_a_damaged_or_foreign_cache_is_a_miss(tmp_path: Path, change: Callable[[list[Any]], None]) -> None:
    cache = PageCache(tmp_path / "pages.json.gz")
    cache.save("k", {"a.md": "# A\n" + embed("<p>text</p>") + "after\n", "b.md": "# B\n"})
    assert expand(cache.load("k")["a.md"]) == "# A\n\n\n<p>text</p>\n\nafter\n"
    damaged(cache.path, lambda lines: None)
    again = cache.load("k")  # rewritten as it was: still whole
    assert expand(again["a.md"]) == "# A\n\n\n<p>text</p>\n\nafter\n" and again["b.md"] == "# B\n"
    damaged(cache.path, change)
    assert cache.load("k") == {}
    cache.path.write_bytes(b"not gzip")
    assert cache.load("k") == {}
    cache.path.unlink()
    assert cache.load("k") == {}


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda member: member[:20] + bytes([member[20] ^ 1]) + member[21:], id="a byte changed"),
        pytest.param(lambda member: bytes(len(member)), id="zeroed"),
        pytest.param(lambda member: zlib.compress(b'["b.md",["# Forged"]]\n', 1, wbits=31), id="forged"),
    ],
)
def test_a_damaged_page_is_a_miss_of_that_page(tmp_path: Path, damage: Callable[[bytes], bytes]) -> None:
    """A page is served only as it was kept: one whose bytes are not those its index names is made again."""
    cache = PageCache(tmp_path / "pages.json.gz")
    cache.save("k", {"a.md": "# A\n", "b.md": "# B\n"})
    data = cache.path.read_bytes()
    _, at, length, _ = members(cache.path)[-2]["pages"][1]
    member = damage(data[at : at + length])[:length].ljust(
        length, b"\0"
    )  # the same length: the rest in place
    cache.path.write_bytes(data[:at] + member + data[at + length :])
    kept = cache.load("k")
    assert kept.get("b.md") is None
    assert kept["a.md"] == "# A\n"


def test_kept_text_is_marked_with_each_builds_own_secret() -> None:
    page = "# Title\n" + embed("<h2>Article 1</h2>") + "<!-- governance-html 00 UExB -->\n"
    segments = unembedded(page)
    assert segments[1] != "" and len(segments) == 3
    # A marker written in the page (not made by embed) stays text: it carries no secret.
    assert "<!-- governance-html 00 UExB -->" in segments[2]
    assert reembedded(segments) == page
    assert reembedded([*segments, "x"]) is None
    assert reembedded([segments[0], "not base64!", segments[2]]) is None

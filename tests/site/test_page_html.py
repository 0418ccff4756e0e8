"""A generated page's HTML made without Python-Markdown (governance.site.page_html) is the very HTML
Python-Markdown makes, with the same table of contents, anchors and title, or the page goes to
Python-Markdown: as a property over Markdown made of the site's forms and of markup it refuses, and on
the real build, whose every file is the same byte for byte with and without it."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs.structure.pages import (
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
)
from pymdownx.slugs import slugify  # type: ignore[import-untyped]

from governance.site import mkdocs_plugin
from governance.site.page_html import Converted, page_html
from tests.testing import site_works as w

EXTENSIONS = [
    "toc",
    "tables",
    "fenced_code",
    "admonition",
    "attr_list",
    "md_in_html",
    "governance.site.cjk_breaks",
]
SLUGIFY = slugify(case="lower")


def python_markdown(source: str) -> tuple[str, list[dict[str, Any]], set[str], str | None]:
    """What MkDocs' Page.render makes of `source`: HTML, toc tokens, anchors, title (no link rewriting)."""
    md = markdown.Markdown(
        extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True, "slugify": SLUGIFY}}
    )
    raw = _RawHTMLPreprocessor()
    raw._register(md)
    anchors = _ExtractAnchorsTreeprocessor(None, None, None)  # type: ignore[arg-type]
    anchors._register(md)
    title = _ExtractTitleTreeprocessor()
    title._register(md)
    html = md.convert(source)
    return html, md.toc_tokens, anchors.present_anchor_ids | raw.present_anchor_ids, title.title


def direct(source: str) -> Converted | None:
    return page_html(
        source, url=lambda href: href, slugify=SLUGIFY, permalink="&para;", permalink_title="Permanent link"
    )


def assert_same(source: str) -> bool:
    converted = direct(source)
    if converted is None:
        return False
    html, tokens, anchors, title = python_markdown(source)
    assert converted.html == html
    assert converted.toc_tokens == tokens
    assert converted.anchor_ids == anchors
    assert converted.title == title
    return True


VERSION_PAGE = """<p class="governance-kicker governance-kicker--past" markdown>Historical version</p>



<!-- governance-html 0123 QUJD -->

!!! danger "Historical version: no longer in force"

    This text was in force from <span class='governance-nowrap'>2007-10-09</span>. [Read the text in force today](../index.md).

<details class="info governance-panel" markdown>
<summary>About this text: in force from <span class='governance-nowrap'>2007-10-09</span></summary>

- **Status:** in force from <span class='governance-nowrap'>2007-10-09</span>
- **This text:** adopted by resolution **<span class='governance-nowrap'>[BD-2007-063](../../../resolutions/BD-2007-063/index.md)</span>** (<span class='governance-nowrap'>2007-10-09</span>)
- **Digest:** <code class="governance-digest">sha256:58e7</code> — [download](reg.md.txt) and run `git show edc7:regulations/reg_1.md | sha256sum`, allowed_signers

</details>


<!-- governance-html 0123 QUJD -->


<p class="governance-print-footer" data-search-exclude>Regulation, at <span data-governance-url="./">x/</span>.</p>
"""

HISTORY_PAGE = """# Regulation &#40;draft&#41;: history

[The regulation's page](index.md). Every adopted version, newest first.

| Version | Resolution | Record |
| --- | --- | --- |
| [<span class='governance-nowrap'>2018-06-28</span>](2018-06-28/index.md) | [BD-2018-1](../../resolutions/BD-2018-1/index.md) (Board) | `resolutions/a.yml`: [file](a.yml.txt) |

## Compare a version { #compare }

<form class="governance-on-form" method="get">
<label for="governance-on-date">Date</label>
<input type="date" id="governance-on-date" name="date" required>
</form>

<script type="application/json" id="governance-periods">{"a": "<b id='x'>"}</script>
<script src="../compare.js" defer></script>

## Compare

- 新旧対照表 [Article 1](2018-06-28/redline.md#article-1)
"""


@pytest.mark.parametrize("source", [VERSION_PAGE, HISTORY_PAGE])
def test_the_site_pages_forms_are_made_directly_and_the_same(source: str) -> None:
    assert assert_same(source)  # made without Python-Markdown, and the same


@pytest.mark.parametrize(
    "source",
    [
        "a line\nand a soft break",  # the cjk_breaks rule
        "some *emphasis*",
        "some _emphasis_",
        "an \\*escape",
        "a bare & ampersand",
        "a < b",
        "![an image](x.png)",
        "<https://example.org>",
        "    code",
        "1. a list",
        "* a list",
        "***",
        "> quoted",
        "# A `code` heading",
        "[a][ref]\n\n[ref]: https://example.org",
        "<div markdown>x</div>",
        '<p id="x" markdown>x</p>',
        "text {: .class }",
        "- a\n\n- loose",
        "| a |\n| :-: |\n| b |",
        "```\nfenced\n```",
    ],
)
def test_markup_outside_the_forms_goes_to_python_markdown(source: str) -> None:
    assert direct(source) is None


_PIECES = st.sampled_from(
    [
        "word", "語", "Regulation 00001", " ", "  ", "\n", "\n\n", "*", "**", "_", "a_b", "`", "`x`", "[", "]",
        "(", ")", "[t](a.md)", "[t](a.md#x)", "<", ">", "&", "&#60;", "&amp;", "!", "#", "# ", "## ", "|",
        "{", "}", "{ #id }", "- ", "1. ", "    ", "\\", "~", "=", ":", "'", '"', "<span class='n'>", "</span>",
        '<span id="s">', "<code>", "</code>", "<div>", "</div>", '<div id="d">', "<!-- c -->", "<p>", "</p>",
        '<p class="k" markdown>', '<details class="info" markdown>\n<summary>S</summary>\n\n', "\n</details>",
        '!!! note "T"\n\n    ', "| a | b |\n| --- | --- |\n| ", " | ", " |", "<script>", "</script>",
    ]
)  # fmt: skip


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=24).map("".join))
@example("- **Status:** in force\n- **Body:** Board")
@example("# Title\n\n# Title\n\n## Title { #title_1 }")
@example(
    "!!! warning \"A <span class='n'>x</span> **b**\"\n\n    body **s** [l](u.md)\n\n    second\n\nafter"
)
def test_whatever_is_made_directly_is_what_python_markdown_makes(source: str) -> None:
    assert_same(source)


_INLINE = st.lists(
    st.sampled_from(
        [
            *["word", "語の", "Board of Directors", " ", "**Status:**", "`code`", "`a | b`", "[link](x.md)"] * 3,
            *["[**b**](../y/index.md#z)", "<span class='n'>", "</span>", '<a id="q">', "</a>", "&#40;"] * 3,
            *["snake_case", "(", ")", ":", "—", "'", '"', "@", "**", "&para;"] * 2,
            *['[l](x.md){ .c hreflang="ja" lang="ja" }', "[l](x.md){: .c .d }", "{ .e }", ' k="v" }'] * 2,
            "_", "*", "|", "#", "<", "&", "!", "[", "]", "{", "}", "=", "-", "1.", "~", "\\", "  ",
        ]
    ),
    min_size=1,
    max_size=8,
).map("".join)  # fmt: skip
_BLOCK = st.one_of(
    st.builds(lambda level, text: "#" * level + " " + text, st.integers(1, 3), _INLINE),
    st.builds(
        lambda text, anchor: f"## {text} {{ #{anchor} }}", _INLINE, st.sampled_from(["a", "compare", "w"])
    ),
    _INLINE,
    st.lists(_INLINE.map("- {}".format), min_size=1, max_size=3).map("\n".join),
    st.builds('!!! {} "{}"\n\n    {}'.format, st.sampled_from(["note", "danger"]), _INLINE, _INLINE),
    st.builds(
        lambda a, b, c, d: f"| {a} | {b} |\n| --- | --- |\n| {c} | {d} |", _INLINE, _INLINE, _INLINE, _INLINE
    ),
    st.builds(
        "<p {} markdown>{}</p>".format,
        st.sampled_from(
            ['class="k"', 'role="status" class="k"', "class='a' data-x=\"1\"", 'id="p"', "Class='k'"]
        ),
        _INLINE,
    ),
    st.builds(
        '<details class="info governance-panel" markdown>\n<summary>{}</summary>\n\n- {}\n\n</details>'.format,
        _INLINE,
        _INLINE,
    ),
    st.sampled_from(
        [
            "<!-- governance-html 01 QUJD -->",
            '<div class="x"></div>',
            '<script type="application/json" id="j">{"a": "<b id=\'x\'>"}</script>\n<script src="a.js" defer></script>',
            '<form method="get">\n<label for="d">Date</label>\n<input id="d">\n</form>',
        ]
    ),
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_BLOCK, min_size=1, max_size=6).map("\n\n".join))
@example('<p role="status" class="k" markdown>t</p>')  # Python-Markdown writes attributes by name
@example(
    '<p class="governance-languages" markdown>Language: [日本語](../x.ja/index.md){ .governance-language '
    'hreflang="ja" lang="ja" } · Side by side: [English / 日本語](b.md){ .governance-bilingual-link }</p>'
)
def test_pages_of_the_sites_forms_are_made_as_python_markdown_makes_them(source: str) -> None:
    assert_same(source)


def test_the_built_site_is_the_same_byte_for_byte_without_python_markdown(
    built: w.BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test site (originals, a Japanese translation, redlines, records) built again with every page
    converted by Python-Markdown: each published file is the same, and every generated page was made
    directly (a page the renderer writes in a new form goes to Python-Markdown: teach page_html the form)."""
    pages: list[tuple[str, bool]] = []

    def counted(source: str, **options: Any) -> Converted | None:
        result = page_html(source, **options)
        pages.append((source, result is not None))
        return result

    def build(folder: Path, convert: Any) -> Path:
        shutil.copytree(
            built.repo, folder, symlinks=True, ignore=shutil.ignore_patterns("public", "site", "mkdocs.yml")
        )
        shutil.rmtree(folder / ".git" / "governance", ignore_errors=True)  # a first build, no page cache
        monkeypatch.setattr(mkdocs_plugin, "page_html", convert)
        assert w.mkdocs_build(folder) == []
        return folder / "public"

    direct_site = build(tmp_path / "direct", counted)
    reference = build(tmp_path / "reference", lambda source, **options: None)
    assert len(pages) > 20 and [source for source, direct in pages if not direct] == []
    assert _differences(filecmp.dircmp(direct_site, reference)) == []


def _differences(compared: filecmp.dircmp[str]) -> list[str]:
    found = [*compared.left_only, *compared.right_only, *compared.funny_files]
    _, mismatch, errors = filecmp.cmpfiles(
        compared.left, compared.right, compared.common_files, shallow=False
    )
    found += mismatch + errors
    for sub in compared.subdirs.values():
        found += _differences(sub)
    return found


@pytest.fixture(scope="module")
def built(keys: Any, tmp_path_factory: pytest.TempPathFactory) -> w.BuiltSite:
    return w.build_governed_site(keys, tmp_path_factory)


def test_addresses_are_made_in_the_pages_order_and_only_for_a_page_made_directly() -> None:
    made: list[str] = []

    def url(href: str) -> str:
        made.append(href)
        return href.removesuffix("index.md")

    options: dict[str, Any] = {"slugify": SLUGIFY, "permalink": "&para;", "permalink_title": "Permanent link"}
    assert page_html("[a](x/index.md) and *emphasis*", url=url, **options) is None
    assert made == []  # MkDocs warns of an address it cannot resolve: Python-Markdown will, once
    converted = page_html("# T\n\n[a](x/index.md)\n\n## U", url=url, **options)
    assert converted is not None and '<a href="x/">a</a>' in converted.html
    assert made == ["#t", "x/index.md", "#u"]

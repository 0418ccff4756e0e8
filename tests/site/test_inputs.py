"""The site reads only governed inputs: the policy (governance.site.inputs) on a table of cases, then a
real `mkdocs build` of a governed repository with the `regulations` plugin refusing each kind of input."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from governance.site.inputs import HandWritten, generated_collisions, input_refusals, script_in
from tests.testing.governed import Governed

MKDOCS = """site_name: Internal regulations
docs_dir: {docs}
site_dir: public
theme: {{name: mkdocs}}
plugins: [search, regulations]
"""


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ("<p>Article 1</p>", None),
        ("<p>Use <code>&lt;script&gt;</code> never</p>", None),  # a mention in a code span is text
        ("<script>document.body.remove()</script>", "a <script> element"),
        ("<SCRIPT src=x.js></SCRIPT>", "a <script> element"),
        ('<img src="x.png" onerror="alert(1)">', "an event handler attribute (onerror=)"),
        ('<svg/onload="alert(1)">', "an event handler attribute (onload=)"),
        ('<a href="javascript:navigator.serviceWorker.register(1)">x</a>', "a javascript: address"),
        ('<iframe srcdoc="&lt;script&gt;"></iframe>', "a <iframe> element"),
        ('<object data="data:text/html,x"></object>', "a <object> element"),
        ('<meta http-equiv="refresh" content="0;url=/evil/">', "a <meta http-equiv> element"),
        ('<base href="https://elsewhere.example/">', "a <base> element"),
        ("<p>one said: on=2</p>", None),
        ("<p>a <code>javascript:</code> address is refused</p>", None),  # the word, not an address
    ],
)
def test_script_in_finds_markup_that_runs_script(html: str, found: str | None) -> None:
    assert script_in(html) == found


def governed(path: str) -> bool:
    return path.startswith("site/")


def test_hand_written_files_must_be_governed_and_stay_out_of_the_generated_pages() -> None:
    generated = {"regulations/bribery-prevention/index.html": "regulations/bribery-prevention/index.md"}
    files = [
        HandWritten("guides/legal.md", "guides/legal/index.html"),
        HandWritten("regulations/bribery-prevention.md", "regulations/bribery-prevention/index.html"),
        HandWritten("regulations/fake/2030-01-01.md", "regulations/fake/2030-01-01/index.html"),
    ]

    refusals = input_refusals(files, generated, docs_dir="site", governed=governed)
    assert refusals == [
        "site/regulations/bribery-prevention.md would be published where the generated page "
        "regulations/bribery-prevention/index.md is (regulations/bribery-prevention/index.html); "
        "rename or remove it",
        "site/regulations/fake/2030-01-01.md is in regulations/, where only the pages generated from the "
        "approved texts are published; move it elsewhere in the docs folder",
    ]
    [ungoverned] = input_refusals(files[:1], {}, docs_dir="docs", governed=governed)
    assert ungoverned.startswith("docs/guides/legal.md is not a governed file")


def test_generated_pages_that_collide_are_named() -> None:
    pages = [
        ("regulations/a/history.md", "regulations/a/history/index.html"),
        ("regulations/a/history/index.md", "regulations/a/history/index.html"),
        ("regulations/b/index.md", "regulations/b/index.html"),
    ]
    [refusal] = generated_collisions(pages)
    assert "regulations/a/history.md and regulations/a/history/index.md" in refusal
    assert "a regulation id collides" in refusal


# --- A real build ----------------------------------------------------------------------------------------


@pytest.fixture
def site(gov: Governed) -> Iterator[Governed]:
    saved = os.environ.get("GOVERNANCE_TODAY")
    os.environ["GOVERNANCE_TODAY"] = "2026-12-01"
    yield gov
    if saved is None:
        os.environ.pop("GOVERNANCE_TODAY", None)
    else:
        os.environ["GOVERNANCE_TODAY"] = saved


def build_site(gov: Governed, files: dict[str, str], docs: str = "site") -> None:
    (gov.path / "mkdocs.yml").write_text(MKDOCS.format(docs=docs), encoding="utf-8")
    (gov.path / docs).mkdir(exist_ok=True)
    for path, text in files.items():
        target = gov.path / docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    # Not strict: the generated home page links to guides these sites do not have.
    build(load_config(config_file=str(gov.path / "mkdocs.yml"), strict=False))


def test_a_governed_guide_that_mentions_script_is_published(site: Governed) -> None:
    build_site(site, {"guides/admin.md": "# Admin\n\nA page may not carry `<script>` or `onclick=`.\n"})
    page = (site.path / "public" / "guides" / "admin" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page
    assert (site.path / "public" / "regulations" / "bribery-prevention" / "index.html").is_file()


@pytest.mark.parametrize(
    ("files", "docs", "reason"),
    [
        ({"notice.md": "# Notice\n"}, "docs", "docs/notice.md is not a governed file"),
        (
            {"guides/legal.md": '# Legal\n\n<img src="x.png" onerror="rewrite()">\n'},
            "site",
            "site/guides/legal.md carries an event handler attribute (onerror=)",
        ),
        (
            {"guides/sw.md": "# Offline\n\n<script>navigator.serviceWorker.register('/sw.js')</script>\n"},
            "site",
            "site/guides/sw.md carries a <script> element",
        ),
        (
            {"badge.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'},
            "site",
            "site/badge.svg carries a <script> element",
        ),
        (
            {"regulations/bribery-prevention.md": "# Bribery Prevention Regulations\n\nAnything.\n"},
            "site",
            "would be published where the generated page regulations/bribery-prevention/index.md is",
        ),
    ],
    ids=["ungoverned", "event-handler", "service-worker", "svg-script", "shadow"],
)
def test_the_build_refuses_inputs_outside_the_policy(
    site: Governed, files: dict[str, str], docs: str, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises((PluginError, Abort)):
        build_site(site, files, docs)
    assert reason in caplog.text
    assert not (site.path / "public" / "regulations").exists()

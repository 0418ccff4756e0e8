"""The site reads only governed inputs: the policy (governance.site.inputs) on a table of cases, then a
real `mkdocs build` of a governed repository with the `regulations` plugin refusing each kind of input."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from governance.site.active_markup import active_markup
from governance.site.inputs import (
    HandWritten,
    front_matter_refusal,
    generated_collisions,
    input_refusals,
    page_refusal,
    static_refusal,
)
from tests.testing.governed import Governed

MKDOCS = """site_name: Internal regulations
docs_dir: {docs}
site_dir: public
theme: {{name: mkdocs}}
plugins: [search, regulations]
"""


# Every way we know to carry script, embed, load or restyle, as a hand-written page's HTML may hold it.
HOSTILE = [
    ("<script>document.body.remove()</script>", "a <script> element"),
    ("<SCRIPT src=x.js></SCRIPT>", "a <script> element"),
    ("<script/src=x.js></script>", "a <script> element"),
    # A browser reads a tag "scr<script" here; whatever it reads, a raw opening is refused as written.
    ("<scr<script>ipt>alert(1)</script>", "a <script> element that is not plainly written"),
    ('<img src="x.png" onerror="alert(1)">', "an event handler attribute (onerror=)"),
    ('<img/src="x"/onerror=alert(1)>', "an event handler attribute (onerror=)"),
    ("<img src=x\nONLOAD=alert(1)>", "an event handler attribute (onload=)"),
    ('<svg/onload="alert(1)">', "an event handler attribute (onload=)"),
    ("<details open ontoggle=alert(1)>", "an event handler attribute (ontoggle=)"),
    ('<a href="javascript:alert(1)">x</a>', "a javascript: address (href=)"),
    ('<a href=" JaVaScRiPt:alert(1)">x</a>', "a javascript: address (href=)"),
    ('<a href="java\tscript:alert(1)">x</a>', "a javascript: address (href=)"),
    ('<a href="&#106;avascript&#58;alert(1)">x</a>', "a javascript: address (href=)"),
    ('<a href="&#x6A;ava&#x09;script:alert(1)">x</a>', "a javascript: address (href=)"),
    ('<a href="vbscript:msgbox(1)">x</a>', "a vbscript: address (href=)"),
    ('<form action="javascript:alert(1)"><button>go</button></form>', "a javascript: address (action=)"),
    ('<button formaction="javascript:alert(1)">go</button>', "a javascript: address (formaction=)"),
    ('<math><mi xlink:href="javascript:alert(1)">x</mi></math>', "a javascript: address (xlink:href=)"),
    (
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        "a data: address that is not an image (href=)",
    ),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', "a data: address that is not an image (src=)"),
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "a <iframe> element"),
    ('<iframe src="https://elsewhere.example/"></iframe>', "a <iframe> element"),
    ('<object data="x.swf"></object>', "a <object> element"),
    ('<embed src="x.swf">', "a <embed> element"),
    ("<applet code=x></applet>", "a <applet> element"),
    ('<frameset><frame src="x"></frameset>', "a <frameset> element"),
    ('<portal src="https://elsewhere.example/"></portal>', "a <portal> element"),
    ('<base href="https://elsewhere.example/">', "a <base> element"),
    ('<link rel="stylesheet" href="https://elsewhere.example/x.css">', "a <link> element"),
    ('<link rel="modulepreload" href="/x.js">', "a <link> element"),
    ('<meta http-equiv="refresh" content="0;url=/evil/">', "a <meta http-equiv> element"),
    ('<META HTTP-EQUIV="Set-Cookie" content="a=b">', "a <meta http-equiv> element"),
    ("<svg><script>alert(1)</script></svg>", "a <script> element"),
    ('<svg><script xlink:href="data:,alert(1)"></script></svg>', "a <script> element"),
    (
        '<svg><a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>',
        "an SVG <set> of href",
    ),
    ('<svg><animate attributeName="onbegin" values="alert(1)"/></svg>', "an SVG <animate> of onbegin"),
    ('<svg><foreignObject><iframe src="x"></iframe></foreignObject></svg>', "a <iframe> element"),
    ("<p>x</p><script>navigator.serviceWorker.register('/sw.js')</script>", "a <script> element"),
    ("<style>.md-typeset h2 { display: none }</style>", "a <style> element"),
    ("<svg><style>text { display: none }</style></svg>", "a <style> element"),
    ('<p style="display:none">Article 7</p>', "a style attribute"),
    ("<!-- a comment <script>alert(1)</script> -->", "a <script> element that is not plainly written"),
    # Where this parser and a browser's read differently, the raw text decides: in a browser <noscript> ends
    # inside the attribute, and in SVG a <style> holds elements.
    (
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
        "an event handler attribute (onerror=) that is not plainly written",
    ),
    ('<a href="&#x1;javascript&colon;alert(1)">x</a>', "a javascript: address (href=)"),
    (
        "<?xml-stylesheet href='x.xsl' type='text/xsl'?><doc/>",
        "an xml-stylesheet instruction (a stylesheet can make script)",
    ),
    # A browser opens .svg and .xhtml with an XML parser: a prefix naming SVG's namespace is still script,
    # and a document type's own entities expand into markup.
    (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg"><s:script>alert(1)'
        "</s:script></svg>",
        "a <s:script> element",
    ),
    (
        '<!DOCTYPE svg [<!ENTITY x "&#60;script&#62;alert(1)&#60;/script&#62;">]><svg>&x;</svg>',
        "a document type with its own declarations (an XML parser expands them into markup)",
    ),
    (
        '<xsl:template match="/"><p>x</p></xsl:template>',
        "an XSLT element (<xsl:template>), which can make script",
    ),
]
HARMLESS = [
    "<p>Article 1</p>",
    "<p>Use <code>&lt;script&gt;</code> never</p>",  # a mention in a code span is text
    "<p>one said: on=2</p>",
    "<p>a <code>javascript:</code> address is refused</p>",  # the word, not an address
    '<p><a href="https://example.com/guide?on=1">a guide</a> <img src="data:image/png;base64,iVBOR" alt="x"></p>',
    '<table><tr><td align="center">1</td></tr></table>',
    '<a href="#article-7" title="Article 7">Article 7</a>',
    '<svg viewBox="0 0 1 1"><circle r="1"/></svg>',
    '<meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    "<p>linkage and metadata are words</p>",
    '<img src="chart.png" alt="Data: reports by company" title="data: 2026">',  # text, not an address
]


@pytest.mark.parametrize(("html", "found"), HOSTILE)
def test_a_page_that_carries_script_an_embedding_or_a_style_is_refused(html: str, found: str) -> None:
    assert active_markup(html, styles=True) == found
    refusal = page_refusal("site/guides/legal.md", html)
    assert refusal is not None and refusal.startswith(f"site/guides/legal.md carries {found}: ")


def test_a_refusal_names_the_line_of_the_page_that_made_the_markup() -> None:
    source = '# Legal\n\nA page may not carry `onclick=`.\n\nRead this.\n{: onclick="rewrite()" }\n'
    html = '<h1>Legal</h1><p>A page may not carry <code>onclick=</code>.</p>\n<p onclick="rewrite()">Read</p>'
    refusal = page_refusal("site/guides/legal.md", html, source)
    assert refusal is not None and refusal.startswith(
        "site/guides/legal.md:6 carries an event handler attribute (onclick=): "
    )  # line 3 mentions the word, line 6 made the attribute
    raw = "# Legal\n\nText.\n\n<div>\n<img src=x\n  onerror=rewrite()>\n</div>\n"
    refusal = page_refusal("site/guides/legal.md", raw, raw)
    assert refusal is not None and refusal.startswith("site/guides/legal.md:7 carries")
    # An address written with entities: no line holds its word; the file is still named.
    encoded = '<p><a href="&#106;avascript:x()">x</a></p>'
    assert (page_refusal("site/guides/legal.md", encoded, "[x](&#106;avascript:x())") or "").startswith(
        "site/guides/legal.md carries a javascript: address (href=)"
    )


@pytest.mark.parametrize(
    ("source", "meta", "found"),
    [
        (
            '---\ntitle: "<script>x()</script>"\n---\n',
            {"title": "<script>x()</script>"},
            ":2 carries a <script>",
        ),
        (
            "---\nhide: [toc]\nsubtitle: <i onclick=x()>s</i>\n---\n",
            {"hide": ["toc"], "subtitle": "<i onclick=x()>s</i>"},
            ":3 carries an event handler attribute (onclick=) in its front matter (subtitle:)",
        ),
        (
            '---\ndescription: x" style="display:none\n---\n',
            {"description": 'x" style="display:none'},
            ":2 carries a style attribute",
        ),
        (
            "---\ntitle: T\ntemplate: redirect.html\nlocation: x\n---\n",
            {"title": "T", "template": "redirect.html", "location": "x"},
            ":3 chooses its template",
        ),
        (
            '---\ntitle: T\nextra: {a: ["<iframe src=x>"]}\n---\n',
            {"title": "T", "extra": {"a": ["<iframe src=x>"]}},
            ":3 carries a <iframe> element",
        ),
    ],
    ids=["title-script", "subtitle-handler", "description-breakout", "template", "nested"],
)
def test_front_matter_that_the_theme_writes_as_markup_may_not_act(
    source: str, meta: dict[str, object], found: str
) -> None:
    assert found in (front_matter_refusal("site/guides/legal.md", meta, source) or "")


def test_front_matter_of_plain_words_and_harmless_markup_is_published() -> None:
    meta = {"title": 'The "Employees" guide: <b>read</b> & print', "language": "ja", "hide": ["toc"]}
    assert front_matter_refusal("site/guides/employee.md", meta, "---\n") is None


@pytest.mark.parametrize("html", HARMLESS)
def test_a_page_of_plain_markup_is_published(html: str) -> None:
    assert active_markup(html, styles=True) is None


def test_a_static_file_keeps_its_own_styles_but_no_script_and_xslt_is_not_served() -> None:
    drawing = (
        '<svg xmlns="http://www.w3.org/2000/svg"><style>circle { fill: red }</style><circle r="1"/></svg>'
    )
    assert static_refusal("site/images/flow.svg", drawing) is None  # its styles reach only itself
    assert static_refusal("site/images/flow.svg", '<svg onload="x()"/>') == (
        "site/images/flow.svg:1 carries an event handler attribute (onload=): a file the site serves may not "
        "run script or embed anything; put behaviour in a governed script file (extra_javascript), or remove it"
    )
    # In SVG a <style> holds elements: what it holds is read too.
    breakout = "<svg>\n<style>\n<img src=x onerror=alert(1)></style></svg>"
    assert "flow.svg:3 carries an event handler attribute (onerror=)" in (
        static_refusal("site/images/flow.svg", breakout) or ""
    )
    assert "is an XSLT stylesheet" in (static_refusal("site/x.xsl", "<x/>") or "")
    assert static_refusal("site/notes.txt", "<script>x()</script>") is None  # served as text


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


@pytest.mark.parametrize(("folder", "refused"), [("overrides", True), ("site/overrides", False)])
def test_the_themes_own_templates_must_be_governed(
    site: Governed, folder: str, refused: bool, caplog: pytest.LogCaptureFixture
) -> None:
    # A template of custom_dir wraps every page, the regulations' too: ungoverned, a pull request could
    # change what every reader sees without a decision.
    template = site.path / folder / "main.html"
    template.parent.mkdir(parents=True)
    template.write_text('{% extends "base.html" %}\n', encoding="utf-8")
    (site.path / "mkdocs.yml").write_text(
        MKDOCS.format(docs="site").replace("{name: mkdocs}", f"{{name: mkdocs, custom_dir: {folder}}}"),
        encoding="utf-8",
    )
    (site.path / "site").mkdir(exist_ok=True)
    config = load_config(config_file=str(site.path / "mkdocs.yml"), strict=False)
    if not refused:
        build(config)
        assert (site.path / "public" / "regulations" / "bribery-prevention" / "index.html").is_file()
        return
    with pytest.raises((PluginError, Abort)):
        build(config)
    assert (
        "overrides/main.html is a template of the site's theme (custom_dir) and not a governed" in caplog.text
    )
    assert not (site.path / "public" / "regulations").exists()


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
            "site/guides/legal.md:3 carries an event handler attribute (onerror=)",
        ),
        (
            {"guides/sw.md": "# Offline\n\n<script>navigator.serviceWorker.register('/sw.js')</script>\n"},
            "site",
            "site/guides/sw.md:3 carries a <script> element",
        ),
        (
            {"guides/legal.md": '# Legal\n\n<div style="display:none" markdown>Article 7</div>\n'},
            "site",
            "site/guides/legal.md:3 carries a style attribute",
        ),
        (
            {"guides/legal.md": "# Legal\n\n<style>h2 { visibility: hidden }</style>\n"},
            "site",
            "site/guides/legal.md:3 carries a <style> element",
        ),
        (
            {"guides/legal.md": '---\ntitle: "Legal <img src=x onerror=rewrite()>"\n---\n\n# Legal\n'},
            "site",
            "site/guides/legal.md:2 carries an event handler attribute (onerror=) in its front matter (title:)",
        ),
        (
            {
                "guides/legal.md": "---\ntitle: Legal\ndescription: 'x\" onfocus=\"rewrite()'\n---\n\n# Legal\n"
            },
            "site",
            "site/guides/legal.md:3 carries an event handler attribute (onfocus=) in its front matter (description:)",
        ),
        (
            {"badge.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'},
            "site",
            "site/badge.svg:1 carries a <script> element",
        ),
        (
            {"regulations/bribery-prevention.md": "# Bribery Prevention Regulations\n\nAnything.\n"},
            "site",
            "would be published where the generated page regulations/bribery-prevention/index.md is",
        ),
        (
            {"guides/employee.md": "# Employees\n\nThe fee is 100 yen\u202e 0001 \u202cper gift.\n"},
            "site",
            "site/guides/employee.md:3:19 holds U+202E (RIGHT-TO-LEFT OVERRIDE), a character no reader sees",
        ),
    ],
    ids=[
        "ungoverned",
        "event-handler",
        "service-worker",
        "style-attribute",
        "style-element",
        "title",
        "description",
        "svg-script",
        "shadow",
        "bidi-override",
    ],
)
def test_the_build_refuses_inputs_outside_the_policy(
    site: Governed, files: dict[str, str], docs: str, reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises((PluginError, Abort)):
        build_site(site, files, docs)
    assert reason in caplog.text
    assert not (site.path / "public" / "regulations").exists()

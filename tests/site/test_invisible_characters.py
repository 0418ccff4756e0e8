"""A text adopted with its lint findings baselined, and its versions from before the adoption, may hold
characters no reader sees (a right-to-left override that shows "100 yen 0001 per gift" as "100 yen 1000
per gift", a zero-width space inside a word): the real commands (git, `governance init --history`,
`mkdocs build --strict`) publish each such character as a visible mark naming it, in the title, the
headings and the body of every page that shows the text, never the character itself."""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

import pytest

from governance.lint.runner import lint_text
from governance.text.html import render_text, visible_text
from governance.text.invisible import INVISIBLE, shown_html, shown_plain
from tests.testing.shell import run_as_user

RLO, PDF, ZWSP = "\u202e", "\u202c", "\u200b"

FIRST = f"""# Gift{ZWSP} Rules

## Article 1. Purpose

An earlier fee of 5 yen{RLO} 02 {PDF}per gift.
"""
ADOPTED = f"""# Bribery {RLO}snoitalugeR{PDF} Prevention

## Article 1. Purpose

The fee is 100 yen{RLO} 0001 {PDF}per gift.

## Article 2. Gifts{ZWSP}

A zero{ZWSP}width word, a soft\u00adhyphen and `co{ZWSP}de`.
"""

ADOPT = """
set -e
mkdir regulations
printf '%s' "$FIRST" > regulations/bribery.md
git init -q -b main && git add -A && git commit -qm "Gift rules"
printf '%s' "$ADOPTED" > regulations/bribery.md
git commit -qam "Bribery rules"
ssh-keygen -q -t ed25519 -N "" -C s@example.com -f "$HOME/key"
governance init --key "$HOME/key" --identity s@example.com --members 3 --history
printf '%s\\n' 'site_name: Rules' 'site_url: https://rules.example/' 'docs_dir: resolutions' \\
    'theme: {name: material, font: false}' 'plugins: [search, {regulations: {acknowledgements: /}}]' > mkdocs.yml
git add -A && git commit -qm "Adopt regulation governance"
governance lint
governance audit
mkdocs build --strict
"""


def build_repository(base: Path) -> Path:
    """The repository adopted with its texts' invisible characters baselined, its site built (`site/`,
    with the feed and the acknowledge control: every file a build writes)."""
    repo = base / "repo"
    repo.mkdir()
    script = f"export FIRST={_quoted(FIRST)} ADOPTED={_quoted(ADOPTED)}\n{ADOPT}"
    code, output = run_as_user(script, repo, base, name="Secretary", email="s@example.com")
    assert code == 0, output
    baseline = (repo / "resolutions" / "lint-baseline.yml").read_text(encoding="utf-8")
    assert "ENC007" in baseline  # the characters were found, and tolerated at adoption
    return repo


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_repository(tmp_path_factory.mktemp("invisible")) / "site"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _pages(site: Path) -> list[Path]:
    return sorted(site.joinpath("regulations").rglob("*.html"))


def test_no_page_of_the_text_holds_a_character_no_reader_sees(built: Path) -> None:
    pages = _pages(built)
    assert len(pages) >= 4  # the text, its history, its version, the one from before the adoption
    for page in [*pages, built / "index.html"]:
        shown = page.read_text(encoding="utf-8")
        found = [hex(ord(m.group())) for m in INVISIBLE.finditer(shown) if m.group() not in "\t"]
        assert not found, (page, found)


# What a build writes that is not for reading as text: the approved bytes offered for download (their
# digest is the approved one) and the theme's own search code (a Sanskrit stemmer's zero-width joiner).
_NOT_SHOWN = ("*.md.txt", "assets/javascripts/lunr/*")


def test_no_file_the_site_serves_holds_a_character_no_reader_sees(built: Path) -> None:
    # Whatever reads a file of the site (the service, the search, a script of a page, a portal reading
    # catalog.json) shows what the pages show: the marks.
    read = 0
    for path in sorted(p for p in built.rglob("*") if p.is_file()):
        name = path.relative_to(built)
        if any(fnmatch.fnmatch(name.as_posix(), pattern) for pattern in _NOT_SHOWN) or path.suffix in {
            ".png",
            ".ico",
            ".gz",
        }:
            continue
        shown = path.read_text(encoding="utf-8")
        read += 1
        found = [hex(ord(m.group())) for m in INVISIBLE.finditer(shown) if m.group() not in "\t"]
        assert not found, (name, found)
    assert read > 20
    catalog = json.loads((built / "promulgation" / "catalog.json").read_text(encoding="utf-8"))
    (version,) = catalog["works"][0]["versions"]
    assert version["title"] == "Bribery [U+202E]snoitalugeR[U+202C] Prevention"
    download = next(built.rglob("*.md.txt")).read_text(encoding="utf-8")
    assert RLO in download  # the approved bytes themselves, offered as they are
    assert "governance-acknowledge" in (built / "regulations" / "bribery" / "index.html").read_text(
        encoding="utf-8"
    )
    assert (built / "feed.xml").is_file() and (built / "sitemap.xml").is_file()


def test_each_character_is_shown_where_it_stands_and_named(built: Path) -> None:
    page = (built / "regulations" / "bribery" / "index.html").read_text(encoding="utf-8")
    text = visible_text(page)
    assert "The fee is 100 yen[U+202E] 0001 [U+202C]per gift." in text
    assert "A zero[U+200B]width word, a soft[U+00AD]hyphen and co[U+200B]de." in text
    assert "Article 2. Gifts[U+200B]" in text
    assert 'title="RIGHT-TO-LEFT OVERRIDE">[U+202E]</span>' in page
    assert "<title>Bribery [U+202E]snoitalugeR[U+202C] Prevention" in page


def test_the_version_from_before_the_adoption_is_shown_with_its_marks(built: Path) -> None:
    earlier = [p for p in _pages(built) if "An earlier fee" in p.read_text(encoding="utf-8")]
    assert earlier
    for page in earlier:
        assert "An earlier fee of 5 yen[U+202E] 02 [U+202C]per gift." in visible_text(
            page.read_text(encoding="utf-8")
        )


def test_the_search_index_holds_the_marks_not_the_characters(built: Path) -> None:
    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    words = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    assert "[U+202E]" in words
    assert RLO not in words and ZWSP not in words


def test_marks_touch_no_tag_or_attribute() -> None:
    markup = f'<p id="a{ZWSP}b" title="x{RLO}">one{RLO}two</p><code>c{ZWSP}</code>\ttab'
    assert shown_html(markup) == (
        f'<p id="a{ZWSP}b" title="x{RLO}">one<span class="governance-invisible" '
        'title="RIGHT-TO-LEFT OVERRIDE">[U+202E]</span>two</p><code>c<span class="governance-invisible" '
        'title="ZERO WIDTH SPACE">[U+200B]</span></code>\ttab'
    )
    assert shown_plain(f"a{RLO}b\tc") == "a[U+202E]b\tc"
    assert shown_plain("plain 日本語") == "plain 日本語"


def test_the_renderer_marks_what_lint_calls_invisible() -> None:
    rendered = render_text("# T\n\n## Article 1. A\n\nx\u2066y\U000e0041z\u00adw\n", "t.md", "t")
    assert "x[U+2066]y[U+E0041]z[U+00AD]w" in visible_text(rendered.html)
    assert rendered.divisions[1].text.count("[U+") == 3


# A variation selector after a Latin, Greek or Cyrillic letter or accent selects nothing (Unicode defines
# no variation of them) and splits the word for search: marked, as after ASCII. After a kanji, an emoji's
# symbol or a math sign it selects a glyph and stays as written.
SELECTS_NOTHING = [
    "café\ufe0f",
    "cafe\u0301\ufe0f",
    "Jørgensø\ufe00",
    "Việ\ufe0f",
    "λόγος\ufe0f",
    "дело\ufe0e",
]
SELECTS_A_GLYPH = ["葛\U000e0100飾", "✔\ufe0f", "©\ufe0f", "™\ufe0e", "≨\ufe00"]


@pytest.mark.parametrize("word", SELECTS_NOTHING)
def test_a_variation_selector_after_a_letter_is_marked_and_refused(word: str) -> None:
    text = f"# T\n\n## Article 1. A\n\nThe {word} fee.\n"  # the selector last, after the letter
    shown = visible_text(render_text(text, "t.md", "t").html)
    assert f"The {word[:-1]}[U+{ord(word[-1]):04X}] fee." in shown and word[-1] not in shown
    assert [f.line for f in lint_text(text, "regulations/t.md", "t") if f.code == "ENC007"] == [5]


@pytest.mark.parametrize("written", SELECTS_A_GLYPH)
def test_a_variation_selector_that_selects_a_glyph_is_kept(written: str) -> None:
    assert shown_plain(written) == written
    assert shown_html(f"<p>{written}</p>") == f"<p>{written}</p>"


# Unassigned default-ignorable code points: Chromium draws each as nothing (measured: "a<U+E0080>b" is as
# wide as "ab"), as Unicode asks of every default-ignorable one, assigned or not.
UNASSIGNED_IGNORABLE = ["\ufff0", "\ufff8", "\U000e0080", "\U000e00ff", "\U000e01f0", "\U000e0fff"]


@pytest.mark.parametrize("char", UNASSIGNED_IGNORABLE, ids=[f"U+{ord(c):04X}" for c in UNASSIGNED_IGNORABLE])
def test_an_unassigned_ignorable_character_is_marked_and_refused(char: str) -> None:
    text = f"# T{char}\n\n## Article 1. A{char}\n\nFee 200{char} yen.\n"
    rendered = render_text(text, "t.md", "t")
    shown = visible_text(rendered.html)
    assert f"Fee 200[U+{ord(char):04X}] yen." in shown and f"Article 1. A[U+{ord(char):04X}]" in shown
    assert char not in rendered.html
    findings = lint_text(text, "regulations/t.md", "t")
    assert [f.line for f in findings if f.code == "ENC007"] == [1, 3, 5]

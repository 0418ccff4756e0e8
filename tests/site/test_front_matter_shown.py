"""A front matter value a page shows (enacted, language) is shown as written and never obeyed: a text
adopted with its lint findings baselined may state `enacted: "<img src=x onerror=...>"` or a language
that closes an attribute, and the real commands (git, `governance init`, `mkdocs build --strict`) publish
it as text, with no element of any page given an event handler."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from governance.text.html import visible_text
from governance.text.parser import parse_regulation
from tests.testing.shell import run_as_user

ENACTED = "<img src=x onerror=alert(1)> **bold** [click](https://evil.example/) | cell"
LANGUAGE = 'en" onclick="alert(2)'

ORIGINAL = f"""---
title: Gift Rules
issuer: ACME Inc.
enacted: "{ENACTED}"
governed_by: board-of-directors
language: '{LANGUAGE}'
---

# Gift Rules

## Article 1. Purpose

Text.
"""


def _translation(original_digest: str) -> str:
    return f"""---
title: 贈答規程（参考訳）
issuer: ACME Inc.
enacted: 2012-04-01
governed_by: board-of-directors
language: ja
translation_of: en
original_digest: {original_digest}
---

# 贈答規程

## 第1条（目的）

本文。
"""


ADOPT = """
set -e
git init -q -b main && git add -A && git commit -qm "Gift rules"
ssh-keygen -q -t ed25519 -N "" -C s@example.com -f "$HOME/key"
governance init --key "$HOME/key" --identity s@example.com --members 3
printf '%s\\n' 'site_name: Rules' 'docs_dir: resolutions' 'theme: {name: material, font: false}' \\
    'plugins: [search, regulations]' > mkdocs.yml
git add -A && git commit -qm "Adopt regulation governance"
governance audit
mkdocs build --strict
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import hashlib

    base = tmp_path_factory.mktemp("front-matter")
    repo = base / "repo"
    (repo / "regulations").mkdir(parents=True)
    (repo / "regulations" / "gifts.md").write_text(ORIGINAL, encoding="utf-8")
    digest = "sha256:" + hashlib.sha256(ORIGINAL.encode()).hexdigest()
    (repo / "regulations" / "gifts.ja.md").write_text(_translation(digest), encoding="utf-8")
    code, output = run_as_user(ADOPT, repo, base, name="Secretary", email="s@example.com")
    assert code == 0, output
    baseline = (repo / "resolutions" / "lint-baseline.yml").read_text(encoding="utf-8")
    assert "FM004" in baseline  # the values were refused by lint, and tolerated at adoption
    return repo / "site"


class _Handlers(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, name) for name, _ in attrs if name.startswith("on")]


def test_no_page_gives_an_element_an_event_handler(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        handlers = _Handlers()
        handlers.feed(page.read_text(encoding="utf-8"))
        assert not handlers.found, (page, handlers.found)


def test_enacted_is_shown_as_written_on_the_text_and_the_home_page(built: Path) -> None:
    for page in (built / "regulations" / "gifts" / "index.html", built / "index.html"):
        assert ENACTED in visible_text(page.read_text(encoding="utf-8")), page


def test_a_language_that_is_no_language_tag_is_not_the_text_language() -> None:
    assert parse_regulation(ORIGINAL, "gifts.md", "gifts", lenient=True).language == "en"
    stated = ORIGINAL.replace(LANGUAGE, "en-GB")
    assert parse_regulation(stated, "gifts.md", "gifts", lenient=True).language == "en-GB"


@pytest.mark.parametrize(("stated", "theme"), [("en-GB", "en"), ("xx", "en")])
def test_texts_in_a_language_the_theme_has_no_words_for_are_published(
    stated: str, theme: str, tmp_path: Path
) -> None:
    """Every original stating one language makes it the site's; Material has words for some (en, ja),
    not for en-GB or xx, whose missing template ended the build in a traceback."""
    repo = tmp_path / "repo"
    (repo / "regulations").mkdir(parents=True)
    text = ORIGINAL.replace(f"'{LANGUAGE}'", stated).replace(f'"{ENACTED}"', "2012-04-01")
    (repo / "regulations" / "gifts.md").write_text(text, encoding="utf-8")
    code, output = run_as_user(ADOPT, repo, tmp_path, name="Secretary", email="s@example.com")
    assert code == 0, output
    assert "Traceback" not in output
    home = (repo / "site" / "index.html").read_text(encoding="utf-8")
    page = (repo / "site" / "regulations" / "gifts" / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{theme}"' in home and f'<html lang="{stated}"' in page

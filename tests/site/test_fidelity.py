"""Published exactly as approved: the visible text of every built page that shows a regulation equals the
approved source (normalised as site/guides/legal.md says), nothing inside it is hidden, and the exact-
source download is the approved blob byte for byte. Read with html.parser (tests/site/fidelity.py),
independently of the renderer; on the governed site of the other site tests and on a corpus of hostile
texts, each of which lint refuses or the site publishes faithfully."""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

from governance.gate.published import published_works
from governance.gate.works import Work
from governance.lint.runner import lint_text
from governance.site.pdf import paper_copy
from governance.site.timeline import Span, view
from tests.site.faithful import difference, read_text, shown_numbers
from tests.site.fidelity import extract, first_article_line, normalised_source, source_parts, squeeze
from tests.testing import site_works as w
from tests.testing.governed import adopted_repository
from tests.testing.sshkeys import Keys

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.md"))
TODAY = date.fromisoformat(w.BUILD_TODAY)


@pytest.fixture(scope="module")
def built(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> w.BuiltSite:
    return w.build_governed_site(keys, tmp_path_factory)


@pytest.fixture(scope="module")
def corpus_site(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> w.BuiltSite:
    """A governed repository that enacted every corpus text lint accepts, built with `mkdocs build --strict`."""
    texts = {
        f"regulations/{path.stem}.md": path.read_text(encoding="utf-8")
        for path in CORPUS
        if not lint_text(path.read_bytes(), path.name, path.stem)
    }
    repo = adopted_repository(
        tmp_path_factory.mktemp("corpus") / "repo", keys, texts, message="Adopt the corpus"
    )
    warnings = w.mkdocs_build(repo.path)
    return w.BuiltSite(repo.path, repo.path / "public", warnings)


def page(public: Path, uri: str) -> str:
    return (public / uri / "index.html").read_text(encoding="utf-8")


def assert_shows(html: str, source: str, where: str) -> None:
    found = extract(html)
    assert found.texts, f"{where}: no regulation text on the page"
    assert found.hiding == [], f"{where}: {found.hiding}"
    # The text by the strict reading (tests/site/faithful.py): only Markdown's marks may go, each where
    # Markdown may read it as a mark, and numbers are as written. (The squeezed comparison it replaces
    # dropped `*_`[]<>|` anywhere, and took the blank a code span strips for a word lost.)
    reading = read_text(html)
    assert reading.problems == [], (where, reading.problems)
    assert difference(source, reading.text) is None, (where, difference(source, reading.text))
    assert shown_numbers(source, reading.numbers) is None, (where, reading.numbers)


def works_of(site: w.BuiltSite) -> list[Work]:
    """The approved texts, as the audit found them on the day of the build."""
    return [work for work in published_works(site.repo, "HEAD", today=TODAY) if work.versions]


def test_the_corpus_is_refused_by_lint_or_published_faithfully(corpus_site: w.BuiltSite) -> None:
    assert corpus_site.warnings == []
    published = 0
    for path in CORPUS:
        findings = lint_text(path.read_bytes(), path.name, path.stem)
        if path.name.startswith("refused-"):
            assert findings, f"{path.name} should be refused by lint"
            continue
        assert findings == [], [f.render() for f in findings]
        assert_shows(page(corpus_site.public, f"regulations/{path.stem}"), path.read_text("utf-8"), path.name)
        published += 1
    assert published >= 8 and len(CORPUS) - published >= 12


def test_every_page_showing_a_regulation_shows_exactly_the_approved_text(built: w.BuiltSite) -> None:
    checked = 0
    for work in works_of(built):
        work_view = view(work, TODAY)
        for span in work_view.spans:
            assert_shows(page(built.public, _version_url(work.id, span)), span.version.text, span.slug)
            checked += 1
        if work_view.shown is not None:
            main = page(built.public, f"regulations/{work.id}")
            assert_shows(main, work_view.shown.version.text, work.id)
            # The paper copy: the same text, through the same extraction.
            copy = paper_copy(work_view, work_view.shown, body_names={}, today=TODAY)
            assert_shows(copy.html, work_view.shown.version.text, f"{work.id} PDF")
            checked += 2
    assert checked >= 9  # two works: every version, the main pages and their paper copies


def test_the_bilingual_view_shows_both_texts_exactly(built: w.BuiltSite) -> None:
    works = {work.id: view(work, TODAY) for work in works_of(built)}
    pairs = [(works[v.original], v) for v in works.values() if v.original in works]
    assert pairs
    for original, translation in pairs:
        assert original.shown is not None and translation.shown is not None
        found = extract(page(built.public, f"regulations/{translation.work.id}/bilingual"))
        assert found.hiding == []
        for shown, language in (
            (original.shown, original.language),
            (translation.shown, translation.language),
        ):
            text = shown.version.text
            columns = [t for t, lang in zip(found.texts, found.languages, strict=True) if lang == language]
            expected = normalised_source(text, from_line=first_article_line(text))
            assert squeeze(" ".join(columns)) == expected, language


def test_every_redline_shows_parts_of_the_two_approved_texts_exactly(built: w.BuiltSite) -> None:
    """Read without its deletions a redline shows whole parts of the new text; without its insertions,
    whole parts of the old one (a part inserted or deleted whole reads as nothing on the other side)."""
    shown = 0
    for work in works_of(built):
        for span in view(work, TODAY).spans:
            if span.previous is None:
                continue
            markup = page(built.public, _version_url(work.id, span) + "/redline")
            if "governance-comparison" in markup:  # a 新旧対照表: after on the left, before on the right
                cells = re.findall(r"<td[^>]*>.*?</td>", markup, re.DOTALL)
                after, before = cells[0::2], cells[1::2]
            else:
                after = before = [markup]
            for side, skip, text in ((after, "del", span.version.text), (before, "ins", span.previous.text)):
                parts = source_parts(text) | {""}
                for cell in side:
                    found = extract(cell, skip=frozenset({skip}))
                    assert found.hiding == [], found.hiding
                    for piece in found.texts:
                        assert squeeze(piece) in parts, (span.slug, skip, squeeze(piece))
                        shown += 1
    assert shown >= 4


def test_the_search_index_holds_the_text_without_its_permalinks(built: w.BuiltSite) -> None:
    index = json.loads((built.public / "search/search_index.json").read_text(encoding="utf-8"))
    texts = [doc["text"] for doc in index["docs"] if doc["location"].startswith("regulations/")]
    assert any("documented" in text for text in texts)
    assert not any("¶" in text for text in texts)


def test_the_exact_source_download_is_the_approved_blob(built: w.BuiltSite) -> None:
    for work in works_of(built):
        for span in view(work, TODAY).spans:
            version = span.version
            served = built.public / _version_url(work.id, span) / (posixpath.basename(version.path) + ".txt")
            blob = subprocess.run(
                ["git", "-C", str(built.repo), "cat-file", "blob", f"{version.commit}:{version.path}"],
                check=True,
                capture_output=True,
            ).stdout
            assert served.read_bytes() == blob, served


def test_the_extraction_sees_what_would_hide_or_change_the_text() -> None:
    """The check can fail: a hidden element, a style, an unknown element or changed words are caught."""
    source = "---\ntitle: T\n---\n\n# T\n\n## Article 1. A\n\n2. Pay **now**.\n"
    good = '<div class="governance-text"><h1>T</h1><h2>Article 1. A</h2><p>2. Pay <strong>now</strong>.</p></div>'
    assert_shows(good, source, "good")
    for bad in (
        good.replace("<p>", "<p hidden>"),
        good.replace("<p>", '<p style="display:none">'),
        good.replace("<strong>", '<strong class="md-hidden">'),
        good.replace("<strong>now</strong>", "<details><summary>now</summary></details>"),
        good.replace("2. Pay", "1. Pay"),
        good.replace("now", "now<span>, unless waived</span>"),
    ):
        with pytest.raises(AssertionError):
            assert_shows(bad, source, "bad")


def _version_url(work_id: str, span: Span) -> str:
    return f"regulations/{work_id}/{span.slug}"

"""Published exactly as approved: the visible text of every built page that shows a regulation equals the
approved source (by the strict reading of tests/site/faithful.py), nothing inside it is hidden or active,
and the exact-source download is the approved blob byte for byte. Read with html.parser, independently
of the renderer; on the governed site of the other site tests and on a corpus of hostile
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
from tests.site.fidelity import extract
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
    """Each language's columns, read in order by the strict reading, are its approved text from the first
    article on (the view leaves out the title and preamble), nothing hidden or active, numbers as written."""
    works = {work.id: view(work, TODAY) for work in works_of(built)}
    pairs = [(works[v.original], v) for v in works.values() if v.original in works]
    assert pairs
    for original, translation in pairs:
        assert original.shown is not None and translation.shown is not None
        assert original.language != translation.language
        markup = page(built.public, f"regulations/{translation.work.id}/bilingual")
        assert_bilingual(
            markup,
            {
                original.language: original.shown.version.text,
                translation.language: translation.shown.version.text,
            },
            translation.work.id,
        )


def assert_bilingual(markup: str, texts: dict[str, str], where: str) -> None:
    reading = read_text(markup)
    assert reading.problems == [], (where, reading.problems)
    assert set(reading.languages) == set(texts), (where, reading.languages)
    for language, text in texts.items():
        shown = [i for i, lang in enumerate(reading.languages) if lang == language]
        visible = " ".join(reading.pieces[i] for i in shown)
        source = from_first_article(text)
        assert difference(source, visible) is None, (where, language, difference(source, visible))
        numbers = [number for i in shown for number in reading.numbered[i]]
        assert shown_numbers(source, numbers) is None, (where, language, shown_numbers(source, numbers))


def from_first_article(text: str) -> str:
    """The source from its first article heading on (the bilingual view's part of it)."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if re.match(r"##[ \t]+(?:Article[ \t]|第)", line))
    return "\n".join(lines[start:])


def test_every_redline_shows_parts_of_the_two_approved_texts_exactly(built: w.BuiltSite) -> None:
    """Read without its deletions each text element of a redline is a stretch of the new text; without its
    insertions, of the old one (by the strict reading, nothing hidden or active). A 新旧対照表 shows the new
    text on the left (column 1) and the old on the right (column 2), each read without the other's marks."""
    shown = 0
    for work in works_of(built):
        for span in view(work, TODAY).spans:
            if span.previous is None:
                continue
            markup = page(built.public, _version_url(work.id, span) + "/redline")
            shown += assert_redline(markup, span.version.text, span.previous.text, span.slug)
    assert shown >= 4


def assert_redline(markup: str, new: str, old: str, where: str) -> int:
    """How many text elements the redline shows, each checked as above."""
    checked = 0
    for skip, text, column in (("del", new, 1), ("ins", old, 2)):
        reading = read_text(markup, skip=frozenset({skip}))
        assert reading.problems == [], (where, skip, reading.problems)
        for piece, at in zip(reading.pieces, reading.columns, strict=True):
            if at not in (0, column):
                continue  # the other side of a 新旧対照表, read with the other skip
            assert difference(text, piece, part=True) is None, (
                where,
                skip,
                difference(text, piece, part=True),
            )
            checked += 1
    return checked


def test_the_bilingual_and_redline_readings_fail_an_unfaithful_page(built: w.BuiltSite) -> None:
    """The checks can fail: a word dropped, a paragraph renumbered, a hidden paragraph or the languages
    swapped on the bilingual view; a word dropped or the columns swapped in a 新旧対照表."""
    works = {work.id: view(work, TODAY) for work in works_of(built)}
    translation = next(v for v in works.values() if v.original in works)
    original = works[translation.original or ""]
    assert original.shown is not None and translation.shown is not None
    texts = {
        original.language: original.shown.version.text,
        translation.language: translation.shown.version.text,
    }
    bilingual = page(built.public, f"regulations/{translation.work.id}/bilingual")
    assert_bilingual(bilingual, texts, "good")
    for before, after in (
        (" the business", " business"),
        ('<span class="governance-number">2.</span>', '<span class="governance-number">1.</span>'),
        ("<p>The purpose", "<p hidden>The purpose"),
        ('governance-text" lang="en"', 'governance-text" lang="ja"'),
    ):
        assert before in bilingual, before
        with pytest.raises(AssertionError):
            assert_bilingual(bilingual.replace(before, after, 1), texts, after)
    span = next(s for s in translation.spans if s.previous is not None)
    assert span.previous is not None
    comparison = page(built.public, _version_url(translation.work.id, span) + "/redline")
    assert "governance-comparison" in comparison
    assert_redline(comparison, span.version.text, span.previous.text, "good")
    swapped = re.sub(
        r"(<td [^>]*>.*?</td>)(<td [^>]*>.*?</td>)</tr>", r"\2\1</tr>", comparison, flags=re.DOTALL
    )
    for bad in (comparison.replace("内部統制の", "統制の", 1), swapped):
        assert bad != comparison
        with pytest.raises(AssertionError):
            assert_redline(bad, span.version.text, span.previous.text, "bad")


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

"""The real thing: `mkdocs build --strict` of a governed repository through the hook, once per session."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from governance.cli import main
from governance.errors import GovernanceError
from governance.site.builder import Page, Site
from governance.site.render import MARKER, write_site
from governance.site.search_ja import SEPARATOR, WORD_BREAK, terms
from tests.testing import site_works as w
from tests.testing.governed import REGULATION
from tests.testing.sshkeys import Keys


@pytest.fixture(scope="module")
def built(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> w.BuiltSite:
    return w.build_governed_site(keys, tmp_path_factory)


def html(built: w.BuiltSite, url: str) -> str:
    return w.prose((built.public / url / "index.html").read_text(encoding="utf-8"))


def test_the_strict_build_passes_without_a_warning(built: w.BuiltSite) -> None:
    assert built.warnings == []
    page = html(built, "regulations/bribery-prevention")
    assert 'id="article-6"' in page and 'id="article-5-2"' in page and 'id="article-2-1-3-a"' in page
    assert "appropriate and documented monitoring" in page  # the amendment in force since 2026-10-01
    assert "comes into force on 2027-06-01" in page  # the second one is adopted, not yet in force
    assert "BD-2026-007" in page and "BL-2026-001" in page
    assert w.digest(w.AMENDED) in page
    served = built.public / "regulations/bribery-prevention/2026-10-01/bribery-prevention.md.txt"
    assert "sha256:" + __import__("hashlib").sha256(served.read_bytes()).hexdigest() == w.digest(w.AMENDED)


def test_versions_redlines_history_and_translation_are_published(built: w.BuiltSite) -> None:
    redline = html(built, "regulations/bribery-prevention/2026-10-01/redline")
    assert "<ins>and documented </ins>" in redline and "<del>appropriately </del>" in redline
    history = html(built, "regulations/bribery-prevention/history")
    assert "2027-06-01/redline/" in history and "2026-01-05" in history
    ja = html(built, "regulations/bribery-prevention.ja")
    assert "法的効力を有するのは" in ja and "この翻訳は現行の原文に対応していません" in ja
    # The pages of the Japanese text speak Japanese, dates included; the English ones English.
    assert (
        "本文の情報" in ja
        and "参考訳の最終更新：</strong> 2026年11月25日の決議 CD-2026-002（2026年11月25日から適用）" in ja
    )
    assert "About this text" not in ja and "About this text" in html(built, "regulations/bribery-prevention")
    shinkyu = html(built, "regulations/bribery-prevention.ja/2026-11-25/redline")
    # The translation's own words: updated as a translation, never 改正 of the regulation.
    assert "による参考訳の更新です。" in shinkyu and "による改正です。" not in shinkyu
    history_ja = html(built, "regulations/bribery-prevention.ja/history")
    assert "贈収賄防止規程：更新履歴" in history_ja and "条ごとの更新経過" in history_ja
    assert "<title>贈収賄防止規程 新旧対照表（2026年11月25日施行）" in shinkyu
    assert '<html lang="ja"' in ja and '<html lang="ja"' in shinkyu  # for screen readers and CJK fonts
    assert '<html lang="en"' in html(built, "regulations/bribery-prevention") and '<html lang="en"' in html(
        built, ""
    )
    # The theme's own words too (the plugin's theme/partials/language.html): 検索 and 目次 on Japanese pages.
    assert 'placeholder="検索"' in ja and "目次" in ja
    assert 'placeholder="Search"' in html(built, "regulations/bribery-prevention")
    assert not (built.public / "partials").exists()  # the theme's partials are not published as pages
    # The stylesheet and scripts come from the package, published beside the theme's own assets.
    assets = built.public / "assets" / "regulations"
    assert sorted(path.name for path in assets.iterdir()) == [
        "cards.js",
        "language-link.js",
        "point-in-time.js",
        "regulations.css",
        "scroll-regions.js",
        "search-start.js",
        "search-worker.js",
    ]
    assert 'href="../../assets/regulations/regulations.css"' in ja
    # The language link's script in the head, once: a click before the page's last scripts ran kept the
    # article only by luck (the reader's browser test timed out at load 12 on such a click).
    head, body = ja.split("</head>", 1)
    assert head.endswith('<script src="../../assets/regulations/language-link.js"></script>\n')
    assert "language-link.js" not in body
    assert (
        '<script src="../../assets/regulations/search-start.js"></script>\n<script src="../../assets/javascripts/bundle.'
        in ja
    )
    guide = html(built, "guides/employee.ja")  # a hand-written Japanese page declares `language: ja`
    assert '<html lang="ja"' in guide and 'placeholder="検索"' in guide and "規程の読み方" in guide
    assert 'hreflang="ja"' in html(built, "regulations/bribery-prevention")
    feed = ET.parse(built.public / "feed.xml").getroot()
    # Two enactments, two amendments of the original, one correction of the translation.
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 5


def test_only_texts_in_force_are_searchable_and_in_the_nav(built: w.BuiltSite) -> None:
    index = json.loads((built.public / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "regulations/bribery-prevention/" in locations
    assert "regulations/bribery-prevention.ja/" in locations
    assert not any(re.search(r"/\d{4}-\d\d-\d\d/|history", location) for location in locations)
    home = html(built, "")
    nav = home.split('class="md-nav__list"', 1)[1]
    assert "2026-10-01" not in nav.split("</nav>")[0]
    # The home page names a guide per role, each linked to its page as built.
    for guide in ("employee", "legal", "secretary", "compliance", "administrator"):
        assert f'<a href="guides/{guide}/">' in home, guide


def test_nothing_is_loaded_from_outside_the_site(built: w.BuiltSite) -> None:
    for page in built.public.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        external = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(?:https?:)?//[^"]+"', text)
        assert external == [], page


def test_a_broken_anchor_fails_the_strict_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nSee [Article 99](other.md#article-99).\n", encoding="utf-8")
    (docs / "other.md").write_text("# Other\n\n## Article 1. Purpose { #article-1 }\n", encoding="utf-8")
    config = load_config(
        config_file=str(w.ROOT / "mkdocs.yml"),
        docs_dir=str(docs),
        site_dir=str(tmp_path / "public"),
        plugins=[],
        nav=[{"Home": "index.md"}, {"Other": "other.md"}],
        extra_css=[],
        extra_javascript=[],
        strict=True,
    )
    with pytest.raises(Abort, match="strict mode"):
        build(config)


def test_render_writes_the_same_pages_as_files(built: w.BuiltSite, tmp_path: Path) -> None:
    out = tmp_path / "generated"
    result = CliRunner().invoke(
        main, ["render", "--root", str(built.repo), "--out", str(out), "--today", w.BUILD_TODAY]
    )
    assert result.exit_code == 0, result.output
    assert (out / "regulations/bribery-prevention/2026-10-01/redline.md").is_file()
    assert "Bribery Prevention Regulations" in (out / "nav.yml").read_text(encoding="utf-8")
    assert (out / MARKER).is_file()
    for page in out.rglob("*.md"):
        url = page.relative_to(out).as_posix().removesuffix(".md").removesuffix("index")
        assert (built.public / url).exists(), url  # the build published every rendered page


def made_of(pages: list[Page]) -> Callable[[Callable[[Page], None]], Site]:
    """A render that hands these pages over one by one, as render_site does."""

    def render(emit: Callable[[Page], None]) -> Site:
        for page in pages:
            emit(page)
        return Site([], [])

    return render


def test_writing_replaces_our_folder_and_refuses_anyone_elses(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_site(out, made_of([Page("old.md", "old")]))
    write_site(out, made_of([Page("new.md", "new")]))
    assert (out / "new.md").read_text(encoding="utf-8") == "new" and not (out / "old.md").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left behind
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(GovernanceError, match="not written by `governance render`"):
        write_site(mine, made_of([]))
    assert (mine / "notes.txt").exists()


def test_the_board_pack_shows_the_redline_digest_and_draft_decision(
    built: w.BuiltSite, tmp_path: Path
) -> None:
    out = tmp_path / "pack.html"
    result = CliRunner().invoke(
        main, ["pack", "--root", str(built.repo), "--base", "main", "--head", "proposal", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    document = out.read_text(encoding="utf-8")
    assert "thorough <ins>and recorded </ins>research" in document
    assert "Board of Directors" in document
    proposed = w.AMENDED_AGAIN.replace("thorough research", "thorough and recorded research")
    assert (
        f"  - regulation: bribery-prevention\n    action: amend\n    digest: {w.digest(proposed)}" in document
    )
    assert not re.search(r'(?:src|href)="https?:', document)


def test_a_failing_audit_stops_the_build(
    built: w.BuiltSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.testing.gitrepo import GitRepo

    copy = tmp_path / "repo"
    shutil.copytree(built.repo, copy, symlinks=True, ignore=shutil.ignore_patterns("public"))
    repo = GitRepo(copy)
    repo._clock = 50_000
    repo.write(REGULATION, w.SEED.replace("Article 7.", "Article 7 ."))
    repo.commit("Unapproved edit straight on main")
    out = str(tmp_path / "o")
    result = CliRunner().invoke(main, ["render", "--root", str(copy), "--out", out, "--today", w.BUILD_TODAY])
    assert result.exit_code == 2
    assert "the audit of HEAD failed, so nothing is published" in result.output
    assert "Unapproved edit straight on main" in result.output
    assert not (tmp_path / "o").exists()
    # The plugin fails the MkDocs build the same way, with the audit's words instead of a traceback.
    monkeypatch.setenv("GOVERNANCE_TODAY", w.BUILD_TODAY)
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    config = load_config(config_file=str(copy / "mkdocs.yml"))
    with pytest.raises(PluginError, match="cannot publish the regulations: the audit of HEAD failed"):
        config.plugins["regulations"].on_config(config)
    assert list(temporary.iterdir()) == []  # where the pages would have waited for MkDocs: removed


def test_the_japanese_index_is_cut_into_words_the_query_side_splits_on(built: w.BuiltSite) -> None:
    index = json.loads((built.public / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"] == SEPARATOR  # mkdocs.yml and governance.site.search_ja agree
    japanese = [
        doc for doc in index["docs"] if doc["location"].startswith("regulations/bribery-prevention.ja/")
    ]
    article_5 = next(doc for doc in japanese if doc["location"].endswith("#article-5"))
    words = terms(article_5["text"])
    assert "防止" in words and "贈収賄" in words  # 贈収賄防止 is cut into its words
    assert "内部" in words and "統制" in words and "各社" in words
    assert terms("公務員に対する") == ["公務員", "に", "対", "する"]  # a typed phrase splits at its particles
    title = next(doc for doc in japanese if "#" not in doc["location"])["title"]
    assert title.replace(WORD_BREAK, "") == "贈収賄防止規程" and "防止" in terms(title)
    # The page itself keeps its text untouched; only the index is cut.
    assert WORD_BREAK not in html(built, "regulations/bribery-prevention.ja")
    english = next(
        doc for doc in index["docs"] if doc["location"] == "regulations/bribery-prevention/#article-6"
    )
    assert WORD_BREAK not in english["text"] and "documented" in terms(english["text"])


def test_the_bilingual_view_pairs_articles_and_stays_out_of_search_and_nav(built: w.BuiltSite) -> None:
    page = html(built, "regulations/bribery-prevention.ja/bilingual")
    row = page.split('id="article-7"', 1)[1].split('class="governance-bilingual"', 1)[0]
    english, japanese = row.split('lang="ja"', 1)
    assert "Disciplinary measures" in english and "第7条（懲戒）" in japanese
    assert "bilingual/" in html(built, "regulations/bribery-prevention")  # linked from both pages
    assert "bilingual/" in html(built, "regulations/bribery-prevention.ja")
    index = (built.public / "search/search_index.json").read_text(encoding="utf-8")
    assert "bilingual" not in index
    assert "bilingual" not in html(built, "").split('class="md-nav__list"', 1)[1].split("</nav>")[0]


def test_a_japanese_amendment_is_shown_as_a_shinkyu_taishohyo(built: w.BuiltSite) -> None:
    page = html(built, "regulations/bribery-prevention.ja/2026-11-25/redline")
    table = page.split('<table class="governance-comparison"', 1)[1].split("</table>", 1)[0]
    assert table.index("改正後") < table.index("改正前")  # after on the left, before on the right
    after, before = table.split('<tr id="article-5">', 1)[1].split("</tr>", 1)[0].split("</td>", 1)
    assert "各社は、<ins>贈収賄防止のための</ins>内部統制の枠組み" in after and "<del>" not in after
    assert "各社は、内部統制の枠組み" in before and "<ins>" not in before
    assert table.count("<tr id=") == 1  # only the changed article

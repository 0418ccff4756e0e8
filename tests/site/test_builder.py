from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as ET
from datetime import date

import hypothesis

from governance.gate.works import Rescission, Work
from governance.site.bilingual import Side, bilingual_html, rows
from governance.site.builder import NavEntry, Site, SiteWords, build_site, page_url, timeline
from governance.site.context import relative_path
from governance.site.embedding import expand
from governance.site.shared_pages import by_folder, folder_title
from governance.text.html import render_text
from tests.testing import site_works as w


def pages(site: Site) -> dict[str, str]:
    return {page.uri: w.prose(expand(page.content)) for page in site.pages}


def site_on(day: str, works: list[Work] | None = None) -> dict[str, str]:
    return pages(build_site(works or w.everything(), date.fromisoformat(day), body_names=w.BODY_NAMES))


MAIN = "regulations/bribery-prevention/index.md"


def test_timeline_orders_versions_by_effect_and_dates_their_spans() -> None:
    spans = timeline(w.bribery(), w.TODAY)
    assert [(s.slug, s.state) for s in spans] == [
        ("2026-04-01", "past"),
        ("2026-10-01", "current"),
        ("2027-06-01", "upcoming"),
    ]
    assert [s.end for s in spans] == [date(2026, 9, 30), date(2027, 5, 31), None]
    assert spans[0].previous is None
    assert spans[2].previous is spans[1].version


def test_an_amendment_adopted_for_a_later_date_is_not_current_until_that_date() -> None:
    before = site_on("2026-09-25")[MAIN]
    assert "involve appropriate monitoring of partners" in before
    assert '!!! warning "Amendment adopted: comes into force on 2026-10-01"' in before
    assert "[Read the coming text](2026-10-01/index.md)" in before
    assert "[its changes](2026-10-01/redline.md)" in before

    flipped = site_on("2026-10-01")[MAIN]
    assert "involve appropriate and documented monitoring of partners" in flipped
    assert "comes into force on 2026-10-01" not in flipped
    assert "in force from 2026-10-01" in flipped


def test_the_current_page_has_anchors_permalinks_and_a_digest_panel() -> None:
    site = site_on(str(w.TODAY))
    main = site[MAIN]
    assert "search:" not in main.split("---")[1]  # the text in force is searchable
    assert '<h2 id="article-5">Article 5. Internal control <a class="headerlink" href="#article-5"' in main
    assert (
        'href="#article-5-2"' in main
        and '<div class="governance-list-item" role="listitem" id="article-5-2">' in main
    )
    assert '<li id="article-2-1-3-a">' in main  # items keep the parser's anchors
    assert w.digest(w.AMENDED) in main
    assert "BD-2026-007" in main and "BD-2026-001" in main
    assert "**Enacted:** 2012-04-01" in main
    assert "sha256sum bribery-prevention.md.txt" in main
    # The download is the exact approved text, so sha256sum gives the digest shown.
    assert site["regulations/bribery-prevention/2026-10-01/bribery-prevention.md.txt"] == w.AMENDED
    assert "title:" not in main.split("---", 2)[2].split("# Bribery", 1)[0]  # front matter not shown as text


def test_every_version_has_a_page_with_its_period_and_is_not_searchable() -> None:
    site = site_on(str(w.TODAY))
    expected = {
        "2026-04-01": (
            "Bribery Prevention Regulations: historical version, in force 2026-04-01 to 2026-09-30",
            '!!! danger "Historical version: no longer in force"',
            "This text was in force from 2026-04-01 to 2026-09-30. It no longer applies. "
            "[Read the text in force today](../index.md).",
        ),
        "2026-10-01": (  # in force today; the next version is already adopted
            "Bribery Prevention Regulations (2026-10-01)",
            '!!! success "In force"',
            "This is the text in force since 2026-10-01; it is also shown on [the regulation's page](../index.md).",
        ),
        "2027-06-01": (
            "Bribery Prevention Regulations: prospective version, comes into force on 2027-06-01",
            '!!! warning "Prospective version: not yet in force"',
            "This text comes into force on 2027-06-01. Until then another text applies. "
            "[Read the text in force today](../index.md).",
        ),
    }
    for slug, (title, banner, text) in expected.items():
        page = site[f"regulations/bribery-prevention/{slug}/index.md"]
        assert f"title: {json.dumps(title)}" in page
        assert banner in page and text in page
        assert "This version is" not in page  # the old wording ("This version is comes into force")
        assert "search:\n  exclude: true" in page
    # A past or coming text says so before its title, where a reader starts reading.
    past = site["regulations/bribery-prevention/2026-04-01/index.md"]
    assert (
        past.split("---\n", 2)[2].lstrip().startswith('<p class="governance-kicker governance-kicker--past"')
    )
    coming = site["regulations/bribery-prevention/2027-06-01/index.md"]
    assert "governance-kicker--upcoming" in coming and "Prospective version: not yet in force</p>" in coming
    # The amendment that makes the coming text is not its "last amendment": it is not in force yet.
    assert "**Last amended:**" not in coming
    assert "**Amended:** by resolution BD-2027-002 of 2027-01-10; comes into force on 2027-06-01" in coming
    current = site["regulations/bribery-prevention/index.md"]
    assert "**Up to date** with all changes in force on or before 2027-01-15" in current
    assert "**Permanent link to this version:** [2026-10-01](2026-10-01/index.md)" in current
    assert "Up to date" not in past  # a past text is not "up to date"


def test_history_lists_versions_newest_first_with_redlines_of_amendments() -> None:
    site = site_on(str(w.TODAY))
    history = site["regulations/bribery-prevention/history.md"]
    rows = [line for line in history.splitlines() if line.startswith("| [")]
    assert [row.split("]")[0] for row in rows] == ["| [2027-06-01", "| [2026-10-01", "| [2026-04-01"]
    assert "[redline](2026-10-01/redline.md)" in rows[1] and "BD-2026-007 (Board of Directors)" in rows[1]
    assert rows[2].endswith("| — |")  # the enactment has nothing to compare with
    assert "regulations/bribery-prevention/2026-04-01/redline.md" not in site
    assert "search:\n  exclude: true" in history


def test_a_redline_shows_only_changed_articles() -> None:
    red = site_on(str(w.TODAY))["regulations/bribery-prevention/2026-10-01/redline.md"]
    headings = re.findall(r'<h2 id="([^"]+)">([^<]*)</h2>', red)
    assert headings == [
        ("article-5", "Article 5. Internal control"),
        ("article-6", "Article 6. Supervision of partners"),
    ]
    assert "##" not in red and "End of text" not in red  # no Markdown, and the closing did not change
    assert "appropriate <ins>and documented </ins>monitoring" in red
    assert "<del>appropriately </del>" in red
    assert "search:\n  exclude: true" in red


def test_a_rescinded_regulation_moves_to_the_archive_with_a_banner() -> None:
    site = build_site(w.everything(), w.TODAY, body_names=w.BODY_NAMES)
    archive = next(entry["Archive"] for entry in site.nav if "Archive" in entry)
    assert archive == [{"Gift Register Rules": "regulations/gift-register/index.md"}]
    page = pages(site)["regulations/gift-register/index.md"]
    assert '!!! danger "Rescinded"' in page and "with effect from 2026-11-01" in page
    assert "Every gift is entered in the register." in page  # its last text
    assert "search:\n  exclude: true" in page

    pending = site_on("2026-10-15")
    assert '"Rescinded with effect from 2026-11-01"' in pending["regulations/gift-register/index.md"]
    assert "rescission of [Gift Register Rules]" in pending["index.md"]
    assert "search:" not in pending["regulations/gift-register/index.md"].split("---")[1]


def test_a_regulation_adopted_but_not_in_force_is_announced_not_listed() -> None:
    site = build_site(w.everything(), w.TODAY, body_names=w.BODY_NAMES)
    regulations = next(entry["Regulations"] for entry in site.nav if "Regulations" in entry)
    assert {"Whistleblowing Regulations": "regulations/whistleblowing/index.md"} not in regulations
    home = pages(site)["index.md"]
    assert (
        "new regulation [Whistleblowing Regulations](regulations/whistleblowing/2027-04-01/index.md)" in home
    )
    assert "amendment of [Bribery Prevention Regulations]" in home
    main = pages(site)["regulations/whistleblowing/index.md"]
    assert "Comes into force on 2027-04-01" in main and "search:\n  exclude: true" in main


def test_home_lists_texts_in_force_with_body_dates_and_translations() -> None:
    home = site_on(str(w.TODAY))["index.md"]
    row = next(line for line in home.splitlines() if line.startswith("| [Bribery"))
    assert "| Board of Directors | 2012-04-01 | 2026-10-01 (BD-2026-007) |" in row
    assert "[日本語](regulations/bribery-prevention.ja/index.md)" in row
    assert "guides/employee.md" in home and "feed.xml" in home
    # A guide per role, the compliance department's too (it was in the navigation, not on the home page).
    assert "- [Compliance department](guides/compliance.md): promulgate a text" in home
    assert "Gift Register Rules" in home.split("## Archive")[1]


def test_a_policy_without_articles_gets_section_anchors_and_redlines() -> None:
    site = site_on(str(w.TODAY))
    page = site["regulations/travel-expenses/index.md"]
    assert '<h2 id="scope">Scope' in page and '<h2 id="reimbursement">Reimbursement' in page
    red = site["regulations/travel-expenses/2026-10-01/redline.md"]
    assert re.findall(r'<h2 id="([^"]+)">([^<]*)</h2>', red) == [("reimbursement", "Reimbursement")]
    assert "above <del>5</del><ins>3</ins>,000 yen" in red


def test_a_translation_says_only_the_original_has_effect_and_when_it_is_stale() -> None:
    before = site_on("2026-09-01")
    ja = before["regulations/bribery-prevention.ja/index.md"]
    assert (
        "法的効力を有するのは[原文（Bribery Prevention Regulations）](../bribery-prevention/index.md)のみです"
        in ja
    )
    assert "現行の原文に対応していません" not in ja
    assert '<h2 id="article-5">第5条（内部統制）' in ja and '<p id="article-5-2">' in ja
    assert 'hreflang="en"' in ja and "[English](../bribery-prevention/index.md)" in ja
    assert '[日本語](../bribery-prevention.ja/index.md){ .governance-language hreflang="ja"' in before[MAIN]

    stale = site_on(str(w.TODAY))["regulations/bribery-prevention.ja/index.md"]
    assert "この翻訳は現行の原文に対応していません" in stale
    assert "原文は2026年10月1日から改正後の内容が施行されています" in stale
    assert "in force since" not in stale and "This is a reference translation" not in stale


def test_two_versions_with_one_effective_date_the_later_adopted_wins() -> None:
    work = w.bribery()
    first = work.versions[0]
    same_day = Work(
        work.id,
        work.path,
        [
            first,
            w.version(work.id, w.AMENDED, "amend", w.approval("BD-2026-004", "2026-04-01", "2026-04-01")),
        ],
    )
    spans = timeline(same_day, w.TODAY)
    assert [(s.slug, s.state) for s in spans] == [("2026-04-01", "superseded"), ("2026-04-01-2", "current")]
    site = site_on(str(w.TODAY), [same_day])
    assert "documented monitoring" in site[MAIN]
    replaced = site["regulations/bribery-prevention/2026-04-01/index.md"]
    assert "adopted and replaced the same day (2026-04-01, by BD-2026-004)" in replaced
    assert "never in force" not in replaced
    second = site["regulations/bribery-prevention/2026-04-01-2/index.md"]
    assert "2026-04-01, text 2 of the day" in second and "2026-04-01-2" not in second.split("---")[1]
    history = site["regulations/bribery-prevention/history.md"]
    assert "[2026-04-01, text 2 of the day](2026-04-01-2/index.md)" in history


def test_whats_new_and_the_feed_list_adopted_changes_newest_first() -> None:
    site = site_on(str(w.TODAY))
    news = [line for line in site["whats-new.md"].splitlines() if line.startswith("- **")]
    assert news[0].startswith("- **2027-01-10**")
    assert news[-1].startswith("- **2026-04-01**")
    assert len(news) == 9  # 3 + 1 + 2 + 1 enactments and amendments, 1 rescission, 1 coming regulation
    feed = ET.fromstring(site["feed.xml"])
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("atom:entry", ns)
    assert len(entries) == len(news)
    ids = [entry.findtext("atom:id", namespaces=ns) for entry in entries]
    assert len(set(ids)) == len(ids)
    assert feed.findtext("atom:updated", namespaces=ns) == "2027-01-10T00:00:00Z"
    links = [entry.find("atom:link", ns).get("href") for entry in entries]  # type: ignore[union-attr]
    assert "regulations/bribery-prevention/2026-10-01/redline/" in links


def test_page_url_follows_directory_urls() -> None:
    assert page_url("regulations/x/index.md") == "regulations/x/"
    assert page_url("regulations/x/2027-01-01/redline.md") == "regulations/x/2027-01-01/redline/"
    assert page_url("feed.xml") == "feed.xml"


def test_the_bilingual_view_pairs_articles_by_number_and_marks_gaps() -> None:
    translation = w.japanese(w.digest(w.SEED)).replace(
        "## 第6条", "## 第10条（追加）\n\n追加の条。\n\n## 第6条"
    )
    english = render_text(w.SEED, "r.md", "r", anchors=False, headings_as_text=True).divisions
    japanese = render_text(translation, "r.ja.md", "r.ja", anchors=False, headings_as_text=True).divisions
    found = rows(english, japanese)
    assert [(row.key, row.left is not None, row.right is not None) for row in found][:7] == [
        ("article-1", True, True),
        ("article-2", True, False),  # not translated in this short translation
        ("article-3", True, False),
        ("article-4", True, False),
        ("article-5", True, True),
        ("article-10", False, True),  # only in the translation: after its predecessor
        ("article-6", True, True),
    ]
    markup = bilingual_html(Side(english, "en"), Side(japanese, "ja"), missing="—")
    assert '<div class="governance-bilingual" id="article-5">' in markup
    assert (
        "<strong>Article 5. Internal control</strong>" in markup
        and "<strong>第5条（内部統制）</strong>" in markup
    )
    assert "<h2" not in markup and markup.count('id="article-5') == 1  # one id per article, not two


def test_the_bilingual_page_is_linked_from_both_languages_and_not_searchable() -> None:
    site = site_on("2026-09-01")
    page = site["regulations/bribery-prevention.ja/bilingual.md"]
    assert "search:\n  exclude: true" in page
    assert "現行の原文に対応していません" not in page  # the translation follows the text in force
    assert "[English / 日本語](../bribery-prevention.ja/bilingual.md)" in site[MAIN]
    assert "[English / 日本語](bilingual.md)" in site["regulations/bribery-prevention.ja/index.md"]
    assert "bilingual" not in str(build_site(w.everything(), w.TODAY).nav)
    assert (
        "現行の原文に対応していません"
        in site_on(str(w.TODAY))["regulations/bribery-prevention.ja/bilingual.md"]
    )


def japanese_amended_then_rescinded() -> Work:
    """The Japanese translation with an amendment coming on 2027-03-01 and its rescission on 2027-04-01."""
    work = w.translation()
    amended = w.japanese(w.digest(w.SEED)).replace("適切な監視", "適切かつ記録された監視")
    coming = w.approval("CD-2026-002", "2026-11-25", "2027-03-01", body=w.COMPLIANCE)
    ended = w.approval("CD-2027-001", "2027-01-10", "2027-04-01", body=w.COMPLIANCE)
    return Work(
        work.id,
        work.path,
        [*work.versions, w.version(work.id, amended, "amend", coming)],
        Rescission(work.id, ended, "fedcba9876543210fedcba9876543210fedcba98"),
    )


def test_the_pages_of_a_japanese_text_speak_japanese_and_shared_pages_stay_english() -> None:
    site = site_on("2026-12-01", [w.bribery(), japanese_amended_then_rescinded()])
    ja = site["regulations/bribery-prevention.ja/index.md"]
    # The translation's banners say what befalls the translation, not 廃止 or 改正 of a rule.
    assert '!!! warning "この参考訳は、2027年4月1日から取りやめ"' in ja
    assert "Compliance Departmentの決議 **CD-2027-001**（2027年1月10日）による取りやめです。" in ja
    assert '!!! warning "参考訳の更新決定：2027年3月1日から適用"' in ja
    assert "廃止" not in ja and "改正決定" not in ja
    assert "[施行予定の本文](2027-03-01/index.md)及び[新旧対照表](2027-03-01/redline.md)" in ja
    assert "<summary>本文の情報：2026年4月1日から2027年2月28日まで施行</summary>" in ja
    assert "**施行状況：** 2026年4月1日から2027年2月28日まで施行" in ja
    assert "**制定：** 2012年4月1日\n" in ja and "**参考訳の公開：** 2026年4月1日の決議 CD-2026-001" in ja
    assert "Compliance Departmentの決議 **CD-2026-001**（2026年4月1日）" in ja  # body names as configured
    assert "言語：[English](../bribery-prevention/index.md)" in ja
    assert 'aria-label="第5条第2項へのリンク"' in ja and 'id="article-5-2"' in ja  # anchors unchanged
    for english in ("About this text", "in force", "Status", "Language:", "Permanent link"):
        assert english not in ja, english

    version = site["regulations/bribery-prevention.ja/2027-03-01/index.md"]
    assert 'title: "贈収賄防止規程（参考訳）（未施行：2027年3月1日施行予定）"' in version
    assert '!!! warning "未施行：まだ効力を有しません"' in version
    assert "この版は、2027年3月1日から施行されます。それまでは現在の本文が適用されます。" in version
    assert "[現在施行されている本文](../index.md)を確認してください。" in version
    # A translation's panel says what befell the translation, as its history does: published, updated.
    assert "**参考訳の更新：** 2026年11月25日の決議 CD-2026-002（2027年3月1日から適用予定）" in version
    assert "**参考訳の公開：** 2026年4月1日の決議 CD-2026-001" in version
    assert "**制定：** 2012年4月1日\n" in version  # the regulation's date, as the text states it
    for said_of_a_rule in ("改正：", "最終改正", "により記録"):
        assert said_of_a_rule not in version, said_of_a_rule
    updated = site_on("2027-03-05", [w.bribery(), japanese_amended_then_rescinded()])
    for uri in (
        "regulations/bribery-prevention.ja/index.md",
        "regulations/bribery-prevention.ja/2027-03-01/index.md",
    ):
        page = updated[uri]
        assert "**参考訳の最終更新：** 2026年11月25日の決議 CD-2026-002（2027年3月1日から適用）" in page
        assert "**時点：** 2027年3月5日までに適用された参考訳の全ての更新を反映しています" in page
        assert "最終改正" not in page and "全ての改正を反映" not in page
    history = site["regulations/bribery-prevention.ja/history.md"]
    assert "# 贈収賄防止規程（参考訳）：更新履歴" in history
    assert "| 版 | 施行期間 | 区分 | 決議 | 決議日 | 更新内容 |" in history
    assert "## 条ごとの更新経過" in history and "参考訳の各条がいつ、どの決議により更新されたか" in history
    assert (
        "| 第6条（取引先の監督） | [2027年3月1日](2027-03-01/redline.md#article-6) 更新・未施行（CD-2026-002） |"
        in history
    )
    assert "改正" not in history
    assert "| 2027年3月1日から2027年3月31日まで施行予定 |" not in history  # upcoming: no end in words
    # A translation's history says what befell the translation, not "改正" or "廃止" of a regulation.
    assert (
        "| 2027年3月1日から施行予定 | 参考訳の更新 | CD-2026-002（Compliance Department） | 2026年11月25日 |"
        in history
    )
    assert "[新旧対照表](2027-03-01/redline.md)" in history
    assert "| 2027年3月31日まで | 参考訳の取りやめ |" in history
    redline = site["regulations/bribery-prevention.ja/2027-03-01/redline.md"]
    assert "# 贈収賄防止規程（参考訳） 新旧対照表（2027年3月1日施行予定）" in redline
    assert "[更新前の参考訳](../2026-04-01/index.md)（2026年4月1日から2027年2月28日まで施行）" in redline
    assert "Compliance Departmentの決議 **CD-2026-002**（2026年11月25日）による参考訳の更新です。" in redline

    english = site[MAIN]
    assert "<summary>About this text: in force from 2026-10-01 to 2027-05-31</summary>" in english
    assert "**Status:** in force from 2026-10-01" in english
    assert "本文の情報" not in english and "施行" not in english
    assert "Board of Directors (2026-09-20)" in site["regulations/bribery-prevention/2026-10-01/redline.md"]
    assert "- **2026-11-25**: [贈収賄防止規程（参考訳）](" in site["whats-new.md"]  # title as is
    # A translation is approved, never enacted or amended: said so, not "amended by the Compliance Department".
    assert (
        "reference translation updated by resolution CD-2026-002 of the Compliance Department"
        in site["whats-new.md"]
    )
    assert "published as a reference translation by resolution" in site["whats-new.md"]
    assert "Internal regulations" in site["index.md"] and "施行" not in site["index.md"]

    rescinded = site_on("2027-04-01", [w.bribery(), japanese_amended_then_rescinded()])
    page = rescinded["regulations/bribery-prevention.ja/index.md"]
    assert '!!! danger "参考訳の取りやめ"' in page and "2027年4月1日から取りやめられました" in page
    assert "廃止" not in page
    assert "rescinded with effect from 2027-04-01" in rescinded["index.md"]


def english_translation_of_a_japanese_original() -> list[Work]:
    """規程 in Japanese, enacted by the board, and its English reference translation, updated once."""
    original = w.japanese("").replace("translation_of: en\noriginal_digest: \n", "")
    original = original.replace("title: 贈収賄防止規程（参考訳）", "title: 贈収賄防止規程")
    original = original.replace(f"governed_by: {w.COMPLIANCE}", f"governed_by: {w.BOARD}")
    english = w.SEED.replace(
        "language: en\n", f"language: en\ntranslation_of: ja\noriginal_digest: {w.digest(original)}\n", 1
    )
    english = english.replace("governed_by: board-of-directors", f"governed_by: {w.COMPLIANCE}")
    updated = english.replace("appropriate monitoring", "appropriate and documented monitoring")
    assert updated != english and "translation_of: ja" in english
    japanese = Work(
        "zoshuwai",
        "regulations/zoshuwai.md",
        [w.version("zoshuwai", original, "enact", w.approval("BD-2026-001", "2026-04-01"))],
    )
    published = w.approval("CD-2026-001", "2026-04-01", body=w.COMPLIANCE)
    update = w.approval("CD-2026-005", "2026-05-10", "2026-06-01", body=w.COMPLIANCE)
    translation = Work(
        "zoshuwai.en",
        "regulations/zoshuwai.en.md",
        [
            w.version("zoshuwai.en", english, "enact", published),
            w.version("zoshuwai.en", updated, "amend", update),
        ],
    )
    return [japanese, translation]


def test_an_english_translation_says_published_updated_and_withdrawn_never_enacted_amended_rescinded() -> (
    None
):
    site = site_on("2026-12-01", english_translation_of_a_japanese_original())
    for uri in ("regulations/zoshuwai.en/index.md", "regulations/zoshuwai.en/2026-06-01/index.md"):
        page = site[uri]
        assert "**Translation published:** by resolution CD-2026-001 of 2026-04-01" in page, uri
        assert (
            "**Translation last updated:** applies from 2026-06-01, by resolution CD-2026-005 of 2026-05-10"
            in page
        )
        assert "**Up to date** with all updates of this translation applying on or before 2026-12-01" in page
        for said_of_a_rule in ("Last amended", "recorded by resolution", "all changes in force"):
            assert said_of_a_rule not in page, (uri, said_of_a_rule)
    coming = site_on("2026-05-20", english_translation_of_a_japanese_original())
    page = coming["regulations/zoshuwai.en/2026-06-01/index.md"]
    assert "**Translation updated:** by resolution CD-2026-005 of 2026-05-10; applies from 2026-06-01" in page
    assert "**Amended:**" not in page
    main = coming["regulations/zoshuwai.en/index.md"]
    assert '!!! warning "Translation update adopted: applies from 2026-06-01"' in main
    assert "Amendment adopted" not in main
    works = english_translation_of_a_japanese_original()
    ended = w.approval("CD-2026-009", "2026-10-01", "2026-11-01", body=w.COMPLIANCE)
    works[1] = Work(works[1].id, works[1].path, works[1].versions, Rescission(works[1].id, ended, "f" * 40))
    withdrawn = site_on("2026-10-15", works)["regulations/zoshuwai.en/index.md"]
    assert '!!! warning "Translation withdrawn with effect from 2026-11-01"' in withdrawn
    assert (
        "By resolution **CD-2026-009** of the Compliance Department (2026-10-01). Until then the translation below is published."
        in withdrawn
    )
    gone = site_on("2026-11-01", works)["regulations/zoshuwai.en/index.md"]
    assert '!!! danger "Translation withdrawn"' in gone and "This reference translation was withdrawn" in gone
    assert "Rescinded" not in withdrawn + gone and "rescinded" not in withdrawn + gone
    # The original's panel keeps the words of a rule its board enacted.
    history = site["regulations/zoshuwai.en/history.md"]
    assert "[The translation's page](index.md). Every adopted version, newest first." in history
    assert "[2026-06-01](2026-06-01/redline.md#article-6) updated (CD-2026-005)" in history
    assert "amend" not in history
    redline = site["regulations/zoshuwai.en/2026-06-01/redline.md"]
    assert (
        "updating [the translation in force from 2026-04-01 to 2026-05-31](../2026-04-01/index.md)" in redline
    )
    assert "[Read the updated translation](index.md)" in redline and "amend" not in redline
    original = site["regulations/zoshuwai/index.md"]
    assert "**制定：** 2012年4月1日（2026年4月1日の決議 BD-2026-001 により記録）" in original
    assert "参考訳の公開" not in original


def test_the_navigation_follows_the_folders_and_the_home_takes_the_repository_words() -> None:
    entries: list[tuple[str, NavEntry]] = [
        ("conduct", {"Code of Conduct": "c"}),
        ("hr/leave", {"Leave Policy": "l"}),
        ("hr/benefits/pension", {"Pension Policy": "p"}),
        ("it-security/passwords", {"Passwords": "w"}),
        ("hr/travel", {"Travel Policy": "t"}),
    ]
    assert by_folder(entries) == [
        {"Code of Conduct": "c"},
        {"Hr": [{"Leave Policy": "l"}, {"Benefits": [{"Pension Policy": "p"}]}, {"Travel Policy": "t"}]},
        {"It security": [{"Passwords": "w"}]},
    ]
    assert folder_title("HR") == "HR"

    words = SiteWords(title="Example Corp policies", organisation="Example Corp", guides=("guides/legal.md",))
    home = pages(build_site(w.everything(), w.TODAY, words=words))["index.md"]
    assert home.startswith('---\ntitle: "Example Corp policies"')
    assert "The regulations of Example Corp in force" in home and "the group" not in home
    assert "(guides/legal.md)" in home and "guides/employee.md" not in home
    bare = pages(build_site(w.everything(), w.TODAY, words=SiteWords(guides=())))["index.md"]
    assert "## Guides" not in bare and "guides/" not in bare


@hypothesis.given(
    hypothesis.strategies.lists(
        hypothesis.strategies.sampled_from(["a", "b", "regulations", "x.md", ""]), max_size=5
    ),
    hypothesis.strategies.lists(
        hypothesis.strategies.sampled_from(["a", "b", "regulations", "x.md", ""]), max_size=5
    ),
)
def test_relative_paths_are_what_posixpath_relpath_makes(target: list[str], start: list[str]) -> None:
    """The site's own relative path (context.relative_path) is posixpath.relpath's, without its abspath."""
    there, here = "/".join(target), "/".join(start)
    hypothesis.assume(there.strip("/"))
    assert relative_path(there, here) == posixpath.relpath(there, here or ".")

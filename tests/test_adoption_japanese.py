"""Adoption end to end by a Japanese company whose 就業規則 and 規程 sit at the repository root, selected by
a pattern (issue 15): init, lint, an amendment through the gate, the audit and `mkdocs build --strict`,
the real commands on a repository made like theirs (tests/work_rules_fixture.py). README.md, the
amendment procedure and the guides stay what they are: no record is needed to change them. The site they
get, with nothing of this project's site copied (mkdocs.yml names the theme and the two plugins), opened
in Chromium: its pages with no axe-core violation, and an article found by its number however it is
typed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from tests.testing.browser import axe_violations, browser_page, search, search_results, served, shot
from tests.testing.shell import run_as_user
from tests.work_rules_fixture import PATTERN, WAGES, WORK_RULES, make_work_rules

ADOPT = f"""
set -e
ssh-keygen -q -t ed25519 -N "" -C soumu@example.co.jp -f "$HOME/key"
governance init --key "$HOME/key" --identity soumu@example.co.jp --regulations . \\
    --regulations-pattern '{PATTERN}' --members 5 --history
printf '%s\\n' 'site_name: 株式会社サンプル 規程集' 'docs_dir: resolutions' \\
    'theme: {{name: material, font: false, language: ja}}' 'plugins: [search, regulations]' > mkdocs.yml
git add -A && git commit -qm "規程管理を導入"
governance lint
mkdocs build --strict

git switch -q -c amend-leave
sed -i 's/10日$/11日/' {WORK_RULES}
today="令和$(( $(date +%Y) - 2018 ))年$(date +%-m)月$(date +%-d)日"  # the decision's day, as 附則 write it
printf '\n## 附則\n\nこの規則は、%sに改正し、%sから施行する。\n' "$today" "$today" >> {WORK_RULES}
echo "改正の履歴はサイトを参照。" >> README.md
git commit -qam "年次有給休暇の日数を改正"
! governance check --base main
governance resolution new --id BD-2026-001 --body board-of-directors --date "$(date +%F)" \\
    --written-consent --recorded-by "佐藤花子（総務部）"
governance resolution sign BD-2026-001 --key "$HOME/key"
git add resolutions && git commit -qm "取締役会決議 BD-2026-001"
governance check --base main
git switch -q main && git merge -q --no-ff amend-leave -m "Merge amend-leave"
governance audit
mkdocs build --strict
"""


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    base = tmp_path_factory.mktemp("japanese-adoption")
    repo = make_work_rules(base / "kitei")
    code, output = run_as_user(ADOPT, repo, base, name="総務部", email="soumu@example.co.jp")
    assert code == 0, output
    return repo, output


def test_only_what_the_pattern_selects_is_a_regulation(adopted: tuple[Path, str]) -> None:
    repo, output = adopted
    config = (repo / "governance.yml").read_text(encoding="utf-8")
    assert 'regulations: "."' in config and "regulations_pattern:" in config
    baseline = (repo / "resolutions" / "BL-2026-001.yml").read_text(encoding="utf-8")
    assert "regulation: 01_就業規則" in baseline and "regulation: 02_賃金規程" in baseline
    for other in ("README", "改正手続", "入社手続", "mkdocs"):
        assert other not in baseline, other
    # The amendment: one decision for the work rules; README.md changed beside it without one.
    first, second = output.split("governance check:")[1:3]
    assert f"MISSING  amend 01_就業規則 ({WORK_RULES})" in first and "README" not in first
    assert "ok       amend 01_就業規則" in second and "approved by BD-2026-001" in second
    assert "result: every change since the adoption was approved" in output
    assert output.count("Documentation built") == 2


def test_the_site_publishes_the_texts_at_the_root_and_nothing_else(adopted: tuple[Path, str]) -> None:
    repo, _ = adopted
    site = repo / "site"
    published = sorted(path.name for path in (site / "regulations").iterdir())
    assert published == [WORK_RULES.removesuffix(".md"), WAGES.removesuffix(".md")]
    page = (site / "regulations" / "01_就業規則" / "index.html").read_text(encoding="utf-8")
    assert "継続勤務した者　11日" in page and "継続勤務した者　10日" not in page  # as approved
    assert 'id="article-3_2"' in page and 'id="supplementary-4"' in page  # the amendment's 附則
    assert 'id="article-3-1-2"' in page  # 二\t契約社員: a tab-indented 号, an item with its anchor
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="regulations/{quote("01_就業規則")}/"' in home
    assert not (site / "README").exists() and not (site / "改正手続").exists()


FROM_RELEASES = f"""
set -e
ssh-keygen -q -t ed25519 -N "" -C soumu@example.co.jp -f "$HOME/key"
draft=$(git rev-parse HEAD)
governance init --key "$HOME/key" --identity soumu@example.co.jp --regulations . \\
    --regulations-pattern '{PATTERN}' --members 5 --from-tags '20*'
printf '%s\\n' 'site_name: 株式会社サンプル 規程集' 'docs_dir: resolutions' \\
    'theme: {{name: material, font: false, language: ja}}' 'plugins: [search, regulations]' > mkdocs.yml
git add -A && git commit -qm "規程管理を導入（2024-04-01 施行の版）"
governance audit
mkdocs build --strict

# The draft that was on the branch, proposed again through the gate.
git switch -q -c draft
git checkout "$draft" -- {WORK_RULES}
git commit -qm "案: 年次有給休暇の日数を見直す"
! governance check --base main
"""


def test_adoption_from_the_releases_enacts_the_law_in_force(tmp_path_factory: pytest.TempPathFactory) -> None:
    base = tmp_path_factory.mktemp("japanese-releases")
    repo = make_work_rules(base / "kitei")
    code, output = run_as_user(FROM_RELEASES, repo, base, name="総務部", email="soumu@example.co.jp")
    assert code == 0, output
    assert "01_就業規則.md (as the release holds it)" in output
    assert "result: every change since the adoption was approved" in output
    assert "MISSING  amend 01_就業規則" in output  # the draft needs a decision like any amendment
    work = repo / "site" / "regulations" / "01_就業規則"
    assert "継続勤務した者　11日" in (work / "index.html").read_text(encoding="utf-8")  # the release
    assert (work / "2024-04-01").is_dir()  # the version in force, from its 施行日
    earlier = (work / "before-adoption" / "index.html").read_text(encoding="utf-8")
    assert "2019-04-01" in earlier and "2021-04-01" in earlier and "2024-03-15" not in earlier


@pytest.fixture(scope="module")
def site(adopted: tuple[Path, str]) -> Iterator[str]:
    repo, _ = adopted
    with served(repo / "site") as url:
        yield url


@pytest.fixture(scope="module")
def page(site: str) -> Iterator[object]:
    with browser_page() as page:
        yield page


def test_the_site_needs_nothing_copied_from_this_project(adopted: tuple[Path, str]) -> None:
    repo, _ = adopted
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    assert "custom_dir" not in config and "extra_javascript" not in config
    assert not (repo / "overrides").exists() and not (repo / "javascripts").exists()
    # What Japanese search needs comes from the installed package, into the built site.
    assert (repo / "site" / "assets" / "regulations" / "search-worker.js").is_file()
    work = (repo / "site" / "regulations" / WORK_RULES.removesuffix(".md") / "index.html").read_text(
        encoding="utf-8"
    )
    assert '<script src="../../assets/regulations/search-start.js"></script>' in work


def _pages(repo: Path) -> dict[str, str]:
    """The site-relative address of a page of each kind: the regulation, its history, the 新旧対照表 of
    the amendment, and the resolution that approved it."""
    work = WORK_RULES.removesuffix(".md")
    redlines = sorted((repo / "site" / "regulations" / work).glob("*/redline/index.html"))
    assert len(redlines) == 1, redlines
    return {
        "regulation": f"regulations/{quote(work)}/",
        "history": f"regulations/{quote(work)}/history/",
        "redline": quote(redlines[0].parent.relative_to(repo / "site").as_posix()) + "/",
        "resolution": "resolutions/BD-2026-001/",
    }


@pytest.mark.parametrize("kind", ["regulation", "history", "redline", "resolution"])
@pytest.mark.parametrize("width", [1280, 375])
def test_the_adopted_site_s_pages_have_no_axe_violation(
    adopted: tuple[Path, str], page: object, site: str, kind: str, width: int
) -> None:
    p = page
    p.set_viewport_size({"width": width, "height": 800})  # type: ignore[attr-defined]
    p.goto(site + _pages(adopted[0])[kind], wait_until="load")  # type: ignore[attr-defined]
    assert p.locator("html").get_attribute("lang") == "ja"  # type: ignore[attr-defined]
    article = p.locator("article").inner_text()  # type: ignore[attr-defined]
    expected = {
        "regulation": "第7条（休職）",
        "history": "BD-2026-001",
        "redline": "新旧対照表",
        "resolution": "決議 BD-2026-001",
    }[kind]
    assert expected in article, article
    shot(p, f"adoption-ja-{kind}-{width}", full_page=True)
    assert axe_violations(p) == []


@pytest.mark.parametrize(
    ("typed", "anchors"),
    [
        ("第7条", {"article-7"}),
        ("第７条", {"article-7"}),
        ("第七条", {"article-7"}),  # the query's kanji read as digits
        # 第6条 itself, and 第7条, which cites it in kanji (第六条): the index holds both as 第6条.
        ("第6条", {"article-6", "article-7"}),
        ("第六条", {"article-6", "article-7"}),
    ],
)
def test_an_article_is_found_by_its_number_however_it_is_typed(
    page: object, site: str, typed: str, anchors: set[str]
) -> None:
    p = page
    p.set_viewport_size({"width": 1280, "height": 800})  # type: ignore[attr-defined]
    work = quote(WORK_RULES.removesuffix(".md"))
    p.goto(site + f"regulations/{work}/", wait_until="load")  # type: ignore[attr-defined]
    search(p, typed)
    p.locator(".md-search-result__item a").first.wait_for(state="visible")  # type: ignore[attr-defined]
    more = p.locator(".md-search-result__more summary")  # type: ignore[attr-defined]
    for index in range(more.count()):
        more.nth(index).click()  # Material folds a page's further sections under "more"
    results = [(href, text) for href, text in search_results(p) if f"/regulations/{work}/" in href]
    found = {unquote(href).rsplit("#", 1)[-1] for href, _ in results if "#" in href}
    assert anchors <= found and found <= anchors | {"article-3"}, results  # 第3条 holds 第 and 条 alone
    for _, text in results:
        assert "\u200b" not in text, text
    cited = [text for href, text in results if href.endswith("#article-7")]
    if "article-7" in anchors and cited:
        # As written: 第六条, its twin in digits taken out again.
        assert "第六条の年次有給休暇" in cited[0] and "第6条" not in cited[0], cited[0]
    shot(p, f"adoption-ja-search-{typed}")


# The administrator guide's steps for a Japanese company, as written there (「日本の会社の導入」), by a
# Japanese administrator: a locale of ja_JP.UTF-8, the branch `master`, the procedure of 労働基準法 for the
# 就業規則 (the 意見書 heard, the 届出) given at the adoption, the server's hook; every message read in
# Japanese.
GUIDE_JA = f"""
set -e
export LANG=ja_JP.UTF-8
ssh-keygen -q -t ed25519 -N "" -C soumu@example.co.jp -f "$HOME/key"
mkdir -p 意見書 && printf '%%PDF-1.4 2024-03-01\\n' > 意見書/2024-03-01.pdf
governance init --key "$HOME/key" --identity soumu@example.co.jp --members 5 \\
    --regulations . --regulations-pattern '{PATTERN}' --from-tags '20*' \\
    --requires 'consultations=*就業規則' --requires 'notifications=*就業規則' \\
    --consulted '過半数代表者 山田太郎' --consulted-on 2024-03-01 --opinion 意見書/2024-03-01.pdf \\
    --notified 渋谷労働基準監督署 --notified-on 2024-03-10
printf '%s\\n' 'site_name: 株式会社サンプル 規程集' 'docs_dir: resolutions' \\
    'theme: {{name: material, font: false, language: ja}}' 'plugins: [search, regulations]' > mkdocs.yml
echo /site/ > .gitignore
git add -A && git commit -qm "規程管理を導入"
governance audit
mkdocs build --strict

git init -q --bare "$HOME/server.git" && git -C "$HOME/server.git" symbolic-ref HEAD refs/heads/master
mkdir -p "$HOME/server.git/hooks"
printf '#!/bin/sh\\nexec governance hook pre-receive\\n' > "$HOME/server.git/hooks/pre-receive"
chmod +x "$HOME/server.git/hooks/pre-receive"
git remote add origin "$HOME/server.git" && git push -q origin master

git switch -q -c amend-leave
sed -i 's/11日$/12日/' {WORK_RULES}
today="令和$(( $(date +%Y) - 2018 ))年$(date +%-m)月$(date +%-d)日"
printf '\\n## 附則\\n\\nこの規則は、%sに改正し、%sから施行する。\\n' "$today" "$today" >> {WORK_RULES}
git commit -qam "年次有給休暇の日数を改正"
! governance check --base master
! governance resolution new --id BD-2026-001 --body board-of-directors --date "$(date +%F)" \\
    --written-consent --recorded-by "佐藤花子（総務部）"
printf '%%PDF-1.4 %s\\n' "$(date +%F)" > 意見書/"$(date +%F)".pdf
governance resolution new --id BD-2026-001 --body board-of-directors --date "$(date +%F)" \\
    --written-consent --recorded-by "佐藤花子（総務部）" \\
    --consulted '過半数代表者 山田太郎' --consulted-on "$(date +%F)" --opinion 意見書/"$(date +%F)".pdf \\
    --notified 渋谷労働基準監督署 --notified-on "$(date +%F)"
governance resolution sign BD-2026-001 --key "$HOME/key"
git add -A && git commit -qm "取締役会決議 BD-2026-001"
governance check --base master
git switch -q master && git merge -q --no-ff amend-leave -m "Merge amend-leave"
git push -q origin master
governance audit
mkdocs build --strict

echo 附則を追記 >> {WAGES}
git commit -qam "決議のない改正"
! git push origin master
"""


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    base = tmp_path_factory.mktemp("japanese-guide")
    repo = make_work_rules(base / "kitei", branch="master")
    code, output = run_as_user(GUIDE_JA, repo, base, name="総務部", email="soumu@example.co.jp")
    assert code == 0, output
    return repo, output


def test_the_guide_s_steps_speak_japanese_and_protect_master(walked: tuple[Path, str]) -> None:
    repo, output = walked
    assert 'branch: "master"' in (repo / "governance.yml").read_text(encoding="utf-8")
    # init's summary, then the audit, the check's refusal and its reason, resolution new refusing a
    # record without the procedure's steps, the secretary's next steps, the hook's refusal: Japanese.
    for said in (
        "書き込んだファイル:\n  01_就業規則.md (リリースの版)",
        "すべてを一つのコミット (導入コミット) にまとめて master にマージしてください",
        "結果: 導入以降のすべての変更が承認されています",
        "決議なし amend 01_就業規則 (01_就業規則.md): 取締役会の決議が必要です",
        "このプルリクエストで追加された決議のどれもこれを決定していません",
        "エラー: BD-2026-001.yml: この決議は有効になりません: 01_就業規則 の決定は、施行の前に従業員代表の意見",
        "resolutions/BD-2026-001.yml を書き込みました (決定 1 件):",
        "承認済み amend 01_就業規則 (01_就業規則.md): 取締役会の BD-2026-001 により承認",
        "結果: すべての変更が承認されています",
        "governance: 拒否: refs/heads/master: コミット ",
        "(決議のない改正): amend 02_賃金規程 は承認されていません: このコミットで追加された決議のどれもこれを決定していません",
    ):
        assert said in output, said
    for english in ("wrote", "next:", "result:", "MISSING", "is not approved", "refused:"):
        assert english not in output, english


def test_the_procedure_is_in_bodies_yml_and_in_every_record(walked: tuple[Path, str]) -> None:
    repo, _ = walked
    bodies = (repo / "resolutions" / "bodies.yml").read_text(encoding="utf-8")
    assert 'names: {"ja": "取締役会"}' in bodies
    assert 'consultations: ["*就業規則"]' in bodies and 'notifications: ["*就業規則"]' in bodies
    baseline = (repo / "resolutions" / "BL-2026-001.yml").read_text(encoding="utf-8")
    assert (
        "representative: 過半数代表者 山田太郎" in baseline and "opinion: 意見書/2024-03-01.pdf" in baseline
    )
    assert "office: 渋谷労働基準監督署" in baseline
    assert "recorded_by: 規程管理の導入時の基準決議録" in baseline  # as its page shows it


def test_init_writes_its_comments_in_the_user_s_language(
    walked: tuple[Path, str], adopted: tuple[Path, str]
) -> None:
    # Read by the people who adopt it, and read back by every command of the walk (the keys stay English).
    japanese, _ = walked
    config = (japanese / "governance.yml").read_text(encoding="utf-8")
    bodies = (japanese / "resolutions" / "bodies.yml").read_text(encoding="utf-8")
    assert config.startswith("# 規程管理の設定です。どのキーも省略でき、"), config
    assert bodies.startswith("# 規程を決定する機関です。quorum（定足数）"), bodies
    assert "    requires:  # 記録にこの手続を記載しなければならない規程の ID" in bodies
    comments = [line for text in (config, bodies) for line in text.splitlines() if "#" in line]
    assert len(comments) == 5 and not any(re.search("[A-Za-z]{4,} [a-z]{3,}", line) for line in comments)
    english, _ = adopted  # a locale that asks for none: the English they are written in
    assert (
        (english / "governance.yml")
        .read_text(encoding="utf-8")
        .startswith("# Regulation governance: every key is optional")
    )


@pytest.fixture(scope="module")
def walked_site(walked: tuple[Path, str]) -> Iterator[str]:
    repo, _ = walked
    with served(repo / "site") as url:
        yield url


@pytest.mark.parametrize("record", ["BL-2026-001", "BD-2026-001"])
def test_the_resolution_pages_name_the_board_in_japanese_with_its_procedure(
    walked_site: str, page: object, record: str
) -> None:
    p = page
    p.set_viewport_size({"width": 1280, "height": 800})  # type: ignore[attr-defined]
    p.goto(walked_site + f"resolutions/{record}/", wait_until="load")  # type: ignore[attr-defined]
    assert p.locator("html").get_attribute("lang") == "ja"  # type: ignore[attr-defined]
    article = p.locator("article").inner_text()  # type: ignore[attr-defined]
    assert "取締役会" in article and "Board of Directors" not in article, article
    assert "Baseline" not in article, article
    assert "山田太郎" in article and "渋谷労働基準監督署" in article, article
    shot(p, f"adoption-ja-guide-{record}", full_page=True)
    assert axe_violations(p) == []

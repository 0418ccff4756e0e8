"""The site build's refusals in the administrator's language: a real `mkdocs build` under ja_JP.UTF-8
says why it refuses an input (not governed, a script in a hand-written page, an ungoverned hook of
mkdocs.yml, mkdocs.yml's own reading of governance.yml) in Japanese, naming the file and line as the
English does (tests/site/test_inputs.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from governance.i18n import reset_language
from tests.site.test_inputs import build_site, site  # noqa: F401 (fixture: a governed repository, dated)
from tests.testing.governed import Governed


@pytest.fixture
def japanese(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    reset_language()
    yield
    reset_language()  # the next test reads its own environment again


@pytest.mark.parametrize(
    ("files", "docs", "reason"),
    [
        (
            {"notice.md": "# Notice\n"},
            "docs",
            "サイトが読めるのは管理対象の入力だけです:\n  docs/notice.md は管理対象のファイルではないため、"
            "その変更に決議は要りません。公開サイトはこのファイルを読めません: これを覆うパターンを "
            "governance.yml の governed_paths に加えるか (権限のある機関が決定する変更です)、削除してください",
        ),
        (
            {"guides/sw.md": "# Offline\n\n<script>navigator.serviceWorker.register('/sw.js')</script>\n"},
            "site",
            "site/guides/sw.md:3 に<script> 要素があります。手書きのページでは、スクリプトの実行、何かの"
            "埋め込みや読み込み、スタイルの指定はできません",
        ),
        (
            {"guides/legal.md": '---\ntitle: "Legal <img src=x onerror=rewrite()>"\n---\n\n# Legal\n'},
            "site",
            "site/guides/legal.md:2 のフロントマター (title:) にイベントハンドラー属性 (onerror=)があります。",
        ),
    ],
    ids=["ungoverned", "script", "front-matter"],
)
@pytest.mark.usefixtures("japanese")
def test_the_build_refuses_in_japanese(
    site: Governed,  # noqa: F811
    files: dict[str, str],
    docs: str,
    reason: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with pytest.raises((PluginError, Abort)):
        build_site(site, files, docs)
    assert reason in caplog.text
    assert not (site.path / "public" / "regulations").exists()


@pytest.mark.usefixtures("japanese")
def test_an_ungoverned_hook_and_a_governance_yml_the_strict_reader_refuses_are_said_in_japanese(
    site: Governed,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    (site.path / "hooks.py").write_text("def on_page_content(html, **kwargs):\n    return html\n")
    (site.path / "mkdocs.yml").write_text(
        "site_name: Internal regulations\ndocs_dir: site\nsite_dir: public\ntheme: {name: mkdocs}\n"
        "plugins: [search, regulations]\nhooks: [hooks.py]\n",
        encoding="utf-8",
    )
    (site.path / "site").mkdir(exist_ok=True)
    with pytest.raises((PluginError, Abort)):
        build(load_config(config_file=str(site.path / "mkdocs.yml"), strict=False))
    assert "hooks.py は mkdocs.yml のフック (hooks:)、つまりビルドが実行するスクリプトですが、" in caplog.text
    config = site.path / "governance.yml"
    text = config.read_text(encoding="utf-8") + "reviewed: on\n"  # the reader refuses it before the schema
    config.write_text(text, encoding="utf-8")
    caplog.clear()
    with pytest.raises((PluginError, Abort)):
        build_site(site, {}, "site")
    assert (
        f"規程を公開できません: {config}:{text.count(chr(10))}: 'on' は YAML では意味が曖昧です。"
        in caplog.text
    )
    assert (
        "'on' は YAML では意味が曖昧です。true か false と書くか、\"on\" のように引用符で囲んでください"
        in caplog.text
    )

"""The compliance page speaks its reader's language, as the reminders do: the page's switch, else the
roster's language of the person signed in, else their company's default, else the browser's, else
English; on SQLite and PostgreSQL. A program asking the page (no text/html) still gets the API's JSON."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st
from starlette.testclient import TestClient

from governance.i18n import LANGUAGES, accepted_language
from governance.promulgation.service import Service
from tests.promulgation import works as p
from tests.promulgation.test_service import client as client  # a fixture
from tests.promulgation.test_service import service as service  # a fixture

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def _officer(person: str = p.ALICE.person, **more: str) -> dict[str, str]:
    return {"X-Forwarded-Email": person, "X-Forwarded-Groups": "compliance", **BROWSER, **more}


def _language(client: TestClient, path: str = "/compliance/", **headers: str) -> str:
    answer = client.get(path, headers=_officer(**headers))
    assert answer.status_code == 200, answer.text
    said = answer.headers["content-language"]
    assert answer.text.startswith(f'<!DOCTYPE html><html lang="{said}">')
    assert answer.headers["vary"] == "Accept-Language"
    return said


def test_the_page_in_japanese(client: TestClient) -> None:
    page = client.get("/compliance/?company=iij", headers=_officer(**{"Accept-Language": "ja"})).text
    assert f"<h1>{p.TODAY.isoformat()} 時点の確認状況</h1>" in page
    for words in (
        "会社",
        "規程",
        "施行日",
        "確認期限の起算日",
        "確認済み",
        "未確認",
        "未確認の全員 (CSV、督促用)",
    ):
        assert words in page, words
    assert "未確認 2 人</a>" in page
    assert "Bribery Prevention Regulations" in page  # a title as approved, in its own language
    # The switch to the other language keeps the page's filter.
    assert '<a href="?company=iij&amp;lang=en" lang="en" hreflang="en">English</a>' in page
    english = client.get("/compliance/?company=iij&lang=en", headers=_officer(**{"Accept-Language": "ja"}))
    assert "<h1>Acknowledgement coverage on" in english.text and "2 not yet</a>" in english.text
    assert '<a href="?company=iij&amp;lang=ja" lang="ja" hreflang="ja">日本語</a>' in english.text


def test_the_roster_then_the_company_then_the_browser(client: TestClient, service: Service) -> None:
    yumi = replace(p.ALICE, person="yumi@iij.example", language="ja")
    eve = replace(p.ALICE, person="eve@iij.example", language="en")
    service.store.replace_roster([p.ALICE, yumi, eve, p.CAROL], {"iij-engineering": "ja"})
    english_browser = {"Accept-Language": "en-US,en;q=0.9"}
    japanese_browser = {"Accept-Language": "ja-JP,ja;q=0.9,en;q=0.5"}
    assert _language(client, person=yumi.person, **english_browser) == "ja"  # her roster line
    assert _language(client, person=eve.person, **japanese_browser) == "en"
    assert _language(client, person=p.CAROL.person, **english_browser) == "ja"  # her company's default
    assert _language(client, person=p.ALICE.person, **japanese_browser) == "ja"  # his browser's
    assert _language(client, person=p.ALICE.person, **english_browser) == "en"
    assert _language(client, person="outsider@iij.example", **japanese_browser) == "ja"  # not on the roster
    assert _language(client, person=p.ALICE.person) == "en"  # nothing said: English
    assert _language(client, "/compliance/?lang=en", person=yumi.person) == "en"  # the switch first
    assert _language(client, "/compliance/?lang=fr", person=yumi.person) == "ja"  # no such page: as before


def test_an_unknown_company_is_said_in_the_reader_s_language(client: TestClient) -> None:
    answer = client.get("/compliance/?company=acme", headers=_officer(**{"Accept-Language": "ja"}))
    assert answer.status_code == 400
    assert (
        "<p role='alert'>会社 &#x27;acme&#x27; は名簿にありません。名簿の会社: iij, iij-engineering</p>"
        in answer.text
    )


def test_a_refusal_is_a_page_for_a_browser_and_json_for_a_program(client: TestClient) -> None:
    reader = {"X-Forwarded-Email": p.ALICE.person, "Accept-Language": "ja"}
    page = client.get("/compliance/", headers={**reader, **BROWSER})
    assert (page.status_code, page.headers["content-type"]) == (403, "text/html; charset=utf-8")
    assert "このページはコンプライアンス部門のためのものです" in page.text and "compliance" in page.text
    assert page.headers["cache-control"] == "no-store"
    unsigned = client.get("/compliance/", headers={"Accept-Language": "en", **BROWSER})
    assert unsigned.status_code == 401
    assert "You are not signed in: open this page through the single sign-on proxy." in unsigned.text
    program = client.get("/compliance/", headers=reader)
    assert (program.status_code, program.json()["error"]) == (403, "not-compliance")


def test_accept_language() -> None:
    assert accepted_language("ja,en-US;q=0.8") == "ja"
    assert accepted_language("en-US,en;q=0.9,ja;q=0.8") == "en"
    assert accepted_language("fr-FR, ja;q=0.5, en;q=0.4") == "ja"
    assert accepted_language("en;q=0.1, ja;q=0.2") == "ja"
    assert accepted_language("ja;q=0, en;q=0.1") == "en"  # q=0: not wanted
    assert accepted_language("fr, de") is None
    assert accepted_language("*") is None
    assert accepted_language("ja;q=nan, en;q=x") is None
    assert accepted_language(None) is None


@given(st.text(max_size=300))
def test_accept_language_reads_any_header(header: str) -> None:
    assert accepted_language(header) in (None, *LANGUAGES)


def test_a_store_without_its_tables_is_a_page_for_a_browser(client: TestClient, service: Service) -> None:
    cascade = " CASCADE" if service.store.engine.dialect.name == "postgresql" else ""
    with service.store.engine.begin() as connection:
        connection.exec_driver_sql(f"DROP TABLE people{cascade}")
    page = client.get("/compliance/?lang=ja", headers=_officer())
    assert (page.status_code, page.headers["content-language"]) == (500, "ja")
    assert "管理者がデータベースの表を作る必要があります (governance db upgrade)" in page.text
    program = client.get("/compliance/", headers={**_officer(), "Accept": "application/json"})
    assert (program.status_code, program.json()["error"]) == (500, "database-not-set-up")

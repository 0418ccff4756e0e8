"""The service in process (Starlette's test client, with the connection's address set): what is
acknowledged, and everything refused with nothing written, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from governance.promulgation.access import AccessPolicy
from governance.promulgation.catalog import CATALOG_URI, catalog_json
from governance.promulgation.service import Service, create_app
from governance.promulgation.sources import SiteCatalog
from governance.promulgation.store import NotSetUp, Store
from tests.promulgation import works as p

PROXY = ("127.0.0.1", 40000)
ORIGIN = "http://testserver"


def write_site(folder: Path) -> Path:
    (folder / "promulgation").mkdir(parents=True)
    (folder / CATALOG_URI).write_text(catalog_json(p.catalog()), encoding="utf-8")
    (folder / "index.html").write_text("<!DOCTYPE html><title>Internal regulations</title>", encoding="utf-8")
    return folder


@pytest.fixture
def service(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Service:
    monkeypatch.setenv("GOVERNANCE_TODAY", p.TODAY.isoformat())
    store.replace_roster(p.ROSTER)
    return Service(SiteCatalog(write_site(tmp_path / "public")), store, AccessPolicy())


@pytest.fixture
def client(service: Service) -> Iterator[TestClient]:
    with TestClient(create_app(service), client=PROXY) as opened:
        yield opened


def headers(person: str = "alice@iij.example", **more: str) -> dict[str, str]:
    return {"X-Forwarded-Email": person, "Origin": ORIGIN, "Content-Type": "application/json", **more}


def test_acknowledge_once(client: TestClient, service: Service) -> None:
    status = client.get(f"/api/acknowledgements/{p.EDITORIAL_DIGEST}", headers=headers())
    assert status.json()["acknowledged"] is None
    first = client.post("/api/acknowledgements", json={"digest": p.EDITORIAL_DIGEST}, headers=headers())
    assert first.status_code == 201, first.text
    record = first.json()["acknowledgement"]
    assert (
        record["person"],
        record["company"],
        record["regulation"],
        record["language"],
        record["effective"],
    ) == (
        "alice@iij.example",
        "iij",
        "bribery-prevention",
        "en",
        "2026-11-01",
    )
    # A replayed request is the same acknowledgement, not a second one.
    again = client.post("/api/acknowledgements", json={"digest": p.EDITORIAL_DIGEST}, headers=headers())
    assert (again.status_code, again.json()["acknowledgement"]) == (200, record)
    assert service.store.head().seq == 1
    assert (
        client.get(f"/api/acknowledgements/{p.EDITORIAL_DIGEST}", headers=headers()).json()["acknowledged"]
        == record
    )
    assert first.headers["cache-control"] == "no-store"


def test_an_instance_whose_writer_is_not_running_answers_503_with_retry_after(service: Service) -> None:
    # Outside its lifespan (starting, stopping) an instance's writer does not run: it cannot record now,
    # another instance (or this one in a moment) can. A 500 would tell a load balancer nothing.
    idle = TestClient(create_app(service), client=PROXY)  # not entered: no lifespan, no writer
    answer = idle.post("/api/acknowledgements", json={"digest": p.EDITORIAL_DIGEST}, headers=headers())
    assert answer.status_code == 503, answer.text
    assert answer.headers["retry-after"].isdigit()
    assert answer.json()["error"] == "service-stopping"
    assert service.store.head().seq == 0
    health = idle.get("/api/health")  # what a load balancer asks
    assert health.status_code == 503 and health.headers["retry-after"].isdigit()


def test_a_database_without_its_tables_is_a_500_saying_what_to_do_not_an_outage(
    client: TestClient, service: Service
) -> None:
    cascade = " CASCADE" if service.store.engine.dialect.name == "postgresql" else ""
    with service.store.engine.begin() as connection:
        connection.exec_driver_sql(f"DROP TABLE people{cascade}")
    for answer in (
        client.post("/api/acknowledgements", json={"digest": p.EDITORIAL_DIGEST}, headers=headers()),
        client.get(f"/api/acknowledgements/{p.EDITORIAL_DIGEST}", headers=headers()),
    ):
        assert answer.status_code == 500, answer.text
        assert "retry-after" not in answer.headers  # no retry mends it
        assert answer.json() == {
            "error": "database-not-set-up",
            "message": "The acknowledgement service is not set up: its administrator must create its "
            "database tables (governance db upgrade). Nothing was recorded.",
        }
    assert service.store.head().seq == 0
    with pytest.raises(NotSetUp, match=r"create or upgrade its tables with `governance db upgrade`"):
        service.store.person(p.ALICE.person)


@pytest.mark.parametrize(
    ("address", "digest", "sent", "status", "code"),
    [
        (("203.0.113.9", 5000), p.EDITORIAL_DIGEST, {}, 403, "untrusted-identity"),
        (PROXY, p.EDITORIAL_DIGEST, {"Origin": "https://evil.example"}, 403, "cross-site"),
        (PROXY, p.EDITORIAL_DIGEST, {"Sec-Fetch-Site": "cross-site"}, 403, "cross-site"),
        (PROXY, p.EDITORIAL_DIGEST, {"Content-Type": "application/x-www-form-urlencoded"}, 415, "not-json"),
        (PROXY, p.EDITORIAL_DIGEST, {"X-Forwarded-Email": ""}, 401, "not-signed-in"),
        (PROXY, p.EDITORIAL_DIGEST, {"X-Forwarded-Email": "mallory@elsewhere.example"}, 403, "not-on-roster"),
        (PROXY, "sha256:" + "1" * 64, {}, 422, "unknown-version"),
        (PROXY, p.COMING_DIGEST, {}, 422, "not-in-force"),
        (PROXY, p.OWN_DIGEST, {}, 403, "not-applicable"),
        (PROXY, "not a digest", {}, 400, "bad-request"),
        # JSON nested deeper than Python's recursion: refused, not a server error (issue 12's sweep).
        (PROXY, '", "x": ' + "[" * 1900 + "]" * 1900 + ', "y": "', {}, 400, "bad-request"),
    ],
)
def test_refused_with_nothing_written(
    service: Service, address: tuple[str, int], digest: str, sent: dict[str, str], status: int, code: str
) -> None:
    with TestClient(create_app(service), client=address) as client:
        answer = client.post(
            "/api/acknowledgements", content=f'{{"digest": "{digest}"}}', headers={**headers(), **sent}
        )
    assert (answer.status_code, answer.json()["error"]) == (status, code), answer.text
    assert answer.json()["message"]
    assert service.store.head().seq == 0


def test_the_coverage_page_is_for_the_compliance_group(client: TestClient) -> None:
    client.post("/api/acknowledgements", json={"digest": p.JA_DIGEST}, headers=headers())
    assert client.get("/compliance/", headers=headers()).json()["error"] == "not-compliance"
    page = client.get(
        "/compliance/", headers=headers("carol@eng.example", **{"X-Forwarded-Groups": "staff,compliance"})
    )
    assert page.status_code == 200
    assert "<td>iij</td>" in page.text and "1 / 2 (50.0%)" in page.text
    csv = client.get(
        "/compliance/missing.csv?company=iij", headers=headers(**{"X-Forwarded-Groups": "compliance"})
    )
    assert csv.text.splitlines()[1:] == [
        "iij,bribery-prevention,bob@iij.example,Bob Baba,bob.baba@iij.example,2027-01-10"
    ]
    unknown = client.get(
        "/compliance/coverage.csv?company=acme", headers=headers(**{"X-Forwarded-Groups": "compliance"})
    )
    assert (unknown.status_code, unknown.json()["error"]) == (400, "bad-filter")
    export = client.get(
        "/compliance/acknowledgements.csv", headers=headers(**{"X-Forwarded-Groups": "compliance"})
    )
    assert export.text.splitlines()[1].startswith("1,alice@iij.example,iij,bribery-prevention,")
    refused = client.get("/compliance/acknowledgements.csv", headers=headers())
    assert (refused.status_code, refused.json()["error"]) == (403, "not-compliance")


def test_the_site_is_served(client: TestClient) -> None:
    assert "Internal regulations" in client.get("/").text


@pytest.mark.parametrize("length", ["9" * 5000, "\u00b2", "\u0661"])
def test_a_hostile_content_length_is_a_bad_request(service: Service, length: str) -> None:
    """A length of 5,000 digits, or a digit int() does not read ("²"), was a server error (issue 12, H7).
    Sent as the ASGI server hands it on: Starlette's test client would send the body's own length."""
    app = create_app(service)
    sent: list[dict[str, object]] = []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/acknowledgements",
        "raw_path": b"/api/acknowledgements",
        "query_string": b"",
        "root_path": "",
        "client": PROXY,
        "server": ("testserver", 80),
        "headers": [
            *((name.lower().encode(), value.encode()) for name, value in headers().items()),
            (b"host", b"testserver"),
            (b"content-length", length.encode("latin-1", "ignore") or length.encode()),
        ],
    }

    async def receive() -> dict[str, object]:
        return {
            "type": "http.request",
            "body": f'{{"digest": "{p.EDITORIAL_DIGEST}"}}'.encode(),
            "more_body": False,
        }

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]

    [start, body] = sent
    assert start["status"] == 400, body
    assert service.store.head().seq == 0

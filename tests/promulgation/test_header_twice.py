"""An identity or groups header sent twice is refused, whoever sent which (the second red-team review, H5).
The service read the first of two, as Starlette does; a proxy that adds its header rather than replacing
the browser's (nginx's add_header-style setups, a proxy chain) let any employee write their colleague's
address first and acknowledge in their name, or write `compliance` first and read everyone's coverage.
`governance serve` as a real process, on SQLite and PostgreSQL."""

from __future__ import annotations

import http.client
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from governance.promulgation.store import Store
from tests.promulgation import works as p
from tests.promulgation.servers import serving
from tests.promulgation.test_service import write_site

FORGED = "bob@iij.example"  # written by Alice's browser
SIGNED_IN = "alice@iij.example"  # added by the proxy after it


def _send(
    url: str, method: str, path: str, headers: list[tuple[str, str]], body: bytes = b""
) -> tuple[int, bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        connection.putrequest(method, path)
        for name, value in [*headers, ("Content-Length", str(len(body)))]:
            connection.putheader(name, value)
        connection.endheaders(body)
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


@pytest.fixture
def served(database_url: str, tmp_path: Path) -> object:
    store = Store(database_url)
    store.replace_roster(p.ROSTER)
    store.close()
    with serving(write_site(tmp_path / "public"), database_url) as (url, _):
        yield url


def test_an_identity_header_sent_twice_acknowledges_for_nobody(served: str, database_url: str) -> None:
    identities = [("X-Forwarded-Email", FORGED), ("X-Forwarded-Email", SIGNED_IN)]
    status, body = _send(
        served,
        "POST",
        "/api/acknowledgements",
        [*identities, ("Origin", served), ("Content-Type", "application/json")],
        json.dumps({"digest": p.EDITORIAL_DIGEST}).encode(),
    )
    assert (status, json.loads(body)["error"]) == (400, "header-twice"), body
    assert "X-Forwarded-Email" in json.loads(body)["message"]
    status, body = _send(served, "GET", f"/api/acknowledgements/{p.EDITORIAL_DIGEST}", identities)
    assert (status, json.loads(body)["error"]) == (400, "header-twice"), body
    store = Store(database_url)
    try:
        assert list(store.records()) == []
    finally:
        store.close()


def test_a_groups_header_sent_twice_shows_no_coverage(served: str) -> None:
    headers = [
        ("X-Forwarded-Email", SIGNED_IN),
        ("X-Forwarded-Groups", "compliance"),  # written by the browser
        ("X-Forwarded-Groups", "staff"),  # added by the proxy
    ]
    for path in ("/compliance/", "/compliance/coverage.csv", "/compliance/acknowledgements.csv"):
        status, body = _send(served, "GET", path, headers)
        assert (status, json.loads(body)["error"]) == (400, "header-twice"), (path, body)
    status, _ = _send(served, "GET", "/compliance/coverage.csv", headers[::2])  # the proxy's alone
    assert status == 403

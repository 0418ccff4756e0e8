"""`governance serve` as a real process, fuzzed over its socket (issue 12, H1): generated hostile HTTP
requests (odd methods, paths, headers, bodies huge, malformed, bad JSON, wrong types, cut short) are
never answered 500 or with a traceback, never kill the process, and /api/health keeps answering."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from governance.promulgation.store import Store
from tests.promulgation import works as p
from tests.promulgation.servers import free_port
from tests.promulgation.test_service import write_site

_TIMEOUT = 30  # seconds for an answer: a stall fails the test instead of hanging it


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def errors(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def server(migrated_sqlite: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("fuzzed")
    database = folder / "acknowledgements.db"
    shutil.copyfile(migrated_sqlite, database)
    store = Store(f"sqlite:///{database}")
    store.replace_roster(p.ROSTER)
    store.close()
    port = free_port()
    log = folder / "stderr.log"
    with log.open("wb") as stderr:  # a file, never a pipe: a full pipe would stall the server, not the test
        process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("governance")),
                "serve",
                "--site",
                str(write_site(folder / "public")),
                "--database",
                f"sqlite:///{database}",
                "--port",
                str(port),
            ],
            env={**os.environ, "GOVERNANCE_TODAY": p.TODAY.isoformat()},
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    running = Server(f"http://127.0.0.1:{port}", port, process, log)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(running):
            assert process.poll() is None and time.monotonic() < deadline, running.errors()
            time.sleep(0.1)
        yield running
    finally:
        process.kill()
        process.wait()


def _healthy(server: Server) -> bool:
    try:
        with urllib.request.urlopen(f"{server.url}/api/health", timeout=_TIMEOUT) as answer:
            return answer.status == 200 and json.loads(answer.read())["ok"] is True
    except OSError:
        return False


def _exchange(server: Server, request: bytes, *, complete: bool = True, cut: bool = False) -> bytes:
    """Send `request`; what came back. A `complete` request is answered while the connection stays open
    (a stall fails the test at the timeout); an incomplete one (its body shorter than it says) gets what
    the server says once the client gives up writing; a `cut` one is dropped halfway."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=_TIMEOUT) as connection:
        if cut:
            connection.sendall(request[: len(request) // 2])
            time.sleep(0.05)
            return b""
        try:
            connection.sendall(request)
            if not complete:
                connection.shutdown(socket.SHUT_WR)
        except OSError:  # answered and closed before the end of a huge body: the answer is still read
            pass
        answer = b""
        try:
            while chunk := connection.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
        return answer


_METHODS = st.sampled_from(
    ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "BREW", "get"]
)
_PATHS = st.one_of(
    st.sampled_from(
        [
            "/api/acknowledgements",
            f"/api/acknowledgements/{p.EDITORIAL_DIGEST}",
            "/api/acknowledgements/sha256:" + "0" * 64,
            "/api/acknowledgements/%00",
            "/api/acknowledgements/..%2F..%2Fetc%2Fpasswd",
            "/api/health",
            "/compliance/",
            "/compliance/coverage.csv?company=%ff&regulation=%00",
            "/compliance/missing.csv?company=" + "x" * 5000,
            "/compliance/acknowledgements.csv",
            "/../../etc/passwd",
            "//api//acknowledgements",
            "/promulgation/catalog.json",
            "/%2e%2e/%2e%2e/",
            "*",
        ]
    ),
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=300).map(lambda t: "/" + t),
)
_IDENTITIES = st.sampled_from(
    [
        "alice@iij.example",
        "bob@iij.example",
        "nobody@example.com",
        "",
        "a" * 10000,
        "alice@iij.example, bob@iij.example",
        "\u00e9",
    ]
)
_TYPES = st.sampled_from(
    [
        "application/json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=utf-16",
        "",
        "\u00ff",
    ]
)
_JSON_BODIES = st.one_of(
    st.just({"digest": p.EDITORIAL_DIGEST}),
    st.fixed_dictionaries(
        {
            "digest": st.one_of(
                st.text(max_size=80), st.integers(), st.none(), st.lists(st.integers(), max_size=3)
            )
        }
    ),
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20)),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=10,
    ),
).map(lambda value: json.dumps(value).encode())
_BODIES = st.one_of(
    _JSON_BODIES,
    st.binary(max_size=2000),
    st.sampled_from(
        [
            b"[" * 100_000,
            b'{"digest": "' + b"a" * 300_000 + b'"}',
            b"\xff\xfe{",
            b"NaN",
            b'{"digest": 1e999999}',
        ]
    ),
)


_SPOILERS = ["method", "path", "identity", "groups", "origin", "type", "body", "length", "header"]
_PRINTABLE = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=80)


@st.composite
def _requests(draw: st.DrawFn) -> tuple[bytes, bool, bool]:
    """A raw request, whether its body is complete, and whether to drop it halfway: a request the service
    serves (as the proxy sends it for a person on the roster), spoilt in a few ways at once."""
    route = draw(st.sampled_from(["acknowledge", "acknowledge", "status", "compliance", "health", "page"]))
    spoilt = set(draw(st.lists(st.sampled_from(_SPOILERS), max_size=3)))
    method = {"acknowledge": "POST"}.get(route, "GET")
    path = {
        "acknowledge": "/api/acknowledgements",
        "status": f"/api/acknowledgements/{draw(st.one_of(st.just(p.EDITORIAL_DIGEST), _PRINTABLE))}",
        "compliance": draw(_PATHS.filter(lambda path: path.startswith("/compliance"))),
        "health": "/api/health",
        "page": draw(st.sampled_from(["/", "/index.html", "/promulgation/catalog.json"])),
    }[route]
    body = json.dumps({"digest": p.EDITORIAL_DIGEST}).encode() if route == "acknowledge" else b""
    headers = [
        ("Host", "127.0.0.1:@PORT@"),
        ("Connection", "close"),
        ("X-Forwarded-Email", draw(st.sampled_from(["alice@iij.example", "bob@iij.example"]))),
        ("Origin", "http://127.0.0.1:@PORT@"),
        ("Content-Type", "application/json"),
    ]
    if route == "compliance":
        headers.append(("X-Forwarded-Groups", "compliance"))
    if "method" in spoilt:
        method = draw(_METHODS)
    if "path" in spoilt:
        path = draw(_PATHS)
    if "identity" in spoilt:
        headers[2] = ("X-Forwarded-Email", draw(_IDENTITIES))
    if "groups" in spoilt:
        headers.append(
            ("X-Forwarded-Groups", draw(st.sampled_from(["compliance", "", "a,compliance,,", "é"])))
        )
    if "origin" in spoilt:
        headers[3] = (
            "Origin",
            draw(st.sampled_from(["null", "http://evil.example", "\x7f", "http://127.0.0.1:1"])),
        )
    if "type" in spoilt:
        headers[4] = ("Content-Type", draw(_TYPES))
    if "body" in spoilt:
        body = draw(_BODIES)
    if "header" in spoilt:
        name = draw(
            st.sampled_from(
                [
                    "X-Forwarded-Proto",
                    "X-Forwarded-For",
                    "Sec-Fetch-Site",
                    "Accept",
                    "Range",
                    "If-None-Match",
                    "Expect",
                ]
            )
        )
        headers.append(
            (
                name,
                draw(
                    st.one_of(
                        _PRINTABLE, st.sampled_from(["bytes=0-0,-1", "100-continue", "cross-site", "*"])
                    )
                ),
            )
        )
    length = (
        draw(st.sampled_from(["more", "less", "huge", "negative", "chunked", "none"]))
        if "length" in spoilt
        else "exact"
    )
    payload = body
    if length == "exact":
        headers.append(("Content-Length", str(len(body))))
    elif length == "more":
        headers.append(("Content-Length", str(len(body) + 10)))
    elif length == "less":
        headers.append(("Content-Length", str(max(0, len(body) - 1))))
    elif length == "huge":
        headers.append(("Content-Length", "9" * 30))
    elif length == "negative":
        headers.append(("Content-Length", "-1"))
    elif length == "chunked":
        headers.append(("Transfer-Encoding", "chunked"))
        payload = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    head = (
        f"{method} {path} HTTP/1.1\r\n" + "".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n"
    )
    complete = length not in ("more", "huge")
    cut = draw(st.integers(0, 7)) == 0
    return head.encode("utf-8", "surrogateescape") + payload, complete, cut


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(request=_requests())
@example(
    request=(
        b"POST /api/acknowledgements HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5\r\n\r\n[[[[[",
        True,
        False,
    )
)
def test_hostile_requests_get_no_server_error_and_the_service_stays_up(
    server: Server, request: tuple[bytes, bool, bool]
) -> None:
    raw, complete, cut = request
    answer = _exchange(server, raw.replace(b"@PORT@", str(server.port).encode()), complete=complete, cut=cut)
    if complete and not cut:
        assert answer, "no answer"
    if answer:
        status_line = answer.split(b"\r\n", 1)[0]
        assert status_line.startswith(b"HTTP/1.1 "), answer[:300]
        status = int(status_line.split()[1])
        assert status < 500 or status == 503, answer[:2000]
        assert b"Traceback" not in answer
    assert server.process.poll() is None, server.errors()[-3000:]
    assert _healthy(server), server.errors()[-3000:]


def test_slow_bodies_held_open_do_not_stall_the_service(server: Server) -> None:
    """A hundred acknowledgements whose bodies never finish arriving (slowloris): the others are served."""
    held: list[socket.socket] = []
    try:
        for _ in range(100):
            connection = socket.create_connection(("127.0.0.1", server.port), timeout=_TIMEOUT)
            held.append(connection)
            connection.sendall(
                b"POST /api/acknowledgements HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Email: alice@iij.example"
                b'\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"digest": '
            )
        assert _healthy(server), server.errors()[-3000:]
        answer = _exchange(server, b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 200 "), answer[:300]
    finally:
        for connection in held:
            connection.close()
    assert server.process.poll() is None and _healthy(server)


def test_the_server_logged_no_traceback(server: Server) -> None:
    """Run after the fuzzing (same module, same process): nothing it met was an unexpected exception."""
    assert _healthy(server)
    assert "Traceback" not in server.errors(), server.errors()[-5000:]

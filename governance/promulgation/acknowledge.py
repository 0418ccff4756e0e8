"""POST /api/acknowledgements {"digest": "sha256:..."}: the person acknowledges the version in force that
the page shows. The service's hot path (a group acknowledging a new version within a day), so it is a
plain ASGI endpoint of the Starlette application: its headers read into a dict once, its body read
within MAX_BODY, its answer written as bytes. Starlette's Request and JSONResponse cost as much CPU per
acknowledgement as everything else in the service together (benchmarks/acknowledgements.py).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping
from typing import Any

from starlette.types import Receive, Scope, Send

from governance.clock import today
from governance.i18n import _
from governance.promulgation.access import AccessPolicy, Denied
from governance.promulgation.batch import Ask
from governance.promulgation.catalog import Catalog, Refusal
from governance.promulgation.chain import Acknowledgement
from governance.promulgation.group_commit import GroupCommit, NotWriting
from governance.promulgation.store import NotSetUp, Unavailable, not_set_up, unavailable

_log = logging.getLogger("governance.serve")
DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
MAX_BODY = 4096
RETRY_AFTER = 5  # seconds: a restarting database is usually back by then
PRIVATE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"}
_HEADERS = [(name.lower().encode(), value.encode()) for name, value in PRIVATE.items()]
_BAD_REQUEST = {
    "error": "bad-request",
    "message": 'send {"digest": "sha256:<64 hex>", "regulation": "<id>"} of the page read',
}


class AcknowledgeEndpoint:
    def __init__(self, catalog: Callable[[], Catalog], policy: AccessPolicy, writer: GroupCommit) -> None:
        self._catalog = catalog
        self._policy = policy
        self._writer = writer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Of a header sent twice, the first counts, as Starlette's Headers.get reads it.
        headers = {
            name.decode("latin-1"): value.decode("latin-1") for name, value in reversed(scope["headers"])
        }
        client = scope["client"][0] if scope.get("client") else None
        status, body = await self._answer(scope, receive, headers, client)
        extra = [(b"retry-after", str(RETRY_AFTER).encode())] if status == 503 else []
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(data)).encode()),
                    *_HEADERS,
                    *extra,
                ],
            }
        )
        await send({"type": "http.response.body", "body": data})

    async def _answer(
        self, scope: Scope, receive: Receive, headers: Mapping[str, str], client: str | None
    ) -> tuple[int, dict[str, Any]]:
        try:
            self._policy.check_same_origin(headers, own_origin(self._policy, scope, headers, client))
            identity = self._policy.identity(client, headers)
            self._policy.sent_once(scope["headers"])
        except Denied as denied:
            return denied.status, {"error": denied.code, "message": denied.message}
        asked = asked_of(await _body(receive, headers.get("content-length")))
        if asked is None:
            return 400, _BAD_REQUEST
        try:
            catalog = self._catalog()
            # The day the pages say: the site's zone, not the server's (a text in force from 3 December in
            # Tokyo is in force from 15:00 UTC on the 2nd).
            resolved = catalog.resolve(asked[0], today(catalog.utc_offset), asked[1])
        except Refusal as refusal:
            return 422, {"error": refusal.code, "message": refusal.message}
        # The roster and Article 8 are checked by the writer, in the transaction that writes.
        try:
            outcome = await self._writer.append(Ask(identity, resolved))
        except Exception as exc:
            missing = not_set_up(exc)
            if missing is not None:
                return 500, not_set_up_body(missing)
            down = unavailable(exc)
            if down is None:
                raise
            return 503, unavailable_body(down)
        if isinstance(outcome, Refusal):
            return 403, {"error": outcome.code, "message": outcome.message}
        record, created = outcome
        return 201 if created else 200, {"created": created, "acknowledgement": public(record)}


async def _body(receive: Receive, length: str | None) -> bytes | None:
    """The body, when its announced length is within MAX_BODY (nothing of an acknowledgement is longer
    than a few hundred bytes); None otherwise, unread."""
    # ASCII digits, and few: "²" is a digit to str.isdigit and not to int(), and int() refuses 4,300 digits.
    if (
        length is None
        or not (length.isascii() and length.isdigit())
        or len(length) > 9
        or int(length) > MAX_BODY
    ):
        return None
    chunks = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None  # the client went away
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def digest_of(body: bytes | None) -> str | None:
    asked = asked_of(body)
    return asked[0] if asked is not None else None


def asked_of(body: bytes | None) -> tuple[str, str | None] | None:
    """The digest of the page read and, when the page says it, its regulation (pages built before it
    was sent say none); None for a body that is not such a request."""
    if body is None:
        return None
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: "[[[[..." within MAX_BODY
        return None
    if not isinstance(data, dict):
        return None
    digest, regulation = data.get("digest"), data.get("regulation")
    if not (isinstance(digest, str) and DIGEST.fullmatch(digest)):
        return None
    if regulation is not None and not isinstance(regulation, str):
        return None
    return digest, regulation


def own_origin(policy: AccessPolicy, scope: Scope, headers: Mapping[str, str], client: str | None) -> str:
    # Behind the proxy the request arrives over plain HTTP; the proxy says the scheme the reader used.
    scheme: str = scope["scheme"]
    if policy.trusted(client):
        scheme = headers.get("x-forwarded-proto", scheme).split(",")[0].strip()
    return f"{scheme}://{headers.get('host', '')}"


def public(record: Acknowledgement) -> dict[str, Any]:
    fields = dict(vars(record))
    fields["effective"] = record.effective.isoformat()
    return fields


def not_set_up_body(missing: NotSetUp) -> dict[str, Any]:
    """The answer to a request the store's missing tables stopped: no retry helps, the administrator
    must act (the log says what, with the database's words)."""
    _log.error(_("answered 500: {cause}").format(cause=missing.message))
    return {
        "error": "database-not-set-up",
        "message": "The acknowledgement service is not set up: its administrator must create its "
        "database tables (governance db upgrade). Nothing was recorded.",
    }


def unavailable_body(down: Unavailable) -> dict[str, Any]:
    """The answer to a request the database's outage stopped. The reader is told what to do; the cause,
    which names the database's address, goes to the administrator's log only."""
    _log.warning(_("answered 503: {cause}").format(cause=down.message))
    if isinstance(down, NotWriting):
        return {
            "error": "service-stopping",
            "message": "This instance of the acknowledgement service is not recording just now. Nothing "
            "was recorded: try again in a minute.",
            "retry_after": RETRY_AFTER,
        }
    return {
        "error": "database-unavailable",
        "message": "The acknowledgement service cannot reach its database just now. Nothing was "
        "recorded: try again in a minute.",
        "retry_after": RETRY_AFTER,
    }

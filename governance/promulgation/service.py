"""The service (`governance serve`): the built site, the acknowledgement API and the compliance
department's coverage page, as one Starlette application.

It keeps no state of its own: the catalog comes from the built site, everything else from the store, so
several instances behind a load balancer share one PostgreSQL. Every refusal writes nothing and says why.
"""

from __future__ import annotations

import contextlib
import html
import itertools
import sqlite3
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from governance.clock import today
from governance.errors import GovernanceError
from governance.promulgation import coverage
from governance.promulgation.access import AccessPolicy, Denied
from governance.promulgation.acknowledge import (
    PRIVATE,
    RETRY_AFTER,
    AcknowledgeEndpoint,
    not_set_up_body,
    public,
    unavailable_body,
)
from governance.promulgation.batch import not_on_roster
from governance.promulgation.catalog import Catalog, Refusal, applies
from governance.promulgation.export import export_lines
from governance.promulgation.group_commit import GroupCommit
from governance.promulgation.roster import Person
from governance.promulgation.sources import SiteCatalog
from governance.promulgation.store import DatabaseProblem, Store, not_set_up, unavailable


@dataclass(frozen=True)
class Service:
    catalogs: SiteCatalog  # the built site's catalog, read again when the site is rebuilt
    store: Store
    policy: AccessPolicy

    @property
    def site(self) -> Path:
        return self.catalogs.site

    @property
    def catalog(self) -> Catalog:
        """The catalog as the site is now: each request takes it once and keeps it to the end."""
        return self.catalogs.current()


def create_app(service: Service) -> Starlette:
    # Plain functions run in Starlette's thread pool (the store is synchronous SQLAlchemy). The POST, the
    # hot path, stays on the event loop and hands its acknowledgement to the instance's writer thread.
    writer = GroupCommit(service.store)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        writer.start()
        try:
            yield
        finally:
            await run_in_threadpool(writer.stop)

    routes = [
        Route(
            "/api/acknowledgements",
            AcknowledgeEndpoint(lambda: service.catalog, service.policy, writer),
            methods=["POST"],
        ),
        Route("/api/health", partial(_health, service, writer), methods=["GET"]),
        Route("/api/acknowledgements/{digest}", partial(_status, service), methods=["GET"]),
        Route("/compliance/", partial(_coverage_page, service), methods=["GET"]),
        Route("/compliance/coverage.csv", partial(_coverage_csv, service), methods=["GET"]),
        Route("/compliance/missing.csv", partial(_missing_csv, service), methods=["GET"]),
        Route("/compliance/acknowledgements.csv", partial(_export_csv, service), methods=["GET"]),
        Mount("/", StaticFiles(directory=service.site, html=True)),
    ]
    return Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers=dict.fromkeys(_DATABASE_ERRORS, _database_problem),
    )


# What a database that cannot serve raises, wherever a handler meets it: an outage (unavailable()) is a
# 503 with Retry-After, a missing table (not_set_up()) a 500 saying what to do; any other error of these
# classes is a bug and stays a bare 500.
_DATABASE_ERRORS = (DatabaseProblem, sa.exc.DBAPIError, psycopg.Error, sqlite3.Error)


def _database_problem(request: Request, exc: Exception) -> Response:
    missing = not_set_up(exc)
    if missing is not None:
        return JSONResponse(not_set_up_body(missing), status_code=500, headers=PRIVATE)
    down = unavailable(exc)
    if down is None:
        raise exc
    return JSONResponse(
        unavailable_body(down), status_code=503, headers={**PRIVATE, "Retry-After": str(RETRY_AFTER)}
    )


def _json(status: int, body: dict[str, Any]) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers=PRIVATE)


def _denied(denied: Denied) -> JSONResponse:
    return _json(denied.status, {"error": denied.code, "message": denied.message})


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


def _member(service: Service, request: Request) -> Person:
    identity = service.policy.identity(_client(request), request.headers)
    service.policy.sent_once(request.headers.raw)
    person = service.store.person(identity)
    if person is None:
        refusal = not_on_roster(identity)
        raise Denied(403, refusal.code, refusal.message)
    return person


def _health(service: Service, writer: GroupCommit, request: Request) -> Response:
    """200 while this instance can record: a load balancer stops sending to one whose database or writer
    is not there (503, as an acknowledgement would be answered)."""
    writer.check_running()
    head = service.store.head()
    return _json(200, {"ok": True, "acknowledgements": head.seq})


def _status(service: Service, request: Request) -> Response:
    try:
        person = _member(service, request)
    except Denied as denied:
        return _denied(denied)
    digest = request.path_params["digest"]
    catalog = service.catalog
    day = today(catalog.utc_offset)  # the day the pages say (governance.promulgation.acknowledge)
    try:
        resolved = catalog.resolve(digest, day, request.query_params.get("regulation"))
    except Refusal as refusal:
        return _json(200, {"acknowledgeable": False, "error": refusal.code, "message": refusal.message})
    accepted, _ = resolved.work.accepted_digests(resolved.work.in_force(day) or resolved.version)
    found = service.store.find(person.person, accepted)
    return _json(
        200,
        {
            "acknowledgeable": applies(resolved.version, person.company),
            "person": person.person,
            "name": person.name,
            "company": person.company,
            "regulation": resolved.work.id,
            "acknowledged": public(found) if found else None,
        },
    )


# -- the compliance department ---------------------------------------------------------------------


def _compliance(service: Service, request: Request) -> None:
    service.policy.identity(_client(request), request.headers)
    service.policy.sent_once(request.headers.raw)
    if not service.policy.in_compliance(request.headers):
        raise Denied(
            403,
            "not-compliance",
            f"the coverage is for the {service.policy.compliance_group} group of the proxy",
        )


def _filters(request: Request) -> tuple[str | None, str | None]:
    return request.query_params.get("company") or None, request.query_params.get("regulation") or None


def _coverage_page(service: Service, request: Request) -> Response:
    catalog = service.catalog
    day = today(catalog.utc_offset)
    try:
        _compliance(service, request)
        company, _ = _filters(request)
        lines = coverage.summary(service.store, catalog, day, company)
    except Denied as denied:
        return _denied(denied)
    except DatabaseProblem:  # not the user's mistake: 503 or 500 (_database_problem)
        raise
    except GovernanceError as exc:  # an unknown company: the user's mistake, said on the page
        return HTMLResponse(
            _page(day, f"<p role='alert'>{html.escape(exc.message)}</p>"), 400, headers=PRIVATE
        )
    return HTMLResponse(_page(day, _table(lines)), headers=PRIVATE)


def _page(day: date, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Acknowledgement coverage on {day}</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:1rem;line-height:1.5}"
        "table{border-collapse:collapse}th,td{border:1px solid #888;padding:.25rem .5rem;text-align:left}"
        "td.n{text-align:right}</style></head><body><main>"
        f"<h1>Acknowledgement coverage on {day}</h1>"
        '<p><a href="coverage.csv">Coverage (CSV)</a> · <a href="missing.csv">Everyone who has not acknowledged (CSV, '
        'for reminders)</a> · <a href="acknowledgements.csv">Every acknowledgement (CSV, with its hashes)</a></p>'
        f"{body}</main></body></html>"
    )


def _table(lines: list[coverage.Line]) -> str:
    rows = []
    for line in lines:
        query = f"company={quote(line.company)}&amp;regulation={quote(line.regulation)}"
        share = f"{100 * line.acknowledged / line.required:.1f}%" if line.required else "-"
        rows.append(
            "<tr>"
            f"<td>{html.escape(line.company)}</td>"
            f"<td>{html.escape(line.title)}<br><code>{html.escape(line.regulation)}</code></td>"
            f"<td>{line.effective}</td><td>{line.since}</td>"
            f'<td class="n">{line.acknowledged} / {line.required} ({share})</td>'
            f'<td class="n"><a href="missing.csv?{query}">{line.missing} not yet</a></td>'
            "</tr>"
        )
    return (
        '<table class="governance-coverage"><caption>Per company and regulation in force</caption>'
        "<thead><tr><th scope='col'>Company</th><th scope='col'>Regulation</th><th scope='col'>In force since</th>"
        "<th scope='col'>Due since</th><th scope='col'>Acknowledged</th><th scope='col'>Missing</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _coverage_csv(service: Service, request: Request) -> Response:
    try:
        _compliance(service, request)
        company, _ = _filters(request)
        catalog = service.catalog
        lines = coverage.summary(service.store, catalog, today(catalog.utc_offset), company)
    except Denied as denied:
        return _denied(denied)
    except DatabaseProblem:  # not the user's mistake: 503 or 500 (_database_problem)
        raise
    except GovernanceError as exc:
        return _json(400, {"error": "bad-filter", "message": exc.message})
    return Response(coverage.summary_csv(lines), media_type="text/csv; charset=utf-8", headers=PRIVATE)


def _missing_csv(service: Service, request: Request) -> Response:
    company, regulation = _filters(request)
    try:
        _compliance(service, request)
        catalog = service.catalog
        found = coverage.missing(service.store, catalog, today(catalog.utc_offset), company, regulation)
    except Denied as denied:
        return _denied(denied)
    except DatabaseProblem:  # not the user's mistake: 503 or 500 (_database_problem)
        raise
    except GovernanceError as exc:
        return _json(400, {"error": "bad-filter", "message": exc.message})
    rows: Iterator[str] = coverage.missing_csv(found)
    return StreamingResponse(rows, media_type="text/csv; charset=utf-8", headers=PRIVATE)


def _export_csv(service: Service, request: Request) -> Response:
    """Every acknowledgement, in chain order with its hashes (governance db export). Its first lines are
    read before the answer starts, so a database already down is a 503; one that goes away while the rest
    streams cuts the answer short, without the export's closing line (`db verify --export` refuses it)."""
    try:
        _compliance(service, request)
    except Denied as denied:
        return _denied(denied)
    lines = export_lines(service.store.records())
    first = next(lines)
    return StreamingResponse(
        itertools.chain([first], lines), media_type="text/csv; charset=utf-8", headers=PRIVATE
    )

"""The service (`governance serve`): the built site, the acknowledgement API and the compliance
department's coverage page, as one Starlette application.

It keeps no state of its own: the catalog comes from the built site, everything else from the store, so
several instances behind a load balancer share one PostgreSQL. Every refusal writes nothing and says why.

The coverage page speaks its reader's language, as the reminders do: the one the page's switch asked
for (`?lang=ja`), else the roster's language of the person signed in, else their company's default
(`roster import --companies`), else the browser's (Accept-Language), else English. The API's messages
and the CSVs' columns stay English: they are read by programs, which name them as written.
"""

from __future__ import annotations

import contextlib
import html
import itertools
import sqlite3
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

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
from governance.i18n import LANGUAGES, _, accepted_language, localized, reader_language, speaking
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
        body = not_set_up_body(missing)
        if _for_a_browser(request):  # the coverage page: said as a page, in the reader's language
            return _problem_page(request, 500, {})
        return JSONResponse(body, status_code=500, headers=PRIVATE)
    down = unavailable(exc)
    if down is None:
        raise exc
    body = unavailable_body(down)
    retry = {"Retry-After": str(RETRY_AFTER)}
    if _for_a_browser(request):
        return _problem_page(request, 503, retry)
    return JSONResponse(body, status_code=503, headers={**PRIVATE, **retry})


def _for_a_browser(request: Request) -> bool:
    """A person's browser asking for the coverage page (not a program, not a CSV): answered as a page."""
    return request.url.path == "/compliance/" and "text/html" in request.headers.get("accept", "")


def _problem_page(request: Request, status: int, headers: dict[str, str]) -> Response:
    # The store cannot say the person's language: the page's switch, else the browser's.
    language = _asked_language(request)
    with speaking(language):
        said = (
            _(
                "The acknowledgement service cannot reach its database just now; nothing is lost. Try again "
                "in a minute."
            )
            if status == 503
            else _(
                "The acknowledgement service is not set up: its administrator must create its database "
                "tables (governance db upgrade)."
            )
        )
        page = _page(
            _("Acknowledgement coverage"),
            language,
            request,
            f"<p role='alert'>{html.escape(said)}</p>",
            links=False,
        )
    return HTMLResponse(page, status, headers={**_page_headers(language), **headers})


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


def _compliance(service: Service, request: Request) -> str:
    """The identity of a member of the compliance group, or Denied."""
    identity = service.policy.identity(_client(request), request.headers)
    service.policy.sent_once(request.headers.raw)
    if not service.policy.in_compliance(request.headers):
        raise Denied(
            403,
            "not-compliance",
            f"the coverage is for the {service.policy.compliance_group} group of the proxy",
        )
    return identity


def _filters(request: Request) -> tuple[str | None, str | None]:
    return request.query_params.get("company") or None, request.query_params.get("regulation") or None


def _coverage_page(service: Service, request: Request) -> Response:
    catalog = service.catalog
    day = today(catalog.utc_offset)
    try:
        identity = _compliance(service, request)
    except Denied as denied:
        if "text/html" not in request.headers.get("accept", ""):
            return _denied(denied)  # a program's request: the API's answer
        language = _reader_language(service, request, None)
        with speaking(language):
            said = f"<p role='alert'>{html.escape(_refused(denied, service))}</p>"
            page = _page(_("Acknowledgement coverage"), language, request, said, links=False)
        return HTMLResponse(page, denied.status, headers=_page_headers(language))
    language = _reader_language(service, request, identity)
    with speaking(language):
        title = _("Acknowledgement coverage on {day}").format(day=day)
        try:
            company, _regulation = _filters(request)
            lines = coverage.summary(service.store, catalog, day, company)
        except DatabaseProblem:  # not the user's mistake: 503 or 500 (_database_problem)
            raise
        except GovernanceError as exc:  # an unknown company: the user's mistake, said on the page
            said = f"<p role='alert'>{html.escape(localized(exc.message))}</p>"
            return HTMLResponse(_page(title, language, request, said), 400, headers=_page_headers(language))
        page = _page(title, language, request, _table(lines))
    return HTMLResponse(page, headers=_page_headers(language))


def _reader_language(service: Service, request: Request, identity: str | None) -> str:
    """The language of the page (the module's docstring says in which order)."""
    asked = reader_language(request.query_params.get("lang"))
    if asked is not None:
        return asked
    if identity is not None:
        person = service.store.person(identity)
        if person is not None:
            said = person.language or service.store.company_languages().get(person.company)
            if said in LANGUAGES:
                return str(said)
    return _asked_language(request)


def _asked_language(request: Request) -> str:
    """The page's switch, else the browser's language, else English."""
    return (
        reader_language(request.query_params.get("lang"))
        or accepted_language(request.headers.get("accept-language"))
        or "en"
    )


def _page_headers(language: str) -> dict[str, str]:
    return {**PRIVATE, "Content-Language": language, "Vary": "Accept-Language"}


def _refused(denied: Denied, service: Service) -> str:
    """Why a person cannot read the page, in the page's language (the API's message stays English)."""
    if denied.code == "not-compliance":
        return _(
            "This page is for the compliance department: the single sign-on proxy does not say you are in "
            "its group {group}."
        ).format(group=service.policy.compliance_group)
    if denied.code == "not-signed-in":
        return _("You are not signed in: open this page through the single sign-on proxy.")
    if denied.code in ("untrusted-identity", "not-through-proxy"):
        return _("Open this page through the single sign-on proxy; the service does not answer it directly.")
    return _(
        "The single sign-on proxy sent your identity in a form the service does not accept ({code}); tell "
        "the administrators of the service."
    ).format(code=denied.code)


# The name of each language in itself, for the switch to it.
_LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}


def _page(title: str, language: str, request: Request, body: str, *, links: bool = True) -> str:
    kept = {key: value for key, value in request.query_params.items() if key == "company"}
    switch = " · ".join(
        f'<a href="?{html.escape(urlencode({**kept, "lang": other}))}" lang="{other}" hreflang="{other}">'
        f"{_LANGUAGE_NAMES[other]}</a>"
        for other in LANGUAGES
        if other != language
    )
    csvs = (
        f'<p><a href="coverage.csv">{html.escape(_("Coverage (CSV)"))}</a> · <a href="missing.csv">'
        f"{html.escape(_('Everyone who has not acknowledged (CSV, for reminders)'))}</a> · "
        f'<a href="acknowledgements.csv">{html.escape(_("Every acknowledgement (CSV, with its hashes)"))}</a></p>'
        if links
        else ""
    )
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:1rem;line-height:1.5}"
        "nav{float:right}table{border-collapse:collapse}"
        "th,td{border:1px solid #888;padding:.25rem .5rem;text-align:left}"
        "td.n{text-align:right}th,td.d,td.n{white-space:nowrap}.scroll{overflow-x:auto}</style></head><body>"
        f'<nav aria-label="{html.escape(_("Language"))}">{switch}</nav><main>'
        f"<h1>{html.escape(title)}</h1>{csvs}{body}</main></body></html>"
    )


def _table(lines: list[coverage.Line]) -> str:
    rows = []
    for line in lines:
        query = f"company={quote(line.company)}&amp;regulation={quote(line.regulation)}"
        share = f"{100 * line.acknowledged / line.required:.1f}%" if line.required else "-"
        missing = _("{count} not yet").format(count=line.missing)
        rows.append(
            "<tr>"
            f"<td>{html.escape(line.company)}</td>"
            f"<td>{html.escape(line.title)}<br><code>{html.escape(line.regulation)}</code></td>"
            f'<td class="d">{line.effective}</td><td class="d">{line.since}</td>'
            f'<td class="n">{line.acknowledged} / {line.required} ({share})</td>'
            f'<td class="n"><a href="missing.csv?{query}">{html.escape(missing)}</a></td>'
            "</tr>"
        )
    heads = "".join(
        f"<th scope='col'>{html.escape(head)}</th>"
        for head in (
            _("Company"),
            _("Regulation"),
            _("In force since"),
            _("Due since"),
            _("Acknowledged"),
            _("Missing"),
        )
    )
    caption = html.escape(_("Per company and regulation in force"))
    # A phone's screen scrolls the table, not the page.
    return (
        f'<div class="scroll"><table class="governance-coverage"><caption>{caption}</caption>'
        f"<thead><tr>{heads}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _coverage_csv(service: Service, request: Request) -> Response:
    try:
        _compliance(service, request)
        company, _regulation = _filters(request)
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

"""`governance db`, `governance roster`, `governance coverage` and `governance reminders`: the
acknowledgement store, the roster of who must acknowledge, and who has not (governance.promulgation)."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from governance.clock import today as governance_today

DATABASE_HELP = (
    "The store: a SQLite file path, or a URL (sqlite:///path, postgresql://user@host/db). "
    "Default: $GOVERNANCE_DATABASE, else acknowledgements.db here."
)


def database_option(function: Any) -> Any:
    return click.option(
        "--database",
        envvar="GOVERNANCE_DATABASE",
        default="acknowledgements.db",
        show_default=True,
        help=DATABASE_HELP,
    )(function)


def catalog_options(function: Any) -> Any:
    function = click.option(
        "--site",
        type=click.Path(file_okay=False, path_type=Path),
        help="A built site (mkdocs build) whose catalog of published versions to use, instead of auditing --root.",
    )(function)
    function = click.option(
        "--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True
    )(function)
    return click.option(
        "--today", "day", type=click.DateTime(["%Y-%m-%d"]), help="As of this date (YYYY-MM-DD)."
    )(function)


def _open(database: str, *, migrate: bool = False) -> Any:
    from governance.promulgation.store import Store

    store = Store(database)
    if migrate:
        store.upgrade()
    else:
        store.check_schema()
    return store


@click.group()
def db() -> None:
    """The acknowledgement store: create or upgrade its schema, verify its hash chain."""


@db.command("upgrade")
@database_option
def db_upgrade(database: str) -> None:
    """Create the tables, or bring them to this version's schema (Alembic migrations)."""
    store = _open(database, migrate=True)
    store.close()
    click.echo(f"the store {store.url.split('@')[-1]} is up to date")


@db.command("verify")
@database_option
def db_verify(database: str) -> None:
    """Recompute the hash chain of every acknowledgement: exit 1 if one was edited or deleted."""
    store = _open(database)
    try:
        report = store.verify()
    finally:
        store.close()
    if not report.ok:
        for problem in report.problems:
            click.echo(f"TAMPERED: {problem}")
        sys.exit(1)
    click.echo(f"the chain of {report.count} acknowledgement(s) is intact; head {report.head}")


@click.group()
def roster() -> None:
    """The roster of officers and employees per company, from HR's CSV export."""


@roster.command("import")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@database_option
def roster_import(csv_file: Path, database: str) -> None:
    """Replace the roster with CSV_FILE (columns person, name, company[, email, joined]): the whole file,
    or nothing when a line is wrong."""
    from governance.promulgation.roster import read_roster

    people = read_roster(csv_file)
    store = _open(database)
    try:
        store.replace_roster(people)
        companies = store.companies()
    finally:
        store.close()
    click.echo(f"imported {len(people)} people of {len(companies)} companies: {', '.join(companies)}")


@click.command()
@click.option("--company", help="One company (its id in the roster).")
@click.option("--missing", "show_missing", is_flag=True, help="List who has not acknowledged, as CSV.")
@click.option("--csv", "as_csv", is_flag=True, help="The summary as CSV.")
@catalog_options
@database_option
def coverage(
    company: str | None,
    show_missing: bool,
    as_csv: bool,
    day: object,
    root: Path,
    site: Path | None,
    database: str,
) -> None:
    """Per company and regulation in force: how many must acknowledge, how many have, since when."""
    from governance.promulgation import coverage as counting
    from governance.promulgation.sources import load_catalog

    when = day.date() if isinstance(day, datetime) else governance_today()
    catalog = load_catalog(site, root, today=when)
    store = _open(database)
    try:
        if show_missing:
            for chunk in counting.missing_csv(counting.missing(store, catalog, when, company)):
                click.echo(chunk, nl=False)
            return
        lines = counting.summary(store, catalog, when, company)
    finally:
        store.close()
    if as_csv:
        click.echo(counting.summary_csv(lines), nl=False)
        return
    for line in lines:
        share = f"{100 * line.acknowledged / line.required:.1f}%" if line.required else "-"
        click.echo(
            f"{line.company}  {line.regulation}  {line.acknowledged}/{line.required} ({share})  "
            f"in force since {line.effective}, acknowledgement due since {line.since}"
        )


@click.command()
@click.option(
    "--site",
    type=click.Path(file_okay=False, path_type=Path),
    default="public",
    show_default=True,
    help="The built site (mkdocs build, with the service's address in the regulations plugin's options).",
)
@database_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    default=["127.0.0.1", "::1"],
    show_default=True,
    envvar="GOVERNANCE_TRUSTED_PROXIES",
    help="Address or network of the single sign-on proxy; identity headers from anyone else are refused.",
)
@click.option(
    "--identity-header", default="X-Forwarded-Email", show_default=True, envvar="GOVERNANCE_IDENTITY_HEADER"
)
@click.option(
    "--groups-header", default="X-Forwarded-Groups", show_default=True, envvar="GOVERNANCE_GROUPS_HEADER"
)
@click.option(
    "--compliance-group",
    default="compliance",
    show_default=True,
    envvar="GOVERNANCE_COMPLIANCE_GROUP",
    help="The group (in the groups header) that may see the coverage pages.",
)
@click.option(
    "--origin",
    "origins",
    multiple=True,
    envvar="GOVERNANCE_ORIGINS",
    help="The site's public origin (https://regulations.example.com); acknowledgements from any other are "
    "refused. Default: the origin each request was sent to.",
)
@click.option(
    "--no-migrate", is_flag=True, help="Do not upgrade the store's schema (run `governance db upgrade`)."
)
def serve(
    site: Path,
    database: str,
    host: str,
    port: int,
    trusted_proxies: tuple[str, ...],
    identity_header: str,
    groups_header: str,
    compliance_group: str,
    origins: tuple[str, ...],
    no_migrate: bool,
) -> None:
    """Serve the built site, the acknowledgement API and the compliance department's coverage page."""
    import uvicorn

    from governance.errors import GovernanceError
    from governance.promulgation.access import AccessPolicy, networks
    from governance.promulgation.service import Service, create_app
    from governance.promulgation.sources import site_catalog

    catalog = site_catalog(site)
    try:
        proxies = networks(value for item in trusted_proxies for value in item.split(","))
    except ValueError as exc:
        raise GovernanceError(f"--trusted-proxy: {exc}") from None
    policy = AccessPolicy(
        identity_header, groups_header, compliance_group, proxies, tuple(o.rstrip("/") for o in origins)
    )
    store = _open(database, migrate=not no_migrate)
    app = create_app(Service(catalog, store, policy, site))
    # proxy_headers off: the client address must be the connection's, never an X-Forwarded-For a client
    # wrote; the proxy's identity header is trusted by that address alone.
    uvicorn.run(
        app,
        host=host,
        port=port,
        proxy_headers=False,
        server_header=False,
        log_level="warning",
        access_log=False,
    )

"""`governance db`, `governance roster`, `governance coverage` and `governance reminders`: the
acknowledgement store, the roster of who must acknowledge, and who has not (governance.promulgation)."""

from __future__ import annotations

import contextlib
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from governance.clock import today as governance_today
from governance.i18n import LANGUAGES, _, localized
from governance.i18n import language as user_language

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
    click.echo(_("the store {store} is up to date").format(store=store.url.split("@")[-1]))


@db.command("verify")
@click.option(
    "--export",
    "exported",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Check an export (governance db export) instead of the store, offline.",
)
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also hold every acknowledgement to the versions the audit of this repository finds published.",
)
@click.option(
    "--site",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also hold every acknowledgement to this built site's catalog of published versions (the one the "
    "service used), instead of auditing --root.",
)
@database_option
def db_verify(exported: Path | None, root: Path | None, site: Path | None, database: str) -> None:
    """Recompute the hash chain of every acknowledgement: exit 1 if one was edited or deleted, or, with
    --root or --site, if one is of a text that was never published (appended by hand)."""
    from governance.promulgation import export
    from governance.promulgation.sources import repository_catalog, site_catalog

    catalog = (
        site_catalog(site)
        if site is not None
        else repository_catalog(root, today=governance_today())
        if root is not None
        else None
    )
    check = catalog.unpublished if catalog is not None else None
    if exported is not None:
        with exported.open(encoding="utf-8", newline="") as lines:
            report = export.verify_export(lines, str(exported), check=check)
    else:
        store = _open(database)
        try:
            report = store.verify(check=check)
        finally:
            store.close()
    if not report.ok:
        said = _("INCOMPLETE: {problem}") if report.cut_short else _("TAMPERED: {problem}")
        for problem in report.problems:
            click.echo(said.format(problem=localized(problem)))
        sys.exit(1)
    click.echo(
        _("the chain of {count} acknowledgement(s) is intact; head {head}").format(
            count=report.count, head=report.head
        )
    )


@db.command("export")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The CSV file to write (whole or not at all); default the standard output.",
)
@database_option
def db_export(out: Path | None, database: str) -> None:
    """Every acknowledgement as CSV, in chain order with its hashes: `governance db verify --export FILE`
    checks the file offline."""
    from governance.files import replace_stream
    from governance.promulgation.export import export_lines

    store = _open(database)
    try:
        lines = export_lines(store.records())
        if out is None:
            for chunk in lines:
                click.echo(chunk, nl=False)
            return
        replace_stream(out, (chunk.encode("utf-8") for chunk in lines))
        head = store.head()
    finally:
        store.close()
    click.echo(
        _("wrote {out}: {count} acknowledgement(s), chain head {head}").format(
            out=out, count=head.seq, head=head.hash
        )
    )


@click.group()
def roster() -> None:
    """The roster of officers and employees per company, from HR's CSV export."""


@roster.command("import")
@click.argument("csv_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--companies",
    "companies_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A CSV with the columns company, language: each company's default language (a company in Japan: "
    "ja), for its people whose roster line gives none. Replaces those set before; without it they stay.",
)
@database_option
def roster_import(csv_file: Path, companies_file: Path | None, database: str) -> None:
    """Replace the roster with CSV_FILE (columns person, name, company[, email, joined, language]): the whole file,
    or nothing when a line is wrong."""
    from governance.promulgation.roster import read_companies, read_roster

    people = read_roster(csv_file)
    languages = None
    if companies_file is not None:
        languages = read_companies(companies_file, {person.company for person in people})
    store = _open(database)
    try:
        store.replace_roster(people, languages)
        companies = store.companies()
        defaults = store.company_languages()
    finally:
        store.close()
    click.echo(
        _("imported {people} people of {count} companies: {companies}").format(
            people=len(people), count=len(companies), companies=", ".join(companies)
        )
    )
    if defaults:
        click.echo(
            _("companies' default languages: {defaults}").format(
                defaults=", ".join(f"{name}={said}" for name, said in sorted(defaults.items()))
            )
        )


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
            _(
                "{company}  {regulation}  {acknowledged}/{required} ({share})  in force since {effective}, "
                "acknowledgement due since {since}"
            ).format(
                company=line.company,
                regulation=line.regulation,
                acknowledged=line.acknowledged,
                required=line.required,
                share=share,
                effective=line.effective,
                since=line.since,
            )
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
    from governance.promulgation.listening import listening_socket
    from governance.promulgation.service import Service, create_app
    from governance.promulgation.sources import SiteCatalog

    catalogs = SiteCatalog(site)
    try:
        proxies = networks(value for item in trusted_proxies for value in item.split(","))
    except ValueError as exc:
        raise GovernanceError(_("--trusted-proxy: {error}").format(error=exc)) from None
    policy = AccessPolicy(
        identity_header, groups_header, compliance_group, proxies, tuple(o.rstrip("/") for o in origins)
    )
    listening = listening_socket(host, port)  # first: a port in use stops it before the store is touched
    store = _open(database, migrate=not no_migrate)
    app = create_app(Service(catalogs, store, policy))
    # proxy_headers off: the client address must be the connection's, never an X-Forwarded-For a client
    # wrote; the proxy's identity header is trusted by that address alone. uvicorn's own lines (warnings
    # and errors only: a malformed request, a failure inside it) stay its English: they are its records,
    # which its documentation and issues name as written; what the operator reads of ours is said here.
    config = uvicorn.Config(
        app, proxy_headers=False, server_header=False, log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    bound_host, bound_port = listening.getsockname()[:2]
    url = f"http://[{bound_host}]:{bound_port}" if ":" in bound_host else f"http://{bound_host}:{bound_port}"
    click.echo(_("serving {site} at {url}; stop with Ctrl+C").format(site=site, url=url), err=True)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C: uvicorn stops, then raises the signal again
        server.run(sockets=[listening])
    if not server.started:
        raise GovernanceError(_("the service did not start: see uvicorn's message above"))
    click.echo(_("stopped"), err=True)


@click.command()
@click.option(
    "--smtp",
    "smtp_server",
    envvar="GOVERNANCE_SMTP",
    help="HOST[:PORT] of the SMTP server (port 25 by default).",
)
@click.option("--starttls", is_flag=True, help="Upgrade the SMTP connection with STARTTLS.")
@click.option("--sender", envvar="GOVERNANCE_SMTP_FROM", help="The From address: compliance@example.com.")
@click.option(
    "--site-url", envvar="GOVERNANCE_SITE_URL", help="The site's address, for links in the messages."
)
@click.option(
    "--language",
    type=click.Choice(["en", "ja"]),
    help="The language of the reminders of people whose roster line and company give none; default the "
    "user's (LANG).",
)
@click.option(
    "--company-language",
    "company_languages",
    multiple=True,
    metavar="COMPANY=LANGUAGE",
    help="A company's default language for its people's reminders (iij=ja), over the one set by `roster import "
    "--companies`; repeat for each company.",
)
@click.option("--dry-run", is_flag=True, help="Print who would be reminded; send nothing.")
@click.option("--company", help="One company (its id in the roster).")
@click.option("--regulation", help="One regulation (its id).")
@catalog_options
@database_option
def reminders(
    smtp_server: str | None,
    starttls: bool,
    sender: str | None,
    site_url: str | None,
    language: str | None,
    company_languages: tuple[str, ...],
    dry_run: bool,
    company: str | None,
    regulation: str | None,
    day: object,
    root: Path,
    site: Path | None,
    database: str,
) -> None:
    """E-mail everyone who has not acknowledged a regulation in force that applies to them: one message
    per person, in their language (the roster's language column, else --company-language, else the company's
    default set by `roster import --companies`, else --language). The SMTP user and password, when the server needs them: $GOVERNANCE_SMTP_USER and
    $GOVERNANCE_SMTP_PASSWORD."""
    import os

    from governance.errors import GovernanceError
    from governance.promulgation import coverage as counting
    from governance.promulgation import reminders as mail
    from governance.promulgation.sources import load_catalog

    if not dry_run and (not smtp_server or not sender):
        raise GovernanceError(
            _("give --smtp HOST[:PORT] and --sender ADDRESS (or --dry-run to see who is due)")
        )
    chosen: dict[str, str] = {}
    for item in company_languages:
        name, equals, said = item.partition("=")
        if not equals or said not in LANGUAGES:
            raise GovernanceError(
                _(
                    "--company-language {item}: write COMPANY=LANGUAGE, the language one of {languages}"
                ).format(item=item, languages=", ".join(LANGUAGES))
            )
        chosen[name] = said
    when = day.date() if isinstance(day, datetime) else governance_today()
    catalog = load_catalog(site, root, today=when)
    store = _open(database)
    try:
        unknown = sorted(set(chosen) - set(store.companies()))
        if unknown:
            raise GovernanceError(
                _("--company-language: no company {companies} on the roster").format(
                    companies=", ".join(unknown)
                )
            )
        rows = list(counting.missing(store, catalog, when, company, regulation))
        # Each company's default as the roster import set it, the command's option overriding it.
        defaults = {**store.company_languages(), **chosen}
    finally:
        store.close()
    messages, unreachable = mail.reminders(
        rows,
        sender=sender or "compliance@invalid",
        site_url=site_url,
        language=language or user_language(),
        companies=defaults,
    )
    for row in unreachable:
        click.echo(
            _("no e-mail address on the roster for {person} ({company}): remind them another way").format(
                person=row.person, company=row.company
            )
        )
    if dry_run:
        for message in messages:
            click.echo(_("would remind {to}: {subject}").format(to=message["To"], subject=message["Subject"]))
        return
    assert smtp_server is not None
    host, _colon, port = smtp_server.partition(":")
    if port and not port.isdigit():
        raise GovernanceError(_("--smtp {server}: the port is not a number").format(server=smtp_server))
    smtp = mail.Smtp(
        host,
        int(port or 25),
        starttls,
        os.environ.get("GOVERNANCE_SMTP_USER") or None,
        os.environ.get("GOVERNANCE_SMTP_PASSWORD") or None,
    )
    delivery = mail.send(messages, smtp)
    through = f"{host}:{port or 25}"
    click.echo(
        _("sent {sent} of {count} reminder(s) through {through}").format(
            sent=len(delivery.sent), count=len(messages), through=through
        )
    )
    for message, reason in delivery.refused:
        click.echo(_("refused by the server: {to} ({reason})").format(to=message["To"], reason=reason))
    for message in delivery.not_sent:
        click.echo(_("not sent: {to}").format(to=message["To"]))
    if delivery.failure is not None:
        raise GovernanceError(
            _(
                "{failure}; {sent} of {count} reminder(s) were sent before it failed, {unsent} were not (listed "
                "above). Running the command again reminds everyone who still owes, those reminded just now "
                "included"
            ).format(
                failure=delivery.failure,
                sent=len(delivery.sent),
                count=len(messages),
                unsent=len(delivery.not_sent),
            )
        )
    if delivery.refused:
        sys.exit(1)  # refused recipients: the rest went, these people must be reminded another way


@click.group(invoke_without_command=True)
@click.option(
    "--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="First day of the period (YYYY-MM-DD)."
)
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last day of the period (YYYY-MM-DD).")
@click.option("--company", help="One company (its id in the roster); default every company.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="The pack's folder (default evidence-FROM-TO[-COMPANY]).",
)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True)
@click.option(
    "--language",
    type=click.Choice(["en", "ja"]),
    help="The language of the report (evidence.pdf); default the --company's default language (roster import "
    "--companies), else the user's (LANG). manifest.json stays English.",
)
@click.option(
    "--sign-key",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Sign the pack's manifest with this SSH key as it is made (as `governance evidence sign` does).",
)
@database_option
@click.pass_context
def evidence(
    ctx: click.Context,
    start: object,
    end: object,
    company: str | None,
    out: Path | None,
    root: Path,
    language: str | None,
    sign_key: Path | None,
    database: str,
) -> None:
    """The auditor's evidence pack for a period: evidence.pdf (PDF/A-3b), manifest.json, roster.csv and
    sources/. `governance evidence sign PACK --key KEY` signs one; `governance evidence verify PACK
    --allowed-signers FILE` re-checks one offline."""
    if ctx.invoked_subcommand is not None:
        return
    from governance.config import load_config
    from governance.errors import GovernanceError
    from governance.gate.rules import law_branch
    from governance.promulgation import evidence as pack
    from governance.promulgation import pack_signature
    from governance.promulgation.evidence_pdf import pack_html, render_pack_pdf

    if sign_key is not None and not sign_key.is_file():
        raise GovernanceError(
            _("the key file does not exist; give the private key to sign with"), path=sign_key
        )
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        raise GovernanceError(_("give the period: --from YYYY-MM-DD --to YYYY-MM-DD"))
    period = pack.Period(start.date(), end.date())
    name = f"evidence-{period.start}-{period.end}" + (f"-{company}" if company else "")
    target = out if out is not None else Path(name)
    store = _open(database)
    try:
        # the promulgated law is the config's branch (a company's may be `master`)
        built = pack.build_pack(root, store, period, company, law_branch(root, load_config(root)))
        # One company's pack speaks its default language (roster import --companies) unless told.
        default = store.company_languages().get(company) if company else None
    finally:
        store.close()
    manifest, sources = built.manifest, built.sources
    # the report's: manifest.json itself is English
    manifest["language"] = language or default or user_language()
    pdf = render_pack_pdf(pack_html(manifest, manifest["language"]), sources)
    signer = None if sign_key is None else (lambda text: pack_signature.sign(text, sign_key))
    pack.write_pack(target, built, pdf, signer)
    wrote = (
        _(
            "wrote {target}: {regulations} regulation(s), {sources} source(s), audit approved, chain head {head}"
        )
        if manifest["repository"]["audit"]["approved"]
        else _(
            "wrote {target}: {regulations} regulation(s), {sources} source(s), audit NOT approved, chain head "
            "{head}"
        )
    )
    click.echo(
        wrote.format(
            target=target,
            regulations=len(manifest["regulations"]),
            sources=len(sources),
            head=manifest["acknowledgement_chain_head"]["seq"],
        )
    )
    if sign_key is not None:
        _said_signed(target)
    else:
        click.echo(
            _("the pack is not signed: sign it with `governance evidence sign {pack} --key KEY`").format(
                pack=target
            )
        )


def _said_signed(pack_folder: Path) -> None:
    from governance.promulgation import pack_signature

    signature = (pack_folder / pack_signature.SIGNATURE).read_bytes()
    click.echo(
        _(
            "signed {manifest} with the key {key} (namespace {namespace}): {signature}; check it with "
            "`governance evidence verify {pack} --allowed-signers FILE`"
        ).format(
            manifest=pack_folder / "manifest.json",
            key=pack_signature.fingerprint(signature),
            namespace=pack_signature.NAMESPACE,
            signature=pack_folder / pack_signature.SIGNATURE,
            pack=pack_folder,
        )
    )


@evidence.command("sign")
@click.argument("pack_folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--key",
    "key",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The SSH private key (or a public key whose private half ssh-agent holds).",
)
@click.option(
    "--allowed-signers",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Refuse to sign unless this file allows the key to sign evidence packs.",
)
def evidence_sign(pack_folder: Path, key: Path, allowed_signers: Path | None) -> None:
    """Sign the pack's manifest (which holds every file's SHA-256): writes PACK/manifest.json.sig, a detached
    SSH signature in the namespace of evidence packs. Refused when a file of the pack no longer matches
    its manifest, or the pack is signed already."""
    from governance.errors import GovernanceError
    from governance.promulgation import evidence as pack
    from governance.promulgation import pack_signature
    from governance.records.signatures import verify_signature
    from governance.records.writer import write_new

    pack.load_manifest(pack_folder)
    if not key.is_file():
        raise GovernanceError(_("the key file does not exist; give the private key to sign with"), path=key)
    target = pack_folder / pack_signature.SIGNATURE
    if target.exists():
        raise GovernanceError(
            _("the pack is signed already; a signature is never replaced (make the pack again)"), path=target
        )
    signers = pack_signature.read_allowed_signers(allowed_signers) if allowed_signers else None
    problems = pack.verify_pack(pack_folder, unsigned_ok=True).problems
    if problems:
        for problem in problems:
            click.echo(_("MISMATCH: {problem}").format(problem=localized(problem)))
        click.echo(_("not signed: the pack no longer matches its manifest; make the pack again"))
        sys.exit(1)
    manifest = (pack_folder / pack.MANIFEST).read_bytes()
    click.echo(
        _("signing {manifest} (sha256 {digest}) in namespace {namespace}").format(
            manifest=pack_folder / pack.MANIFEST,
            digest=pack.sha256(manifest)[7:],
            namespace=pack_signature.NAMESPACE,
        ),
        err=True,
    )
    signature = pack_signature.sign(manifest, key)
    if signers is not None:
        check = verify_signature(manifest, signature, signers, pack_signature.NAMESPACE)
        if not check.valid:
            raise GovernanceError(
                _(
                    "{allowed} does not allow this key to sign evidence packs ({reason}); add its public half "
                    'with namespaces="{namespace}"'
                ).format(
                    allowed=allowed_signers,
                    reason=localized(check.reason),
                    namespace=pack_signature.NAMESPACE,
                ),
                path=key,
            )
    write_new(
        target,
        signature,
        exists=_("the pack is signed already; a signature is never replaced (make the pack again)"),
    )
    _said_signed(pack_folder)


@evidence.command("verify")
@click.argument("pack_folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--allowed-signers",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The keys allowed to sign evidence packs (allowed_signers lines with "
    'namespaces="governance-evidence-pack"): the manifest\'s signature must be by one of them.',
)
@click.option("--identity", help="The signer the signature must be by (a principal of --allowed-signers).")
@click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), help="Also audit the repository again."
)
@click.option(
    "--database",
    envvar="GOVERNANCE_DATABASE",
    help="Also check the store's chain still reaches the pack's head.",
)
def evidence_verify(
    pack_folder: Path,
    allowed_signers: Path | None,
    identity: str | None,
    root: Path | None,
    database: str | None,
) -> None:
    """Re-check an evidence pack offline: exit 0 intact and signed by an allowed key, 1 something no longer
    matches or the pack is not signed, 2 the pack is signed but no --allowed-signers was given."""
    from governance.errors import GovernanceError
    from governance.promulgation import evidence as pack
    from governance.promulgation import pack_signature

    if identity is not None and allowed_signers is None:
        raise GovernanceError(_("--identity needs --allowed-signers FILE, the keys it names"))
    signers = pack_signature.read_allowed_signers(allowed_signers) if allowed_signers else None
    store = _open(database) if database else None
    try:
        checked = pack.verify_pack(
            pack_folder, root=root, store=store, allowed_signers=signers, identity=identity
        )
    finally:
        if store is not None:
            store.close()
    for note in checked.notes:
        click.echo(_("NOTE: {note}").format(note=localized(note)))
    for problem in checked.problems:
        click.echo(_("MISMATCH: {problem}").format(problem=localized(problem)))
    signature = checked.signature
    if signature is not None and not signature.valid:
        said = _("BAD SIGNATURE: {problem}") if signature.present else _("UNSIGNED: {problem}")
        click.echo(said.format(problem=localized(signature.reason)))
    if checked.problems or (signature is not None and not signature.valid):
        sys.exit(1)
    if signature is None:
        raise GovernanceError(
            _(
                "the files match the manifest, but whether the manifest is the one that was signed is not known: "
                "give --allowed-signers FILE (the keys allowed to sign evidence packs) to check its signature"
            ),
            path=pack_folder / pack_signature.SIGNATURE,
        )
    click.echo(
        _("{pack}: intact, signed by {signer} (key {key})").format(
            pack=pack_folder, signer=signature.signer, key=signature.key
        )
    )

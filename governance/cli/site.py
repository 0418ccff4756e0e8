"""`governance render` (the site's pages as files), `governance pack` (a board pack for a proposal) and
`governance pdf` (the official paper copy of one version)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from governance.clock import today as governance_today
from governance.config import load_config
from governance.files import replace_file
from governance.i18n import _
from governance.site.render import body_names, render_site, write_site


@click.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=".generated/site", show_default=True)
@click.option(
    "--today", "day", type=click.DateTime(["%Y-%m-%d"]), help="Render as of this date (YYYY-MM-DD)."
)
@click.option(
    "--rev", default="HEAD", show_default=True, help="The commit whose audited history is published."
)
def render(root: Path, out: Path, day: object, rev: str) -> None:
    """Write the site's generated pages (and nav.yml) as Markdown files; the same pages as the MkDocs hook."""
    when = day.date() if isinstance(day, datetime) else governance_today()
    target = out if out.is_absolute() else root / out
    # The audit behind the pages judges by the same day.
    count = write_site(target, lambda emit: render_site(root, when, rev=rev, emit=emit))
    click.echo(_("wrote {count} files to {folder}").format(count=count, folder=target))


@click.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True)
@click.option(
    "--base", default=None, help="The branch the proposal merges into [default: the config's branch]."
)
@click.option("--head", required=True, help="The proposal's branch or commit.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The file to write [default: board-pack.pdf here; with --format html, standard output].",
)
@click.option(
    "--format",
    "kind",
    type=click.Choice(["pdf", "html"]),
    help="An A4 PDF, or the same pack as one self-contained HTML page [default: html for an --out "
    "ending in .html, else pdf].",
)
@click.option("--title", help="The proposal's title [default: the subject of its head commit].")
@click.option(
    "--language",
    help="The pack's language (en, ja) [default: the language the texts are written in].",
)
def pack(
    root: Path,
    base: str | None,
    head: str,
    out: Path | None,
    kind: str | None,
    title: str | None,
    language: str | None,
) -> None:
    """The board pack of a proposal: its agenda, each text's redline (新旧対照表 for a Japanese text) with
    every changed article whole, the draft resolutions with their digests, and the minutes' fields blank."""
    from governance.gate.rules import law_branch
    from governance.site.board_pack import board_pack
    from governance.site.board_pack_layout import pack_html, pack_pdf

    if kind is None:
        kind = "html" if out is not None and out.suffix.lower() in (".html", ".htm") else "pdf"
    if kind == "pdf":
        from governance.site.pdf import require_weasyprint

        require_weasyprint()  # before any work: without the extra, one clear line and exit 2
    when = governance_today()
    document = board_pack(
        root,
        base or law_branch(root, load_config(root)),  # never the branch's own say
        head,
        today=when,
        title=title,
        language=language,
    )
    if kind == "html" and out is None:
        click.echo(pack_html(document), nl=False)
        return
    target = out if out is not None else Path("board-pack.pdf")
    data = pack_pdf(document) if kind == "pdf" else pack_html(document).encode("utf-8")
    replace_file(target, data)
    said = _("wrote {file} ({count} agenda items, head {commit})")
    click.echo(said.format(file=target, count=len(document.items), commit=document.commit[:12]))


@click.command()
@click.argument("regulation")
@click.option(
    "--version",
    "version",
    metavar="YYYY-MM-DD",
    help="The version taking effect on this date, or in force on it (default: the one in force today).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The PDF file to write (default: REGULATION-VERSION.pdf here).",
)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True)
def pdf(regulation: str, version: str | None, out: Path | None, root: Path) -> None:
    """The official paper copy (PDF/A-3b) of an approved version, with its exact source attached."""
    from governance.gate.published import published_works  # the audit: only an approved text is printed
    from governance.site.pdf import paper_copy, require_weasyprint, select_version, write_pdf

    require_weasyprint()  # before any work: without the extra, one clear line and exit 2

    when = governance_today()
    work_view, span = select_version(published_works(root, today=when), regulation, when, version)
    copy = paper_copy(work_view, span, body_names=body_names(root), today=when)
    target = out if out is not None else Path(f"{regulation}-{span.slug}.pdf")
    write_pdf(copy, target)
    click.echo(
        _("wrote {file} ({version}, {digest})").format(file=target, version=span.slug, digest=copy.digest)
    )

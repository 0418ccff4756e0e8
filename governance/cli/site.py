"""`governance render` (the site's pages as files), `governance pack` (a board pack for a proposal) and
`governance pdf` (the official paper copy of one version)."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import click

from governance import git
from governance.clock import today as governance_today
from governance.config import load_config
from governance.gate.changes import list_changes
from governance.gate.check import proposal_range
from governance.gate.rules import base_rules
from governance.site.render import body_names, render_site, write_site
from governance.text.redline import PackItem, board_pack_html

_PACK_CSS = """
body { font-family: system-ui, sans-serif; max-width: 50rem; margin: 1rem auto; padding: 0 1rem; line-height: 1.6; }
.redline, pre { white-space: pre-wrap; overflow-wrap: anywhere; }
code.digest { overflow-wrap: anywhere; }
ins { text-decoration: underline; background: #e6ffec; }
del { text-decoration: line-through; background: #ffebe9; }
ins::before { content: "[+"; } ins::after { content: "+]"; }
del::before { content: "[-"; } del::after { content: "-]"; }
@media print { ins, del { background: none; } section { break-inside: avoid-page; } }
"""


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
    site = render_site(root, when, rev=rev)  # the audit behind the pages judges by the same day
    target = out if out.is_absolute() else root / out
    write_site(site, target)
    click.echo(f"wrote {len(site.pages)} files to {target}")


@click.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True)
@click.option(
    "--base", default=None, help="The branch the proposal merges into [default: the config's branch]."
)
@click.option("--head", required=True, help="The proposal's branch or commit.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
def pack(root: Path, base: str | None, head: str, out: Path | None) -> None:
    """A self-contained HTML board pack: the redline, digest and draft decision of every change."""
    base = base or load_config(root).branch
    base_commit, head_commit = proposal_range(root, base, head)
    with git.Objects(root) as objects:
        rules = base_rules(objects, base_commit)
        items = []
        for change in list_changes(root, base_commit, head_commit, rules.config):
            old = objects.blob(f"{base_commit}:{change.path}") if change.action != "enact" else None
            body = rules.bodies[change.body].name if change.body in rules.bodies else change.body
            items.append(
                PackItem(
                    target=change.target,
                    action=change.action,
                    path=change.path,
                    digest=change.digest,
                    body=body,
                    old=_text(old),
                    new=_text(change.content),
                )
            )
    document = board_pack_html(items, title=f"Board pack: {head} into {base}", css=_PACK_CSS)
    if out is None:
        click.echo(document, nl=False)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=out.parent, delete=False, suffix=".tmp"
    ) as handle:
        handle.write(document)
    Path(handle.name).replace(out)
    click.echo(f"wrote {out}")


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
    click.echo(f"wrote {target} ({span.slug}, {copy.digest})")


def _text(data: bytes | None) -> str | None:
    return data.decode("utf-8", errors="replace") if data is not None else None

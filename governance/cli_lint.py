"""`governance lint` and `governance digest`: parse the arguments, call, print, return the exit code."""

from __future__ import annotations

import json
from pathlib import Path

import click

from governance.config import load_config
from governance.digests import digest_bytes
from governance.errors import GovernanceError
from governance.lint import lint_paths


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    help="Repository root (where governance.yml is).",
)
@click.pass_context
def lint(ctx: click.Context, paths: tuple[Path, ...], output: str, root: Path) -> None:
    """Check regulation texts: front matter, encoding, structure, files and translations.

    PATHS default to every regulation of the repository. Exit 0 clean, 1 findings, 2 could not run.
    """
    if not root.is_dir():
        raise GovernanceError("the --root folder does not exist", path=root)
    findings = lint_paths(root, load_config(root), list(paths) or None)
    if output == "json":
        click.echo(
            json.dumps(
                {"findings": [finding.as_dict() for finding in findings]}, ensure_ascii=False, indent=2
            )
        )
    else:
        for finding in findings:
            click.echo(finding.render())
        if findings:
            click.echo(f"{len(findings)} problem(s) found", err=True)
    ctx.exit(1 if findings else 0)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def digest(files: tuple[Path, ...]) -> None:
    """Print the sha256 digest of each FILE as a resolution records it (sha256:<hex>  FILE)."""
    for file in files:
        if not file.is_file():
            raise GovernanceError("no such file; check the path", path=file)
        click.echo(f"{digest_bytes(file.read_bytes())}  {file}")

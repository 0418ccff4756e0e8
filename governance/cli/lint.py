"""`governance lint` and `governance digest`: parse the arguments, call, print, return the exit code."""

from __future__ import annotations

import json
from pathlib import Path

import click

from governance.cli.error_handler import printable
from governance.config import load_config, read_utf8
from governance.errors import GovernanceError
from governance.i18n import _
from governance.lint.baseline import file_lines, new_findings, parse_baseline
from governance.lint.runner import lint_paths
from governance.text.digests import digest_bytes
from governance.text.findings import Finding, workflow_command


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="github: also an annotation per finding on its file and line (GitHub Actions).",
)
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    help="Repository root (where governance.yml is).",
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="Also report (and fail on) the findings recorded in the lint baseline at adoption.",
)
@click.pass_context
def lint(ctx: click.Context, paths: tuple[Path, ...], output: str, root: Path, show_all: bool) -> None:
    """Check regulation texts: front matter, encoding, structure, files and translations.

    PATHS default to every regulation of the repository. Findings recorded in the lint baseline when
    governance was adopted (<records>/lint-baseline.yml) are not reported unless --all is given.
    Exit 0 clean, 1 findings, 2 could not run.
    """
    if not root.is_dir():
        raise GovernanceError(_("the --root folder does not exist"), path=root)
    config = load_config(root)
    findings = lint_paths(root, config, list(paths) or None)
    known = 0
    baseline_file = root / config.lint_baseline_file
    if not show_all and baseline_file.is_file():
        recorded = parse_baseline(read_utf8(baseline_file), config.lint_baseline_file)
        findings, known = new_findings(findings, recorded, file_lines(root.absolute()))
    if output == "json":
        click.echo(
            printable(
                json.dumps(
                    {"findings": [finding.as_dict() for finding in findings]}, ensure_ascii=False, indent=2
                )
            )
        )
    else:
        lines = []
        for finding in findings:
            if output == "github":
                lines.append(github_annotation(finding))
            lines.append(finding.render())
        if lines:  # one write: echo flushes each call, and a hostile text has tens of thousands
            click.echo(printable("\n".join(lines)))
        if findings:
            click.echo(_("{count} problem(s) found").format(count=len(findings)), err=True)
        if known:
            click.echo(
                _("{count} finding(s) recorded in {file} at adoption not shown (--all)").format(
                    count=known, file=config.lint_baseline_file
                ),
                err=True,
            )
    # Only errors fail: a warning (a stale translation) is a known state the site shows, not a defect.
    ctx.exit(1 if any(finding.severity == "error" for finding in findings) else 0)


def github_annotation(finding: Finding) -> str:
    """`::error file=...,line=...,col=...::CODE message` (or ::warning), escaped as GitHub's workflow commands require."""
    message = f"{finding.code} {finding.said}"
    return workflow_command(finding.severity, message, finding.path, line=finding.line, col=finding.col)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def digest(files: tuple[Path, ...]) -> None:
    """Print the sha256 digest of each FILE as a resolution records it (sha256:<hex>  FILE)."""
    for file in files:
        if not file.is_file():
            raise GovernanceError(_("no such file; check the path"), path=file)
        click.echo(f"{digest_bytes(file.read_bytes())}  {file}")

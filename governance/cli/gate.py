"""The gate's commands: `check` (a pull request), `audit` (the branch's history), `hook pre-receive`
(the server), and `init` (adoption). Each parses, calls, prints and returns an exit code."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from governance.clock import today
from governance.i18n import _

_FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True
)
_DATE = click.DateTime(formats=["%Y-%m-%d"])
_ROOT = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path(), help="The repository."
)


@click.command()
@click.option("--base", required=True, help="The branch the pull request targets (its merge base decides).")
@click.option("--head", default="HEAD", show_default=True, help="The pull request's head.")
@_FORMAT
@_ROOT
@click.pass_context
def check(ctx: click.Context, base: str, head: str, fmt: str, root: Path) -> None:
    """Check that every change of a pull request is approved by a signed resolution of the competent body.

    Exit 0: all approved; 1: something is not; 2: the check could not run.
    """
    from governance.entry import check as run

    ctx.exit(run(base=base, head=head, fmt=fmt, root=str(root)))


@click.command()
@click.argument("rev", default="HEAD")
@click.option(
    "--since",
    metavar="TRUSTED",
    help="A commit already audited, an ancestor of REV (the pull request's base): the commits up to it "
    "are walked for their state only, the commits after it are judged in full.",
)
@click.option(
    "--adoption",
    metavar="COMMIT",
    help="The adoption commit as you know it from outside the repository (e.g. a GitHub variable): "
    "any other means the history was rewritten.",
)
@_FORMAT
@_ROOT
@click.pass_context
def audit(
    ctx: click.Context, rev: str, since: str | None, adoption: str | None, fmt: str, root: Path
) -> None:
    """Audit the first-parent history of REV (default HEAD) since the adoption of governance."""
    from governance.entry import audit as run

    ctx.exit(run(rev=rev, since=since, adoption=adoption, fmt=fmt, root=str(root)))


@click.group()
def hook() -> None:
    """Server-side git hooks."""


@hook.command("pre-receive")
@click.pass_context
def pre_receive(ctx: click.Context) -> None:
    """Install as hooks/pre-receive of the server's repository: `exec governance hook pre-receive`."""
    from governance.entry import pre_receive as judge

    ctx.exit(judge(debug=bool(ctx.find_root().params.get("debug"))))


@click.command()
@click.option(
    "--key",
    "secretary_key",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The secretary's private SSH key (signs the baseline record).",
)
@click.option(
    "--identity", required=True, help="The secretary's identity in allowed_signers (an e-mail address)."
)
@click.option(
    "--regulations",
    help="Folder of the regulation texts, for a new governance.yml (default: regulations). An existing "
    "governance.yml is read and kept: its 'regulations:' applies. '.' for texts at the repository root "
    "(with --regulations-pattern).",
)
@click.option(
    "--regulations-pattern",
    "pattern",
    metavar="REGEX",
    help="Which .md files below that folder are regulations, for a new governance.yml: a regular "
    "expression their path below the folder must match whole, such as '[0-9]{2}_.+(規則|規程)\\.md'. "
    "Required with --regulations '.'.",
)
@click.option(
    "--body",
    help="The body that approves the regulations, for a new governance.yml and bodies.yml (default: "
    "board-of-directors): a lower-case id such as chief-executive or management-committee.",
)
@click.option(
    "--members",
    "--board-members",
    "members",
    type=int,
    help="How many members that body has (1 for a person), for a new bodies.yml. Required unless "
    "bodies.yml exists.",
)
@click.option(
    "--history",
    is_flag=True,
    help="Also import the texts' earlier versions from git (resolutions/before-adoption.yml): the site "
    "shows them apart, with their dates and commits, as 'before adoption (not verified by this tool)'.",
)
@click.option(
    "--from",
    "from_tag",
    metavar="TAG",
    help="Enact the texts of this release tag, not the work tree's drafts: effective from the date its name "
    "gives (2024-04-01, v2024.04.01, 令和6年4月1日), else the tag's date. The work tree is set to the "
    "release's texts (commit them with the adoption).",
)
@click.option(
    "--from-tags",
    "from_tags",
    metavar="PATTERN",
    help="Like --from, with the latest (by 施行日) of the tags matching this glob ('20*', 'v*'); the earlier "
    "ones become the versions before adoption, dated by their 施行日 and shown as not verified.",
)
@click.option(
    "--github",
    is_flag=True,
    help="Also write the gate and publish workflows (.github/workflows/governance-*.yml), installing "
    "this version of the tool from its release: the wheel and its dependencies, pinned by the sha256s "
    "the release's SHA256SUMS lists.",
)
@click.option(
    "--tool-release",
    metavar="URL",
    help="With --github: the address of the release's files (https://github.com/OWNER/REPO/releases/"
    "download/vX.Y.Z). Default: where the installed wheel came from, else the package's Releases URL.",
)
@click.option(
    "--body-name", help="The body's name as pages show it (default: from its id, 'Chief Executive')."
)
@click.option(
    "--requires",
    "requires",
    metavar="STEP[=PATTERN]",
    multiple=True,
    help="A step beyond the vote that the body's procedure requires before a text takes effect, for a "
    "new bodies.yml: consultations (the employees' representative's opinion, 意見書) or notifications "
    "(to the labour standards office), for every text or for the regulation ids PATTERN matches "
    "('consultations=*就業規則'); repeatable. The baseline records the step too: give it with --consulted, "
    "--consulted-on, --opinion and --notified, --notified-on.",
)
@click.option(
    "--consulted",
    metavar="REPRESENTATIVE",
    help="For the baseline, when bodies.yml requires consultations: whose opinion was last heard on the "
    "texts in force (過半数代表者 山田太郎).",
)
@click.option("--consulted-on", type=_DATE, help="The date of that opinion (YYYY-MM-DD).")
@click.option(
    "--opinion",
    type=click.Path(dir_okay=False, path_type=Path),
    help="That written opinion (意見書), kept in the repository and committed with the adoption.",
)
@click.option(
    "--notified",
    metavar="OFFICE",
    help="For the baseline, when bodies.yml requires it: the authority notified.",
)
@click.option("--notified-on", type=_DATE, help="The date of that notification (YYYY-MM-DD).")
@click.option(
    "--repository",
    metavar="NAME",
    help="This repository's stable name, written into governance.yml and every record: a record counts "
    "only in the repository it names (default: the origin remote's owner/name, else the folder's name).",
)
@_ROOT
def init(
    secretary_key: Path,
    identity: str,
    regulations: str | None,
    pattern: str | None,
    body: str | None,
    members: int | None,
    body_name: str | None,
    history: bool,
    from_tag: str | None,
    from_tags: str | None,
    github: bool,
    tool_release: str | None,
    requires: tuple[str, ...],
    consulted: str | None,
    consulted_on: datetime.datetime | None,
    opinion: Path | None,
    notified: str | None,
    notified_on: datetime.datetime | None,
    repository: str | None,
    root: Path,
) -> None:
    """Adopt governance: write governance.yml, bodies.yml, allowed_signers, the lint baseline and a
    signed baseline record enacting every text as it stands. Existing files are read, never overwritten."""
    from governance import git
    from governance.cli.resolution import steps_of
    from governance.config import load_config
    from governance.gate.adoption import adopt, adoption_summary
    from governance.gate.release_adoption import chosen

    releases = chosen(root, from_tag, from_tags, history=history)
    written = adopt(
        root,
        secretary_key=secretary_key,
        secretary_identity=identity,
        regulations=regulations,
        pattern=pattern,
        body=body,
        members=members,
        body_name=body_name,
        history=history,
        workflows=_workflows(root, tool_release) if github else None,
        today=today(),
        repository=repository,
        releases=releases,
        requires=_requires(requires),
        steps=steps_of(root, consulted, consulted_on, opinion, notified, notified_on),
    )
    config = load_config(root)
    click.echo(adoption_summary(root, written, git.main_line(root, config.branch), releases))
    bound = config.repository
    if bound is not None:
        click.echo(
            _(
                "records are bound to the repository '{repository}' (governance.yml repository:): a record "
                "counts only where it names the repository; give each repository of the group its own name"
            ).format(repository=bound)
        )


def _requires(options: tuple[str, ...]) -> dict[str, list[str]]:
    """--requires STEP[=PATTERN] options as bodies.yml's `requires:` (step -> regulation id patterns)."""
    from governance.gate.adoption import STEPS

    requires: dict[str, list[str]] = {}
    for option in options:
        step, _sign, pattern = option.partition("=")
        if step not in STEPS or (_sign and not pattern):
            raise click.BadParameter(
                _("'{option}': give consultations or notifications, optionally =PATTERN").format(
                    option=option
                ),
                param_hint="--requires",
            )
        requires.setdefault(step, []).append(pattern or "*")
    return requires


def _workflows(root: Path, release: str | None) -> dict[str, str]:
    """The adopting repository's workflows, pinned to the installed version's release."""
    from governance import git
    from governance.config import load_config
    from governance.gate.releases import installed_release
    from governance.gate.workflows import workflows

    return workflows(installed_release(release), branch=git.main_line(root, load_config(root).branch))

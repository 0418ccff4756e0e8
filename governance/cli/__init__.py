"""The `governance` command. Subcommands live in cli_* modules and are imported only when run,
so that `governance check` on a pull request does not pay for the site's imports."""

from __future__ import annotations

import atexit
import gc
import importlib
from typing import Any

import click

from governance.cli.error_handler import exit_codes
from governance.cli.help_texts import localize
from governance.i18n import translate_click

translate_click()  # click's own words ("Usage:", "No such option") in the user's language too
# At the exit of the process, before the interpreter's own collections: they look for cycles among every
# object alive, the modules' tens of thousands, none of them garbage; frozen, they are passed over (about
# a tenth of the CPU of `governance lint` of one file).
atexit.register(gc.freeze)

# name -> "module:function"; each module is a face that parses, calls, prints and returns.
COMMANDS: dict[str, str] = {
    "lint": "governance.cli.lint:lint",
    "digest": "governance.cli.lint:digest",
    "check": "governance.cli.gate:check",
    "audit": "governance.cli.gate:audit",
    "init": "governance.cli.gate:init",
    "hook": "governance.cli.gate:hook",
    "resolution": "governance.cli.resolution:resolution",
    "render": "governance.cli.site:render",
    "pack": "governance.cli.site:pack",
    "pdf": "governance.cli.site:pdf",
    "db": "governance.cli.promulgation:db",
    "roster": "governance.cli.promulgation:roster",
    "coverage": "governance.cli.promulgation:coverage",
    "serve": "governance.cli.promulgation:serve",
    "reminders": "governance.cli.promulgation:reminders",
    "evidence": "governance.cli.promulgation:evidence",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(command, click.Command)
        return localize(command)

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        localize(self)  # before the arguments are read: --help prints while they are
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        with exit_codes(debug=bool(ctx.params.get("debug"))):
            return super().invoke(ctx)


@click.group(cls=_LazyGroup)
@click.version_option(package_name="regulation-governance")
@click.option("--debug", is_flag=True, help="On an unexpected error, show its traceback.")
def main(debug: bool) -> None:
    """Govern internal regulations kept as Markdown in git.

    Exit codes: 0 all good, 1 findings (lint problems, uncovered changes), 2 the command could not run
    (one line says why and what to do; an unexpected error too, never 1).
    """

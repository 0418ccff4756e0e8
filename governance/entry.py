"""The `governance` program. The server's hook (`governance hook pre-receive`, on every push) and the
check of a pull request (`governance check --base B ...`, on every push to one) start without the command
line's library: click and the command group cost them about a tenth of their time (issue 14). Any other
command line (and a check written otherwise: `--base=B`, `--help`, an unknown option) goes to
governance.cli, which runs the same functions below."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from governance.clock import today
from governance.exits import exit_codes, printable

HOOK = ["hook", "pre-receive"]
FORMATS = ("text", "json", "github")
_CHECK_OPTIONS = {"--base": "base", "--head": "head", "--format": "fmt", "--root": "root"}
# What click.echo leaves out of text written to anything but a terminal (click._compat.strip_ansi).
_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")


def main() -> None:
    arguments = sys.argv[1:]
    if arguments == HOOK:
        sys.exit(pre_receive())
    options = check_options(arguments)
    if options is not None:
        with exit_codes(debug=False):
            sys.exit(check(**options))
    from governance.cli import main as command_line

    command_line()


def check_options(arguments: list[str]) -> dict[str, str] | None:
    """The options of `check --base B [--head H] [--format F] [--root R]` (each once, each value a word of
    its own), or None for any other command line, which click then reads (and words its errors)."""
    if arguments[:1] != ["check"] or len(arguments) % 2 == 0:
        return None
    options = {"head": "HEAD", "fmt": "text", "root": "."}
    given: set[str] = set()
    for name, value in zip(arguments[1::2], arguments[2::2], strict=True):
        if name not in _CHECK_OPTIONS or name in given or value.startswith("-") or not value:
            return None
        given.add(name)
        options[_CHECK_OPTIONS[name]] = value
    if "--base" not in given or options["fmt"] not in FORMATS or Path(options["root"]).is_file():
        return None  # click says what is wrong
    return options


def check(*, base: str, head: str, fmt: str, root: str) -> int:
    """`governance check`: judge the pull request, print the report in `fmt`; its exit code."""
    from governance.gate import report as render
    from governance.gate.check import run_check

    result = run_check(Path(root), base, head, today=today())
    emit(
        fmt,
        render.check_text(result),
        lambda: render.check_json(result),
        lambda: render.check_github(result),
        lambda: render.check_summary(result),
    )
    return result.exit_code


def emit(
    fmt: str,
    text: str,
    as_json: Callable[[], str],
    github: Callable[[], str],
    summary: Callable[[], str],
) -> None:
    """Print the report in the asked format; for GitHub, also append the job summary. A path that is not
    UTF-8 (kept as surrogates) is printed with its bytes escaped, never crashes the report."""
    if fmt == "json":
        _echo(as_json())
    elif fmt == "github":
        _echo(github())
        target = os.environ.get("GITHUB_STEP_SUMMARY")
        if target:
            with Path(target).open("a", encoding="utf-8") as stream:
                stream.write(printable(summary()))
    else:
        _echo(text)


def _echo(text: str) -> None:
    """As click.echo writes a report: escape sequences left out unless it goes to a terminal."""
    text = printable(text)
    if not sys.stdout.isatty():
        text = _ANSI.sub("", text)
    sys.stdout.write(text)
    sys.stdout.flush()


def pre_receive(*, debug: bool = False) -> int:
    """Judge the updates git gives on stdin: the refusals on stderr, 1 when there is one (the command
    line's `governance hook pre-receive` runs this too)."""
    with exit_codes(debug=debug):
        from governance.gate.hook import parse_updates
        from governance.gate.hook import pre_receive as judge

        refusals = judge(Path.cwd(), parse_updates(sys.stdin.read()), today=today())
    if refusals:
        from governance.i18n import _, localized

        for refusal in refusals:
            said = _("governance: refused: {refusal}").format(refusal=printable(localized(refusal)))
            print(said, file=sys.stderr, flush=True)
    return 1 if refusals else 0

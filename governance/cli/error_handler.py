"""The one place where an exception becomes an exit code and one line on stderr: governance.exits, with
click's own exits (a usage error exits 2 already, `ctx.exit` 0 or 1) passed through."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from governance.exits import _OS_ADVICE, CANNOT_RUN, os_error_message, printable
from governance.exits import exit_codes as _exit_codes

__all__ = ["CANNOT_RUN", "_OS_ADVICE", "exit_codes", "os_error_message", "printable"]


@contextmanager
def exit_codes(*, debug: bool) -> Iterator[None]:
    """Run a command: its own exit (click's, 0 or 1) passes through; anything raised exits 2."""
    with _exit_codes(debug=debug, passing=(click.exceptions.Exit, click.ClickException, click.Abort)):
        yield

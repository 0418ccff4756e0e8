"""The `governance` program. The server's hook (`governance hook pre-receive`, on every push) starts
without the command line's library: click and the command group cost it about a tenth of its time
(issue 14). Every other command line goes to governance.cli."""

from __future__ import annotations

import sys
from pathlib import Path

from governance.clock import today
from governance.exits import exit_codes, printable

HOOK = ["hook", "pre-receive"]


def main() -> None:
    if sys.argv[1:] == HOOK:
        sys.exit(pre_receive())
    from governance.cli import main as command_line

    command_line()


def pre_receive(*, debug: bool = False) -> int:
    """Judge the updates git gives on stdin: the refusals on stderr, 1 when there is one (the command
    line's `governance hook pre-receive` runs this too)."""
    with exit_codes(debug=debug):
        from governance.gate.hook import parse_updates
        from governance.gate.hook import pre_receive as judge

        refusals = judge(Path.cwd(), parse_updates(sys.stdin.read()), today=today())
    for refusal in refusals:
        print(f"governance: refused: {printable(refusal)}", file=sys.stderr, flush=True)
    return 1 if refusals else 0

"""The command line's process at its exit (governance.cli, and governance.entry's paths without click: the
audit, the check, the hook): what is alive is frozen before the interpreter's own collections, which would
otherwise walk the modules' objects for cycles."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "arguments",
    [
        ["--version"],
        ["lint", "--root", "no-such-folder"],
        ["audit", "main", "--root", "no-such-folder"],  # governance.entry's own paths, without click
        ["check", "--base", "main", "--root", "no-such-folder"],
    ],
)
def test_the_objects_alive_at_the_exit_are_frozen_whatever_the_command(arguments: list[str]) -> None:
    # Registered first, this probe runs last of the exit's callbacks (they run in reverse order).
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count()))\n"
        "from governance.entry import main\n"
        f"sys.argv = ['governance', *{arguments!r}]\n"
        "main()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode in (0, 2), done.stderr
    assert int(done.stdout.split("frozen ")[-1]) > 1000

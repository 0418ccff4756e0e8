"""Files replaced whole or not at all (governance/files.py), by a real process killed while writing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

_WRITER = """
import sys, time
from pathlib import Path
from governance.files import replace_stream
def chunks():
    yield b"the first half\\n"
    print("paused", flush=True)
    time.sleep(600)
    yield b"the second half\\n"
replace_stream(Path(sys.argv[1]), chunks())
"""


def test_a_writer_killed_while_writing_leaves_the_old_file_and_nothing_else(tmp_path: Path) -> None:
    """A hidden temporary file left in a work tree is what `git add -A` commits (issue 12, H1)."""
    target = tmp_path / "board-pack.pdf"
    target.write_bytes(b"the old pack\\n")
    child = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "paused\n", child.communicate()[1]
    child.send_signal(signal.SIGKILL)
    child.wait()

    assert sorted(path.name for path in tmp_path.iterdir()) == ["board-pack.pdf"]
    assert target.read_bytes() == b"the old pack\\n"


def test_a_replaced_file_is_whole_and_respects_the_umask(tmp_path: Path) -> None:
    from governance.files import replace_stream

    target = tmp_path / "copy.pdf"
    target.write_bytes(b"old\n")
    previous = os.umask(0o027)
    try:
        replace_stream(target, [b"new ", b"content\n"])
    finally:
        os.umask(previous)
    assert target.read_bytes() == b"new content\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(path.name for path in tmp_path.iterdir()) == ["copy.pdf"]

"""The thread writing a child's requests (records/verifying.Feeder) keeps nothing once the child is gone:
the audit sends every later window's frames, each with its signed data, and they stayed in memory until the
walk's end (closing review)."""

from __future__ import annotations

import os

from governance.records.verifying import Feeder


def test_what_is_sent_after_the_child_is_gone_is_not_kept() -> None:
    reading, writing = os.pipe()
    os.close(reading)  # the child is gone: a write fails (EPIPE)
    feeder = Feeder(writing, "test-feeder")
    feeder.send(b"x" * 1024)
    thread = feeder._thread
    assert thread is not None
    thread.join(timeout=10)  # the writer stops at the failed write
    assert not thread.is_alive()
    for _ in range(1000):
        feeder.send(b"y" * 65536)

    assert len(feeder._queue) == 0
    feeder.close()

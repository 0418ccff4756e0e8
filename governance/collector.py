"""Python's cyclic garbage collector paused around work that allocates many short-lived objects.

A parse (markdown-it's tokens, the text model) and an audit's window of commits (records, changes,
verdicts) allocate a few objects per line or per commit, nearly all of them acyclic and freed by their
reference counts; yet every few hundred allocations start a collection, and each collection of an older
generation walks every object of the process (the modules, the schemas, the work so far). A cycle made
meanwhile is collected after the work."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

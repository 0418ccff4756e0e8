"""Group commit: one writer thread per instance of the service. Every acknowledgement asked for while it
writes a batch goes into the next one: one lock of the chain head, one roster look-up, one insert, one
commit for all of them. Nothing is answered before its batch is committed, so an instance killed at any
moment has lost nothing it answered for.

The request handlers stay on the event loop: they queue an Ask and await a future that the writer settles
(one wake-up of the loop per batch, not a thread-pool hand-off per request).
"""

from __future__ import annotations

import asyncio
import queue
import threading
from dataclasses import dataclass

from governance.i18n import _
from governance.promulgation.batch import Ask, Outcome
from governance.promulgation.store import Store, Unavailable

MAX_BATCH = 500  # acknowledgements written in one transaction at most


class NotWriting(Unavailable):
    """The instance cannot record now (its writer has stopped): like an outage, 503 with Retry-After, so
    a load balancer sends the acknowledgement to another instance."""


@dataclass(frozen=True)
class _Waiting:
    ask: Ask
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Outcome]


class GroupCommit:
    def __init__(self, store: Store, *, max_batch: int = MAX_BATCH) -> None:
        self._store = store
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[_Waiting | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._write, name="acknowledgement-writer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Write what was asked before, then end the thread."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def check_running(self) -> None:
        """NotWriting when the writer thread is not running (never started, or ended)."""
        if not self._thread.is_alive():
            raise NotWriting(
                _(
                    "this instance's acknowledgement writer is not running (the service is stopping, or its "
                    "start failed: see the log above); another instance, or this one restarted, can record"
                )
            )

    async def append(self, ask: Ask) -> Outcome:
        self.check_running()  # an ask to a writer not running would wait for ever
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Outcome] = loop.create_future()
        self._queue.put(_Waiting(ask, loop, future))
        return await future

    def _write(self) -> None:
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < self._max_batch:
                try:
                    waiting = self._queue.get_nowait()
                except queue.Empty:
                    break
                if waiting is None:
                    stopping = True
                    break
                batch.append(waiting)
            try:
                settled: list[Outcome | _Failed] = list(self._store.append([w.ask for w in batch]))
            except Exception as exc:  # every ask of the batch gets the error: none is answered as stored
                settled = [_Failed(exc)] * len(batch)
            loops: dict[
                asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Outcome], Outcome | _Failed]]
            ] = {}
            for waiting, outcome in zip(batch, settled, strict=True):
                loops.setdefault(waiting.loop, []).append((waiting.future, outcome))
            for loop, results in loops.items():
                try:
                    loop.call_soon_threadsafe(_settle, results)
                except RuntimeError:  # that loop is closed: nobody waits there any more
                    continue


@dataclass(frozen=True)
class _Failed:
    error: Exception  # the batch's transaction failed (the database is gone): raised in each handler


def _settle(results: list[tuple[asyncio.Future[Outcome], Outcome | _Failed]]) -> None:
    for future, outcome in results:
        if future.cancelled():
            continue  # the client went away; its acknowledgement is stored all the same
        if isinstance(outcome, _Failed):
            future.set_exception(outcome.error)
        else:
            future.set_result(outcome)

"""A bounded memo for functions of texts, keyed by the digest of the texts, never by the texts themselves.

functools.lru_cache keyed by whole texts keeps every text it has seen alive for as long as its entry
lives, and bounds only the number of entries: at a site of thousands of regulations of up to a megabyte
each, a few thousand entries can hold gigabytes. This memo keeps a digest per entry and bounds both the
entries and the size of the texts they were made from (a result's size follows its texts': parts, a
redline), evicting the least recently used first.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class DigestMemo(Generic[P, R]):
    def __init__(
        self,
        function: Callable[P, R],
        texts: Callable[P, Iterable[str]],
        *,
        entries: int,
        characters: int,
    ) -> None:
        self.function = function
        self.texts = texts  # what the result is a function of (with the arguments that are not text)
        self.entries = entries
        self.characters = characters
        self._kept: OrderedDict[bytes, tuple[R, int]] = OrderedDict()
        self._held = 0  # characters of the texts behind the kept results
        self._lock = threading.Lock()
        functools.update_wrapper(self, function)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        digest = hashlib.sha256()
        size = 0
        for text in self.texts(*args, **kwargs):
            data = text.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "little") + data)  # lengths first: no two splits alike
            size += len(text)
        key = digest.digest()
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
                return kept[0]
        result = self.function(*args, **kwargs)
        if size > self.characters:
            return result  # larger than the whole budget: made again when asked again
        with self._lock:
            if key not in self._kept:
                self._kept[key] = (result, size)
                self._held += size
            while len(self._kept) > self.entries or self._held > self.characters:
                _, (_, dropped) = self._kept.popitem(last=False)
                self._held -= dropped
        return result

    def cache_clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self._held = 0

    def __len__(self) -> int:
        return len(self._kept)


def memo_by_digest(
    texts: Callable[P, Iterable[str]], *, entries: int, characters: int
) -> Callable[[Callable[P, R]], DigestMemo[P, R]]:
    """Memoise a pure function of texts: `texts` gives, from its arguments, every string its result
    depends on; at most `entries` results are kept, made from at most `characters` of text in all."""

    def decorate(function: Callable[P, R]) -> DigestMemo[P, R]:
        return DigestMemo(function, texts, entries=entries, characters=characters)

    return decorate

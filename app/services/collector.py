"""Python's cyclic collector during bulk work: an import, a queue build, the nightly jobs.

Such work keeps hundreds of thousands of objects alive at once (a batch's rows, its plans,
the values of a bulk statement). CPython collects its oldest generation whenever the objects
promoted into it reach a quarter of those already there, so a heap that keeps growing is
walked again and again: nine full collections, about 1.2 s of a 6.8 s import of 100,000
order lines (docs/benchmarks.md, Imports). Inside `rare_full_collections` the young
generations are collected as often as before (cycles made and dropped within a batch are
freed as they were) and the full walk waits for FULL_AFTER passes of the middle generation.

Process-wide, as the collector's thresholds are: nested and concurrent uses keep the setting
until the last one ends, which restores what was there before the first.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

FULL_AFTER = 1000  # middle-generation collections between full ones (CPython's default: 10)

_lock = threading.Lock()
_users = 0
_before: tuple[int, int, int] | None = None


@contextmanager
def rare_full_collections() -> Iterator[None]:
    global _users, _before
    with _lock:
        if _users == 0:
            _before = gc.get_threshold()
            gc.set_threshold(_before[0], _before[1], max(_before[2], FULL_AFTER))
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0 and _before is not None:
                gc.set_threshold(*_before)

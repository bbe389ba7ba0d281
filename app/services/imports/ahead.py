"""Reading ahead: the next batches are read and parsed on a thread of their own while the
run's thread writes the current one. The writer spends most of its time waiting for the
database (no GIL held then), so the parsing fits in those waits. Order is kept; an error on
the reading side is raised on the run's side; leaving early stops the reader."""

import queue
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
U = TypeVar("U")

DEPTH = 2  # batches parsed ahead: enough to cover one write, little memory
# A waiting writer gets the GIL back within this, not Python's default 5 ms: a batch makes
# dozens of round trips, each would otherwise wait out a full interval behind the parser.
SWITCH_INTERVAL = 0.0005
_END = object()


class _Failure:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def read_ahead(items: Iterator[T], work: Callable[[T], U]) -> Iterator[tuple[T, U]]:
    """(item, work(item)) for each item of `items`, both done on a reader thread."""
    ready: queue.Queue = queue.Queue(maxsize=DEPTH)
    stop = threading.Event()

    def put(value) -> bool:
        while not stop.is_set():
            try:
                ready.put(value, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def reader() -> None:
        try:
            for item in items:
                if not put((item, work(item))):
                    return
            put(_END)
        except BaseException as exc:  # handed to the run's thread, raised there
            put(_Failure(exc))

    thread = threading.Thread(target=reader, name="import-reader", daemon=True)
    with _quick_switches():
        thread.start()
        try:
            while True:
                got = ready.get()
                if got is _END:
                    return
                if isinstance(got, _Failure):
                    raise got.error
                yield got
        finally:
            stop.set()
            thread.join()


@contextmanager
def _quick_switches():
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(before)

"""The import's read-ahead: order kept, the reader's errors raised on the run's side,
leaving early stops the reader, and Python's switch interval is given back."""

import sys
import threading

import pytest

from app.services.imports.ahead import read_ahead


def _readers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "import-reader"]


def test_items_come_in_order_with_their_work() -> None:
    got = list(read_ahead(iter(range(50)), lambda n: n * n))
    assert got == [(n, n * n) for n in range(50)]
    assert not _readers()


def test_an_error_while_reading_is_raised_in_the_run() -> None:
    def items():
        yield 1
        raise ValueError("row 2 unreadable")

    seen = []
    with pytest.raises(ValueError, match="row 2 unreadable"):
        for item, _ in read_ahead(items(), str):
            seen.append(item)
    assert seen == [1]
    assert not _readers()


def test_an_error_in_the_work_is_raised_in_the_run() -> None:
    with pytest.raises(ZeroDivisionError):
        list(read_ahead(iter([1, 0]), lambda n: 1 / n))


def test_leaving_early_stops_the_reader_before_the_source_is_done() -> None:
    read = []

    def items():
        for n in range(10_000):
            read.append(n)
            yield n

    stream = read_ahead(items(), lambda n: n)
    for item, _ in stream:
        if item == 3:
            break
    stream.close()
    assert not _readers()
    assert len(read) < 20  # only a few batches ahead, never the whole source


def test_the_switch_interval_is_restored() -> None:
    before = sys.getswitchinterval()
    stream = read_ahead(iter(range(3)), lambda n: n)
    next(stream)
    assert sys.getswitchinterval() < before
    stream.close()
    assert sys.getswitchinterval() == before

"""Bulk work defers Python's full collections and gives the thresholds back: nested, and
from several threads at once, what was there before the first use is restored after the last."""

import gc
import threading

import pytest

from app.services.collector import FULL_AFTER, rare_full_collections


def test_the_full_collection_waits_inside_and_the_thresholds_come_back(default_thresholds):
    with rare_full_collections():
        assert gc.get_threshold() == (700, 10, FULL_AFTER)
        with rare_full_collections():
            assert gc.get_threshold() == (700, 10, FULL_AFTER)
        assert gc.get_threshold() == (700, 10, FULL_AFTER)  # the outer use still runs
    assert gc.get_threshold() == (700, 10, 10)


def test_an_error_inside_restores_the_thresholds(default_thresholds):
    with pytest.raises(RuntimeError):
        with rare_full_collections():
            raise RuntimeError("the import failed")
    assert gc.get_threshold() == (700, 10, 10)


def test_a_higher_setting_of_the_process_is_kept(default_thresholds):
    gc.set_threshold(700, 10, 5 * FULL_AFTER)
    with rare_full_collections():
        assert gc.get_threshold()[2] == 5 * FULL_AFTER
    assert gc.get_threshold() == (700, 10, 5 * FULL_AFTER)


def test_overlapping_uses_on_threads_restore_after_the_last(default_thresholds):
    inside = threading.Barrier(3)
    leave = [threading.Event(), threading.Event()]

    def work(n: int) -> None:
        with rare_full_collections():
            inside.wait()
            leave[n].wait()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    inside.wait()
    leave[0].set()
    threads[0].join()
    assert gc.get_threshold()[2] == FULL_AFTER  # the other thread's import still runs
    leave[1].set()
    threads[1].join()
    assert gc.get_threshold() == (700, 10, 10)

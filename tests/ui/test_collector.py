"""The GUI-thread collector follows CPython's rules: the youngest generation over its
threshold is collected, and a full collection waits until the objects promoted since the
last one reach a quarter of the survivors (so a big heap is not walked every few seconds)."""

import gc as real_gc

import pytest

import ui.collector as collector_module
from ui.collector import MainThreadCollector


class FakeGc:
    def __init__(self, *, survivors: int) -> None:
        self.counts = [0, 0, 0]
        self.collected: list[int] = []
        self.survivors = survivors
        self.young = 0
        self.threshold = (700, 10, 10)

    def get_threshold(self):
        return self.threshold

    def get_count(self):
        return tuple(self.counts)

    def get_objects(self, generation):
        return [None] * (self.survivors if generation == 2 else self.young)

    def collect(self, generation):
        self.collected.append(generation)
        if generation == 2:
            self.counts = [0, 0, 0]
        elif generation == 1:
            self.counts = [0, 0, self.counts[2] + 1]

    def isenabled(self):
        return True

    def disable(self):
        pass

    def enable(self):
        pass


@pytest.fixture
def fake_gc(monkeypatch, qapp):
    fake = FakeGc(survivors=100_000)
    monkeypatch.setattr(collector_module, "gc", fake)
    monkeypatch.setattr(collector_module, "_long_lived", {"total": None, "pending": 0})
    collector = MainThreadCollector(qapp)
    collector.stop()
    yield fake, collector
    collector.deleteLater()


def test_the_oldest_generation_waits_for_a_quarter_of_the_survivors(fake_gc):
    fake, collector = fake_gc
    fake.young = 5_000
    fake.counts = [0, 11, 11]
    for _ in range(6):          # until 6 x 5,000 promoted > a quarter of 100,000
        collector.check()
        fake.counts[1] = 11
    assert fake.collected == [1] * 6
    collector.check()
    assert fake.collected[-1] == 2


def test_bulk_work_on_the_database_thread_defers_the_full_collection_here_too(fake_gc):
    fake, collector = fake_gc
    fake.young = 50_000         # promoted: past a quarter of the survivors at once
    fake.threshold = (700, 10, 1000)  # app.services.collector during an import
    fake.counts = [0, 11, 11]
    collector.check()
    collector.check()
    assert 2 not in fake.collected
    fake.threshold = (700, 10, 10)  # the import is over
    fake.counts[1] = 11
    collector.check()
    assert fake.collected[-1] == 2


def test_the_youngest_generation_over_its_threshold_is_collected(fake_gc):
    fake, collector = fake_gc
    fake.counts = [701, 3, 0]
    collector.check()
    assert fake.collected == [0]
    fake.counts = [0, 0, 0]
    collector.check()
    assert fake.collected == [0]


def test_the_real_collector_is_switched_off_while_it_runs(qapp):
    real_gc.enable()            # as Python starts (the suite's own collector is running)
    collector = MainThreadCollector(qapp)
    try:
        assert not real_gc.isenabled()
    finally:
        collector.stop()
        collector.deleteLater()
    assert real_gc.isenabled()
    real_gc.disable()

"""The import pipeline: batch N is written on a worker thread while batch N+1 is read and
checked. Rows and their errors come out in file order whatever the batch size; a failure
while writing a later batch rolls back the whole run; a cancel while a batch is being
written waits for it and then writes nothing (both engines)."""

import threading

import pytest
from sqlalchemy import func, select

from app.data.tables import Order
from app.services import imports
from app.services.imports.orders import OrderImporter
from app.services.users import SYSTEM
from tests.db.test_imports_rows import MEMBERS, PRODUCTS, write

HEADER = "order_id,member_external_id,sku,quantity,amount,ordered_at\n"


def _orders(n: int, bad_every: int = 0) -> str:
    rows = []
    for i in range(n):
        member = "C404" if bad_every and i % bad_every == 0 else ("C001" if i % 2 else "C002")
        rows.append(f"P{i},{member},FO-500,1,198.00,2026-06-{1 + i % 14:02d} 09:30\n")
    return HEADER + "".join(rows)


@pytest.fixture
def loaded(db, clock, tmp_path):
    imports.import_file(db, SYSTEM, clock, kind="products", path=write(tmp_path, "p.csv", PRODUCTS))
    imports.import_file(db, SYSTEM, clock, kind="members", path=write(tmp_path, "m.csv", MEMBERS))
    return db


def _count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Order))


@pytest.mark.parametrize("batch_rows", [1, 7, 5000])
def test_rows_and_errors_come_out_in_file_order_whatever_the_batch(loaded, clock, tmp_path, batch_rows):
    result = imports.import_file(loaded, SYSTEM, clock, kind="orders", path=write(tmp_path, "o.csv", _orders(60, 9)),
                                 batch_rows=batch_rows)
    refused = [e.row for e in result.errors]
    assert refused == sorted(refused) == [2 + i for i in range(60) if i % 9 == 0]
    assert (result.created, result.failed) == (60 - len(refused), len(refused))
    assert _count(loaded) == result.created


def test_a_failure_writing_a_later_batch_rolls_back_the_whole_run(loaded, clock, tmp_path, monkeypatch):
    real = OrderImporter.apply
    calls = []

    def failing(self, checked):
        calls.append(threading.current_thread().name)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(self, checked)

    monkeypatch.setattr(OrderImporter, "apply", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        imports.import_file(loaded, SYSTEM, clock, kind="orders", path=write(tmp_path, "o.csv", _orders(40)),
                            batch_rows=10)
    assert _count(loaded) == 0
    assert all(name.startswith("import-apply") for name in calls)  # written off the reading thread


def test_a_cancel_while_a_batch_is_written_waits_for_it_and_writes_nothing(loaded, clock, tmp_path, monkeypatch):
    real = OrderImporter.apply
    writing, release = threading.Event(), threading.Event()

    def slow(self, checked):
        writing.set()
        release.wait(5)
        return real(self, checked)

    monkeypatch.setattr(OrderImporter, "apply", slow)

    def cancelled() -> bool:
        writing.wait(5)
        release.set()  # the batch finishes after the cancel was seen
        return True

    with pytest.raises(imports.ImportCancelled):
        imports.import_file(loaded, SYSTEM, clock, kind="orders", path=write(tmp_path, "o.csv", _orders(30)),
                            batch_rows=10, cancelled=cancelled)
    assert _count(loaded) == 0

"""The bulk doors (an import, the queue build, each nightly job) run with Python's full
collections deferred (app.services.collector) and leave the process's thresholds as they were."""

import gc

from app.services import imports, loyalty, queue
from app.services.collector import FULL_AFTER
from app.services.queue import build as build_module
from app.services.loyalty import jobs
from app.services.users import SYSTEM
from tests.db.test_imports_rows import write


def test_an_import_runs_with_full_collections_deferred(db, clock, tmp_path, default_thresholds):
    seen = []
    path = write(tmp_path, "products.csv", "sku,name,category,pack_days\nFO-500,深海鱼油,fish_oil,30\n")
    result = imports.import_file(db, SYSTEM, clock, kind="products", path=path,
                                 after_rows=lambda session, clk, res: seen.append(gc.get_threshold()[2]))
    assert result.created == 1 and seen == [FULL_AFTER]
    assert gc.get_threshold() == (700, 10, 10)


def _record_threshold(monkeypatch, module, name: str) -> list[int]:
    """Wrap module.name so each call records the full collection's threshold at that moment."""
    seen: list[int] = []
    original = getattr(module, name)

    def spy(*args, **kwargs):
        seen.append(gc.get_threshold()[2])
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return seen


def test_the_queue_build_runs_with_full_collections_deferred(db, clock, monkeypatch, default_thresholds):
    seen = _record_threshold(monkeypatch, build_module, "plan_context")
    queue.build_queue(db, SYSTEM, clock, every_member=True)
    assert seen == [FULL_AFTER]
    assert gc.get_threshold() == (700, 10, 10)


def test_each_nightly_job_runs_with_full_collections_deferred(db, clock, monkeypatch, default_thresholds):
    seen = _record_threshold(monkeypatch, jobs, "expire_points")
    loyalty.run_daily(db, SYSTEM, clock, only={"expiry"})
    assert seen == [FULL_AFTER]
    assert gc.get_threshold() == (700, 10, 10)

"""The premium batch: who is in it, progress, cancel, and one file per member."""

from datetime import timedelta

import pytest

from app.services.auth import SYSTEM
from app.services.reports import export_premium, parse_period, premium_members
from tests.reports.builders import add_call, populate
from tests.reports.pdfcheck import pdf_text
from tests.support.factories import make_member, make_order, make_product

pytestmark = pytest.mark.slow
JUNE = parse_period("2026-06")


def test_premium_means_gold_or_diamond_with_activity_in_the_period(db, clock):
    with db.session() as s:
        product = make_product(s)
        ordered = make_member(s, at=clock.now(), tier="diamond", phone="+8613700000001")
        make_order(s, ordered, product, ordered_at=clock.now() - timedelta(days=2))
        called = make_member(s, at=clock.now(), tier="gold", phone="+8613700000002")
        add_call(s, called, at=clock.now() - timedelta(days=1))
        may_only = make_member(s, at=clock.now(), tier="gold", phone="+8613700000003")
        add_call(s, may_only, at=clock.now() - timedelta(days=30))
        silver = make_member(s, at=clock.now(), tier="silver", phone="+8613700000004")
        add_call(s, silver, at=clock.now() - timedelta(days=1))
        expected = sorted([ordered.id, called.id])
    assert premium_members(db, SYSTEM, clock, JUNE) == expected


def test_batch_reports_progress_and_writes_each_member_once(sqlite_db, clock, tmp_path):
    with sqlite_db.session() as s:
        ids = populate(s, clock, members=6)
    seen = []
    result = export_premium(sqlite_db, SYSTEM, clock, parse_period("2026-05"), tmp_path, workers=2,
                            progress=lambda done, total: seen.append((done, total)), member_ids=ids)
    assert not result.failed and not result.cancelled
    assert len(result.written) == 6 and seen[-1] == (6, 6) and [d for d, _ in seen] == list(range(1, 7))
    assert len({pdf_text(p.read_bytes())[:200] for p in result.written}) == 6


def test_cancel_stops_the_batch_early(sqlite_db, clock, tmp_path):
    with sqlite_db.session() as s:
        ids = populate(s, clock, members=16)
    stop = []
    result = export_premium(sqlite_db, SYSTEM, clock, parse_period("2026-05"), tmp_path, workers=1,
                            progress=lambda done, total: stop.append(done), cancelled=lambda: bool(stop),
                            member_ids=ids)
    assert result.cancelled
    assert 1 <= len(result.written) < 16
    assert sorted(tmp_path.glob("*.pdf")) == result.written

"""The daily build keeps the refill call a member's reported remaining quantity booked
(calls.py), instead of re-planning it from order dates, until a newer order arrives."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from app.data.tables import FollowUpTask, Member, Product
from app.domain.clock import Clock
from app.services import calls, queue
from app.services.users import SYSTEM
from tests.support.call_world import build_world, outcome
from tests.support.factories import make_order


def _day(clock: Clock, day: date) -> Clock:
    return Clock.fixed(day, time(10, 0), tz=clock.tz)


def _start(clock: Clock, day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=clock.tz).astimezone(UTC)


def _refills(db, member_id: int) -> list[tuple]:
    with db.session() as s:
        return [tuple(r) for r in s.execute(
            select(FollowUpTask.status, FollowUpTask.due_at, FollowUpTask.close_reason, FollowUpTask.detail)
            .where(FollowUpTask.member_id == member_id, FollowUpTask.reason == "refill")
            .order_by(FollowUpTask.id))]


def _open_refill(db, member_id: int) -> tuple | None:
    found = [r for r in _refills(db, member_id) if r[0] in ("open", "claimed")]
    assert len(found) <= 1
    return found[0] if found else None


def test_a_reported_remaining_quantity_outlives_the_daily_build_until_a_newer_order(db, clock):
    # The world's 30-day fish oil was ordered on 2026-05-21: from the order, it runs out on
    # 06-20 and the refill is due 06-15 (and stays due until 06-25).
    w = build_world(db, clock)
    queue.build_queue(db, SYSTEM, clock)  # the day's build: the world's refill task, due 06-15
    with db.session() as s:
        assert s.get(Product, w.product_id).pack_days == 30
    calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(remaining_days=12, refill_intent=None))
    # The member says 12 days are left on 06-15: run-out 06-27, refill due 06-22.
    reported_due = _start(clock, date(2026, 6, 22))
    for offset in range(0, 9):  # 06-15 .. 06-23: the order-based estimate would be due on all of them
        day = date(2026, 6, 15) + timedelta(days=offset)
        queue.build_queue(db, SYSTEM, _day(clock, day))
        status, due_at, _reason, detail = _open_refill(db, w.member_id)
        assert due_at == reported_due, day
        assert detail["runout"] == "2026-06-27" and detail["reported"] is True
    # Before 06-22 it is not in anyone's queue yet; on 06-22 it is.
    assert not queue.show_queue(db, w.agent, _day(clock, date(2026, 6, 21)))
    assert [i.reasons for i in queue.show_queue(db, w.agent, _day(clock, date(2026, 6, 22)))] == [("refill",)]

    # A newer order (one pack on 06-24): the order-based estimate is back. Supply from 05-21
    # ran out on 06-20, so the new pack covers 06-24 .. 07-23 and the refill falls due 07-19.
    with db.session(write=True) as s:
        make_order(s, s.get(Member, w.member_id), s.get(Product, w.product_id),
                   ordered_at=_start(clock, date(2026, 6, 24)) + timedelta(hours=3))
    queue.build_queue(db, SYSTEM, _day(clock, date(2026, 6, 24)))
    assert _open_refill(db, w.member_id) is None
    assert _refills(db, w.member_id)[-1][2] == "no_longer_due"  # the reported call was withdrawn
    queue.build_queue(db, SYSTEM, _day(clock, date(2026, 7, 19)))
    status, due_at, _reason, detail = _open_refill(db, w.member_id)
    assert due_at == _start(clock, date(2026, 7, 19)) and detail["runout"] == "2026-07-24"
    assert "reported" not in detail


def test_a_report_with_a_refill_request_leaves_the_order_based_refill(db, clock):
    w = build_world(db, clock)
    queue.build_queue(db, SYSTEM, clock)
    calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(remaining_days=12, refill_intent=True))
    queue.build_queue(db, SYSTEM, _day(clock, date(2026, 6, 16)))
    # The refill call of 06-15 was worked (done); the build does not reopen it for the same due day.
    assert _open_refill(db, w.member_id) is None
    assert [r[:3] for r in _refills(db, w.member_id)] == [("done", _start(clock, date(2026, 6, 15)), "reached")]


def test_the_latest_report_wins(db, clock):
    w = build_world(db, clock)
    queue.build_queue(db, SYSTEM, clock)
    calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(remaining_days=12, refill_intent=None))
    later = _day(clock, date(2026, 6, 18))
    with db.session() as s:
        task_id = s.scalar(select(FollowUpTask.id).where(FollowUpTask.member_id == w.member_id,
                                                         FollowUpTask.status == "open"))
    calls.record_outcome(db, w.agent, later, task_id=task_id, payload=outcome(remaining_days=20, refill_intent=None))
    queue.build_queue(db, SYSTEM, _day(clock, date(2026, 6, 19)))
    status, due_at, _reason, detail = _open_refill(db, w.member_id)
    assert (due_at, detail["runout"]) == (_start(clock, date(2026, 7, 3)), "2026-07-08")


def test_order_days_are_local_days_in_a_zone_with_daylight_saving(db):
    """The build works out each order's local day in the database where it can (PostgreSQL,
    SQLite in a zone without DST) and in Python otherwise: both count the local date."""
    from zoneinfo import ZoneInfo

    from tests.support.factories import make_member, make_product

    ny = ZoneInfo("America/New_York")
    clock = Clock.fixed(date(2026, 6, 15), time(10, 0), tz=ny)
    with db.session(write=True) as s:
        product = make_product(s, name="鱼油")
        member = make_member(s, at=clock.now() - timedelta(days=300))
        # 23:30 on 21 May in New York is already 22 May in UTC.
        make_order(s, member, product, ordered_at=datetime(2026, 5, 21, 23, 30, tzinfo=ny), delivered_after=None)
        member_id = member.id
    queue.build_queue(db, SYSTEM, clock)
    status, due_at, _reason, detail = _open_refill(db, member_id)
    assert detail["runout"] == "2026-06-20" and due_at == _start(clock, date(2026, 6, 15))


def test_a_declined_refill_is_not_asked_again_this_cycle(db, clock):
    w = build_world(db, clock)
    queue.build_queue(db, SYSTEM, clock)
    calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(remaining_days=12, refill_intent=False))
    for offset in range(0, 14):  # through the reported run-out (06-27): asked once, declined, not again
        queue.build_queue(db, SYSTEM, _day(clock, date(2026, 6, 15) + timedelta(days=offset)))
        assert _open_refill(db, w.member_id) is None

"""The queue kept current by events (issue 13): after any history of orders, calls, tickets,
consent and tier changes, each followed by refresh_members in its own transaction, the daily
build finds nothing more to change (the incremental path plans what the build plans)."""

import uuid
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from app.data.tables import Call, FollowUpTask, Member, Order, OrderLine, Product, Ticket
from app.data.uow import Database
from app.domain.clock import Clock
from app.services import queue
from app.services.users import SYSTEM
from tests.support.factories import make_member, make_order, make_product

SH = ZoneInfo("Asia/Shanghai")
START = date(2026, 6, 1)
MEMBERS = 4

event_st = st.one_of(
    st.tuples(st.just("order"), st.integers(0, MEMBERS - 1), st.integers(0, 1), st.integers(0, 40 * 24),
              st.integers(1, 3)),
    st.tuples(st.just("call"), st.integers(0, MEMBERS - 1), st.sampled_from(["reached", "no_answer"]),
              st.integers(1, 30 * 24)),
    st.tuples(st.just("ticket"), st.integers(0, MEMBERS - 1), st.sampled_from(["urgent", "normal"]),
              st.integers(0, 100)),
    st.tuples(st.just("consent"), st.integers(0, MEMBERS - 1), st.booleans()),
    st.tuples(st.just("tier"), st.integers(0, MEMBERS - 1), st.sampled_from(["standard", "gold", "diamond"])),
)
history_st = st.lists(st.tuples(st.integers(0, 12), st.lists(event_st, max_size=4)), min_size=1, max_size=4)


def _open_tasks(db: Database) -> set[tuple]:
    with db.session() as s:
        return set(s.execute(select(
            FollowUpTask.member_id, FollowUpTask.reason, FollowUpTask.due_at, FollowUpTask.due_until,
            FollowUpTask.priority, FollowUpTask.assigned_agent_id, FollowUpTask.owner_only_until,
        ).where(FollowUpTask.status.in_(["open", "claimed"]))).all())


def _apply(s, clock: Clock, event: tuple, members: list[int], products: list[int]) -> int:
    kind, index = event[0], event[1]
    member = s.get(Member, members[index])
    now = clock.now()
    if kind == "order":
        product = s.get(Product, products[event[2]])
        make_order(s, member, product, ordered_at=now - timedelta(hours=event[3]), quantity=event[4])
    elif kind == "call":
        at = now - timedelta(hours=event[3])
        s.add(Call(client_id=str(uuid.uuid4()), member_id=member.id, started_at=at, saved_at=at,
                   disposition=event[2]))
    elif kind == "ticket":
        resolved = now - timedelta(hours=event[3])
        s.add(Ticket(member_id=member.id, category="quality", severity=event[2], department="quality",
                     status="resolved", opened_at=resolved - timedelta(hours=3), sla_due_at=resolved,
                     resolved_at=resolved))
    elif kind == "consent":
        member.do_not_call = event[2]
    else:
        member.tier = event[2]
    s.flush()
    return member.id


def _clear(db: Database) -> None:
    with db.session(write=True) as s:
        for table in (FollowUpTask, Call, Ticket, OrderLine, Order, Member):
            s.execute(delete(table))


def _check(db: Database, history) -> None:
    _clear(db)
    first = Clock.fixed(START, time(10), tz=SH)
    with db.session(write=True) as s:
        products = [make_product(s, pack_days=30).id, make_product(s, category="probiotics", pack_days=20).id]
        members = [make_member(s, at=first.now() - timedelta(days=400), owner_id=None).id for _ in range(MEMBERS)]
        fish = s.get(Product, products[0])
        for mid in members:  # a history old enough for churn and cadence to have a rhythm
            for months in (6, 4, 2):
                make_order(s, s.get(Member, mid), fish, ordered_at=first.now() - timedelta(days=30 * months))
    day = START
    for days_later, events in history:
        day += timedelta(days=days_later)
        clock = Clock.fixed(day, time(10), tz=SH)
        queue.build_queue(db, SYSTEM, clock)  # the safety net: what time alone changed
        for event in events:
            with db.session(write=True) as s:
                mid = _apply(s, clock, event, members, products)
                queue.refresh_members(s, clock, [mid])
        before = _open_tasks(db)
        summary = queue.build_queue(db, SYSTEM, clock)
        assert (summary.created, summary.updated, summary.withdrawn) == (0, 0, 0), (events, summary)
        assert _open_tasks(db) == before


PROPERTY = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@PROPERTY
@given(history=history_st)
def test_refresh_after_each_event_leaves_the_daily_build_nothing_to_do_sqlite(sqlite_db, history):
    _check(sqlite_db, history)


@settings(PROPERTY, max_examples=10)
@given(history=history_st)
def test_refresh_after_each_event_leaves_the_daily_build_nothing_to_do_postgresql(pg_db, history):
    _check(pg_db, history)


def test_refresh_members_creates_the_refill_of_a_new_order_at_once(db):
    clock = Clock.fixed(date(2026, 6, 26), time(10), tz=SH)
    with db.session(write=True) as s:
        product = make_product(s, name="深海鱼油 500mg")
        member = make_member(s, at=clock.now() - timedelta(days=400))
        make_order(s, member, product, ordered_at=clock.now() - timedelta(days=25))
        summary = queue.refresh_members(s, clock, [member.id])
        assert summary.created >= 1
        reasons = set(s.scalars(select(FollowUpTask.reason).where(FollowUpTask.member_id == member.id)))
    assert "refill" in reasons

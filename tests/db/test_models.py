"""The model on both engines: rows round-trip, times stay UTC-aware, versions guard edits."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.data.tables import FollowUpTask, Member, Order
from tests.support.factories import make_member, make_order, make_product, make_user


def test_member_with_orders_round_trips_with_utc_times(db, clock):
    now = clock.now()
    with db.session() as s:
        agent = make_user(s, "li", at=now)
        member = make_member(s, at=now, owner_id=agent.id, tier="gold")
        make_order(s, member, make_product(s), ordered_at=now - timedelta(days=20), quantity=2)
        member_id = member.id
    with db.session() as s:
        member = s.get(Member, member_id)
        order = s.scalars(select(Order).where(Order.member_id == member_id)).one()
        assert member.owner.username == "li"
        assert order.ordered_at == now - timedelta(days=20)
        assert order.ordered_at.tzinfo is not None and order.ordered_at.utcoffset() == timedelta(0)
        assert order.lines[0].quantity == 2
        assert member.total_spent_fen == 2 * 19800


def test_naive_datetimes_are_refused(db, clock):
    with pytest.raises(Exception, match="naive"):
        with db.session() as s:
            make_member(s, at=datetime(2026, 1, 1))


def test_two_open_tasks_for_one_member_and_reason_are_refused(db, clock):
    now = clock.now()
    with db.session() as s:
        member_id = make_member(s, at=now).id
    task = dict(member_id=member_id, reason="refill", due_at=now, created_at=now)
    with db.session() as s:
        s.add(FollowUpTask(**task))
    with pytest.raises(IntegrityError):
        with db.session() as s:
            s.add(FollowUpTask(**task))
    with db.session() as s:  # a closed task does not block a new open one
        s.execute(FollowUpTask.__table__.update().values(status="done"))
        s.add(FollowUpTask(**task))


def test_a_stale_member_edit_is_refused(db, clock):
    """Two windows load the same member; the second save, made on the old version, fails."""
    with db.session() as s:
        member_id = make_member(s, at=clock.now()).id
    with db.session() as s:
        in_window_a = s.get(Member, member_id)
    with db.session() as s:
        in_window_b = s.get(Member, member_id)
    in_window_a.tier = "gold"
    with db.session(write=True) as s:
        s.merge(in_window_a)
    in_window_b.tier = "silver"
    with pytest.raises(StaleDataError):
        with db.session(write=True) as s:
            s.merge(in_window_b)
    with db.session() as s:
        assert s.get(Member, member_id).tier == "gold"
        assert s.get(Member, member_id).version == 2

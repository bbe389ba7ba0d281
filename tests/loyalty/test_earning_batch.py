"""Earning many orders at once (an import) writes exactly what earning them one at a time in
order time would: the same ledger entries, balance, tier and its change, and the tier and
discount recorded on each order (hypothesis, on both engines). Each example compares two
members with the same history: one earned in a batch, the other order by order."""

import itertools
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.data.loyalty import MemberChange, Referral
from app.data.tables import Member, Order, PointsEntry, Product
from app.services import loyalty
from tests.loyalty.world import World, clock_on, local
from tests.support.factories import make_member, make_order

_phones = itertools.count(13900000000)
NOW = clock_on(date(2026, 6, 15))

ORDER = st.tuples(st.integers(0, 500),            # days before 15 June 2026
                  st.integers(8, 21),             # local hour
                  st.integers(1, 40),             # quantity x 100 yuan
                  st.integers(0, 2),              # refunded: none, half, all
                  st.booleans())                  # already in the file before (earned earlier)
HISTORY = st.fixed_dictionaries({
    "tier": st.sampled_from(["standard", "silver", "gold", "diamond"]),
    "birth_month": st.integers(1, 12),
    "orders": st.lists(ORDER, min_size=1, max_size=8),
    "referred": st.booleans(),
})


@pytest.fixture
def world(db) -> World:
    return World(db)


def _member(world: World, h: dict, referrer: int) -> tuple[int, list[int]]:
    """The member and the ids of the orders new in the import (the others earned before)."""
    with world.db.session(write=True) as s:
        member = make_member(s, at=local(date(2024, 1, 1)), phone=f"+86{next(_phones)}", tier=h["tier"],
                             birth_date=date(1980, h["birth_month"], 10))
        if h["referred"]:
            s.add(Referral(referrer_id=referrer, referee_id=member.id, status="pending", channel="import",
                           created_at=local(date(2024, 1, 1))))
        product = s.get(Product, world.product_id)
        new, old = [], []
        for days, hour, quantity, refunded, earlier in h["orders"]:
            at = datetime.combine(date(2026, 6, 15) - timedelta(days=days), time(hour), tzinfo=NOW.tz)
            order = make_order(s, member, product, ordered_at=at, quantity=quantity)
            order.refunded_fen = order.amount_fen * refunded // 2
            (old if earlier else new).append(order.id)
        s.flush()
        if old:
            loyalty.earn_on_orders(s, NOW, old, loyalty.loyalty_settings(s))
        return member.id, new


def _outcome(world: World, member_id: int) -> dict:
    with world.db.session() as s:
        member = s.get(Member, member_id)
        order_at = {o.id: o.ordered_at for o in s.scalars(select(Order).where(Order.member_id == member_id))}
        rank = {oid: n for n, oid in enumerate(sorted(order_at, key=lambda o: (order_at[o], o)))}
        return {
            "entries": sorted((e.kind, e.delta, e.reason, e.created_at, e.expires_at,
                               rank.get(e.order_id), (e.client_key or "").split(":")[0])
                              for e in s.scalars(select(PointsEntry).where(PointsEntry.member_id == member_id))),
            "balance": member.points_balance,
            "ledger": s.scalar(select(func.sum(PointsEntry.delta)).where(PointsEntry.member_id == member_id)),
            "tier": (member.tier, member.tier_review_on, member.tier_grace_until),
            "changes": sorted((c.old, c.new) for c in s.scalars(
                select(MemberChange).where(MemberChange.member_id == member_id))),
            "orders": sorted((rank[o.id], o.member_tier, o.tier_discount_fen)
                             for o in s.scalars(select(Order).where(Order.member_id == member_id))),
        }


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=HISTORY)
def test_a_batch_earns_what_one_order_at_a_time_earns(world, history):
    referrer = world.member(phone=f"+86{next(_phones)}")
    batch, batch_new = _member(world, history, referrer)
    single, single_new = _member(world, history, referrer)
    with world.db.session(write=True) as s:
        loyalty.earn_on_orders(s, NOW, batch_new, loyalty.loyalty_settings(s))
    with world.db.session() as s:
        times = dict(s.execute(select(Order.id, Order.ordered_at).where(Order.id.in_(single_new))).all())
    for oid in sorted(single_new, key=lambda o: (times[o], o)):
        with world.db.session(write=True) as s:
            loyalty.earn_on_order(s, NOW, oid, loyalty.loyalty_settings(s))
    got, want = _outcome(world, batch), _outcome(world, single)
    assert got == want
    assert got["balance"] == got["ledger"]
    assert len(got["changes"]) <= 1  # one upgrade at most: the spend is the same for every order


def test_earning_again_writes_nothing(world):
    m = world.member(tier="gold", birth=date(1980, 5, 1))
    ids = [world.order(m, date(2026, 5, d))[0] for d in (2, 20)]
    before = _outcome(world, m)
    with world.db.session(write=True) as s:
        again = loyalty.earn_on_orders(s, NOW, ids, loyalty.loyalty_settings(s))
    assert [(e.points, e.bonus) for e in again] == [(0, 0), (0, 0)]
    assert _outcome(world, m) == before

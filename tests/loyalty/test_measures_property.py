"""The programme's measures, read set-based in SQL, equal a straightforward Python reading of
the same rows (hypothesis, both engines): repurchase by category with its median interval,
and members won back after a call."""

import statistics
import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.data.loyalty import MemberChange
from app.data.tables import Call, Member, Order, OrderLine, Product
from app.services import loyalty
from app.services.loyalty.measures import AT_RISK, median_of
from tests.loyalty.world import World
from tests.support.factories import make_order

BASE = datetime(2026, 3, 1, tzinfo=UTC)
HOURS = st.integers(0, 24 * 120)  # hours after BASE: any hour, so UTC dates are tested at their edges
ORDERS = st.lists(st.tuples(st.integers(0, 3), HOURS, st.booleans(), st.booleans()), max_size=25)
STAGES = st.sampled_from(["new", "stable", "churn_warning", "lost"])
CHANGES = st.lists(st.tuples(st.integers(0, 3), HOURS, STAGES, STAGES), max_size=12)
CALLS = st.lists(st.tuples(st.integers(0, 3), HOURS, st.booleans()), max_size=8)


@pytest.fixture
def world(db) -> World:
    return World(db)


def _reference(s, start: datetime, end: datetime) -> tuple[dict, int]:
    """The measures as they were read before: every order line of the span, in Python."""
    by_cat: dict[str, dict[int, list[date]]] = defaultdict(lambda: defaultdict(list))
    for mid, at, category in s.execute(
            select(Order.member_id, Order.ordered_at, Product.category)
            .join(OrderLine, OrderLine.order_id == Order.id).join(Product, Product.id == OrderLine.product_id)
            .where(Order.ordered_at >= start, Order.ordered_at < end, Order.refunded_fen < Order.amount_fen)):
        by_cat[category][mid].append(at.date())
    categories, all_buyers, all_repeat, all_gaps = {}, set(), set(), []
    for category, members in sorted(by_cat.items()):
        gaps, repeat = [], 0
        for mid, days in members.items():
            days = sorted(set(days))
            all_buyers.add(mid)
            if len(days) > 1:
                repeat += 1
                all_repeat.add(mid)
                gaps += [(b - a).days for a, b in zip(days, days[1:])]
        all_gaps += gaps
        categories[category] = {"buyers": len(members), "repeat_buyers": repeat,
                                "repurchase_rate": round(repeat / len(members), 4),
                                "median_interval_days": statistics.median(gaps) if gaps else None}
    repurchase = {"buyers": len(all_buyers), "repeat_buyers": len(all_repeat),
                  "repurchase_rate": round(len(all_repeat) / len(all_buyers), 4) if all_buyers else None,
                  "median_interval_days": statistics.median(all_gaps) if all_gaps else None,
                  "by_category": categories}
    changes = s.execute(select(MemberChange.member_id, MemberChange.at, MemberChange.old, MemberChange.new)
                        .where(MemberChange.field == "lifecycle")).all()
    calls = s.execute(select(Call.member_id, Call.started_at).where(Call.disposition == "reached")).all()
    won = set()
    for mid, back_at, old, new in changes:
        if not (old in AT_RISK and new not in AT_RISK and start <= back_at < end):
            continue
        since = max((at for m, at, _, n in changes if m == mid and n in AT_RISK and at < back_at), default=None)
        if since is not None and any(m == mid and since <= at <= back_at for m, at in calls):
            won.add(mid)
    return repurchase, len(won)


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(orders=ORDERS, changes=CHANGES, calls=CALLS, span=st.tuples(HOURS, HOURS))
def test_measures_read_in_sql_equal_the_python_reading(world, orders, changes, calls, span):
    ids = [world.member(phone=f"+86139000{k:05d}") for k in range(4)]
    with world.db.session(write=True) as s:
        members = [s.get(Member, mid) for mid in ids]
        products = [s.get(Product, world.product_id), s.get(Product, world.probiotic_id)]
        for k, hours, probiotic, refunded in orders:
            order = make_order(s, members[k], products[probiotic], ordered_at=BASE + timedelta(hours=hours))
            if refunded:
                order.refunded_fen = order.amount_fen
        for k, hours, old, new in changes:
            s.add(MemberChange(member_id=ids[k], at=BASE + timedelta(hours=hours), field="lifecycle", old=old, new=new))
        for k, hours, reached in calls:
            at = BASE + timedelta(hours=hours)
            s.add(Call(client_id=str(uuid.uuid4()), member_id=ids[k], started_at=at, saved_at=at,
                       disposition="reached" if reached else "no_answer"))
    start, end = BASE + timedelta(hours=min(span)), BASE + timedelta(hours=max(span) + 1)
    with world.db.session() as s:
        got = loyalty.loyalty_measures(s, start, end)
        repurchase, won = _reference(s, start, end)
    assert got["repurchase"] == repurchase
    assert got["won_back_after_call"] == won


@given(values=st.lists(st.integers(0, 400), min_size=1, max_size=60))
def test_the_median_of_a_histogram_is_the_median_of_its_values(values):
    counts: dict[int, int] = defaultdict(int)
    for v in values:
        counts[v] += 1
    got = median_of(counts)
    assert got == statistics.median(values) and type(got) is type(statistics.median(values))

"""Any sequence of ledger operations keeps the balance equal to the sum of its entries and
never below zero (hypothesis, on both engines; each example works on a fresh member)."""

import uuid
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.data.tables import Call
from app.domain.loyalty.ledger import remaining
from app.services import loyalty
from app.services.errors import ValidationError
from app.services.loyalty import jobs
from app.services.loyalty.ledger import member_entries
from tests.loyalty.world import World, clock_on

OPS = st.lists(st.one_of(
    st.tuples(st.just("order"), st.integers(1, 12)),
    st.tuples(st.just("refund"), st.integers(0, 100)),
    st.tuples(st.just("redeem"), st.sampled_from(["gift", "coupon", "consultant"])),
    st.tuples(st.just("redeem_again"), st.just(0)),
    st.tuples(st.just("adjust"), st.integers(-800, 800).filter(bool)),
    st.tuples(st.just("survey"), st.integers(0, 1)),
    st.tuples(st.just("wait"), st.integers(1, 200)),
), min_size=1, max_size=25)


@pytest.fixture
def world(db) -> World:
    return World(db)


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_balance_is_the_sum_of_entries_and_never_negative(world, ops):
    m = world.member(tier="gold", birth=date(1980, 3, 1))
    day, orders, n = date(2025, 1, 1), [], 0
    for op, arg in ops:
        n += 1
        clock = clock_on(day)
        try:
            if op == "order":
                orders.append(world.order(m, day, quantity=arg)[0])
            elif op == "refund" and orders:
                with world.db.session(write=True) as s:
                    loyalty.refund_order(s, clock, orders[arg % len(orders)], arg * 1000, loyalty.loyalty_settings(s))
            elif op in ("redeem", "redeem_again"):
                loyalty.redeem(world.db, world.agent, clock, m, arg or "gift",
                               client_key=f"k{n if op == 'redeem' else 1}")
            elif op == "adjust":
                loyalty.adjust(world.db, world.admin, clock, m, arg, reason="property")
            elif op == "survey":
                with world.db.session(write=True) as s:
                    call = Call(client_id=str(uuid.uuid4()), member_id=m, started_at=clock.now(),
                                saved_at=clock.now(), disposition="reached")
                    s.add(call)
                    s.flush()
                    for _ in range(1 + arg % 2):  # a replayed save awards once
                        loyalty.award_survey_points(s, clock, m, call.id)
            elif op == "wait":
                day += timedelta(days=arg)
                with world.db.session(write=True) as s:
                    jobs.expire_points(s, clock_on(day), loyalty.loyalty_settings(s))
        except ValidationError:
            pass  # refused (not enough points): nothing may have changed
        cached, total = world.balance(m)
        assert cached == total >= 0
        with world.db.session() as s:
            assert all(v >= 0 for v in remaining(member_entries(s, m)).values())

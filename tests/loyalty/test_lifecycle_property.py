"""The nightly lifecycle pass derives only the members whose stage or tags can change, and
still leaves every member exactly as a full derivation would (hypothesis, both engines:
random histories of orders, backdated orders and refunds, over random runs of days)."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.data.tables import Member
from app.services import loyalty
from app.services.loyalty import jobs
from app.services.settings import queue_settings
from tests.loyalty.world import World, clock_on

ORDER = st.tuples(st.integers(0, 2), st.integers(0, 5), st.integers(1, 4), st.booleans())
# Each day: orders (member k, placed `back` days before, `packs` packs, probiotics or fish oil),
# maybe a refund (member k, which order), then the nights pass until the next day with a run.
DAYS = st.lists(st.tuples(st.lists(ORDER, max_size=3), st.none() | st.tuples(st.integers(0, 2), st.integers(0, 30)),
                          st.integers(1, 70)), min_size=1, max_size=14)


@pytest.fixture
def world(db) -> World:
    return World(db)


def _nightly(world: World, day: date, **kw) -> dict:
    with world.db.session(write=True) as s:
        return jobs.update_lifecycle(s, clock_on(day), loyalty.loyalty_settings(s), queue_settings(s), **kw)


def _state(world: World, ids: list[int]) -> dict[int, tuple[str, str]]:
    with world.db.session() as s:
        return {mid: (stage, tags) for mid, stage, tags in s.execute(
            select(Member.id, Member.lifecycle_stage, Member.segment_tags).where(Member.id.in_(ids)))}


class _Undo(Exception):
    pass


def _full_pass(world: World, day: date, ids: list[int]) -> dict[int, tuple[str, str]]:
    """What a full derivation of these members gives today, rolled back afterwards."""
    got = {}
    try:
        with world.db.session(write=True) as s:
            jobs.update_lifecycle(s, clock_on(day), loyalty.loyalty_settings(s), queue_settings(s), member_ids=ids)
            got = {mid: (stage, tags) for mid, stage, tags in s.execute(
                select(Member.id, Member.lifecycle_stage, Member.segment_tags).where(Member.id.in_(ids)))}
            raise _Undo
    except _Undo:
        return got


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days=DAYS, start=st.integers(0, 300))
def test_the_incremental_pass_gives_the_stages_and_tags_of_a_full_pass(world, days, start):
    ids = [world.member(phone=f"+86138000{k:05d}") for k in range(3)]
    today = date(2025, 6, 1) + timedelta(days=start)
    orders: dict[int, list[int]] = {mid: [] for mid in ids}
    _nightly(world, today)
    for placed, refund, wait in days:
        for k, back, packs, probiotic in placed:
            product = world.probiotic_id if probiotic else world.product_id
            orders[ids[k]].append(world.order(ids[k], today - timedelta(days=back), quantity=packs,
                                              product_id=product)[0])
        if refund is not None and orders[ids[refund[0]]]:
            mine = orders[ids[refund[0]]]
            with world.db.session(write=True) as s:
                loyalty.refund_order(s, clock_on(today), mine[refund[1] % len(mine)], 10**9, loyalty.loyalty_settings(s))
        today += timedelta(days=wait)
        _nightly(world, today)
        assert _state(world, ids) == _full_pass(world, today, ids), today
        assert _nightly(world, today)["derived"] == 0  # a re-run finds nothing to do


def test_other_rules_or_an_earlier_day_derive_every_member_again(world):
    from app.services.settings import update_settings

    m = world.member()
    world.order(m, date(2026, 1, 1))
    world.order(m, date(2026, 1, 31))
    assert _nightly(world, date(2026, 2, 10))["derived"] == 1
    assert _state(world, [m])[m][0] == "stable"
    assert _nightly(world, date(2026, 2, 10))["derived"] == 0
    assert _nightly(world, date(2026, 2, 5))["derived"] == 1  # an earlier day: the stored days do not hold
    update_settings(world.db, world.admin, clock_on(date(2026, 2, 10)), "loyalty", {"stable_min_orders": 3})
    assert _nightly(world, date(2026, 2, 10))["derived"] == 1
    assert _state(world, [m])[m][0] == "new"
    assert _nightly(world, date(2026, 2, 10))["derived"] == 0

"""Tiers, referrals, the fraud check and lifecycle on both engines, over hand-built histories."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from app.data.loyalty import FraudFlag, MemberChange
from app.data.tables import Call, HealthProfile, Member
from app.services import loyalty
from app.services.errors import ValidationError
from app.services.loyalty import jobs
from app.services.settings import queue_settings
from tests.loyalty.world import World, clock_on, local


@pytest.fixture
def world(db) -> World:
    return World(db)


def _run(world: World, day: date, job, *args):
    with world.db.session(write=True) as s:
        return job(s, clock_on(day), loyalty.loyalty_settings(s), *args)


def test_tier_goes_up_at_once_and_down_only_after_the_review_and_its_grace(world):
    m = world.member()
    _, e = world.order(m, date(2025, 6, 1), quantity=10)  # 1,000 yuan: silver at once
    assert e.tier == "silver" and world.tier(m) == "silver"
    _, e = world.order(m, date(2025, 7, 1), quantity=40)  # 5,000 yuan in 12 months: gold at once
    assert e.tier == "gold"
    # Reviewed a year after the upgrade (2026-07-01): the spend has lapsed, 90 days' grace, then standard.
    assert _run(world, date(2026, 6, 30), jobs.review_tiers) == {"up": 0, "down": 0, "grace": 0}
    assert _run(world, date(2026, 7, 1), jobs.review_tiers)["grace"] == 1
    assert world.tier(m) == "gold"
    assert _run(world, date(2026, 9, 28), jobs.review_tiers)["down"] == 0
    assert _run(world, date(2026, 9, 29), jobs.review_tiers)["down"] == 1
    assert world.tier(m) == "standard"
    assert _run(world, date(2026, 9, 29), jobs.review_tiers) == {"up": 0, "down": 0, "grace": 0}  # idempotent
    with world.db.session() as s:
        moves = [(c.old, c.new) for c in s.scalars(select(MemberChange).where(MemberChange.field == "tier")
                                                   .order_by(MemberChange.id))]
    assert moves == [("standard", "silver"), ("silver", "gold"), ("gold", "standard")]


def test_the_review_reads_members_due_touched_or_with_a_recent_order_and_upgrades_what_was_missed(world):
    """Orders written without earn_on_order (data from before the programme) are caught on
    the first night, when no member has been derived yet; a later night reads the few who
    can move and finds the same as reading everyone."""
    from app.data.tables import Product
    from tests.support.factories import make_order

    rich, recent, quiet = (world.member(phone=f"+861380000000{k}") for k in range(3))
    with world.db.session(write=True) as s:
        fish = s.get(Product, world.product_id)
        make_order(s, s.get(Member, rich), fish, ordered_at=local(date(2026, 3, 1)), quantity=12)
        make_order(s, s.get(Member, quiet), fish, ordered_at=local(date(2026, 3, 1)), quantity=1)
    assert _run(world, date(2026, 6, 1), jobs.review_tiers)["up"] == 1  # the first night: everyone
    assert world.tier(rich) == "silver"
    with world.db.session(write=True) as s:
        jobs.update_lifecycle(s, clock_on(date(2026, 6, 1)), loyalty.loyalty_settings(s), queue_settings(s))
        make_order(s, s.get(Member, recent), fish, ordered_at=local(date(2026, 6, 3)), quantity=11)  # future-dated
    assert _run(world, date(2026, 6, 2), jobs.review_tiers)["up"] == 0
    assert _run(world, date(2026, 6, 4), jobs.review_tiers)["up"] == 1  # its day came: read as a recent order
    assert (world.tier(recent), world.tier(quiet)) == ("silver", "standard")


def test_a_member_who_buys_during_the_grace_keeps_the_tier(world):
    m = world.member()
    world.order(m, date(2025, 6, 1), quantity=12)  # silver
    _run(world, date(2026, 6, 1), jobs.review_tiers)  # review: spend lapsed -> grace
    world.order(m, date(2026, 7, 1), quantity=11)
    _run(world, date(2026, 7, 2), jobs.review_tiers)
    with world.db.session() as s:
        member = s.get(Member, m)
        assert (member.tier, member.tier_grace_until) == ("silver", None)


def test_a_referral_pays_both_sides_ten_percent_of_the_first_order_once(world):
    referrer = world.member(phone="+8613800000001")
    referee = world.member(phone="+8613800000002")
    row = loyalty.refer(world.db, world.agent, clock_on(date(2026, 6, 1)), referrer, referee)
    assert row.status == "pending"
    _, e = world.order(referee, date(2026, 6, 3), quantity=4)  # 400 yuan -> 40 each
    assert e.referral_points == 40
    world.order(referee, date(2026, 6, 20))  # a second order pays nothing more
    assert ("bonus", 40, "referral referrer: 10% of first order") in world.entries(referrer)
    assert ("bonus", 40, "referral referee: 10% of first order") in world.entries(referee)
    assert world.balance(referrer) == (40, 40)


def test_self_referral_loops_and_old_customers_are_refused(world):
    a = world.member(phone="+8613800000001")
    b = world.member(phone="+8613800000002")
    c = world.member(phone="+8613800000003")
    twin = world.member(phone="+8613800000001")
    clock = clock_on(date(2026, 6, 1))
    for referrer, referee, why in ((a, a, "themselves"), (a, twin, "themselves")):
        with pytest.raises(ValidationError, match=why):
            loyalty.refer(world.db, world.agent, clock, referrer, referee)
    loyalty.refer(world.db, world.agent, clock, a, b)
    loyalty.refer(world.db, world.agent, clock, b, c)
    with pytest.raises(ValidationError, match="loop|referred already"):
        loyalty.refer(world.db, world.agent, clock, c, a)
    world.order(twin, date(2026, 5, 1))
    d = world.member(phone="+8613800000004")
    with pytest.raises(ValidationError, match="ordered before"):
        loyalty.refer(world.db, world.agent, clock, d, twin)


def test_fraud_check_flags_shared_phones_bulk_redemption_and_a_balance_off_its_ledger(world):
    shared = [world.member(phone="+8613900000000") for _ in range(3)]
    m = world.member(phone="+8613900000009")
    world.order(m, date(2026, 6, 13), quantity=25)  # 2,500 points in a day
    loyalty.redeem(world.db, world.agent, clock_on(date(2026, 6, 14)), m, "coupon",
                   client_key="x")
    with world.db.session(write=True) as s:
        s.get(Member, shared[1]).points_balance = 999  # a balance edited around the ledger
    counts = _run(world, date(2026, 6, 15), jobs.fraud_check)
    assert counts == {"shared_phone": 1, "shared_address": 0, "refunded_points": 0, "bulk_redeem": 1,
                      "ledger_mismatch": 1}
    assert _run(world, date(2026, 6, 15), jobs.fraud_check) == {"shared_phone": 0, "shared_address": 0,
                                                                 "refunded_points": 0, "bulk_redeem": 0,
                                                                 "ledger_mismatch": 0}
    rows = loyalty.fraud_flags(world.db, world.supervisor, clock_on(date(2026, 6, 15)))
    assert {r.kind for r in rows} == {"shared_phone", "bulk_redeem", "ledger_mismatch"}
    assert next(r for r in rows if r.kind == "shared_phone").detail["members"] == shared


def test_fraud_check_flags_points_kept_on_a_refunded_order(world):
    m = world.member()
    oid, _ = world.order(m, date(2026, 6, 1), quantity=10)
    loyalty.redeem(world.db, world.agent, clock_on(date(2026, 6, 2)), m, "coupon", client_key="y")
    with world.db.session(write=True) as s:
        loyalty.refund_order(s, clock_on(date(2026, 6, 3)), oid, 100_000, loyalty.loyalty_settings(s))
        s.execute(FraudFlag.__table__.delete())  # as if the refund's own flag had not been written
    assert _run(world, date(2026, 6, 4), jobs.fraud_check)["refunded_points"] == 1


def _lifecycle(world: World, day: date) -> dict:
    with world.db.session(write=True) as s:
        return jobs.update_lifecycle(s, clock_on(day), loyalty.loyalty_settings(s), queue_settings(s))


def _stage(world: World, m: int) -> tuple[str, str]:
    with world.db.session() as s:
        member = s.get(Member, m)
        return member.lifecycle_stage, member.segment_tags


def test_lifecycle_follows_the_members_own_rhythm_and_records_a_win_back_after_a_call(world):
    m = world.member()
    for k in range(4):  # every 30 days from January
        world.order(m, date(2026, 1, 1) + timedelta(days=30 * k))
    last = date(2026, 1, 1) + timedelta(days=90)
    _lifecycle(world, last + timedelta(days=10))
    assert _stage(world, m)[0] == "stable"
    _lifecycle(world, last + timedelta(days=45))  # 1.5 x 30 days: the queue's churn call starts here
    assert _stage(world, m)[0] == "churn_warning"
    _lifecycle(world, last + timedelta(days=75))
    assert _stage(world, m)[0] == "churn_warning"  # still a churn call, not yet a win-back
    _lifecycle(world, last + timedelta(days=95))  # 3 x 30 days: lost, the call becomes a win-back
    assert _stage(world, m)[0] == "lost"
    with world.db.session(write=True) as s:
        s.add(Call(client_id="c-1", member_id=m, agent_id=world.agent.id, started_at=local(last + timedelta(days=100)),
                   saved_at=local(last + timedelta(days=100)), disposition="reached"))
    world.order(m, last + timedelta(days=102))
    result = _lifecycle(world, last + timedelta(days=103))
    assert _stage(world, m)[0] == "stable" and result["moved"] == 1
    assert _lifecycle(world, last + timedelta(days=103))["changed"] == 0  # idempotent
    with world.db.session() as s:
        start, end = local(last), local(last + timedelta(days=110))
        measures = loyalty.loyalty_measures(s, start, end)
    assert measures["won_back_after_call"] == 1
    assert measures["members_churn_warning"] == 0 and measures["members_lost"] == 0


def test_segments_and_baby_stage_are_stored_by_the_nightly_job(world):
    m = world.member()
    for k in range(5):
        world.order(m, date(2026, 2, 1) + timedelta(days=20 * k), quantity=6)
    with world.db.session(write=True) as s:
        s.add(HealthProfile(member_id=m, baby_stage="pregnancy", baby_birth_date=date(2026, 1, 1),
                            updated_at=local(date(2026, 1, 1))))
    result = _lifecycle(world, date(2026, 5, 25))
    assert _stage(world, m)[1] == "high_frequency,high_value,cat:fish_oil"
    assert result["babies"] == 1
    with world.db.session() as s:
        assert s.get(HealthProfile, m).baby_stage == "0_6_months"


def test_measures_count_repurchase_points_and_tier_moves(world):
    a = world.member(phone="+8613800000001")
    b = world.member(phone="+8613800000002")
    world.order(a, date(2026, 6, 1), quantity=3)
    world.order(a, date(2026, 6, 21), quantity=8)  # silver on 21 June
    world.order(b, date(2026, 6, 5), product_id=world.probiotic_id)
    loyalty.redeem(world.db, world.agent, clock_on(date(2026, 6, 25)), a, "gift", client_key="g")
    with world.db.session() as s:
        got = loyalty.loyalty_measures(s, local(date(2026, 6, 1), at=time(0)),
                                       local(date(2026, 7, 1), at=time(0)))
    assert got["repurchase"]["by_category"]["fish_oil"] == {"buyers": 1, "repeat_buyers": 1, "repurchase_rate": 1.0,
                                                            "median_interval_days": 20}
    assert got["repurchase"]["repurchase_rate"] == 0.5
    assert got["points"] == {"issued": 300 + 800 + 50 + 100, "redeemed": 500, "expired": 0, "reversed": 0}
    assert got["tier_movements"] == {"standard->silver": 1}


def test_lifecycle_stage_is_the_queues_churn_call_day_by_day(world):
    """Churn warning or lost exactly while the queue's build plans a churn_risk call, and lost
    exactly from the day the call's detail says (`lost_from`): one rule, read twice."""
    from app.data.tables import FollowUpTask
    from app.services.queue import build_queue
    from app.services.users import SYSTEM

    m = world.member()
    gaps = (0, 24, 35, 29, 40)  # an irregular rhythm of its own
    day = date(2026, 1, 5)
    for gap in gaps:
        day += timedelta(days=gap)
        world.order(m, day)
    seen = set()
    for offset in range(0, 130, 3):
        today = day + timedelta(days=offset)
        build_queue(world.db, SYSTEM, clock_on(today))
        _lifecycle(world, today)
        with world.db.session() as s:
            task = s.scalars(select(FollowUpTask).where(FollowUpTask.member_id == m,
                                                        FollowUpTask.reason == "churn_risk",
                                                        FollowUpTask.status.in_(("open", "claimed")))).first()
            detail = dict(task.detail or {}) if task is not None else None
        stage = _stage(world, m)[0]
        seen.add(stage)
        assert (stage in ("churn_warning", "lost")) == (task is not None), (today, stage)
        if task is not None:
            assert (stage == "lost") == (today >= date.fromisoformat(detail["lost_from"])), (today, stage)
    assert seen == {"stable", "churn_warning", "lost"}

"""The member programme's pure rules: earning, refunds, tiers, referrals, lifecycle against
the queue's churn rule, segments and the baby's stage."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from app.domain.churn import churn_due, lost_day, supply_end
from app.domain.codes import TaskReason
from app.domain.loyalty.earning import order_points, referral_points, refund_reversal
from app.domain.loyalty.ledger import Entry, InsufficientPoints, due_to_expire, expiring_soon, remaining
from app.domain.loyalty.lifecycle import baby_stage, lifecycle_stage
from app.domain.loyalty.referrals import referral_refusal
from app.domain.loyalty.segments import OrderFact, segment_tags
from app.domain.loyalty.settings import DEFAULT_LOYALTY as S
from app.domain.loyalty.settings import check_loyalty
from app.domain.loyalty.tiers import TierState, next_tier, review, tier_for_spend
from app.domain.queue_settings import DEFAULT_SETTINGS as Q
from app.domain.settings_values import SettingError
from app.domain.queue_plan import Line, MemberFacts, PlanContext, ProductInfo
from app.domain.queue_plan import plan_member
from app.domain.care_calendar import CareCalendar
from zoneinfo import ZoneInfo

D = date(2026, 6, 15)


def test_one_point_per_whole_yuan_paid():
    p = order_points(19_890, order_day=D, previous_order_day=None, tier="standard", birth_date=None, s=S)
    assert (p.base, p.bonus, p.birthday) == (198, 0, False)


def test_repurchase_within_a_month_earns_fifty_and_not_after():
    within = order_points(10_000, order_day=D, previous_order_day=D - timedelta(days=30), tier="silver",
                          birth_date=None, s=S)
    late = order_points(10_000, order_day=D, previous_order_day=D - timedelta(days=31), tier="silver",
                        birth_date=None, s=S)
    assert (within.bonus, late.bonus) == (50, 0)


@pytest.mark.parametrize("tier, doubled", [("gold", True), ("diamond", True), ("silver", False), ("standard", False)])
def test_birthday_month_doubles_only_for_gold_and_above(tier, doubled):
    p = order_points(10_000, order_day=D, previous_order_day=None, tier=tier, birth_date=date(1980, 6, 30), s=S)
    assert p.base == (200 if doubled else 100) and p.birthday is doubled
    other = order_points(10_000, order_day=D, previous_order_day=None, tier=tier, birth_date=date(1980, 7, 1), s=S)
    assert other.base == 100


def test_refund_takes_back_its_share_and_a_full_refund_the_bonus_too():
    assert refund_reversal(200, 50, amount_fen=20_000, refunded_fen=5_000) == 50
    assert refund_reversal(200, 50, amount_fen=20_000, refunded_fen=20_000) == 250
    assert refund_reversal(200, 50, amount_fen=20_000, refunded_fen=0) == 0


def test_referral_gives_ten_percent_of_the_first_order():
    assert referral_points(39_800, S) == 39


def test_spending_takes_the_oldest_points_first_and_expiry_only_what_is_left():
    t = datetime(2025, 1, 1, tzinfo=UTC)
    entries = [Entry(1, 100, t, t + timedelta(days=365)), Entry(2, 300, t + timedelta(days=10), t + timedelta(days=375)),
               Entry(3, -150, t + timedelta(days=20))]
    assert remaining(entries) == {1: 0, 2: 250}
    assert due_to_expire(entries, t + timedelta(days=380)) == [(entries[1], 250)]
    assert expiring_soon(entries, t + timedelta(days=350), timedelta(days=30)) == (250, t + timedelta(days=375))
    with pytest.raises(InsufficientPoints):
        remaining(entries + [Entry(4, -251, t + timedelta(days=30))])


def test_tiers_by_spend_and_the_distance_to_the_next():
    assert [tier_for_spend(x, S) for x in (99_999, 100_000, 500_000, 2_000_000)] == ["standard", "silver", "gold",
                                                                                      "diamond"]
    assert next_tier("silver", 300_000, S) == ("gold", 200_000)
    assert next_tier("diamond", 0, S) is None


def test_upgrade_at_once_then_yearly_review_with_grace_then_downgrade():
    up = review(TierState("silver", date(2026, 12, 1), None), 600_000, D, S)
    assert up == TierState("gold", D + timedelta(days=365), None)
    review_day = up.review_on
    before = review(up, 150_000, review_day - timedelta(days=1), S)
    assert before == up  # no downgrade before the review, whatever the spend
    grace = review(up, 150_000, review_day, S)
    assert grace.tier == "gold" and grace.grace_until == review_day + timedelta(days=S.tier_grace_days)
    still = review(grace, 150_000, grace.grace_until - timedelta(days=1), S)
    assert still == grace
    down = review(grace, 150_000, grace.grace_until, S)
    assert down == TierState("silver", grace.grace_until + timedelta(days=365), None)
    kept = review(grace, 520_000, review_day + timedelta(days=10), S)
    assert kept == TierState("gold", review_day + timedelta(days=10 + 365), None)


def test_referrals_refuse_self_loops_repeats_and_old_customers():
    common = dict(referrer_phone="+8613800000001", referee_phone="+8613800000002", referee_has_orders=False)
    assert referral_refusal(1, 2, referred_by={}, **common) is None
    assert referral_refusal(1, 1, referred_by={}, **common) == "self_referral"
    assert referral_refusal(1, 2, referred_by={}, **{**common, "referee_phone": "+8613800000001"}) == "self_referral"
    assert referral_refusal(3, 1, referred_by={3: 2, 2: 1}, **common) == "referral_loop"
    assert referral_refusal(1, 2, referred_by={2: 5}, **common) == "already_referred"
    assert referral_refusal(1, 2, referred_by={}, **{**common, "referee_has_orders": True}) == "not_a_new_customer"


def _ctx(today: date) -> PlanContext:
    tz = ZoneInfo("Asia/Shanghai")
    return PlanContext(today=today, now=datetime.combine(today, time(10), tzinfo=tz).astimezone(UTC), tz=tz,
                       settings=Q, products={1: ProductInfo("鱼油", "Fish oil", "fish_oil", 30)},
                       category_gap={"fish_oil": 30}, calendar=CareCalendar.load())


@pytest.mark.parametrize("gaps", [(30, 30, 30), (20, 45, 31), (60,), (), (10, 10, 90, 10)])
def test_churn_warning_and_lost_are_exactly_when_the_queue_plans_a_churn_call(gaps):
    first = date(2025, 9, 1).toordinal()
    days = [first]
    for g in gaps:
        days.append(days[-1] + g)
    for today in range(days[-1], days[-1] + 200):
        facts = MemberFacts(id=7, tier="standard", total_spent_fen=0, gender="F", birth_date=None, owner_id=None,
                            medical_flag=False, lines=[Line(i, d, None, 1, 1) for i, d in enumerate(days)])
        planned = {t.reason for t in plan_member(facts, _ctx(date.fromordinal(today)))}
        stage = lifecycle_stage(days, today, 30, Q, S, supply_end=supply_end([(d, 1, 1) for d in days], {1: 30}))
        assert (stage in ("churn_warning", "lost")) == (TaskReason.CHURN_RISK in planned), (gaps, today)
        if stage == "lost":
            due, usual = churn_due(days, 30, Q, supply_end=supply_end([(d, 1, 1) for d in days], {1: 30}))
            assert today >= lost_day(days, usual, Q)


def test_one_order_is_new_then_stable_after_a_repurchase():
    d = D.toordinal()
    assert lifecycle_stage([d - 5], d, 30, Q, S) == "new"
    assert lifecycle_stage([d - 25, d - 5], d, 30, Q, S) == "stable"
    assert lifecycle_stage([], d, 30, Q, S) == "new"


def test_segments_tag_frequency_value_promotion_and_category():
    d = D.toordinal()
    often = [OrderFact(d - k * 20, 60_000, "fish_oil") for k in range(5)]
    assert segment_tags(often, d, Q, S) == "high_frequency,high_value,cat:fish_oil"
    promo = [OrderFact(date(2025, 11, 11).toordinal(), 9_000, "probiotics"),
             OrderFact(date(2026, 6, 18).toordinal(), 9_000, "probiotics")]
    assert segment_tags(promo, date(2026, 6, 20).toordinal(), Q, S) == "low_frequency,low_value,promotion_sensitive,cat:probiotics"
    assert segment_tags([], d, Q, S) == ""


def test_baby_stage_moves_on_with_age():
    born = date(2026, 1, 20)
    assert baby_stage(born, date(2026, 1, 1), None) == "pregnancy"
    assert baby_stage(born, date(2026, 7, 19), "pregnancy") == "0_6_months"
    assert baby_stage(born, date(2026, 7, 20), "0_6_months") == "6_12_months"
    assert baby_stage(born, date(2027, 1, 20), "6_12_months") == "complementary_food"
    assert baby_stage(None, D, "trying_to_conceive") == "trying_to_conceive"


def test_settings_check_refuses_falling_thresholds_and_bad_periods():
    import dataclasses

    check_loyalty(S)
    with pytest.raises(SettingError):
        check_loyalty(dataclasses.replace(S, gold_min_fen=S.silver_min_fen))
    with pytest.raises(SettingError):
        check_loyalty(dataclasses.replace(S, promo_periods=("11-11",)))

"""Each generation rule of issue 3 over plain facts (no database)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.domain.care_calendar import CareCalendar
from app.domain.queue_settings import QueueSettings
from app.domain.queue_plan import Line, MemberFacts, PlanContext, ProductInfo, plan_member

SH = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 6, 15)
FISH, BABY = 1, 2
PRODUCTS = {FISH: ProductInfo("深海鱼油 500mg", "Fish oil 500 mg", "fish_oil", 30),
            BABY: ProductInfo("婴儿配方奶粉", "Infant formula", "infant_formula", 20)}


def ctx(today: date = TODAY, at: time = time(10), **settings) -> PlanContext:
    now = datetime.combine(today, at, tzinfo=SH).astimezone(ZoneInfo("UTC"))
    return PlanContext(today=today, now=now, tz=SH, settings=QueueSettings(**settings), products=PRODUCTS,
                       category_gap={"fish_oil": 30, "infant_formula": 20}, calendar=CareCalendar.load())


def member(*orders: tuple[int, date, int], tier="standard", owner_id=None, birth=date(1980, 3, 14), mid=7,
           **kw) -> MemberFacts:
    """orders: (product id, local order date, quantity); each delivered two days later."""
    m = MemberFacts(mid, tier, 0, "F", birth, owner_id, False, **kw)
    for n, (pid, day, qty) in enumerate(orders):
        m.lines.append(Line(100 + n, day.toordinal(), day.toordinal() + 2, pid, qty))
    return m


def reasons(m: MemberFacts, c: PlanContext | None = None) -> dict:
    return {t.reason: t for t in plan_member(m, c or ctx())}


def test_refill_is_due_on_day_25_of_a_30_day_pack_counted_from_the_order_date():
    assert "refill" not in reasons(member((FISH, TODAY - timedelta(days=24), 1)))
    t = reasons(member((FISH, TODAY - timedelta(days=25), 1)))["refill"]
    assert t.detail == {"product_name": "深海鱼油 500mg", "product_name_en": "Fish oil 500 mg",
                        "runout": "2026-06-20", "days_left": 5}
    assert t.due_at == datetime(2026, 6, 15, tzinfo=SH)


def test_several_packs_and_overlapping_orders_push_the_refill_out():
    assert "refill" not in reasons(member((FISH, TODAY - timedelta(days=25), 2)))
    assert "refill" not in reasons(member((FISH, TODAY - timedelta(days=30), 1), (FISH, TODAY - timedelta(days=25), 1)))
    assert reasons(member((FISH, TODAY - timedelta(days=55), 2)))["refill"].detail["days_left"] == 5


def test_refill_lead_time_is_a_setting():
    m = member((FISH, TODAY - timedelta(days=20), 1))
    assert "refill" not in reasons(m)
    assert reasons(m, ctx(refill_lead_days=10))["refill"].detail["days_left"] == 10


def test_effect_check_falls_inside_the_first_cycle_of_a_new_product():
    assert "effect_check" in reasons(member((FISH, TODAY - timedelta(days=12), 1)))
    assert "effect_check" not in reasons(member((FISH, TODAY - timedelta(days=5), 1)))


def test_new_customer_three_days_after_the_first_order_arrives_then_delivery_surveys():
    first = member((FISH, TODAY - timedelta(days=5), 1))  # delivered 3 days ago
    assert "new_customer" in reasons(first) and "delivery_survey" not in reasons(first)
    second = member((FISH, TODAY - timedelta(days=90), 1), (FISH, TODAY - timedelta(days=3), 1))
    r = reasons(second)
    assert "delivery_survey" in r and "new_customer" not in r
    assert r["delivery_survey"].order_id == 101


def test_churn_risk_uses_the_members_own_median_gap():
    days = [200, 170, 140, 110, 60]  # usual gap 30 days; 60 days since the last purchase
    m = member(*[(FISH, TODAY - timedelta(days=d), 1) for d in days])
    t = reasons(m)["churn_risk"]
    # the days since the purchase (60) grow daily: the ranking works them out, the task keeps the date
    assert t.detail == {"usual_gap": 30, "last_purchase": "2026-04-16", "lost_from": "2026-07-15"}
    assert "churn_risk" not in reasons(member(*[(FISH, TODAY - timedelta(days=d), 1) for d in (90, 60, 35)]))


def test_churn_risk_uses_the_category_gap_for_a_short_history():
    m = member((BABY, TODAY - timedelta(days=31), 1))  # infant formula: usual 20 days, 1.5x = 30
    assert reasons(m)["churn_risk"].detail["usual_gap"] == 20
    assert "churn_risk" not in reasons(member((BABY, TODAY - timedelta(days=29), 1)))


def test_cadence_twice_a_month_for_high_frequency_quarterly_for_others():
    high = member(*[(FISH, TODAY - timedelta(days=d), 1) for d in (150, 120, 90, 60)],
                  last_contact_at=datetime.combine(TODAY - timedelta(days=15), time(10), tzinfo=SH))
    assert reasons(high)["cadence"].detail["segment"] == "high"
    low = member((FISH, TODAY - timedelta(days=300), 1),
                 last_contact_at=datetime.combine(TODAY - timedelta(days=30), time(10), tzinfo=SH))
    assert "cadence" not in reasons(low)
    low.last_contact_at = datetime.combine(TODAY - timedelta(days=91), time(10), tzinfo=SH)
    assert reasons(low)["cadence"].detail["segment"] == "low"


def test_care_moments_birthday_and_baby_milestone():
    assert reasons(member(birth=date(1966, 6, 15)))["care_moment"].detail["moment"] == "生日"
    baby = member((BABY, TODAY - timedelta(days=100), 1), baby_birth=TODAY - timedelta(days=99))
    assert reasons(baby)["care_moment"].detail["moment"] == "宝宝百天"
    late = member(birth=date(1966, 6, 13))  # two days ago: still inside the 3-day window
    assert reasons(late)["care_moment"].due_at == datetime(2026, 6, 13, tzinfo=SH)


def test_revisit_is_exactly_48_hours_after_the_ticket_was_resolved():
    resolved = datetime(2026, 6, 13, 11, 30, tzinfo=SH)
    t = reasons(member(resolved_ticket=(9, resolved, "logistics")))["revisit"]
    assert t.due_at == resolved + timedelta(hours=48) and t.ticket_id == 9
    assert t.detail == {"ticket_id": 9, "category": "logistics"}  # what the revisit script names


def test_a_revisit_is_planned_from_the_resolution_until_its_window_ends():
    just_now = datetime(2026, 6, 15, 9, 0, tzinfo=SH)  # due on 06-17: booked already
    assert reasons(member(resolved_ticket=(9, just_now, "quality")))["revisit"].due_at == just_now + timedelta(hours=48)
    long_ago = datetime(2026, 6, 9, 9, 0, tzinfo=SH)  # due 06-11, window ended 06-14
    assert "revisit" not in reasons(member(resolved_ticket=(9, long_ago, "quality")))


def test_a_vip_owner_holds_the_task_until_the_end_of_its_due_day():
    t = reasons(member((FISH, TODAY - timedelta(days=25), 1), tier="gold", owner_id=3))["refill"]
    assert t.assigned_agent_id == 3 and t.owner_only_until == datetime(2026, 6, 16, tzinfo=SH)
    plain = reasons(member((FISH, TODAY - timedelta(days=25), 1), tier="silver", owner_id=3))["refill"]
    assert plain.assigned_agent_id is None


def test_one_task_per_reason_even_with_several_products_running_out():
    m = member((FISH, TODAY - timedelta(days=25), 1), (BABY, TODAY - timedelta(days=18), 1))
    tasks = plan_member(m, ctx())
    assert sum(t.reason == "refill" for t in tasks) == 1
    assert reasons(m)["refill"].detail["product_name"] == "婴儿配方奶粉"  # 2 days left beats 5


def test_local_dates_follow_a_workstation_zone_with_daylight_saving():
    ny = ZoneInfo("America/New_York")
    c = PlanContext(today=TODAY, now=datetime(2026, 6, 15, 14, tzinfo=ZoneInfo("UTC")), tz=ny,
                    settings=QueueSettings(), products=PRODUCTS, category_gap={}, calendar=CareCalendar.load())
    # 03:30 UTC is still the evening before in New York, in summer (EDT) and in winter (EST)
    assert c.local_date(datetime(2026, 6, 15, 3, 30, tzinfo=ZoneInfo("UTC"))) == date(2026, 6, 14)
    assert c.local_date(datetime(2026, 1, 15, 4, 30, tzinfo=ZoneInfo("UTC"))) == date(2026, 1, 14)
    assert c.local_date(datetime(2026, 1, 15, 5, 30, tzinfo=ZoneInfo("UTC"))) == date(2026, 1, 15)
    assert ctx().local_date(datetime(2026, 6, 14, 16, 0, tzinfo=ZoneInfo("UTC"))) == date(2026, 6, 15)


def test_churn_risk_stays_flagged_past_any_window_until_a_purchase_or_a_call():
    days = [200, 170, 140, 110, 100]  # usual 30 days; the supply ran out 50 days ago: flagged 35 days ago
    m = member(*[(FISH, TODAY - timedelta(days=d), 1) for d in days])
    t = reasons(m)["churn_risk"]
    assert t.due_until is None and t.due_at == datetime.combine(TODAY - timedelta(days=35), time(0), tzinfo=SH)
    called = member(*[(FISH, TODAY - timedelta(days=d), 1) for d in days],
                    last_contact_at=datetime.combine(TODAY - timedelta(days=3), time(11), tzinfo=SH))
    assert "churn_risk" not in reasons(called)
    bought = member(*[(FISH, TODAY - timedelta(days=d), 1) for d in days + [1]])
    assert "churn_risk" not in reasons(bought)


def test_several_packs_at_once_are_not_churn_while_the_supply_lasts():
    days = [200, 170, 140, 110]
    one = member(*[(FISH, TODAY - timedelta(days=d), 1) for d in days[:-1]], (FISH, TODAY - timedelta(days=60), 1))
    four = member(*[(FISH, TODAY - timedelta(days=d), 1) for d in days[:-1]], (FISH, TODAY - timedelta(days=60), 4))
    assert "churn_risk" in reasons(one)
    assert "churn_risk" not in reasons(four)  # 120 days of fish oil bought 60 days ago


def test_a_declined_refill_is_not_asked_again_until_the_next_purchase():
    order = (FISH, TODAY - timedelta(days=25), 1)
    declined = {FISH: (TODAY - timedelta(days=1)).toordinal()}
    assert "refill" in reasons(member(order))
    assert "refill" not in reasons(member(order, declined=declined))
    assert "refill" not in reasons(member(order, declined={None: (TODAY - timedelta(days=1)).toordinal()}))
    assert "refill" in reasons(member(order, declined=declined), ctx(refill_decline_hold_days=1))
    reordered = member((FISH, TODAY - timedelta(days=55), 1), (FISH, TODAY - timedelta(days=25), 1),
                       declined={FISH: (TODAY - timedelta(days=27)).toordinal()})  # declined last cycle
    assert "refill" in reasons(reordered)

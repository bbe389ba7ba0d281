"""Tier benefits where they act, on both engines: the discount recorded on orders, diamond
trial offers in the call script, the diamond quarterly report in the premium batch, and the
fraud check's shared address."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.data.tables import Member, Order, Product
from app.domain.loyalty.benefits import closes_quarter, tier_discount_fen
from app.domain.loyalty.fraud import clean_address
from app.domain.loyalty.settings import DEFAULT_LOYALTY
from app.services import loyalty
from app.services.calls.scripts import script_for_task
from app.services.loyalty import jobs
from app.services.queue import upsert_task
from app.services.reports import parse_period, premium_members
from app.services.users import SYSTEM
from tests.loyalty.world import World, clock_on, local
from tests.support.factories import make_member, make_order, make_product


@pytest.fixture
def world(db) -> World:
    return World(db)


def _orders(world: World, member_id: int) -> list[tuple[str | None, int]]:
    with world.db.session() as s:
        return [(o.member_tier, o.tier_discount_fen) for o in s.scalars(
            select(Order).where(Order.member_id == member_id).order_by(Order.ordered_at))]


def test_the_tier_discount_is_recorded_at_the_tier_the_order_was_bought_at(world):
    m = world.member()
    world.order(m, date(2026, 1, 5), quantity=10)  # 1,000 yuan as standard: no discount, then silver
    world.order(m, date(2026, 2, 5), quantity=9)  # 900 yuan paid as silver: 10% off a list price of 1,000
    world.order(m, date(2026, 3, 5), quantity=40)  # as silver, makes gold
    world.order(m, date(2026, 4, 5), quantity=1)  # gold keeps silver's 10%
    assert _orders(world, m) == [("standard", 0), ("silver", 10_000), ("silver", 44_444), ("gold", 1_111)]
    assert world.tier(m) == "gold"
    with world.db.session() as s:  # the statistics read them back by tier
        measures = loyalty.loyalty_measures(s, local(date(2026, 1, 1)), local(date(2026, 4, 1)))
    assert measures["tier_discounts"] == {"silver": {"orders": 2, "discount_fen": 54_444}}


def test_the_discount_rule_is_the_share_of_the_list_price_the_member_did_not_pay():
    assert tier_discount_fen(90_00, "silver", DEFAULT_LOYALTY) == 10_00
    assert tier_discount_fen(90_00, "standard", DEFAULT_LOYALTY) == 0
    assert tier_discount_fen(90_00, None, DEFAULT_LOYALTY) == 0
    assert tier_discount_fen(0, "diamond", DEFAULT_LOYALTY) == 0


def test_many_orders_earned_at_once_record_their_benefits_and_earn_in_order_time(world):
    silver = world.member(tier="silver", phone="+8613800000011")
    plain = world.member(phone="+8613800000012")
    with world.db.session(write=True) as s:
        product = s.get(Product, world.product_id)
        ids = []
        for mid, day in ((silver, date(2026, 5, 20)), (plain, date(2026, 5, 1)), (silver, date(2026, 5, 1))):
            ids.append(make_order(s, s.get(Member, mid), product, ordered_at=local(day), quantity=9).id)
        earned = loyalty.earn_on_orders(s, clock_on(date(2026, 5, 21)), ids, loyalty.loyalty_settings(s))
    # Earned in order time: the silver member's 1 May order first, so 20 May is a repurchase.
    assert [(e.order_id, e.points, e.bonus) for e in earned] == [(ids[1], 900, 0), (ids[2], 900, 0),
                                                                   (ids[0], 900, 50)]
    assert _orders(world, silver) == [("silver", 10_000), ("silver", 10_000)]
    assert _orders(world, plain) == [("standard", 0)]
    with world.db.session(write=True) as s:
        again = loyalty.earn_on_orders(s, clock_on(date(2026, 5, 21)), ids, loyalty.loyalty_settings(s))
    assert [e.points + e.bonus for e in again] == [0, 0, 0]
    assert world.balance(silver) == (1850, 1850)


def _task(world: World, tier: str, *, bought_new: bool = False, launched: date = date(2026, 5, 1)) -> int:
    clock = clock_on(date(2026, 6, 15))
    with world.db.session(write=True) as s:
        new = make_product(s, name="益生元膳食纤维", category="probiotics")
        new.launched_on = launched
        old = s.get(Product, world.product_id)
        old.launched_on = date(2025, 1, 1)
        member = make_member(s, at=clock.now(), tier=tier, phone="+8613800000021")
        order = make_order(s, member, old, ordered_at=clock.now() - timedelta(days=25))
        if bought_new:
            make_order(s, member, new, ordered_at=clock.now() - timedelta(days=20))
        return upsert_task(s, clock, member_id=member.id, reason="refill", due_at=clock.now(),
                           product_id=old.id, order_id=order.id).id


def _sections(world: World, task_id: int, lang: str = "zh"):
    script = script_for_task(world.db, world.agent, clock_on(date(2026, 6, 15)), task_id, lang=lang).rendered
    return script.sections


def test_a_diamond_member_is_offered_a_new_product_they_have_not_bought_before_the_closing(world):
    sections = _sections(world, _task(world, "diamond"))
    ids = [s.id for s in sections]
    assert "trial_offer" in ids and sections[ids.index("trial_offer") + 1].kind == "closing"
    offer = sections[ids.index("trial_offer")]
    assert [line.text for line in offer.items] == ["作为钻石会员，您可以免费试用我们的新品益生元膳食纤维，需要为您寄一份试用装吗？"]


@pytest.mark.parametrize("tier,bought,launched", [("gold", False, date(2026, 5, 1)),
                                                  ("diamond", True, date(2026, 5, 1)),
                                                  ("diamond", False, date(2026, 1, 1)),
                                                  ("diamond", False, date(2026, 7, 1))])
def test_no_trial_offer_for_other_tiers_products_already_bought_or_not_new(world, tier, bought, launched):
    assert "trial_offer" not in [s.id for s in _sections(world, _task(world, tier, bought_new=bought,
                                                                          launched=launched))]


def test_diamond_members_get_a_care_report_in_the_month_that_closes_each_quarter(world):
    with world.db.session(write=True) as s:
        quiet = make_member(s, at=local(date(2026, 1, 1)), tier="diamond", phone="+8613800000031").id
        make_member(s, at=local(date(2026, 1, 1)), tier="gold", phone="+8613800000032")
    clock = clock_on(date(2026, 7, 2))
    assert premium_members(world.db, SYSTEM, clock, parse_period("2026-06")) == [quiet]
    assert premium_members(world.db, SYSTEM, clock, parse_period("2026-05")) == []
    assert closes_quarter(date(2026, 3, 1), date(2026, 3, 31))
    assert not closes_quarter(date(2026, 2, 1), date(2026, 2, 28))
    assert not closes_quarter(date(2026, 6, 8), date(2026, 6, 14))  # a week


def test_fraud_check_flags_many_members_on_one_address_however_it_was_typed(world):
    typed = ["上海市浦东新区张江路１２号", "上海市 浦东新区 张江路12号", "上海市浦东新区张江路12号 "]
    ids = []
    with world.db.session(write=True) as s:
        for k, text in enumerate(typed + ["北京市朝阳区建国路1号"]):
            member = make_member(s, at=local(date(2026, 1, 1)), phone=f"+86138000001{k:02d}")
            member.address = clean_address(text)
            ids.append(member.id)
    with world.db.session(write=True) as s:
        counts = jobs.fraud_check(s, clock_on(date(2026, 6, 15)), loyalty.loyalty_settings(s))
    assert counts["shared_address"] == 1
    rows = loyalty.fraud_flags(world.db, world.supervisor, clock_on(date(2026, 6, 15)))
    flagged = next(r for r in rows if r.kind == "shared_address")
    assert flagged.detail["members"] == ids[:3] and flagged.member_id == ids[0]
    with world.db.session(write=True) as s:
        assert jobs.fraud_check(s, clock_on(date(2026, 6, 16)), loyalty.loyalty_settings(s))["shared_address"] == 0


def test_clean_address_makes_full_width_and_spacing_one_way():
    assert clean_address("  上海市　浦东新区  张江路１２号 ") == "上海市 浦东新区 张江路12号"
    assert clean_address("   ") is None and clean_address(None) is None


def test_after_import_earns_the_new_orders_and_derives_the_stage_in_the_importers_transaction(world):
    m = world.member(tier="silver")
    with world.db.session(write=True) as s:
        product = s.get(Product, world.product_id)
        ids = [make_order(s, s.get(Member, m), product, ordered_at=local(day), quantity=9).id
               for day in (date(2026, 5, 1), date(2026, 5, 20))]
        result = loyalty.after_import(s, clock_on(date(2026, 5, 21)), [m], order_ids=ids)
    assert (result["orders_earned"], result["points_earned"]) == (2, 1850)
    assert _orders(world, m) == [("silver", 10_000), ("silver", 10_000)]
    with world.db.session() as s:
        assert s.get(Member, m).lifecycle_stage == "stable"
    with world.db.session(write=True) as s:  # a re-run of the same file earns nothing more
        assert loyalty.after_import(s, clock_on(date(2026, 5, 21)), [m], order_ids=ids)["points_earned"] == 0
    assert world.balance(m) == (1850, 1850)

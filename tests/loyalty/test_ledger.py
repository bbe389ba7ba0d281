"""The points ledger over a hand-built year on both engines: earning, the monthly bonus,
the birthday double, expiry to the day, freezing, refunds, redemption and adjustment."""

from datetime import date

import pytest
from sqlalchemy import select

from app.data.loyalty import FraudFlag
from app.services import loyalty
from app.services.errors import PermissionDenied, ValidationError
from app.services.loyalty import jobs
from tests.loyalty.world import World, clock_on


@pytest.fixture
def world(db) -> World:
    return World(db)


def _expire(world: World, day: date) -> dict:
    with world.db.session(write=True) as s:
        return jobs.expire_points(s, clock_on(day), loyalty.loyalty_settings(s))


def test_a_year_of_orders_earns_base_points_and_the_monthly_bonus(world):
    m = world.member()
    days = [date(2025, 6, 1), date(2025, 6, 25), date(2025, 8, 10), date(2025, 9, 5)]
    for day in days:
        world.order(m, day, quantity=2)  # 200 yuan each
    kinds = world.entries(m)
    assert [k[:2] for k in kinds] == [("earned", 200), ("earned", 200), ("bonus", 50), ("earned", 200),
                                      ("earned", 200), ("bonus", 50)]
    assert world.balance(m) == (900, 900)


def test_earning_on_the_same_order_twice_writes_nothing_more(world):
    m = world.member()
    oid, first = world.order(m, date(2026, 1, 5))
    with world.db.session(write=True) as s:
        again = loyalty.earn_on_order(s, clock_on(date(2026, 1, 6)), oid, loyalty.loyalty_settings(s))
    assert (first.points, again.points) == (100, 0)
    assert world.balance(m) == (100, 100)


def test_gold_member_earns_double_in_the_birthday_month_only(world):
    m = world.member(tier="gold", birth=date(1985, 3, 20))
    world.order(m, date(2026, 3, 2))
    world.order(m, date(2026, 5, 2))
    assert [e[1] for e in world.entries(m)] == [200, 100]
    assert world.entries(m)[0][2] == "purchase, birthday double"


def test_points_expire_on_the_same_day_a_year_later_not_before(world):
    m = world.member()
    world.order(m, date(2025, 6, 15), quantity=3)  # 300 points
    world.order(m, date(2025, 9, 1))  # 100 points, expire 2026-09-01
    assert _expire(world, date(2026, 6, 14))["expired_points"] == 0
    assert world.balance(m) == (400, 400)
    assert _expire(world, date(2026, 6, 15))["expired_points"] == 300
    assert world.balance(m) == (100, 100)
    assert _expire(world, date(2026, 6, 15))["expired_points"] == 0  # the job is idempotent
    assert ("expired", -300, "expired 2026-06-15") in world.entries(m)


def test_expiry_takes_only_what_was_not_spent(world):
    m = world.member()
    world.order(m, date(2025, 6, 15), quantity=6)  # 600
    world.order(m, date(2025, 12, 1), quantity=2)  # 200
    loyalty.redeem(world.db, world.agent, clock_on(date(2026, 1, 10)), m, "gift", client_key="k1")  # -500, oldest first
    _expire(world, date(2026, 6, 15))
    assert world.balance(m) == (200, 200)  # 100 left of the first lot expired; the December lot stays


def test_high_value_members_points_are_frozen_instead_of_expiring_then_unfrozen_on_downgrade(world):
    m = world.member(tier="diamond")
    world.order(m, date(2025, 6, 15), quantity=3)
    result = _expire(world, date(2026, 6, 20))
    assert (result["expired_points"], result["frozen_lots"]) == (0, 1)
    assert world.balance(m) == (300, 300)
    assert _expire(world, date(2026, 6, 21))["frozen_lots"] == 0  # dealt with once
    with world.db.session(write=True) as s:
        from app.services.loyalty.ledger import unfreeze

        assert unfreeze(s, clock_on(date(2026, 7, 1)), m, loyalty.loyalty_settings(s), why="diamond -> gold") == 1
    with world.db.session(write=True) as s:
        from app.data.tables import Member
        s.get(Member, m).tier = "gold"
    assert _expire(world, date(2027, 6, 30))["expired_points"] == 0
    assert _expire(world, date(2027, 7, 1))["expired_points"] == 300  # a fresh 12 months from the unfreeze


def test_redeem_is_idempotent_confirmed_and_never_below_zero(world):
    m = world.member()
    world.order(m, date(2026, 6, 1), quantity=12)  # 1,200 points
    clock = clock_on(date(2026, 6, 15))
    first = loyalty.redeem(world.db, world.agent, clock, m, "coupon", client_key="call-1")
    again = loyalty.redeem(world.db, world.agent, clock, m, "coupon", client_key="call-1")
    assert (first.balance, again.duplicate, again.entry_id) == (200, True, first.entry_id)
    assert "50元抵扣券" in first.confirmation and "剩余200积分" in first.confirmation
    with pytest.raises(ValidationError, match="balance is 200"):
        loyalty.redeem(world.db, world.agent, clock, m, "gift", client_key="call-2")
    with pytest.raises(ValidationError, match="unknown"):
        loyalty.redeem(world.db, world.agent, clock, m, "yacht", client_key="call-3")
    assert world.balance(m) == (200, 200)


def test_refund_reverses_the_orders_points_and_flags_what_was_already_spent(world):
    m = world.member()
    world.order(m, date(2026, 5, 1), quantity=6)  # 600
    oid, _ = world.order(m, date(2026, 5, 20), quantity=5)  # 500 + 50 bonus
    clock = clock_on(date(2026, 6, 1))
    loyalty.redeem(world.db, world.agent, clock, m, "coupon", client_key="r1")  # 1150 -> 150
    with world.db.session(write=True) as s:
        taken = loyalty.refund_order(s, clock, oid, 50_000, loyalty.loyalty_settings(s))
    assert taken == 150 and world.balance(m) == (0, 0)
    with world.db.session() as s:
        flag = s.scalars(select(FraudFlag)).one()
        assert (flag.kind, flag.detail["owed"], flag.detail["taken"]) == ("refunded_points", 550, 150)
    with world.db.session(write=True) as s:  # the same refund again takes nothing more
        assert loyalty.refund_order(s, clock, oid, 50_000, loyalty.loyalty_settings(s)) == 0


def test_partial_refund_takes_back_its_share(world):
    m = world.member()
    oid, _ = world.order(m, date(2026, 5, 1), quantity=4)  # 400
    with world.db.session(write=True) as s:
        assert loyalty.refund_order(s, clock_on(date(2026, 5, 3)), oid, 10_000, loyalty.loyalty_settings(s)) == 100
    assert world.balance(m) == (300, 300)


def test_adjust_is_for_admins_with_a_reason_and_audited(world):
    m = world.member()
    clock = clock_on(date(2026, 6, 15))
    with pytest.raises(PermissionDenied):
        loyalty.adjust(world.db, world.agent, clock, m, 100, reason="goodwill")
    with pytest.raises(ValidationError):
        loyalty.adjust(world.db, world.admin, clock, m, 100, reason=" ")
    done = loyalty.adjust(world.db, world.admin, clock, m, 100, reason="goodwill after complaint")
    with pytest.raises(ValidationError):
        loyalty.adjust(world.db, world.admin, clock, m, -101, reason="typo")
    assert done.balance == 100 and world.balance(m) == (100, 100)


def test_member_programme_summary_for_the_header(world):
    m = world.member(tier="silver")
    world.order(m, date(2025, 7, 1), quantity=3)
    world.order(m, date(2026, 6, 1), quantity=2)
    p = loyalty.member_programme(world.db, world.agent, clock_on(date(2026, 6, 15)), m)
    assert (p.tier, p.balance, p.expiring_points) == ("silver", 500, 300)
    assert p.expiring_on.date() == date(2026, 6, 30)  # midnight Shanghai of 1 July, in UTC
    assert (p.next_tier, p.next_tier_gap_fen) == ("gold", 500_000 - 50_000)  # both orders in the last 12 months
    assert [r.points for r in p.catalogue] == [500, 1000, 3000]


def test_two_concurrent_redemptions_cannot_both_spend_the_same_points(world):
    import threading

    m = world.member()
    world.order(m, date(2026, 6, 1), quantity=12)  # 1,200 points: room for one coupon
    clock = clock_on(date(2026, 6, 15))
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def spend(key: str) -> None:
        barrier.wait()
        try:
            loyalty.redeem(world.db, world.agent, clock, m, "coupon", client_key=key)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")

    threads = [threading.Thread(target=spend, args=(f"t{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert world.balance(m) == (200, 200)

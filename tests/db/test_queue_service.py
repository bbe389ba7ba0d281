"""The queue service on both engines: build, show, claim, release, leases, ownership, holds."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.data.tables import Call, FollowUpTask, Member, Product, Ticket
from app.data.uow import Database
from app.domain.clock import Clock
from app.services import queue
from app.services.users import SYSTEM
from app.services.errors import Conflict
from app.services.queue import upsert_task
from tests.support.factories import make_member, make_order, make_product, make_user

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def database(db_url):
    database = Database.from_url(db_url)
    yield database
    database.dispose()


def _local(day: date, hh: int = 10, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=SH)


def _refill_member(s, clock, *, tier="standard", owner_id=None, phone="+8613812345678", days_ago=26, **kw):
    """A member whose 30-day fish oil, ordered `days_ago` days ago, is due for a refill call."""
    product = make_product(s, name="深海鱼油 500mg")
    m = make_member(s, at=clock.now() - timedelta(days=400), tier=tier, owner_id=owner_id, phone=phone, **kw)
    make_order(s, m, product, ordered_at=_local(clock.today() - timedelta(days=days_ago), 23, 30),
               delivered_after=None)
    return m


def _call(s, member, at, disposition="reached"):
    import uuid

    s.add(Call(client_id=str(uuid.uuid4()), member_id=member.id, started_at=at, saved_at=at,
               disposition=disposition))
    s.flush()


def test_build_creates_a_refill_task_counted_from_the_order_date_and_is_idempotent(database, clock):
    with database.session(write=True) as s:
        agent = make_user(s, at=clock.now())
        m = _refill_member(s, clock)
    first = queue.build_queue(database, SYSTEM, clock)
    again = queue.build_queue(database, SYSTEM, clock)
    assert first.created >= 1 and again.created == 0 and again.updated == 0
    items = queue.show_queue(database, agent, clock)
    assert [i.member_id for i in items] == [m.id]
    item = items[0]
    # Ordered 26 days ago at 23:30 (the date counts, not the hour): runs out in 4 days.
    assert "refill" in item.reasons
    assert "深海鱼油 500mg 还剩 4 天用完" in item.why
    assert item.phone_masked == "138****5678" and item.window_open


def test_a_member_with_several_reasons_is_one_item_with_all_reasons(database, clock):
    with database.session(write=True) as s:
        agent = make_user(s, at=clock.now())
        m = _refill_member(s, clock, tier="gold", birth_date=date(1970, 6, 15))
    queue.build_queue(database, SYSTEM, clock)
    [item] = queue.show_queue(database, agent, clock)
    assert set(item.reasons) >= {"refill", "care_moment"}
    assert len(item.task_ids) == len(item.reasons)
    assert item.why.endswith("金卡会员") and "生日" in item.why


def test_do_not_call_and_no_consent_are_never_queued(database, clock):
    with database.session(write=True) as s:
        agent = make_user(s, at=clock.now())
        _refill_member(s, clock, do_not_call=True)
        _refill_member(s, clock, consent=False, phone="+8613900000001")
    summary = queue.build_queue(database, SYSTEM, clock)
    assert summary.created == 0
    assert queue.show_queue(database, agent, clock) == []


def test_contact_cap_and_minimum_gap_hold_members_back(database, clock):
    with database.session(write=True) as s:
        agent = make_user(s, at=clock.now())
        capped = _refill_member(s, clock)
        recent = _refill_member(s, clock, phone="+8613900000002")
        free = _refill_member(s, clock, phone="+8613900000003")
        _call(s, capped, clock.now() - timedelta(days=2))
        _call(s, capped, clock.now() - timedelta(days=5))
        _call(s, recent, clock.now() - timedelta(hours=20))
        _call(s, free, clock.now() - timedelta(hours=20), disposition="no_answer")  # not a contact
    queue.build_queue(database, SYSTEM, clock)
    assert [i.member_id for i in queue.show_queue(database, agent, clock)] == [free.id]


def test_callbacks_and_urgent_complaints_are_exempt_from_the_cap(database, clock):
    with database.session(write=True) as s:
        agent = make_user(s, at=clock.now())
        cb = _refill_member(s, clock)
        urgent = _refill_member(s, clock, phone="+8613900000004")
        for member in (cb, urgent):
            _call(s, member, clock.now() - timedelta(days=2))
            _call(s, member, clock.now() - timedelta(days=3))
        upsert_task(s, clock, member_id=cb.id, reason="callback", due_at=clock.now() - timedelta(minutes=5))
        s.add(Ticket(member_id=urgent.id, category="quality", severity="urgent", department="quality",
                     status="open", opened_at=clock.now() - timedelta(days=1), sla_due_at=clock.now()))
    queue.build_queue(database, SYSTEM, clock)
    items = queue.show_queue(database, agent, clock)
    assert {i.member_id for i in items} == {cb.id, urgent.id}
    by_member = {i.member_id: i for i in items}
    assert by_member[cb.id].callback_due and by_member[cb.id].reasons[0] == "callback"
    assert by_member[urgent.id].why.startswith("有未结紧急投诉")


def test_a_churn_call_becomes_a_win_back_once_the_member_is_lost(database, clock):
    """Flagged at 1.5x the member's usual 30 days, lost (a win-back) from 3x: the same task
    reads one then the other as the silence grows (issue 12: risk does not expire unseen)."""
    with database.session(write=True) as s:
        me = make_user(s, at=clock.now())
        product = make_product(s, name="深海鱼油 500mg")
        m = make_member(s, at=clock.now() - timedelta(days=400))
        for days_ago in (170, 140, 110, 80, 50):  # every 30 days; the last pack ran out 20 days ago
            make_order(s, m, product, ordered_at=_local(clock.today() - timedelta(days=days_ago)))
    whys = []
    for later in (0, 39, 40, 60):  # lost from 90 days after the last order: 40 days on
        at = Clock.fixed(clock.today() + timedelta(days=later), time(10), tz=SH)
        queue.build_queue(database, SYSTEM, at)
        [item] = [i for i in queue.show_queue(database, me, at) if i.member_id == m.id]
        assert "churn_risk" in item.reasons
        whys.append(item.why)
    assert [w.startswith("流失挽回") for w in whys] == [False, False, True, True], whys
    assert whys[0].startswith("50 天未复购（通常 30 天）") and whys[3].startswith("流失挽回：110 天未复购")


def test_vip_owner_gets_the_member_alone_on_the_due_day_then_the_pool(database, clock):
    with database.session(write=True) as s:
        owner = make_user(s, "owner", at=clock.now())
        other = make_user(s, "other", at=clock.now())
        # ordered 25 days ago: the refill falls due today (day 25 of a 30-day pack)
        vip = _refill_member(s, clock, tier="diamond", owner_id=owner.id, days_ago=25)
    queue.build_queue(database, SYSTEM, clock)
    assert [i.member_id for i in queue.show_queue(database, owner, clock)] == [vip.id]
    assert queue.show_queue(database, owner, clock)[0].owned
    assert queue.show_queue(database, other, clock) == []
    assert queue.claim_next(database, other, clock) is None
    tomorrow = Clock.fixed(clock.today() + timedelta(days=1), time(10), tz=SH)
    assert [i.member_id for i in queue.show_queue(database, other, tomorrow)] == [vip.id]


def test_claim_next_takes_all_open_tasks_of_the_best_member_once(database, clock):
    with database.session(write=True) as s:
        a = make_user(s, "a", at=clock.now())
        b = make_user(s, "b", at=clock.now())
        gold = _refill_member(s, clock, tier="gold", birth_date=date(1970, 6, 15))
        plain = _refill_member(s, clock, phone="+8613900000005")
    queue.build_queue(database, SYSTEM, clock)
    first = queue.claim_next(database, a, clock)
    second = queue.claim_next(database, b, clock)
    assert first.member_id == gold.id and len(first.task_ids) == 2 and first.claimed_by == a.id
    assert second.member_id == plain.id
    assert queue.claim_next(database, b, clock) is None
    # a's view shows the member a holds; b's view does not show it
    assert [i.member_id for i in queue.show_queue(database, b, clock)] == [plain.id]
    with pytest.raises(Conflict):
        queue.claim_task(database, b, clock, first.task_id)
    assert queue.release(database, a, clock, first.task_ids) == 2
    assert queue.claim_task(database, b, clock, first.task_id) == tuple(sorted(first.task_ids))


def test_expired_lease_returns_to_the_pool_and_renew_keeps_it(database, clock):
    with database.session(write=True) as s:
        a = make_user(s, "a", at=clock.now())
        b = make_user(s, "b", at=clock.now())
        _refill_member(s, clock)
    queue.build_queue(database, SYSTEM, clock)
    item = queue.claim_next(database, a, clock)
    later = Clock(tz=SH, fixed_at=clock.now() + timedelta(minutes=10))
    until = queue.renew_lease(database, a, later, item.task_ids)
    assert until == later.now() + timedelta(minutes=15)
    still_held = Clock(tz=SH, fixed_at=clock.now() + timedelta(minutes=20))
    assert queue.claim_next(database, b, still_held) is None
    expired = Clock(tz=SH, fixed_at=clock.now() + timedelta(minutes=26))
    taken = queue.claim_next(database, b, expired)
    assert taken is not None and taken.member_id == item.member_id
    with pytest.raises(Conflict):
        queue.renew_lease(database, a, expired, item.task_ids)
    assert queue.release_all(database, b, expired) == len(item.task_ids)
    with database.session() as s:
        assert set(s.scalars(select(FollowUpTask.status))) == {"open"}


def test_a_new_york_member_is_offered_only_inside_their_own_hours(database, clock):
    with database.session(write=True) as s:
        agent = make_user(s, at=clock.now())
        ny = _refill_member(s, clock, phone="+12125550123", timezone=None)
    queue.build_queue(database, SYSTEM, clock)
    # 10:00 in Shanghai is 22:00 the evening before in New York: shown, but not offered.
    [item] = queue.show_queue(database, agent, clock)
    assert item.member_id == ny.id and not item.window_open
    assert item.member_local_time.hour == 22
    assert queue.claim_next(database, agent, clock) is None
    evening = Clock.fixed(clock.today(), time(21, 30), tz=SH)  # 09:30 in New York
    assert queue.claim_next(database, agent, evening).member_id == ny.id


def test_a_failed_attempt_hides_the_member_until_the_retry_slot(database, clock):
    from app.services.queue import record_failed_attempt

    with database.session(write=True) as s:
        agent = make_user(s, at=clock.now())
        m = _refill_member(s, clock)
    queue.build_queue(database, SYSTEM, clock)
    item = queue.claim_next(database, agent, clock)
    with database.session(write=True) as s:
        result = record_failed_attempt(s, clock, item.task_ids)
    assert queue.show_queue(database, agent, clock) == []
    retry = Clock(tz=SH, fixed_at=result.retry_at)
    [again] = queue.show_queue(database, agent, retry)
    assert again.member_id == m.id and again.attempts == 1


def test_refresh_members_withdraws_a_refill_after_a_new_order(database, clock):
    with database.session(write=True) as s:
        agent = make_user(s, at=clock.now())
        m = _refill_member(s, clock)
    queue.build_queue(database, SYSTEM, clock)
    with database.session(write=True) as s:
        # a reorder of the same product extends the supply, so the refill call is withdrawn
        fish_id = s.scalar(select(FollowUpTask.product_id).where(FollowUpTask.reason == "refill"))
        make_order(s, s.get(Member, m.id), s.get(Product, fish_id), ordered_at=clock.now() - timedelta(hours=1))
        summary = queue.refresh_members(s, clock, [m.id])
        assert summary.withdrawn == 1
    items = queue.show_queue(database, agent, clock)
    assert all("refill" not in i.reasons for i in items)


def test_tasks_past_their_window_expire_at_the_next_build(database, clock):
    with database.session(write=True) as s:
        make_user(s, at=clock.now())
        _refill_member(s, clock)
    queue.build_queue(database, SYSTEM, clock)
    later = Clock.fixed(clock.today() + timedelta(days=30), time(10), tz=SH)
    summary = queue.build_queue(database, SYSTEM, later)
    assert summary.expired >= 1
    with database.session() as s:
        refill = s.scalars(select(FollowUpTask).where(FollowUpTask.reason == "refill")).one()
        assert (refill.status, refill.close_reason) == ("cancelled", "expired")


def test_a_done_task_is_not_reopened_by_the_same_days_build(database, clock):
    from app.services.queue import complete_tasks

    with database.session(write=True) as s:
        agent = make_user(s, at=clock.now())
        _refill_member(s, clock)
    queue.build_queue(database, SYSTEM, clock)
    item = queue.claim_next(database, agent, clock)
    with database.session(write=True) as s:
        complete_tasks(s, clock, item.task_ids, close_reason="reached")
    assert queue.build_queue(database, SYSTEM, clock).created == 0
    assert queue.show_queue(database, agent, clock) == []


def test_build_if_due_runs_the_daily_build_once_a_day(database, clock):
    with database.session(write=True) as s:
        make_user(s, at=clock.now())
        _refill_member(s, clock)
    first = queue.build_if_due(database, SYSTEM, clock)
    assert first is not None and first.created >= 1
    assert queue.build_if_due(database, SYSTEM, clock) is None  # already built today
    tomorrow = Clock(tz=SH, fixed_at=clock.now() + timedelta(days=1))
    assert queue.build_if_due(database, SYSTEM, tomorrow) is not None

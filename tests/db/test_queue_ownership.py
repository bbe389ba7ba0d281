"""A member is in one queue at a time, as a whole (issue 12): all of an owned VIP's open
tasks are held for the care manager on the due day, however late they were created, and
pass to the pool together."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.data.tables import FollowUpTask
from app.domain.clock import Clock
from app.services import queue
from app.services.users import SYSTEM
from tests.support.factories import make_member, make_order, make_product, make_user

SH = ZoneInfo("Asia/Shanghai")


def _at(day: date, hh: int = 10) -> Clock:
    return Clock.fixed(day, time(hh), tz=SH)


def test_every_task_of_an_owned_vip_is_held_for_the_owner_and_lapses_together(db):
    today = date(2026, 6, 15)
    clock = _at(today)
    with db.session(write=True) as s:
        owner = make_user(s, "owner", at=clock.now())
        other = make_user(s, "other", at=clock.now())
        fish = make_product(s, name="深海鱼油 500mg")
        vip = make_member(s, at=clock.now() - timedelta(days=400), tier="gold", owner_id=owner.id)
        # Due for a refill since three days ago (ordered 28 days ago), first built only today.
        make_order(s, vip, fish, ordered_at=datetime.combine(today - timedelta(days=28), time(9), tzinfo=SH))
    queue.build_queue(db, SYSTEM, clock)
    with db.session(write=True) as s:
        # A task another service opens later in the day, with no owner of its own.
        queue.upsert_task(s, clock, member_id=vip.id, reason="revisit", due_at=clock.now() - timedelta(hours=1))
        queue.refresh_members(s, clock, [vip.id])
    with db.session() as s:
        holds = set(s.execute(select(FollowUpTask.assigned_agent_id, FollowUpTask.owner_only_until)
                              .where(FollowUpTask.member_id == vip.id, FollowUpTask.status == "open")).all())
    end_of_day = datetime.combine(today + timedelta(days=1), time(0), tzinfo=SH)
    assert holds == {(owner.id, end_of_day)}
    [mine] = queue.show_queue(db, owner, clock)
    assert mine.member_id == vip.id and mine.owned and set(mine.reasons) == {"refill", "revisit"}
    assert queue.show_queue(db, other, clock) == []
    assert queue.claim_next(db, other, clock) is None

    tomorrow = _at(today + timedelta(days=1))
    queue.build_queue(db, SYSTEM, tomorrow)
    [pooled] = queue.show_queue(db, other, tomorrow)
    assert set(pooled.reasons) == {"refill", "revisit"} and not pooled.owned


def test_a_new_care_manager_holds_the_vip_at_once_and_the_build_agrees(db):
    from app.services.queue import move_members

    today = date(2026, 6, 15)
    clock = _at(today)
    with db.session(write=True) as s:
        owner = make_user(s, "owner", at=clock.now())
        heir = make_user(s, "heir", at=clock.now())
        boss = make_user(s, "boss", role="supervisor", at=clock.now())
        fish = make_product(s, name="深海鱼油 500mg")
        vip = make_member(s, at=clock.now() - timedelta(days=400), tier="gold", owner_id=None)
        make_order(s, vip, fish, ordered_at=datetime.combine(today - timedelta(days=26), time(9), tzinfo=SH))
    queue.build_queue(db, SYSTEM, clock)  # no owner yet: the refill is in the pool
    move_members(db, boss, clock, [vip.id], to_agent_id=heir.id, with_tasks=True)
    [item] = queue.show_queue(db, heir, clock)
    assert item.member_id == vip.id and item.owned  # held for the new manager in the same transaction
    assert queue.show_queue(db, owner, clock) == []
    summary = queue.build_queue(db, SYSTEM, clock)
    assert (summary.created, summary.updated, summary.withdrawn) == (0, 0, 0)

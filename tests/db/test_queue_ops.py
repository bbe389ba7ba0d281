"""Task operations other services call inside their own transaction, on both engines."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.data.tables import FollowUpTask, OutboundMessage
from app.data.uow import Database
from app.services.errors import ValidationError
from app.services.queue import (
    cancel_open_tasks, check_callback_time, complete_tasks, record_failed_attempt, upsert_task,
)
from tests.support.factories import make_member, make_user

SH = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def database(db_url):
    database = Database.from_url(db_url)
    yield database
    database.dispose()


def test_upsert_updates_the_open_task_instead_of_duplicating(database, clock):
    with database.session(write=True) as s:
        m = make_member(s, at=clock.now())
        first = upsert_task(s, clock, member_id=m.id, reason="refill", due_at=clock.now(),
                            detail={"product_name": "深海鱼油 500mg", "days_left": 4})
        again = upsert_task(s, clock, member_id=m.id, reason="refill", due_at=clock.now() + timedelta(days=1),
                            detail={"product_name": "深海鱼油 500mg", "days_left": 3})
        other = upsert_task(s, clock, member_id=m.id, reason="cadence", due_at=clock.now())
        assert first.id == again.id != other.id
        assert again.why == "深海鱼油 500mg 还剩 3 天用完"
        assert s.scalar(select(func.count()).select_from(FollowUpTask)) == 2


def test_own_callback_passes_to_anyone_after_the_handoff(database, clock):
    with database.session(write=True) as s:
        agent = make_user(s, at=clock.now())
        m = make_member(s, at=clock.now())
        at = clock.now() + timedelta(hours=3)
        task = upsert_task(s, clock, member_id=m.id, reason="callback", due_at=at, assigned_agent_id=agent.id)
        assert task.owner_only_until == at + timedelta(minutes=30)


def test_complete_and_cancel_close_open_tasks(database, clock):
    with database.session(write=True) as s:
        m = make_member(s, at=clock.now())
        a = upsert_task(s, clock, member_id=m.id, reason="refill", due_at=clock.now())
        b = upsert_task(s, clock, member_id=m.id, reason="cadence", due_at=clock.now())
        assert complete_tasks(s, clock, [a.id], close_reason="reached") == 1
        assert cancel_open_tasks(s, clock, m.id, reason="do_not_call") == 1
    with database.session() as s:
        rows = dict(s.execute(select(FollowUpTask.id, FollowUpTask.status)).all())
        assert rows == {a.id: "done", b.id: "cancelled"}
        # closed tasks free the member+reason slot: a new one may open
    with database.session(write=True) as s:
        c = upsert_task(s, clock, member_id=m.id, reason="refill", due_at=clock.now())
        assert c.id not in (a.id, b.id)


def test_no_answer_retries_at_another_slot_then_closes_unreached_with_sms(database, clock):
    with database.session(write=True) as s:
        m = make_member(s, at=clock.now(), best_times="12:00-13:30;19:00-21:00")
        t = upsert_task(s, clock, member_id=m.id, reason="refill", due_at=clock.now())
        ids = [t.id]
    results = []
    for _ in range(3):
        with database.session(write=True) as s:
            results.append(record_failed_attempt(s, clock, ids))
    # 10:00 Shanghai fails -> 12:00 the same day (a best slot), then 19:00
    assert results[0].retry_at.astimezone(SH) == datetime(2026, 6, 15, 12, 0, tzinfo=SH)
    assert results[0].attempts == 1 and not results[0].unreached
    assert results[2].unreached and results[2].message_id is not None
    with database.session() as s:
        task = s.get(FollowUpTask, ids[0])
        assert task.status == "unreached" and task.attempts == 3
        msg = s.scalars(select(OutboundMessage)).one()
        assert (msg.channel, msg.kind, msg.member_id) == ("sms", "survey", m.id)


def test_callback_in_the_past_is_refused(database, clock):
    with database.session(write=True) as s:
        sh = make_member(s, at=clock.now(), phone="+8613900001111")
        check_callback_time(s, clock, sh.id, clock.now() + timedelta(hours=1))
        with pytest.raises(ValidationError) as exc:
            check_callback_time(s, clock, sh.id, clock.now() - timedelta(minutes=5))
        assert "callback_at" in exc.value.errors

"""The save and callback doors on both engines: a do-not-call member, a member outside their
window on an unclaimed task, a member reserved for another owner are refused with the rule
named and nothing written; a call claimed inside the window may still be saved after it."""

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from app.cli.main import main
from app.data.base import Base
from app.data.tables import AuditEntry, Call, FollowUpTask, Member
from app.domain.clock import Clock
from app.domain.compliance import Rule
from app.services import calls, queue
from app.services.compliance import CallRefused, Door, ensure_call_allowed
from app.services.errors import ValidationError
from tests.support.call_world import build_world, outcome


def state(db) -> dict:
    with db.session() as s:
        counts = {t.name: s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}
        tasks = s.execute(select(FollowUpTask.id, FollowUpTask.status, FollowUpTask.claimed_by_id,
                                 FollowUpTask.lease_until, FollowUpTask.version).order_by(FollowUpTask.id)).all()
    return {"counts": counts, "tasks": [tuple(t) for t in tasks]}


def at_local(clock: Clock, hour: int, minute: int = 0) -> Clock:
    """The same day at hour:minute Shanghai (the world's member is in Beijing time)."""
    return Clock.fixed(clock.today(), datetime.min.time().replace(hour=hour, minute=minute), tz=clock.tz)


def set_member(db, member_id, **values) -> None:
    with db.session(write=True) as s:
        s.execute(update(Member).where(Member.id == member_id).values(**values))


def test_do_not_call_member_is_refused_at_save_and_nothing_is_written(db, clock):
    w = build_world(db, clock)
    set_member(db, w.member_id, do_not_call=True, consent=False)
    before = state(db)
    with pytest.raises(CallRefused) as exc:
        calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome())
    assert exc.value.rule == Rule.DO_NOT_CALL and "勿扰会员" in str(exc.value)
    assert state(db) == before


def test_consent_withdrawn_after_the_claim_still_refuses_a_reached_save(db, clock):
    w = build_world(db, clock)
    queue.claim_task(db, w.agent, clock, w.task_id)
    set_member(db, w.member_id, consent=False)  # an import withdrew consent meanwhile
    with pytest.raises(CallRefused):
        calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome())
    # The member's own "do not call me" on that call is still recorded.
    result = calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(disposition="do_not_call"))
    assert not result.duplicate


def test_unclaimed_save_outside_the_window_is_refused_with_the_local_time(db, clock):
    w = build_world(db, clock)
    late = at_local(clock, 23, 30)
    before = state(db)
    with pytest.raises(CallRefused) as exc:
        calls.record_outcome(db, w.agent, late, task_id=w.task_id, payload=outcome())
    assert exc.value.rule == Rule.CALLING_WINDOW
    assert "23:30" in str(exc.value)
    assert state(db) == before


def test_a_call_claimed_inside_the_window_may_be_saved_after_it_closes(db, clock):
    w = build_world(db, clock)
    evening = at_local(clock, 20, 55)
    queue.claim_task(db, w.agent, evening, w.task_id)
    after_close = at_local(clock, 21, 5)
    result = calls.record_outcome(db, w.agent, after_close, task_id=w.task_id, payload=outcome())
    with db.session() as s:
        assert s.get(Call, result.call_id).disposition == "reached"


def test_member_reserved_for_another_owner_is_refused_at_save(db, clock):
    w = build_world(db, clock)
    with db.session(write=True) as s:
        s.execute(update(FollowUpTask).where(FollowUpTask.id == w.task_id).values(
            assigned_agent_id=w.other.id, owner_only_until=clock.now() + timedelta(hours=8)))
    before = state(db)
    with pytest.raises(CallRefused) as exc:
        calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome())
    assert exc.value.rule == Rule.RESERVED
    assert state(db) == before


def test_a_failed_save_leaves_the_task_as_it_was(db, clock):
    w = build_world(db, clock)
    before = state(db)
    bad_callback = outcome(disposition="callback", callback_at="2026-06-15 23:30")
    with pytest.raises(ValidationError) as exc:  # 23:30 Shanghai: outside the window
        calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=bad_callback)
    assert "callback_at" in exc.value.errors and "23:30" in exc.value.errors["callback_at"]
    assert state(db) == before


def test_callback_door_refuses_a_do_not_call_member(db, clock):
    w = build_world(db, clock)
    set_member(db, w.member_id, do_not_call=True)
    with db.session() as s, pytest.raises(CallRefused):
        ensure_call_allowed(s, w.agent, clock, w.member_id, door=Door.CALLBACK,
                            at=clock.now() + timedelta(hours=2))


def test_supervisor_may_override_the_window_and_it_is_audited(db, clock):
    w = build_world(db, clock)
    late = at_local(clock, 22, 0)
    with db.session(write=True) as s:
        with pytest.raises(CallRefused):
            ensure_call_allowed(s, w.supervisor, late, w.member_id, door=Door.OPEN_MEMBER)
        ensure_call_allowed(s, w.supervisor, late, w.member_id, door=Door.OPEN_MEMBER, override_window=True)
    with db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "call.window_override")).one()
        assert entry.detail["rule"] == "calling_window" and entry.user_id == w.supervisor.id


def test_agents_may_not_override_the_window_nor_anyone_consent(db, clock):
    w = build_world(db, clock)
    from app.services.errors import PermissionDenied
    with db.session() as s, pytest.raises(PermissionDenied):
        ensure_call_allowed(s, w.agent, at_local(clock, 22), w.member_id, door=Door.OPEN_MEMBER, override_window=True)
    set_member(db, w.member_id, do_not_call=True)
    with db.session() as s, pytest.raises(CallRefused):
        ensure_call_allowed(s, w.supervisor, clock, w.member_id, door=Door.OPEN_MEMBER, override_window=True)


def _cli(db_url, tmp_path, task_id, payload, at="10:00") -> int:
    path = tmp_path / "outcome.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return main(["outcome", "record", "--task", str(task_id), "--agent", "li", "--json", str(path),
                 "--db", db_url, "--today", "2026-06-15", "--at", at])


def test_cli_refuses_a_do_not_call_member_with_the_rule_named(db_url, db, clock, tmp_path, capsys):
    w = build_world(db, clock)
    set_member(db, w.member_id, do_not_call=True)
    before = state(db)
    assert _cli(db_url, tmp_path, w.task_id, outcome()) == 1
    assert "勿扰会员" in capsys.readouterr().err
    assert state(db) == before


def test_cli_refuses_an_unclaimed_task_outside_the_window(db_url, db, clock, tmp_path, capsys):
    w = build_world(db, clock)
    before = state(db)
    assert _cli(db_url, tmp_path, w.task_id, outcome(), at="23:30") == 1
    assert "not in the member's calling window: 23:30 local" in capsys.readouterr().err
    assert state(db) == before

"""Saving a call outcome on both engines: each follow-on action, idempotent replays, refusals
and all-or-nothing saves."""

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from app.data.base import Base
from app.data.tables import (
    AuditEntry, Call, ChangeEvent, EffectRating, FollowUpTask, Member, OutboundMessage, PointsEntry, RefillRequest,
    Ticket,
)
from app.services import calls, queue
from app.services.calls import save as calls_save
from app.services.changes import Changes
from app.services.errors import Conflict, ValidationError
from tests.support.call_world import build_world, outcome


def count(db, table) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(table))


def snapshot(db) -> dict:
    with db.session() as s:
        counts = {t.name: s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}
        tasks = s.execute(select(FollowUpTask.id, FollowUpTask.status, FollowUpTask.claimed_by_id,
                                 FollowUpTask.attempts).order_by(FollowUpTask.id)).all()
        member = s.execute(select(Member.points_balance, Member.do_not_call, Member.medical_flag,
                                  Member.phone_e164)).all()
    return {"counts": counts, "tasks": [tuple(t) for t in tasks], "member": [tuple(m) for m in member]}


def tasks_of(db, member_id) -> list[FollowUpTask]:
    with db.session() as s:
        return list(s.scalars(select(FollowUpTask).where(FollowUpTask.member_id == member_id)
                              .order_by(FollowUpTask.id)).all())


def test_reached_survey_saves_the_call_and_every_follow_on(db, clock):
    w = build_world(db, clock, extra_reasons=("delivery_survey",))
    payload = outcome(satisfaction=9, effects={"sleep": 8, "energy": 7}, adherence="as_directed",
                      refill_intent=True, answers={"satisfaction": 9, "discomfort": False}, notes="很满意")
    result = calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=payload,
                                  script_id="refill_fish_oil", script_version="1")
    assert not result.duplicate and result.ticket_ids == () and result.created_task_ids == ()
    assert result.changes == Changes(queue=True, member=True, tickets=False)
    with db.session() as s:
        call = s.get(Call, result.call_id)
        assert (call.disposition, call.satisfaction, call.agent_id) == ("reached", 9, w.agent.id)
        assert (call.script_id, call.script_version) == ("refill_fish_oil", "1")
        assert set(call.reasons.split(",")) == {"refill", "delivery_survey"}
        assert {r.dimension: r.score for r in s.scalars(select(EffectRating))} == {"sleep": 8, "energy": 7}
        statuses = {t.reason: (t.status, t.close_reason) for t in s.scalars(select(FollowUpTask))}
        assert statuses == {"refill": ("done", "reached"), "delivery_survey": ("done", "reached")}
        member = s.get(Member, w.member_id)
        assert member.points_balance == 20
        entry = s.scalars(select(PointsEntry)).one()
        assert (entry.delta, entry.reason, entry.call_id) == (20, "survey", call.id)
        # rolling 12 months to the day: gone from the start of the same local day a year on
        assert entry.expires_at == datetime.combine(clock.today() + timedelta(days=365), time(0), tzinfo=clock.tz)
        request = s.scalars(select(RefillRequest)).one()
        assert (request.product_id, request.call_id, request.status) == (w.product_id, call.id, "requested")
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "call.record")).one()
        assert audit.entity_id == str(call.id) and audit.user_id == w.agent.id
        topics = {e.topic for e in s.scalars(select(ChangeEvent))}
        assert {"queue", "member"} <= topics


def test_the_same_outcome_saved_twice_is_recorded_once(db, clock):
    w = build_world(db, clock)
    payload = outcome(satisfaction=4, complaint={"category": "quality", "severity": "normal", "text": "有异味"})
    first = calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=payload)
    before = snapshot(db)
    again = calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=dict(payload))
    assert again.duplicate and not first.duplicate
    assert (again.call_id, again.ticket_ids) == (first.call_id, first.ticket_ids)
    assert again.changes == Changes()
    assert snapshot(db) == before


def test_no_answer_schedules_a_retry_and_the_third_closes_as_unreached_with_an_sms(db, clock):
    w = build_world(db, clock)
    first = calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(disposition="no_answer"))
    assert first.retry_at is not None and first.retry_at > clock.now() and not first.unreached
    task = tasks_of(db, w.member_id)[0]
    assert (task.status, task.attempts, task.claimed_by_id) == ("open", 1, None)
    assert task.not_before == first.retry_at
    calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(disposition="busy"))
    third = calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(disposition="no_answer"))
    assert third.unreached and third.retry_at is None
    task = tasks_of(db, w.member_id)[0]
    assert (task.status, task.attempts) == ("unreached", 3)
    with db.session() as s:
        assert s.scalars(select(OutboundMessage.kind)).all() == ["survey"]
        assert s.scalar(select(func.count()).select_from(PointsEntry)) == 0
    assert count(db, Call) == 3


def test_callback_books_a_task_at_the_agreed_time_for_the_same_agent(db, clock):
    w = build_world(db, clock)
    result = calls.record_outcome(db, w.agent, clock, task_id=w.task_id,
                                  payload=outcome(disposition="callback", callback_at="2026-06-16 19:30"))
    old, new = tasks_of(db, w.member_id)
    assert (old.status, old.close_reason) == ("done", "callback")
    assert result.created_task_ids == (new.id,)
    assert (new.reason, new.status, new.assigned_agent_id) == ("callback", "open", w.agent.id)
    assert new.due_at == datetime(2026, 6, 16, 11, 30, tzinfo=UTC)
    assert new.detail["reasons"] == ["refill"] and new.detail["at_local"] == "2026-06-16 19:30"
    assert count(db, PointsEntry) == 0


def test_callback_outside_the_calling_window_is_refused_and_nothing_is_written(db, clock):
    w = build_world(db, clock)
    before = snapshot(db)
    with pytest.raises(ValidationError) as exc:
        calls.record_outcome(db, w.agent, clock, task_id=w.task_id,
                             payload=outcome(disposition="callback", callback_at="2026-06-16 22:30"))
    assert "not in the member's calling window" in exc.value.errors["callback_at"]
    assert snapshot(db) == before


def test_invalid_payload_writes_nothing_not_even_a_claim(db, clock):
    w = build_world(db, clock)
    before = snapshot(db)
    with pytest.raises(ValidationError) as exc:
        calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(satisfaction=0))
    assert exc.value.errors == {"satisfaction": "must be a whole number from 1 to 10, got 0"}
    assert snapshot(db) == before


@pytest.mark.parametrize("category, severity, department, hours", [
    ("quality", "normal", "quality", 24), ("usage", "normal", "service", 24),
    ("logistics", "urgent", "logistics", 2), ("service", "normal", "service", 24),
    ("stock_out", "normal", "supply_chain", 24), ("counterfeit", "urgent", "technology", 2),
])
def test_a_complaint_opens_a_ticket_routed_by_category_with_its_sla(db, clock, category, severity, department, hours):
    w = build_world(db, clock)
    result = calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(
        satisfaction=3, complaint={"category": category, "severity": severity, "text": "问题描述"}))
    assert result.changes.tickets
    with db.session() as s:
        ticket = s.get(Ticket, result.ticket_ids[0])
        assert (ticket.category, ticket.severity, ticket.department, ticket.status) == (category, severity, department, "open")
        assert ticket.sla_due_at - ticket.opened_at == timedelta(hours=hours)
        assert (ticket.call_id, ticket.description) == (result.call_id, "问题描述")


def test_severe_reaction_opens_an_urgent_medical_ticket_and_flags_the_member(db, clock):
    w = build_world(db, clock)
    result = calls.record_outcome(db, w.agent, clock, task_id=w.task_id,
                                  payload=outcome(adverse_reaction="severe", notes="服用后出现皮疹和呼吸困难"))
    with db.session() as s:
        ticket = s.get(Ticket, result.ticket_ids[0])
        assert (ticket.department, ticket.severity, ticket.category) == ("medical", "urgent", "adverse_reaction")
        assert ticket.sla_due_at == clock.now() + timedelta(hours=2)
        assert ticket.description == "服用后出现皮疹和呼吸困难"
        assert s.get(Member, w.member_id).medical_flag is True


def test_mild_reaction_records_relief_advice_and_a_follow_up_in_three_days(db, clock):
    w = build_world(db, clock)
    result = calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(adverse_reaction="mild"))
    assert result.ticket_ids == ()
    with db.session() as s:
        message = s.scalars(select(OutboundMessage)).one()
        assert (message.kind, message.member_id, message.task_id) == ("relief_advice", w.member_id, w.task_id)
        follow = s.get(FollowUpTask, result.created_task_ids[0])
        assert (follow.reason, follow.status, follow.detail["follow_up"]) == ("effect_check", "open", "mild_reaction")
        assert follow.due_at == datetime(2026, 6, 18, tzinfo=clock.tz).astimezone(UTC)
        assert s.get(Member, w.member_id).medical_flag is False


def test_remaining_quantity_moves_the_refill_call_before_the_new_run_out(db, clock):
    w = build_world(db, clock)
    result = calls.record_outcome(db, w.agent, clock, task_id=w.task_id,
                                  payload=outcome(remaining_days=12, refill_intent=None))
    with db.session() as s:
        task = s.get(FollowUpTask, result.created_task_ids[0])
        assert (task.reason, task.status, task.product_id) == ("refill", "open", w.product_id)
        assert task.detail["runout"] == "2026-06-27" and task.detail["reported"] is True
        assert task.due_at == datetime(2026, 6, 22, tzinfo=clock.tz).astimezone(UTC)  # 5 days before
        assert s.get(Call, result.call_id).remaining_days == 12
        assert s.scalar(select(func.count()).select_from(RefillRequest)) == 0


def test_remaining_quantity_with_a_refill_request_books_no_new_refill_call(db, clock):
    w = build_world(db, clock)
    result = calls.record_outcome(db, w.agent, clock, task_id=w.task_id,
                                  payload=outcome(remaining_days=12, refill_intent=True))
    assert result.created_task_ids == ()
    assert count(db, RefillRequest) == 1


def test_do_not_call_withdraws_consent_and_cancels_every_open_task(db, clock):
    w = build_world(db, clock, extra_reasons=("care_moment",))
    with db.session(write=True) as s:  # a task not yet due is cancelled too
        from app.services.queue import upsert_task
        upsert_task(s, clock, member_id=w.member_id, reason="cadence", due_at=clock.now() + timedelta(days=9))
    calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(disposition="do_not_call"))
    with db.session() as s:
        member = s.get(Member, w.member_id)
        assert (member.do_not_call, member.consent) == (True, False)
        assert {(t.status, t.close_reason) for t in s.scalars(select(FollowUpTask))} == {("cancelled", "do_not_call")}
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "member.consent_withdrawn")) == 1


def test_wrong_number_without_another_number_flags_it_and_closes_the_tasks(db, clock):
    w = build_world(db, clock)
    calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(disposition="wrong_number"))
    with db.session() as s:
        assert s.get(Member, w.member_id).phone_e164 is None
        assert s.scalars(select(FollowUpTask.status)).all() == ["cancelled"]
        flagged = s.scalars(select(AuditEntry).where(AuditEntry.action == "member.phone_flagged")).one()
        assert flagged.detail["wrong_number"] == "+8613812345678"


def test_wrong_number_with_an_alternative_keeps_the_tasks_for_the_other_number(db, clock):
    w = build_world(db, clock, phone_alt="+8613900001111")
    calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(disposition="wrong_number"))
    with db.session() as s:
        member = s.get(Member, w.member_id)
        assert (member.phone_e164, member.phone_alt_e164) == ("+8613900001111", None)
        task = s.get(FollowUpTask, w.task_id)
        assert (task.status, task.claimed_by_id) == ("open", None)


def test_refused_closes_the_task_without_points_or_consent_change(db, clock):
    w = build_world(db, clock)
    calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(disposition="refused"))
    with db.session() as s:
        assert s.get(FollowUpTask, w.task_id).close_reason == "refused"
        member = s.get(Member, w.member_id)
        assert (member.points_balance, member.do_not_call, member.consent) == (0, False, True)


def test_refuses_when_another_agent_holds_the_task_and_writes_nothing(db, clock):
    w = build_world(db, clock)
    queue.claim_task(db, w.other, clock, w.task_id)
    before = snapshot(db)
    with pytest.raises(Conflict):
        calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(satisfaction=8))
    assert snapshot(db) == before


def test_a_closed_task_cannot_take_a_new_outcome(db, clock):
    w = build_world(db, clock)
    calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome())
    with pytest.raises(Conflict, match="already done"):
        calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome())


@pytest.mark.parametrize("step", ["open_ticket_in", "upsert_task", "complete_tasks"])
def test_when_one_step_fails_nothing_of_the_save_is_written(db, clock, monkeypatch, step):
    w = build_world(db, clock)
    queue.claim_task(db, w.agent, clock, w.task_id)  # the claim is its own unit of work
    before = snapshot(db)

    def broken(*args, **kwargs):
        raise RuntimeError(f"{step} failed")

    monkeypatch.setattr(calls_save, step, broken)
    payload = outcome(satisfaction=3, refill_intent=True, remaining_days=20, adverse_reaction="mild",
                      complaint={"category": "logistics", "severity": "urgent", "text": "破损"})
    with pytest.raises(RuntimeError):
        calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=payload)
    assert snapshot(db) == before
    monkeypatch.undo()
    result = calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=payload)
    assert not result.duplicate and len(result.ticket_ids) == 1


def test_two_concurrent_saves_of_the_same_outcome_record_it_once(db, clock):
    import threading

    w = build_world(db, clock)
    payload = outcome(satisfaction=8, complaint={"category": "service", "severity": "normal", "text": "态度"})
    results, errors = [], []
    start = threading.Barrier(2)

    def save():
        start.wait()
        try:
            results.append(calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=payload))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=save) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(r.duplicate for r in results) == [False, True]
    assert len({r.call_id for r in results}) == 1
    assert count(db, Call) == 1 and count(db, Ticket) == 1 and count(db, PointsEntry) == 1


def test_call_and_after_call_durations_are_stored_for_handle_time(db, clock):
    w = build_world(db, clock)
    payload = outcome(satisfaction=8, call_seconds=245, wrap_seconds=40)
    result = calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=payload)
    with db.session() as s:
        call = s.get(Call, result.call_id)
        assert call.saved_at == clock.now()
        assert call.ended_at == clock.now() - timedelta(seconds=40)
        assert call.started_at == clock.now() - timedelta(seconds=285)
        assert call.wrap_seconds == 40


def test_negative_durations_are_refused_and_nothing_is_written(db, clock):
    w = build_world(db, clock)
    before = snapshot(db)
    with pytest.raises(ValidationError) as info:
        calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(call_seconds=-5))
    assert "call_seconds" in info.value.errors
    assert snapshot(db) == before


def test_the_recommendation_for_the_member_is_stored_apart_from_the_internal_notes(db, clock):
    w = build_world(db, clock)
    result = calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(
        notes="会员说胃不舒服，疑似空腹服用", recommendation="建议饭后服用鱼油，减少胃部不适"))
    with db.session() as s:
        call = s.get(Call, result.call_id)
        assert (call.notes, call.recommendation) == ("会员说胃不舒服，疑似空腹服用", "建议饭后服用鱼油，减少胃部不适")


def test_a_recommendation_that_is_not_text_is_a_field_error(db, clock):
    w = build_world(db, clock)
    with pytest.raises(ValidationError) as exc:
        calls.record_outcome(db, w.agent, clock, task_id=w.task_id, payload=outcome(recommendation=42))
    assert exc.value.errors == {"recommendation": "must be text"}

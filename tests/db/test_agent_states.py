"""Agent states on both engines: a pause needs a reason, a paused agent takes no claims,
the supervisor's board shows each agent's state with the time in it."""

from datetime import timedelta

import pytest

from app.domain.clock import Clock
from app.services import telephony
from app.services.errors import PermissionDenied, ValidationError
from tests.support.call_world import build_world


def test_paused_agent_takes_no_claims_until_ready_again(db, clock):
    w = build_world(db, clock)
    with db.session() as s:
        assert telephony.may_take_claims(s, w.agent.id)  # never set: ready
    telephony.set_agent_state(db, w.agent, clock, "paused", reason="lunch")
    with db.session() as s:
        assert not telephony.may_take_claims(s, w.agent.id) and telephony.may_take_claims(s, w.other.id)
    telephony.set_agent_state(db, w.agent, clock, "ready")
    with db.session() as s:
        assert telephony.may_take_claims(s, w.agent.id)


def test_a_pause_without_a_listed_reason_is_refused(db, clock):
    w = build_world(db, clock)
    with pytest.raises(ValidationError):
        telephony.set_agent_state(db, w.agent, clock, "paused")
    with pytest.raises(ValidationError, match="nap"):
        telephony.set_agent_state(db, w.agent, clock, "paused", reason="nap")


def test_board_shows_state_reason_and_time_in_state_and_totals_split_by_reason(db, clock):
    w = build_world(db, clock)
    telephony.set_agent_state(db, w.agent, clock, "paused", reason="training")
    later = Clock(tz=clock.tz, fixed_at=clock.now() + timedelta(minutes=5))
    telephony.set_agent_state(db, w.agent, later, "ready")
    latest = Clock(tz=clock.tz, fixed_at=later.now() + timedelta(seconds=30))
    rows = {r.username: r for r in telephony.agent_board(db, w.supervisor, latest)}
    assert (rows["li"].state, rows["li"].seconds_in_state) == ("ready", 30.0)
    assert telephony.time_in_states(db, w.supervisor, latest, w.agent.id,
                                    since=clock.now()) == {"paused:training": 300.0, "ready": 30.0}
    with pytest.raises(PermissionDenied):
        telephony.agent_board(db, w.agent, latest)


def test_the_floor_shows_the_recorded_state_with_its_time_and_the_reason(db, clock):
    from app.services import dashboard

    w = build_world(db, clock)
    telephony.set_agent_state(db, w.agent, clock, "paused", reason="meeting")
    later = Clock(tz=clock.tz, fixed_at=clock.now() + timedelta(minutes=2))
    ticket = telephony.prepare_dial(db, w.other, later, task_id=w.task_id, adapter="handoff")
    latest = Clock(tz=clock.tz, fixed_at=later.now() + timedelta(seconds=45))
    rows = {r.name: r for r in dashboard.agents_table(db, w.supervisor, latest)}
    li, zhang = rows["li"], rows["zhang"]
    assert (li.status, li.pause_reason, li.state_since) == ("paused", "meeting", clock.now())
    assert (zhang.status, zhang.state_since) == ("on_call", later.now())
    assert telephony.my_state(db, w.other, latest).seconds_in_state == 45.0
    assert ticket.call_ref


def test_a_pause_picked_during_wrap_up_outlasts_the_save(db, clock):
    from app.domain.telephony import CallSummary, HungUpBy, ProposedOutcome

    w = build_world(db, clock)
    ticket = telephony.prepare_dial(db, w.agent, clock, task_id=w.task_id, adapter="handoff")
    telephony.record_call_end(db, w.agent, clock, call_ref=ticket.call_ref,
                              summary=CallSummary(False, 3.0, 0.0, 486, HungUpBy.MEMBER), proposal=ProposedOutcome(None, 0.0))
    assert telephony.my_state(db, w.agent, clock).state == "wrap_up"
    telephony.set_agent_state(db, w.agent, clock, "paused", reason="break")
    telephony.end_wrap_up(db, w.agent, clock, call_ref=ticket.call_ref)  # as the outcome's save does
    row = telephony.my_state(db, w.agent, clock)
    assert (row.state, row.reason) == ("paused", "break")


def test_a_hand_off_keeps_the_agent_on_call_until_the_save(db, clock):
    from app.data.telephony import PhoneCall
    from app.domain.telephony import CallSummary, ProposedOutcome

    w = build_world(db, clock)
    ticket = telephony.prepare_dial(db, w.agent, clock, task_id=w.task_id, adapter="handoff")
    telephony.record_call_end(db, w.agent, clock, call_ref=ticket.call_ref,
                              summary=CallSummary(False, 0.0, 0.0, None, None), proposal=ProposedOutcome(None, 0.0))
    assert telephony.my_state(db, w.agent, clock).state == "on_call"  # talking in the phone app
    assert telephony.end_wrap_up(db, w.agent, clock, call_ref=ticket.call_ref) == 0.0
    assert telephony.my_state(db, w.agent, clock).state == "ready"
    with db.session() as s:
        dial = s.query(PhoneCall).one()
        assert (dial.ended_at, dial.wrap_seconds) == (None, None)  # nothing measured, nothing made up

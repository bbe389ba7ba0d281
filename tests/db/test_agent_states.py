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

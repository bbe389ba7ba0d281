"""The telephony port's rule: an ended call becomes the disposition the issue lists, with
the measured talk time; the tracker measures ringing and talk from the events alone."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.agent_states import AgentState, PauseReason, check_transition, takes_claims
from app.domain.codes import Disposition
from app.domain.telephony import (
    CallEvent, CallEventKind, CallSummary, CallTracker, DialRequest, HungUpBy,
    propose_disposition, sip_status_of,
)

K = CallEventKind


def ended(status=None, *, answered=False, ringing=3.0, talk=0.0, by=HungUpBy.MEMBER):
    return CallSummary(answered=answered, ringing_seconds=ringing, talk_seconds=talk,
                       sip_status=status, hung_up_by=by)


@pytest.mark.parametrize("status, expected", [
    (486, Disposition.BUSY), (600, Disposition.BUSY),
    (480, Disposition.NO_ANSWER), (408, Disposition.NO_ANSWER), (487, Disposition.NO_ANSWER),
    (404, Disposition.WRONG_NUMBER), (484, Disposition.WRONG_NUMBER), (604, Disposition.WRONG_NUMBER),
])
def test_each_listed_sip_status_proposes_its_disposition(status, expected):
    proposal = propose_disposition(ended(status), no_answer_seconds=30)
    assert proposal.disposition is expected
    assert proposal.talk_seconds == 0.0


def test_answered_call_is_reached_with_its_talk_time_whoever_hung_up():
    for by in HungUpBy:
        proposal = propose_disposition(ended(200, answered=True, talk=83.5, by=by))
        assert (proposal.disposition, proposal.talk_seconds) == (Disposition.REACHED, 83.5)


def test_ringing_past_the_timeout_is_no_answer_and_short_of_it_proposes_nothing():
    assert propose_disposition(ended(None, ringing=30.0), no_answer_seconds=30).disposition is Disposition.NO_ANSWER
    assert propose_disposition(ended(None, ringing=29.9), no_answer_seconds=30).disposition is None
    assert propose_disposition(ended(503, ringing=2), no_answer_seconds=30).disposition is None


@given(status=st.one_of(st.none(), st.integers(300, 699)), ringing=st.floats(0, 600),
       talk=st.floats(0, 7200), answered=st.booleans(), timeout=st.floats(1, 120))
def test_rule_over_any_ended_call(status, ringing, talk, answered, timeout):
    proposal = propose_disposition(ended(status, answered=answered, ringing=ringing, talk=talk),
                                   no_answer_seconds=timeout)
    if answered:
        assert proposal.disposition is Disposition.REACHED and proposal.talk_seconds == talk
        return
    assert proposal.talk_seconds == 0.0
    listed = {486: "busy", 600: "busy", 480: "no_answer", 408: "no_answer", 487: "no_answer",
              404: "wrong_number", 484: "wrong_number", 604: "wrong_number"}
    if status in listed:
        assert proposal.disposition == listed[status]
    elif ringing >= timeout:
        assert proposal.disposition is Disposition.NO_ANSWER
    else:
        assert proposal.disposition is None


def test_tracker_measures_ringing_and_talk():
    tracker = CallTracker()
    for event in (CallEvent(K.DIALLING, 10.0), CallEvent(K.RINGING, 10.5), CallEvent(K.ANSWERED, 14.0),
                  CallEvent(K.ENDED, 97.0, sip_status=None, hung_up_by=HungUpBy.MEMBER)):
        assert tracker.feed(event)
    summary = tracker.summary()
    assert summary.answered and summary.ringing_seconds == 4.0 and summary.talk_seconds == 83.0
    assert summary.hung_up_by is HungUpBy.MEMBER


def test_tracker_shows_time_in_the_current_state():
    tracker = CallTracker()
    tracker.feed(CallEvent(K.DIALLING, 0.0))
    tracker.feed(CallEvent(K.RINGING, 1.0))
    assert tracker.seconds_in_state(5.0) == 4.0
    tracker.feed(CallEvent(K.ANSWERED, 6.0))
    assert tracker.seconds_in_state(89.0) == 83.0


events = st.lists(st.builds(CallEvent, kind=st.sampled_from(list(K)), at=st.floats(0, 1000)), max_size=8)


@given(events)
def test_tracker_never_goes_back_and_freezes_after_end(seq):
    tracker = CallTracker()
    order = [None, K.DIALLING, K.RINGING, K.ANSWERED, K.ENDED]
    for event in sorted(seq, key=lambda e: e.at):
        before = tracker.state
        tracker.feed(event)
        assert order.index(tracker.state) >= order.index(before)
        if before is K.ENDED:
            assert tracker.state is K.ENDED
    if tracker.state is not None:
        summary = tracker.summary()
        assert summary.ringing_seconds >= 0 and summary.talk_seconds >= 0
        assert summary.talk_seconds == 0 or summary.answered


def test_a_late_ringing_after_the_answer_changes_nothing():
    tracker = CallTracker()
    tracker.feed(CallEvent(K.ANSWERED, 2.0))
    assert not tracker.feed(CallEvent(K.RINGING, 3.0))
    assert tracker.state is K.ANSWERED


def test_dial_request_never_shows_the_number():
    request = DialRequest(call_ref="c1", task_id=7, number="+8613812345678")
    assert "13812345678" not in repr(request)


@pytest.mark.parametrize("text, status", [("486 Busy Here", 486), ("404 Not Found", 404),
                                          ("Connection reset by peer", None), ("", None), ("200", None)])
def test_sip_status_read_from_the_softphone_reason(text, status):
    assert sip_status_of(text) == status


def test_paused_agents_take_no_claims_and_a_pause_needs_a_reason():
    assert not takes_claims(AgentState.PAUSED)
    assert takes_claims(AgentState.READY) and takes_claims(None) and takes_claims("wrap_up")
    assert check_transition(AgentState.PAUSED, "lunch") is PauseReason.LUNCH
    with pytest.raises(ValueError):
        check_transition(AgentState.PAUSED, None)
    with pytest.raises(ValueError):
        check_transition(AgentState.READY, "lunch")


def test_handoff_opens_a_tel_or_sip_link_and_ends_with_nothing_proposed():
    from app.telephony import HandoffPhone, handoff_uri

    opened, events = [], []
    phone = HandoffPhone(lambda uri: opened.append(uri) or True)
    phone.dial(DialRequest(call_ref="c1", task_id=1, number="+8613812345678"), events.append)
    assert opened == ["tel:+8613812345678"]
    assert [e.kind for e in events] == [K.DIALLING, K.ENDED]
    tracker = CallTracker()
    for event in events:
        tracker.feed(event)
    assert propose_disposition(tracker.summary()).disposition is None
    assert handoff_uri("+8613812345678", sip_domain="pbx.example") == "sip:+8613812345678@pbx.example"


def test_handoff_without_a_handler_is_a_clear_error():
    from app.domain.telephony import TelephonyUnavailable
    from app.telephony import HandoffPhone

    with pytest.raises(TelephonyUnavailable):
        HandoffPhone(lambda uri: False).dial(DialRequest(call_ref="c1", task_id=1, number="+86138"), lambda e: None)

"""The dialer service on both engines against real peers: each SIPp scenario ends in the
right proposed disposition with measured times stored; a dial that breaks a rule reaches
no peer; every dial is audited with the number masked; agent states follow the call."""

import os
import threading
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.data.tables import AuditEntry, Call, FollowUpTask
from app.data.telephony import AgentStatePeriod, PhoneCall
from app.domain.clock import Clock
from app.services import telephony
from app.services.telephony import DialRefused, Dialer
from tests.support.call_world import build_world

pytestmark = pytest.mark.sip


class Updates:
    def __init__(self) -> None:
        self.items = []
        self.ended = threading.Event()
        self.answered = threading.Event()

    def __call__(self, update) -> None:
        self.items.append(update)
        if update.event.kind == "answered":
            self.answered.set()
        if update.event.kind == "ended":
            self.ended.set()

    @property
    def last(self):
        return self.items[-1]


def dialer_for(db, clock, actor, phone, **kwargs):
    updates = Updates()
    return Dialer(db, actor, clock, phone, adapter="baresip", on_update=updates, **kwargs), updates


@pytest.mark.parametrize("scenario, disposition, hung_up_by, status, answered", [
    ("busy", "busy", "member", 486, False),
    ("unavailable", "no_answer", "member", 480, False),
    ("not_found", "wrong_number", "member", 404, False),
    ("answer_member_hangs_up", "reached", "member", 200, True),
])
def test_each_peer_scenario_ends_in_its_disposition_with_times_stored(
        db, clock, sipp, make_phone, scenario, disposition, hung_up_by, status, answered):
    w = build_world(db, clock)
    peer = sipp(scenario)
    dialer, updates = dialer_for(db, clock, w.agent, make_phone(peer))
    ticket = dialer.dial(w.task_id)
    assert updates.ended.wait(15)
    end = updates.last
    assert end.proposal.disposition == disposition
    assert (end.summary.sip_status, end.summary.hung_up_by) == (status, hung_up_by)
    assert peer.wait() == 0
    with db.session() as s:
        row = s.scalar(select(PhoneCall).where(PhoneCall.call_ref == ticket.call_ref))
        assert (row.proposed_disposition, row.sip_status, row.hung_up_by, row.answered) == (
            disposition, status, hung_up_by, answered)
        assert row.ringing_seconds >= 0.25 and (row.talk_seconds >= 1.3 if answered else row.talk_seconds == 0)
        assert s.get(FollowUpTask, w.task_id).claimed_by_id == w.agent.id
        state = s.scalar(select(AgentStatePeriod).where(AgentStatePeriod.ended_at.is_(None)))
        assert (state.state, state.call_ref) == ("wrap_up", ticket.call_ref)


def test_agent_hangs_up_a_reached_call(db, clock, sipp, make_phone):
    w = build_world(db, clock)
    peer = sipp("answer_agent_hangs_up")
    dialer, updates = dialer_for(db, clock, w.agent, make_phone(peer))
    dialer.dial(w.task_id)
    assert updates.answered.wait(10)
    threading.Event().wait(1.0)
    dialer.hang_up()
    assert updates.ended.wait(10)
    assert updates.last.proposal.disposition == "reached" and updates.last.summary.hung_up_by == "agent"
    assert updates.last.proposal.talk_seconds >= 0.9
    assert peer.wait() == 0


def test_ringing_past_the_timeout_is_hung_up_as_no_answer(db, clock, sipp, make_phone):
    w = build_world(db, clock)
    peer = sipp("ring_forever")
    dialer, updates = dialer_for(db, clock, w.agent, make_phone(peer), no_answer_seconds=1.0)
    dialer.dial(w.task_id)
    assert updates.ended.wait(10)
    end = updates.last
    assert (end.proposal.disposition, end.summary.hung_up_by, end.summary.sip_status) == ("no_answer", "timeout", 487)
    assert end.summary.ringing_seconds >= 1.0
    assert peer.wait() == 0  # the peer saw the CANCEL


def test_softphone_killed_mid_call_keeps_the_talk_time_and_says_who_ended_it(db, clock, sipp, make_phone):
    w = build_world(db, clock)
    peer = sipp("answer_agent_hangs_up")
    phone = make_phone(peer)
    dialer, updates = dialer_for(db, clock, w.agent, phone)
    ticket = dialer.dial(w.task_id)
    assert updates.answered.wait(10)
    threading.Event().wait(0.5)
    os.kill(phone.pid, 9)
    assert updates.ended.wait(10)
    assert updates.last.summary.hung_up_by == "softphone"
    assert updates.last.proposal.disposition == "reached" and updates.last.proposal.talk_seconds >= 0.4
    with db.session() as s:
        assert s.scalar(select(PhoneCall.hung_up_by).where(PhoneCall.call_ref == ticket.call_ref)) == "softphone"
    peer.wait()


def test_each_dial_is_audited_with_the_number_masked(db, clock, sipp, make_phone):
    w = build_world(db, clock)
    peer = sipp("busy")
    dialer, updates = dialer_for(db, clock, w.agent, make_phone(peer))
    ticket = dialer.dial(w.task_id)
    assert updates.ended.wait(15)
    assert "13812345678" not in repr(ticket) and ticket.masked_number == "138****5678"
    with db.session() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "dial"))
        assert (entry.user_id, entry.entity_id, entry.detail["call_ref"]) == (w.agent.id, str(w.member_id), ticket.call_ref)
        assert "13812345678" not in str(entry.detail)


def _do_not_call(s, w, clock):
    from app.data.tables import Member
    s.get(Member, w.member_id).do_not_call = True


def _reserved(s, w, clock):
    task = s.get(FollowUpTask, w.task_id)
    task.assigned_agent_id, task.owner_only_until = w.other.id, clock.now() + timedelta(hours=4)


def _over_cap(s, w, clock):
    for days in (1, 3):
        at = clock.now() - timedelta(days=days)
        s.add(Call(client_id=str(uuid.uuid4()), member_id=w.member_id, agent_id=w.other.id,
                   started_at=at, saved_at=at, disposition="reached"))


@pytest.mark.parametrize("breach, rule", [(_do_not_call, "do_not_call"), (_reserved, "reserved_for_owner"),
                                          (_over_cap, "contact_cap"), (None, "calling_window")])
def test_a_dial_that_breaks_a_rule_names_it_and_reaches_no_peer(db, clock, sipp, make_phone, breach, rule):
    w = build_world(db, clock)
    if breach is not None:
        with db.session(write=True) as s:
            breach(s, w, clock)
    at = clock if breach is not None else Clock(tz=clock.tz, fixed_at=clock.now().replace(hour=14))  # 22:00 local
    peer = sipp("busy")
    dialer, updates = dialer_for(db, at, w.agent, make_phone(peer))
    with pytest.raises(DialRefused) as refused:
        dialer.dial(w.task_id)
    assert refused.value.rule == rule
    assert updates.items == [] and not dialer.in_call
    threading.Event().wait(0.5)
    assert peer.invites_received() == 0
    with db.session() as s:
        assert s.scalars(select(PhoneCall)).all() == []
        assert s.get(FollowUpTask, w.task_id).claimed_by_id is None
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "dial")).all() == []


def test_wrap_up_is_measured_from_hang_up_to_saving_and_the_agent_is_ready_again(db, clock, sipp, make_phone):
    w = build_world(db, clock)
    peer = sipp("busy")
    dialer, updates = dialer_for(db, clock, w.agent, make_phone(peer))
    ticket = dialer.dial(w.task_id)
    assert updates.ended.wait(15)
    later = Clock(tz=clock.tz, fixed_at=clock.now() + timedelta(seconds=42))
    assert telephony.end_wrap_up(db, w.agent, later, call_ref=ticket.call_ref) == 42.0
    board = {r.username: r for r in telephony.agent_board(db, w.supervisor, later)}
    assert board["li"].state == "ready" and board["zhang"].state == "ready"
    totals = telephony.time_in_states(db, w.agent, later, w.agent.id, since=clock.now() - timedelta(hours=1))
    assert totals["wrap_up"] == 42.0

"""The baresip adapter against SIPp on loopback: each scenario's events, measured times and
SIP result; a dead or missing softphone is a status and an error, never a hang."""

import os
import threading

import pytest

from app.domain.telephony import (
    CallEventKind, CallTracker, DialRequest, HungUpBy, PhoneStatus, TelephonyUnavailable,
)
from app.telephony import BaresipPhone, SipAccount

pytestmark = pytest.mark.sip
K = CallEventKind
NUMBER = "+8613812345678"


class Recorder:
    def __init__(self) -> None:
        self.events = []
        self.tracker = CallTracker()
        self.ended = threading.Event()
        self.answered = threading.Event()

    def __call__(self, event) -> None:
        self.events.append(event)
        self.tracker.feed(event)
        if event.kind is K.ANSWERED:
            self.answered.set()
        if event.kind is K.ENDED:
            self.ended.set()

    @property
    def kinds(self):
        return [e.kind for e in self.events]

    @property
    def last(self):
        return self.events[-1]


def call(phone, peer, *, hang_up_after=None, kill_after_answer=False) -> Recorder:
    rec = Recorder()
    phone.dial(DialRequest(call_ref="c-1", task_id=1, number=NUMBER), rec)
    if kill_after_answer:
        assert rec.answered.wait(10)
        os.kill(phone.pid, 9)
    elif hang_up_after is not None:
        assert rec.answered.wait(10) if hang_up_after == "answer" else True
        threading.Event().wait(0.8)
        phone.hang_up()
    assert rec.ended.wait(15), rec.kinds
    return rec


@pytest.mark.parametrize("scenario, status", [("busy", 486), ("unavailable", 480), ("not_found", 404)])
def test_refusals_end_with_the_peers_sip_status_and_the_member_as_the_one_who_ended(sipp, make_phone, scenario, status):
    peer = sipp(scenario)
    phone = make_phone(peer)
    rec = call(phone, peer)
    assert rec.kinds == [K.DIALLING, K.RINGING, K.ENDED]
    assert (rec.last.sip_status, rec.last.hung_up_by) == (status, HungUpBy.MEMBER)
    assert peer.wait() == 0
    assert peer.invites_received() == 1
    summary = rec.tracker.summary()
    assert not summary.answered and summary.talk_seconds == 0 and summary.ringing_seconds >= 0.25


def test_member_hangs_up_after_talking(sipp, make_phone):
    peer = sipp("answer_member_hangs_up")
    rec = call(make_phone(peer), peer)
    assert rec.kinds == [K.DIALLING, K.RINGING, K.ANSWERED, K.ENDED]
    assert (rec.last.sip_status, rec.last.hung_up_by) == (200, HungUpBy.MEMBER)
    summary = rec.tracker.summary()
    # The scenario rings 0.5 s and talks 1.5 s.
    assert summary.ringing_seconds >= 0.4 and summary.talk_seconds >= 1.3
    assert peer.wait() == 0


def test_agent_hangs_up_a_call_in_progress(sipp, make_phone):
    peer = sipp("answer_agent_hangs_up")
    rec = call(make_phone(peer), peer, hang_up_after="answer")
    assert rec.kinds == [K.DIALLING, K.RINGING, K.ANSWERED, K.ENDED]
    assert (rec.last.sip_status, rec.last.hung_up_by) == (200, HungUpBy.AGENT)
    assert rec.tracker.summary().talk_seconds >= 0.7
    assert peer.wait() == 0  # the peer got the BYE and answered it


def test_hanging_up_while_it_rings_cancels_with_487(sipp, make_phone):
    peer = sipp("ring_forever")
    rec = call(make_phone(peer), peer, hang_up_after="ringing")
    assert rec.kinds == [K.DIALLING, K.RINGING, K.ENDED]
    assert (rec.last.sip_status, rec.last.hung_up_by) == (487, HungUpBy.AGENT)
    assert peer.wait() == 0  # the peer got the CANCEL


def test_softphone_killed_mid_call_ends_the_call_and_reports_dead(sipp, make_phone):
    peer = sipp("answer_agent_hangs_up")
    statuses = []
    phone = make_phone(peer, on_status=lambda status, detail: statuses.append(status))
    rec = call(phone, peer, kill_after_answer=True)
    assert rec.last.hung_up_by is HungUpBy.SOFTPHONE
    assert rec.tracker.summary().answered
    assert phone.status is PhoneStatus.DEAD and statuses[-1] is PhoneStatus.DEAD
    peer.wait()  # the orphaned peer times out on its own: nothing is left running


def test_the_number_never_reaches_the_softphone_output_kept_for_diagnosis(sipp, make_phone):
    peer = sipp("busy")
    phone = make_phone(peer)
    call(phone, peer)
    assert NUMBER in peer.numbers_seen()  # the full number did go to the peer
    assert not any("13812345678" in line for line in phone._output)


def test_a_missing_softphone_binary_is_a_clear_error(tmp_path):
    phone = BaresipPhone(SipAccount(user="a", domain="127.0.0.1"), binary=str(tmp_path / "no-baresip"))
    with pytest.raises(TelephonyUnavailable, match="cannot start"):
        phone.start()
    assert phone.status is PhoneStatus.DEAD
    assert phone._folder is None  # the config folder (it may hold a password) is gone


def test_a_softphone_that_exits_at_once_is_reported_without_waiting_out_the_timeout(sip_tools, tmp_path):
    fake = tmp_path / "fake-baresip"
    fake.write_text("#!/bin/sh\necho 'module ctrl_tcp: failed to listen'\nexit 3\n")
    fake.chmod(0o755)
    phone = BaresipPhone(SipAccount(user="a", domain="127.0.0.1"), binary=str(fake), start_timeout=60)
    with pytest.raises(TelephonyUnavailable, match="exit 3"):
        phone.start()
    phone.close()


def test_a_dropped_control_link_is_reconnected_with_backoff_and_calls_still_work(sipp, make_phone):
    import socket
    import time

    peer = sipp("busy")
    statuses = []
    phone = make_phone(peer, on_status=lambda status, detail: statuses.append(status))
    phone.start()
    # ctrl_tcp keeps one connection: a second client takes it over and ours drops.
    intruder = socket.create_connection(("127.0.0.1", phone._ctrl_port))
    deadline = time.monotonic() + 10
    while PhoneStatus.RECONNECTING not in statuses and time.monotonic() < deadline:
        time.sleep(0.02)
    intruder.close()
    while phone.status is not PhoneStatus.READY and time.monotonic() < deadline:
        time.sleep(0.02)
    assert statuses[-2:] == [PhoneStatus.RECONNECTING, PhoneStatus.READY]
    rec = call(phone, peer)
    assert rec.last.sip_status == 486


def test_a_sip_port_already_taken_is_a_clear_error_not_a_hang(sip_tools):
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        phone = BaresipPhone(SipAccount(user="a", domain="127.0.0.1", register=False),
                             sip_listen=f"127.0.0.1:{port}", silence_seconds=1)
        with pytest.raises(TelephonyUnavailable, match="Address already in use"):
            phone.start()
        assert phone.status is PhoneStatus.DEAD
        phone.close()

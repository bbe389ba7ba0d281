"""The phone in the workstation, against real peers (baresip dialling a SIPp member on
loopback): F5 dials the member of the call in progress, the state shows on the strip and in
the agent's state, hang-up (F8) pre-fills the form and starts after-call work, a no-answer
call is saved with two keys (F5, Ctrl+S) as the dial's row; the no-answer timeout is the
settings'; without a SIP account the number goes to the system's phone app and the call is
logged by hand."""

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget
from sqlalchemy import select

from app.data.tables import Call
from app.data.telephony import AgentStatePeriod, PhoneCall
from app.telephony import HandoffPhone
from tests.support.call_world import build_world
from tests.telephony.conftest import make_phone, sip_tools, sipp  # noqa: F401  (fixtures)
from tests.ui.conftest import activate
from tests.ui.test_workstation_calls import press
from ui.call.timers import Phase
from ui.mainwindow import MainWindow
from ui.settings import NO_ANSWER_SECONDS

CTRL = Qt.KeyboardModifier.ControlModifier


def open_call(qtbot, ctx):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.reload()
    ws = window.workstation
    ws.calls.confirm = lambda _text: True
    qtbot.waitUntil(lambda: ws.queue.model.rowCount() > 0, timeout=10000)
    press(qtbot, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: ws.call is not None, timeout=10000)
    return window, ws


@pytest.fixture
def phone_window(qtbot, db, clock, make_ctx, sipp, make_phone):
    """A main window whose phone is baresip aimed at a SIPp peer playing `scenario`."""
    windows = []

    def build(scenario, options=()):
        w = build_world(db, clock)
        peer = sipp(scenario)
        ctx = dataclasses.replace(make_ctx(w.agent),
                                  phone=lambda on_status: (make_phone(peer, on_status=on_status), "baresip"))
        for option, value in options:  # before the window: its dialer reads them when made
            ctx.settings.set(option, value)
        window, ws = open_call(qtbot, ctx)
        windows.append(window)
        texts: list[str] = []
        ws.call_strip.state_shown.connect(texts.append)
        return ws, peer, w, texts

    yield build
    for window in windows:
        window.workstation.shutdown()


def _texts(widget: QWidget) -> list[str]:
    texts = [widget.toolTip()]
    if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
        texts.append(widget.text())
    return texts


def states(db, agent_id) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(AgentStatePeriod.state).where(AgentStatePeriod.agent_id == agent_id)
                              .order_by(AgentStatePeriod.id)))


@pytest.mark.sip
def test_f5_dials_the_open_member_and_the_call_state_shows(qtbot, db, phone_window):
    ws, peer, w, texts = phone_window("answer_member_hangs_up")
    assert ws.call_strip.isVisible() and ws.call_strip.state_label.text() == "Phone ready"
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: any(t.startswith("talking") for t in texts), timeout=15000)
    assert texts[0] == "dialling" and any(t.startswith("ringing 0:0") for t in texts)
    assert ws.agent_state.currentText() == "On call"
    qtbot.waitUntil(lambda: ws.form.disposition == "reached", timeout=15000)  # the member hung up
    assert ws.call_strip.state_label.text() == "ended: Reached"
    assert ws.timers.phase is Phase.WRAP and ws.agent_state.currentText() == "Wrap-up"
    assert states(db, w.agent.id) == ["on_call", "wrap_up"]
    # The full number went to the softphone only: no text on the window shows it.
    shown = [t for widget in ws.window().findChildren(QWidget) for t in _texts(widget)]
    assert any("138****5678" in t for t in shown) and not any("13812345678" in t for t in shown + texts)


@pytest.mark.sip
def test_f8_hangs_up_prefills_the_form_and_the_save_carries_the_measured_call(qtbot, db, phone_window):
    ws, peer, w, texts = phone_window("answer_agent_hangs_up")
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: any(t.startswith("talking") for t in texts), timeout=15000)
    assert ws.timers.phase is Phase.CALL
    with qtbot.waitSignal(ws.call_strip.wrap_up_started, timeout=10000):
        press(qtbot, Qt.Key.Key_F8)
    assert ws.timers.phase is Phase.WRAP  # after-call work runs from the hang-up
    assert ws.form.disposition == "reached" and ws.calls.dialled.hung_up_by == "agent"
    assert peer.wait() == 0
    call_ref = ws.calls.dialled.call_ref
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: ws.call is None and not ws._saving, timeout=10000)
    with db.session() as s:
        call = s.scalar(select(Call).where(Call.task_id == w.task_id))
        dial = s.scalar(select(PhoneCall).where(PhoneCall.call_ref == call.client_id))
        assert call.client_id == call_ref and call.disposition == "reached"
        # The saved call spans the measured talk time, not the time the member was on screen.
        assert dial.talk_seconds > 0
        assert (call.ended_at - call.started_at).total_seconds() == round(dial.talk_seconds)
        assert dial.ringing_seconds > 0 and dial.wrap_seconds is not None and dial.hung_up_by == "agent"
    assert states(db, w.agent.id) == ["on_call", "wrap_up", "ready"]
    qtbot.waitUntil(lambda: ws.agent_state.currentText() == "Ready", timeout=5000)
    assert not ws.call_strip.isVisible()


@pytest.mark.sip
def test_a_no_answer_call_is_saved_with_two_keys(qtbot, db, phone_window):
    ws, peer, w, texts = phone_window("unavailable")
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: ws.form.disposition == "no_answer", timeout=15000)
    assert ws.call_strip.state_label.text() == "ended: No answer"
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: ws.call is None and not ws._saving, timeout=10000)
    with db.session() as s:
        call = s.scalar(select(Call).where(Call.task_id == w.task_id))
        assert call.disposition == "no_answer"
        dial = s.scalar(select(PhoneCall).where(PhoneCall.call_ref == call.client_id))
        assert (dial.sip_status, dial.proposed_disposition, dial.answered) == (480, "no_answer", False)


@pytest.mark.sip
def test_the_no_answer_timeout_from_the_settings_hangs_up_a_ringing_call(qtbot, db, phone_window):
    ws, peer, w, texts = phone_window("ring_forever", options=[(NO_ANSWER_SECONDS, 1)])
    press(qtbot, Qt.Key.Key_F5)
    # The peer rings until cancelled: only the dialer's timeout (1 s here, 30 by default) ends it.
    qtbot.waitUntil(lambda: ws.form.disposition == "no_answer", timeout=15000)
    assert ws.call_strip.state_label.text() == "ended: No answer"
    assert peer.wait() == 0  # the peer got the CANCEL
    with db.session() as s:
        dial = s.scalar(select(PhoneCall).where(PhoneCall.call_ref == ws.calls.dialled.call_ref))
        assert (dial.hung_up_by, dial.sip_status, dial.proposed_disposition) == ("timeout", 487, "no_answer")
        assert dial.ringing_seconds >= 1.0


@pytest.mark.sip
def test_leaving_the_member_mid_call_hangs_up_and_ends_the_wrap_up(qtbot, db, phone_window):
    ws, peer, w, texts = phone_window("answer_agent_hangs_up")
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: any(t.startswith("talking") for t in texts), timeout=15000)
    press(qtbot, Qt.Key.Key_R, CTRL)  # release: the member goes back, the phone hangs up
    qtbot.waitUntil(lambda: ws.call is None and not ws.call_strip.in_call, timeout=10000)
    qtbot.waitUntil(lambda: states(db, w.agent.id)[-1:] == ["ready"], timeout=10000)
    assert peer.wait() == 0
    softphone = ws.call_strip.dialer.phone._proc
    assert softphone is not None and softphone.poll() is None
    ws.window().close()  # closing (or rebuilding) the window stops the softphone it started
    assert softphone.poll() is not None


def test_without_a_sip_account_f5_hands_the_number_to_the_phone_app(qtbot, db, clock, make_ctx):
    w = build_world(db, clock)
    opened: list[str] = []
    ctx = dataclasses.replace(make_ctx(w.agent),
                              phone=lambda _status: (HandoffPhone(lambda uri: opened.append(uri) or True), "handoff"))
    window, ws = open_call(qtbot, ctx)
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: bool(opened) and ws.calls.dialled is not None, timeout=10000)
    assert opened[0].startswith("tel:+86") and "handed to the phone app" in ws.call_strip.state_label.text()
    assert ws.timers.phase is Phase.CALL and ws.form.disposition is None  # logged by hand, as before
    assert ws.agent_state.currentText() == "On call"  # talking in the phone app until the save
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # no answer
    assert ws.timers.phase is Phase.WRAP
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: ws.call is None and not ws._saving, timeout=10000)
    with db.session() as s:
        call = s.scalar(select(Call).where(Call.task_id == w.task_id))
        assert s.scalar(select(PhoneCall.adapter).where(PhoneCall.call_ref == call.client_id)) == "handoff"
    assert states(db, w.agent.id) == ["on_call", "ready"]
    window.workstation.shutdown()


def test_f5_only_dials_and_a_paused_agent_is_given_no_member(qtbot, db, clock, make_ctx):
    w = build_world(db, clock)
    window = MainWindow(make_ctx(w.agent))
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.reload()
    ws = window.workstation
    qtbot.waitUntil(lambda: ws.queue.model.rowCount() > 0, timeout=10000)
    press(qtbot, Qt.Key.Key_F5)  # no call open: F5 claims nobody
    qtbot.wait(200)
    assert ws.call is None and not ws._claiming
    assert ("F5", "Dial") in ws.shortcut_rows()
    with qtbot.waitSignal(ws.agent_state.changed, timeout=5000):
        ws.agent_state.activated.emit(ws.agent_state.findData("break"))
    press(qtbot, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: "paused" in ws.banner.text(), timeout=10000)
    assert ws.call is None
    window.workstation.shutdown()

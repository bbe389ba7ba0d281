"""pytest-qt, against real peers: F5 dials, the call state shows (dialling, ringing,
talking, ended), hang-up pre-fills the outcome form, and a no-answer call is saved with two
keys (F5, then Ctrl+S)."""

import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QVBoxLayout, QWidget
from sqlalchemy import select

from app.data.tables import Call
from app.data.telephony import PhoneCall
from app.services import calls
from app.services.telephony import Dialer
from tests.support.call_world import build_world
from tests.telephony.conftest import make_phone, sip_tools, sipp  # noqa: F401  (fixtures)
from tests.ui.conftest import activate
from ui.call.outcome_form import OutcomeForm
from ui.telephony.call_control import CallControl, call_clock
from ui.telephony.prefill import apply_prefill, payload_extras

pytestmark = pytest.mark.sip


class Harness(QWidget):
    """The wiring a workstation does: call strip over the form, prefill on end, Ctrl+S saves."""

    def __init__(self, db, clock, actor, runner, phone, task_id, *, no_answer_seconds=30.0):
        super().__init__()
        self.texts: list[str] = []
        self.prefilled = None
        self.saved = None
        self.control = CallControl(
            runner, lambda sink: Dialer(db, actor, clock, phone, adapter="baresip", on_update=sink,
                                        no_answer_seconds=no_answer_seconds),
            task_id=lambda: task_id, parent=self)
        phone.on_status = self.control.report_status
        self.form = OutcomeForm(clock, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.control)
        layout.addWidget(self.form)
        self.control.state_shown.connect(self.texts.append)
        self.control.prefill.connect(self._prefill)
        save = QAction(self)
        save.setShortcut(QKeySequence("Ctrl+S"))
        save.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        save.triggered.connect(lambda: self._save(db, clock, actor, task_id))
        self.addAction(save)

    def _prefill(self, prefill):
        self.prefilled = prefill
        apply_prefill(self.form, prefill)

    def _save(self, db, clock, actor, task_id):
        payload = {**self.form.draft(), "answers": {}, **payload_extras(self.prefilled)}
        self.saved = calls.record_outcome(db, actor, clock, task_id=task_id, payload=payload)


@pytest.fixture
def harness(qtbot, db, clock, runner, sipp, make_phone):
    built = []

    def build(scenario, **kwargs):
        w = build_world(db, clock)
        peer = sipp(scenario)
        widget = Harness(db, clock, w.agent, runner, make_phone(peer), w.task_id, **kwargs)
        qtbot.addWidget(widget)
        activate(qtbot, widget)
        built.append(widget)
        return widget, peer, w

    yield build
    for widget in built:
        widget.control.shutdown()


def test_f5_dials_and_the_state_shows_until_the_member_hangs_up(qtbot, harness):
    widget, peer, _ = harness("answer_member_hangs_up")
    qtbot.keyClick(widget, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: widget.prefilled is not None, timeout=15000)
    assert widget.texts[0] == "dialling"
    assert any(t.startswith("ringing 0:0") for t in widget.texts)
    assert any(t.startswith("talking 0:0") for t in widget.texts)
    assert widget.control.state_label.text() == "ended: Reached"
    assert widget.prefilled.disposition == "reached" and widget.prefilled.talk_seconds >= 1.3
    assert widget.form.disposition == "reached"


def test_hang_up_key_ends_the_call_and_prefills_the_form(qtbot, harness):
    widget, peer, _ = harness("answer_agent_hangs_up")
    qtbot.keyClick(widget, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: any(t.startswith("talking") for t in widget.texts), timeout=15000)
    with qtbot.waitSignal(widget.control.wrap_up_started, timeout=10000):
        qtbot.keyClick(widget, Qt.Key.Key_F8)
    assert widget.prefilled.hung_up_by == "agent" and widget.form.disposition == "reached"
    assert peer.wait() == 0


def test_a_no_answer_call_is_saved_with_two_keys(qtbot, harness, db):
    widget, peer, w = harness("unavailable")
    qtbot.keyClick(widget, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: widget.form.disposition == "no_answer", timeout=15000)
    assert widget.control.state_label.text() == "ended: No answer"
    qtbot.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert widget.saved is not None
    with db.session() as s:
        call = s.get(Call, widget.saved.call_id)
        assert call.disposition == "no_answer"
        # One call: the dial's measured row and the saved outcome share the client id.
        assert s.scalar(select(PhoneCall.sip_status).where(PhoneCall.call_ref == call.client_id)) == 480
    uuid.UUID(widget.prefilled.call_ref)


def test_a_dial_refused_by_a_rule_says_so_on_screen(qtbot, harness, db):
    from app.data.tables import Member

    widget, peer, w = harness("busy")
    with db.session(write=True) as s:
        s.get(Member, w.member_id).do_not_call = True
    qtbot.keyClick(widget, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: widget.control.state_label.text().startswith("not dialled"), timeout=10000)
    assert not widget.control.in_call and peer.invites_received() == 0


def test_softphone_killed_mid_call_shows_a_clear_status(qtbot, harness):
    import os

    widget, peer, _ = harness("answer_agent_hangs_up")
    qtbot.keyClick(widget, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: any(t.startswith("talking") for t in widget.texts), timeout=15000)
    os.kill(widget.control.dialer.phone.pid, 9)
    qtbot.waitUntil(lambda: widget.prefilled is not None, timeout=10000)
    qtbot.waitUntil(lambda: any("phone unavailable: the softphone stopped" in t for t in widget.texts), timeout=5000)
    assert widget.prefilled.hung_up_by == "softphone" and not widget.control.in_call
    peer.wait()


def test_call_clock_reads_minutes_and_seconds():
    assert (call_clock(4.7), call_clock(83), call_clock(600)) == ("0:04", "1:23", "10:00")

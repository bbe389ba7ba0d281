"""The agent's state picker saves ready or a pause with its reason, and a paused agent is
then given no claims; on call and wrap-up are shown but cannot be picked."""

from PySide6.QtCore import Qt

from app.services import telephony
from tests.support.call_world import build_world
from ui.telephony.agent_state import AgentStatePicker


def test_picking_a_pause_saves_it_and_ready_ends_it(qtbot, db, clock, make_ctx):
    w = build_world(db, clock)
    picker = AgentStatePicker(make_ctx(w.agent))
    qtbot.addWidget(picker)
    assert picker.count() == 8
    with qtbot.waitSignal(picker.changed, timeout=5000) as saved:
        picker.activated.emit(picker.findData("lunch"))
    assert saved.args == ["paused", "lunch"] and picker.paused
    with db.session() as s:
        assert not telephony.may_take_claims(s, w.agent.id)
    with qtbot.waitSignal(picker.changed, timeout=5000) as saved:
        picker.activated.emit(0)
    assert saved.args == ["ready", ""] and picker.state == ("ready", "")
    with db.session() as s:
        assert telephony.may_take_claims(s, w.agent.id)


def test_the_calls_states_show_but_cannot_be_picked_and_the_saved_state_loads(qtbot, db, clock, make_ctx):
    w = build_world(db, clock)
    telephony.set_agent_state(db, w.agent, clock, "paused", reason="coaching")
    picker = AgentStatePicker(make_ctx(w.agent))
    qtbot.addWidget(picker)
    picker.load()
    qtbot.waitUntil(lambda: picker.state == ("paused", "coaching"), timeout=5000)
    for state in ("on_call", "wrap_up"):
        item = picker.model().item(picker.findData(state))
        assert not item.flags() & Qt.ItemFlag.ItemIsEnabled
    picker.show_state("wrap_up")
    assert picker.state == ("wrap_up", "") and picker.currentText() == "Wrap-up"

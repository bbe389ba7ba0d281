"""The agent's state picker saves ready or a pause with its reason, and a paused agent is
then given no claims."""

from app.services import telephony
from tests.support.call_world import build_world
from ui.telephony.agent_state import AgentStatePicker


def test_picking_a_pause_saves_it_and_ready_ends_it(qtbot, db, clock, make_ctx):
    w = build_world(db, clock)
    picker = AgentStatePicker(make_ctx(w.agent))
    qtbot.addWidget(picker)
    assert picker.count() == 6
    with qtbot.waitSignal(picker.changed, timeout=5000) as saved:
        picker.activated.emit(picker.findData("lunch"))
    assert saved.args == ["paused", "lunch"]
    with db.session() as s:
        assert not telephony.may_take_claims(s, w.agent.id)
    with qtbot.waitSignal(picker.changed, timeout=5000) as saved:
        picker.activated.emit(0)
    assert saved.args == ["ready", ""]
    with db.session() as s:
        assert telephony.may_take_claims(s, w.agent.id)

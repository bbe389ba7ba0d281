"""The console's agent table shows each agent's recorded state (a pause with its reason, on a
call from the dial) and the time in it, counting up between reloads."""

from datetime import timedelta

from PySide6.QtCore import Qt

from app.domain.clock import Clock
from app.services import dashboard, telephony
from tests.support.call_world import build_world
from ui.supervisor.columns import IN_STATE_COLUMN, agent_columns
from ui.supervisor.console import SupervisorConsole
from ui.tables.rows_model import RowsModel


def _cell(model, name: str, column: int) -> str:
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)
    return model.index(row, column).data()


def test_the_agent_table_shows_state_reason_and_time_in_state(qtbot, db, clock, make_ctx):
    import dataclasses

    w = build_world(db, clock)
    telephony.set_agent_state(db, w.agent, clock, "paused", reason="lunch")
    telephony.prepare_dial(db, w.other, clock, task_id=w.task_id, adapter="handoff")
    later = Clock(tz=clock.tz, fixed_at=clock.now() + timedelta(minutes=2, seconds=5))
    console = SupervisorConsole(dataclasses.replace(make_ctx(w.supervisor), clock=later), live=False)
    qtbot.addWidget(console)
    with qtbot.waitSignal(console.loaded, timeout=20_000):
        console.reload()
    model = console.agents_model
    assert model.headerData(IN_STATE_COLUMN, Qt.Orientation.Horizontal) == "In state"
    assert (_cell(model, "li", 1), _cell(model, "li", IN_STATE_COLUMN)) == ("Paused: lunch", "2:05")
    assert (_cell(model, "zhang", 1), _cell(model, "zhang", IN_STATE_COLUMN)) == ("On a call", "2:05")


def test_time_in_state_counts_up_between_reloads(qtbot, db, clock):
    w = build_world(db, clock)
    telephony.set_agent_state(db, w.agent, clock, "paused", reason="training")
    rows = dashboard.agents_table(db, w.supervisor, clock)
    now = [clock.now() + timedelta(seconds=59)]
    model = RowsModel(agent_columns(lambda: now[0]))
    model.set_rows(rows)
    assert _cell(model, "li", IN_STATE_COLUMN) == "0:59"
    now[0] += timedelta(seconds=2)
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        model.refresh_column(IN_STATE_COLUMN)
    assert _cell(model, "li", IN_STATE_COLUMN) == "1:01"

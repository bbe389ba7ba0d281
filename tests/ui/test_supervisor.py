"""The supervisor console on a seeded database (pytest-qt, offscreen, real task runner)."""

import csv

import pytest
from pypdf import PdfReader

from app.services import dashboard
from app.services.dashboard import TileKey, today_period
from app.services.dashboard import AlertKind
from tests.support.floor_data import seed_floor
from ui.supervisor.columns import agent_columns, alert_columns
from ui.supervisor.console import SupervisorConsole
from ui.supervisor.format import tile_value
from ui.tables.rows_model import ROW_ROLE, RowsModel


@pytest.fixture
def floor(db, clock):
    return seed_floor(db, clock)


def _console(qtbot, ctx) -> SupervisorConsole:
    console = SupervisorConsole(ctx, live=False)
    qtbot.addWidget(console)
    console.resize(1366, 768)
    console.show()
    return console


def test_tiles_show_the_same_figures_as_the_service(qtbot, make_ctx, db, clock, floor):
    console = _console(qtbot, make_ctx(floor.supervisor))
    with qtbot.waitSignal(console.loaded, timeout=20_000):
        console.reload()
    board = dashboard.kpi_tiles(db, floor.supervisor, clock, today_period(clock))
    for tile in board.tiles:
        assert console.tiles.value_text(tile.key) == tile_value(tile)
    assert console.tiles.value_text(TileKey.CONNECT_RATE) == "66.7%"  # 4 reached of 6
    assert console.tiles.value_text(TileKey.CALLS_COMPLETED) == "6"
    assert console.tiles.value_text(TileKey.SATISFACTION) == "7.5"
    assert console.tiles.value_text(TileKey.SLA_BREACHES) == "1"
    assert console.agents_model.rowCount() == 3
    kinds = [console.alerts_model.row_at(r).kind for r in range(console.alerts_model.rowCount())]
    assert AlertKind.SLA_BREACHED in kinds


def test_week_and_range_show_the_services_figures(qtbot, make_ctx, db, clock, floor):
    from datetime import date

    from PySide6.QtCore import QDate

    console = _console(qtbot, make_ctx(floor.supervisor))
    with qtbot.waitSignal(console.loaded, timeout=20_000):
        console.period_kind.setCurrentIndex(console.period_kind.findData("week"))
    week = dashboard.kpi_tiles(db, floor.supervisor, clock, dashboard.week_period(clock))
    assert console.tiles.value_text(TileKey.CALLS_COMPLETED) == tile_value(week.tile(TileKey.CALLS_COMPLETED))
    with qtbot.waitSignal(console.loaded, timeout=20_000):
        console.period_kind.setCurrentIndex(console.period_kind.findData("range"))
    assert console.range_from.isVisible()
    with qtbot.waitSignal(console.loaded, timeout=20_000):
        console.range_from.setDate(QDate(2026, 6, 13))
    board = dashboard.kpi_tiles(db, floor.supervisor, clock, dashboard.range_period(date(2026, 6, 13), clock.today()))
    for tile in board.tiles:
        assert console.tiles.value_text(tile.key) == tile_value(tile)


def test_a_change_on_the_feed_reloads_the_console(qtbot, make_ctx, db, clock, floor):
    from app.services.queue import move_tasks

    console = _console(qtbot, make_ctx(floor.supervisor))
    with qtbot.waitSignal(console.loaded, timeout=20_000):
        console.reload()
    move_tasks(db, floor.supervisor, clock, [floor.movable_task], to_agent_id=floor.other.id)
    with qtbot.waitSignal(console.loaded, timeout=20_000):
        console._poll()  # the timer's tick: the feed has a change, so the console reloads


def test_an_agent_cannot_open_the_console(qtbot, make_ctx, floor):
    console = _console(qtbot, make_ctx(floor.agent))
    with qtbot.waitSignal(console.refused, timeout=20_000):
        console.reload()
    assert console.refusal.isVisible()
    assert "supervisors only" in console.refusal.text()
    assert not console.tabs.isVisible()
    assert console.tiles.value_text(TileKey.CALLS_COMPLETED) == "–"
    assert console.snapshot is None


def test_an_sla_alert_opens_its_ticket(qtbot, make_ctx, floor):
    console = _console(qtbot, make_ctx(floor.supervisor))
    with qtbot.waitSignal(console.loaded, timeout=20_000):
        console.reload()
    proxy = console.alerts_proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(ROW_ROLE).ticket_id == floor.breached_ticket)
    with qtbot.waitSignal(console.tickets.loaded, timeout=20_000):
        console.alerts_table.activated.emit(proxy.index(row, 0))
    qtbot.waitUntil(lambda: console.tickets.selected() is not None, timeout=20_000)
    assert console.tabs.currentIndex() == 1
    assert console.tickets.selected().id == floor.breached_ticket


def test_a_member_alert_asks_for_the_member(qtbot, make_ctx, floor):
    console = _console(qtbot, make_ctx(floor.supervisor))
    with qtbot.waitSignal(console.loaded, timeout=20_000):
        console.reload()
    proxy = console.alerts_proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(ROW_ROLE).kind is AlertKind.SEVERE_REACTION)
    with qtbot.waitSignal(console.member_requested) as signal:
        console.alerts_table.activated.emit(proxy.index(row, 0))
    assert signal.args == [floor.severe_member]


def test_reassign_dialog_moves_a_task(qtbot, make_ctx, db, clock, floor):
    from app.data.tables import FollowUpTask

    console = _console(qtbot, make_ctx(floor.supervisor))
    dialog = console.open_reassign()
    qtbot.waitUntil(lambda: dialog.to_agent.count() > 0, timeout=20_000)
    dialog.from_agent.setCurrentIndex(dialog.from_agent.findData(floor.agent.id))
    dialog.reason.setCurrentIndex(dialog.reason.findData("cadence"))
    qtbot.waitUntil(lambda: dialog.preview.text().startswith("1 "), timeout=20_000)
    dialog.to_agent.setCurrentIndex(dialog.to_agent.findData(floor.other.id))
    with qtbot.waitSignal(dialog.moved, timeout=20_000):
        dialog.apply()
    with db.session() as s:
        assert s.get(FollowUpTask, floor.movable_task).assigned_agent_id == floor.other.id


def test_csv_export_of_a_table_neutralizes_formulas(qtbot, make_ctx, tmp_path, floor):
    from datetime import UTC, datetime

    from app.services.dashboard import Alert

    ctx = make_ctx(floor.supervisor)
    console = _console(qtbot, ctx)
    console.alerts_model.set_rows([Alert(AlertKind.REPEAT_COMPLAINT, datetime(2026, 6, 15, 1, tzinfo=UTC), 1,
                                         "=cmd|' /C calc'!A0", detail="quality", count=2)])
    path = tmp_path / "alerts.csv"
    from ui.supervisor.export import export_model

    done = []
    export_model(console, ctx.runner, console.alerts_proxy, name="alerts", path=str(path), on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        header, row = list(csv.reader(fh))
    assert header[:3] == ["Alert", "When", "Member"]
    assert row[2] == "'=cmd|' /C calc'!A0"


def test_period_summary_pdf_is_written(qtbot, make_ctx, tmp_path, floor):
    console = _console(qtbot, make_ctx(floor.supervisor))
    path = tmp_path / "summary.pdf"
    console.export_summary_pdf(str(path))
    qtbot.waitUntil(lambda: console.updated.text().startswith("Saved"), timeout=30_000)
    assert len(PdfReader(str(path)).pages) >= 1


def test_console_models_pass_the_qt_model_tester(qtmodeltester, db, clock, floor):
    snap = dashboard.snapshot(db, floor.supervisor, clock, today_period(clock))
    agents = RowsModel(agent_columns())
    agents.set_rows(snap.agents)
    qtmodeltester.check(agents)
    alerts = RowsModel(alert_columns(clock.tz))
    alerts.set_rows(snap.alerts)
    qtmodeltester.check(alerts)
    from app.services.tickets import list_tickets
    from ui.supervisor.columns import ticket_columns

    tickets = RowsModel(ticket_columns(clock.tz))
    tickets.set_rows(list_tickets(db, floor.supervisor, clock))
    qtmodeltester.check(tickets)


def test_the_console_window_passes_on_a_member_request_from_whichever_console_it_shows(qtbot, make_ctx, floor):
    from ui.supervisor.window import SupervisorWindow

    window = SupervisorWindow(make_ctx(floor.supervisor))
    qtbot.addWidget(window)
    for _ in range(2):  # the first console, then the one a rebind (a language switch) puts in
        with qtbot.waitSignal(window.member_requested) as signal:
            window.console.member_requested.emit(floor.severe_member)
        assert signal.args == [floor.severe_member]
        window.rebind(window._ctx)
    qtbot.waitUntil(lambda: not window._ctx.runner.busy, timeout=20_000)


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: the window is raised
def test_a_member_the_console_asks_for_goes_to_the_workstation_and_its_door(qtbot, make_ctx, floor):
    from ui.mainwindow import MainWindow

    ctx = make_ctx(floor.supervisor)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_member(floor.severe_member)
    # The workstation opens the member through its door: this member was called twice this
    # week, so the door answers with the contact cap (as it would for a queue row).
    qtbot.waitUntil(lambda: "contact cap" in window.workstation.banner.text(), timeout=20_000)
    assert window.workstation.call is None
    window.close()
    qtbot.waitUntil(lambda: not ctx.runner.busy, timeout=20_000)

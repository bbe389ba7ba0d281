"""How many server connections a team-mode workstation holds while its agent works calls:
what a centre sizes PostgreSQL's max_connections by (README, "Sizing the server")."""

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from app.sync.journal import Journal
from tests.ui.conftest import activate
from tests.ui.test_workstation_calls import next_call, press, save_and_next
from ui.mainwindow import MainWindow
from ui.team import team_mode

# Two of the app's pool (its worker threads' sessions), claim_next's own, the change feed's
# listener.
WORKING_CONNECTIONS = 4


def _backends(db) -> int:
    """Server connections to this test's database: all of them this process's, the window's
    (the test shares its Database), the one asking among them."""
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")).scalar()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # server connections: team mode
def test_a_workstation_working_calls_holds_four_connections(qtbot, db, clock, queue_seed, make_ctx, tmp_path):
    team = team_mode(db, clock, queue_seed.agent, journal=Journal(tmp_path / "journal.db"))
    window = MainWindow(make_ctx(queue_seed.agent), team=team)
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.reload()
    ws = window.workstation
    ws.calls.confirm = lambda _text: True
    qtbot.waitUntil(lambda: ws.queue.model.rowCount() == 4)
    team.start()
    seen = []
    try:
        qtbot.waitUntil(lambda: team.watcher._feed is not None)
        next_call(qtbot, ws)
        for _ in range(3):  # each saved with Ctrl+Enter, which opens the next member
            press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # reached
            seen.append(_backends(db))
            save_and_next(qtbot, ws)
            seen.append(_backends(db))
    finally:
        team.stop()
    # Not one more a call; at most one more than working needs when the count itself finds
    # every pooled connection in use.
    assert seen[-1] <= seen[0] and WORKING_CONNECTIONS - 1 <= max(seen) <= WORKING_CONNECTIONS + 1, seen

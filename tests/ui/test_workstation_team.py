"""With team mode wired in, another agent's claim leaves this window's queue on its own."""

from app.services import queue
from tests.ui.conftest import activate
from ui.mainwindow import MainWindow
from ui.team import team_mode


def test_another_agents_claim_disappears_from_the_queue_without_a_refresh(qtbot, db, clock, queue_seed, make_ctx):
    team = team_mode(db, clock, queue_seed.agent)
    team.watcher._interval = 0.2  # poll quickly in the test; the promise is 5 s
    ctx = make_ctx(queue_seed.agent)
    window = MainWindow(ctx, team=team)
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.reload()
    ws = window.workstation
    ws.queue.timer.stop()  # only the change feed may refresh it here
    qtbot.waitUntil(lambda: ws.queue.model.rowCount() == 4)
    team.start()
    try:
        # The feed starts from the newest change it sees; claim only once it is reading.
        qtbot.waitUntil(lambda: team.watcher._feed is not None)
        taken = queue.claim_next(db, queue_seed.other_agent, clock)
        assert taken is not None
        qtbot.waitUntil(lambda: ws.queue.model.row_of_member(taken.member_id) is None, timeout=5000)
        assert ws.queue.model.rowCount() == 3
        assert "connected" in window.database_label.text()
    finally:
        team.stop()

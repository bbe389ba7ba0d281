"""Issue 6's offline promise, against the real PostgreSQL server that the suite starts.

When the server goes away during a call the agent still saves the outcome with the keyboard:
it lands in the local journal, the form moves on without a dialog, the status bar says
"offline - 1 outcomes waiting" and the window keeps turning. When the server comes back the
pusher delivers the outcome (exactly once) within its backoff and the "offline" goes away.

Team mode is wired as ui/main.py wires it for a server URL (team_mode -> AppContext.saver ->
MainWindow(team=...)); only the journal's file and a short backoff are injected.
"""

import dataclasses

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import select

from app.data.tables import Call
from app.sync.journal import Journal
from app.sync.pusher import Backoff
from tests.conftest import IN_CI
from tests.ui.conftest import activate
from tests.ui.test_workstation_calls import next_call, press
from ui.mainwindow import MainWindow
from ui.team import team_mode


@pytest.fixture
def db_url(pg_url, pg_cluster) -> str:
    """PostgreSQL only: stopping the server is the point of this test."""
    if pg_cluster is None:  # TEST_DATABASE_URL points at a server this run cannot stop
        if IN_CI:
            pytest.fail("the offline test needs the suite's own PostgreSQL cluster (unset TEST_DATABASE_URL)")
        pytest.skip("the offline test needs the suite's own PostgreSQL cluster")
    return pg_url


def visible_dialogs() -> list[str]:
    return [type(w).__name__ for w in QApplication.topLevelWidgets()
            if isinstance(w, (QDialog, QMessageBox)) and w.isVisible()]


def calls_with(db, client_id: str) -> list[Call]:
    with db.session() as s:
        return list(s.scalars(select(Call).where(Call.client_id == client_id)).all())


def test_an_outcome_saved_while_the_server_is_down_is_kept_and_delivered_once(
        qtbot, monkeypatch, db, clock, queue_seed, make_ctx, pg_cluster, tmp_path):
    crashes: list[str] = []
    # The crash dialog is modal (exec): record instead, so a bug fails the test, not hangs it.
    monkeypatch.setattr("ui.mainwindow.show_crash", lambda message, trace, parent=None: crashes.append(message))

    journal = Journal(tmp_path / "outcome-journal.db")
    team = team_mode(db, clock, queue_seed.agent, journal=journal, backoff=Backoff(initial=0.2, maximum=1.0))
    team.watcher._interval = 0.2  # poll quickly in the test; the promise is 5 s
    ctx = dataclasses.replace(make_ctx(queue_seed.agent), saver=team.saver)
    window = MainWindow(ctx, team=team)
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.reload()
    ws = window.workstation
    answers: list[str] = []
    ws.hub.delivered.connect(answers.append)  # the server's SaveResult, through the change hub
    results: list[object] = []
    ws.hub.saved.connect(results.append)
    qtbot.waitUntil(lambda: ws.queue.model.rowCount() == 4)
    team.start()

    ticks = {"n": 0}
    heartbeat = QTimer(window)
    heartbeat.setInterval(20)
    heartbeat.timeout.connect(lambda: ticks.__setitem__("n", ticks["n"] + 1))
    heartbeat.start()

    stopped = False
    try:
        call = next_call(qtbot, ws)  # claimed and loaded while the server is up: the data is cached
        pg_cluster.stop()
        stopped = True

        # The agent carries on with the keyboard: Alt+2 is the disposition (no answer),
        # Ctrl+Enter saves and asks for the next member.
        press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
        assert ws.form.disposition == "no_answer"
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: ws.call is not call and not ws._saving and not ws._claiming, timeout=10_000)

        # Safe on this computer, on its way; the form moved on (no next member: the server is away).
        assert [e.client_id for e in journal.pending()] == [call.client_id]
        assert ws.call is None
        assert ws.form.disposition is None
        # Asking for the next member failed, and said so calmly in the status bar.
        assert "cannot be reached" in window.statusBar().currentMessage()
        qtbot.waitUntil(lambda: window.sync_label.text() == "offline - 1 outcomes waiting", timeout=10_000)
        assert window.sync_label.isVisible()
        # The watcher's state reaches the label through a queued signal: wait for the label.
        qtbot.waitUntil(lambda: "unreachable" in window.database_label.text(), timeout=10_000)
        assert ws.queue.model.rowCount() > 0  # the queue keeps the rows it last showed

        # The window stays alive while the pusher retries (with backoff, never giving up):
        # no dialog, no bug, the event loop turns.
        before = ticks["n"]
        qtbot.waitUntil(lambda: journal.get(call.client_id).attempts >= 3, timeout=10_000)
        qtbot.waitUntil(lambda: ticks["n"] >= before + 10, timeout=10_000)
        assert journal.get(call.client_id).last_error
        assert visible_dialogs() == []
        assert crashes == []
        assert window.sync_label.text() == "offline - 1 outcomes waiting"

        pg_cluster.start()
        stopped = False
        # Within the (short, injected) backoff the pusher finds the server and flushes.
        qtbot.waitUntil(lambda: window.sync_label.report is not None and window.sync_label.report.pending == 0
                        and not window.sync_label.report.offline, timeout=15_000)
        assert "offline" not in window.sync_label.text()
        assert not window.sync_label.isVisible()
        # The change watcher's own backoff caps at 30 s.
        qtbot.waitUntil(lambda: "connected" in window.database_label.text(), timeout=45_000)

        # The agent reads what the server did with the outcome (its SaveResult, via the hub).
        qtbot.waitUntil(lambda: bool(answers), timeout=10_000)
        assert call.item.member_name in answers[0] and "Back in the queue at" in answers[0]
        assert len(results) == 1 and results[0].retry_at is not None
        saved = calls_with(db, call.client_id)
        assert len(saved) == 1
        assert saved[0].task_id == call.task_id and saved[0].disposition == "no_answer"
        assert journal.pending_count() == 0 and journal.rejected_count() == 0
        assert visible_dialogs() == []
        assert crashes == []
    finally:
        heartbeat.stop()
        team.stop()
        if stopped:
            pg_cluster.start()  # other tests share the cluster

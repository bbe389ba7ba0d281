"""The sync status in the status bar and the background pusher behind it (pytest-qt, offscreen)."""

import uuid

from sqlalchemy.exc import OperationalError

from app.sync.journal import Journal
from app.sync.pusher import Backoff, PushReport
from tests.sync.support import reached_payload
from ui.connection.status import SyncStatusLabel, status_text
from ui.connection.sync_worker import SyncController


def test_status_text_says_offline_with_the_count():
    assert status_text(PushReport(0, 0, 3, 0, offline=True)) == "offline - 3 outcomes waiting"
    assert status_text(PushReport(2, 0, 0, 0, offline=False)) == ""
    assert status_text(PushReport(0, 1, 0, 1, offline=False)) == "1 outcomes refused by the server"


def test_controller_reports_offline_then_flushes_when_the_server_returns(qtbot, sqlite_db, clock, tmp_path):
    up = {"value": False}
    delivered: list[str] = []

    def save(entry):
        if not up["value"]:
            raise OperationalError("connect", {}, ConnectionRefusedError("connection refused"))
        delivered.append(entry.client_id)

    journal = Journal(tmp_path / "journal.db")
    controller = SyncController(sqlite_db, clock, journal=journal, save=save, idle_seconds=0.05,
                                backoff=Backoff(initial=0.05, maximum=0.2))
    label = SyncStatusLabel()
    qtbot.addWidget(label)
    controller.report.connect(label.show_report)
    for _ in range(2):
        cid = str(uuid.uuid4())
        journal.record(client_id=cid, task_id=1, agent="a", payload=reached_payload(cid))
    controller.start()
    try:
        qtbot.waitUntil(lambda: label.text() == "offline - 2 outcomes waiting", timeout=10_000)
        assert label.isVisibleTo(label.parentWidget() or label) or not label.isHidden()
        assert "connection refused" in label.toolTip()
        up["value"] = True
        controller.wake()
        qtbot.waitUntil(lambda: label.report is not None and label.report.pending == 0, timeout=10_000)
        assert label.text() == "" and label.isHidden()
        assert len(delivered) == 2
    finally:
        controller.stop()


def test_saver_bypasses_the_journal_on_the_embedded_database(sqlite_db, clock, tmp_path):
    controller = SyncController(sqlite_db, clock, journal=Journal(tmp_path / "journal.db"))
    try:
        assert not controller.saver.journaled
    finally:
        controller.stop()

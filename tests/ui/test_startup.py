"""Start-up: a new embedded file is created, a stale server is refused, sign-in checks passwords."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from sqlalchemy import func, select

from app.data.migrate import current_revision, head_revision
from app.data.tables import FollowUpTask, Member
from app.data.uow import Database
from ui.signin import SignInDialog
from ui.startup import SchemaOutOfDate, demo_sign_in, needs_creation, prepare_database


def test_new_embedded_file_gets_the_schema_demo_data_and_a_queue(tmp_path, clock):
    db = Database.from_url(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        assert needs_creation(db)
        state = prepare_database(db, clock, demo_members=60)
        assert state.created and state.seeded
        assert current_revision(db.engine) == head_revision()
        assert not needs_creation(db)
        assert state.demo_agent == "agent1"  # the sign-in is prefilled on the demo database
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Member)) == 60
            assert s.scalar(select(func.count()).select_from(FollowUpTask)) > 0
        actor = demo_sign_in(db, "agent1")
        assert actor is not None and actor.username == "agent1"
    finally:
        db.dispose()


def test_demo_sign_in_is_refused_on_a_server(pg_url):
    db = Database.from_url(pg_url)
    try:
        assert demo_sign_in(db, "agent1") is None
    finally:
        db.dispose()


@pytest.mark.postgres
def test_server_without_current_schema_is_refused_with_the_upgrade_command(pg_new_database, clock):
    db = Database.from_url(pg_new_database())
    try:
        with pytest.raises(SchemaOutOfDate) as info:
            prepare_database(db, clock)
        assert info.value.expected == head_revision()
        assert current_revision(db.engine) is None  # nothing was touched on the server
    finally:
        db.dispose()


def test_server_at_head_opens(pg_url, clock):
    db = Database.from_url(pg_url)
    try:
        state = prepare_database(db, clock)
        assert not state.created and state.demo_agent is None
    finally:
        db.dispose()


def test_sign_in_rejects_a_wrong_password_and_accepts_the_right_one(qtbot, seeded, db, runner):
    dialog = SignInDialog(db, runner, username="agent1", password="wrong-password")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Wrong" in dialog.message.text())
    assert dialog.result() != QDialog.DialogCode.Accepted

    dialog.password.setText("password123")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.username == "agent1"


def test_first_start_says_what_it_is_doing_while_the_database_is_made(qtbot, tmp_path, clock, runner, monkeypatch):
    """The job waits until the progress dialog is seen with its text: no timing in the test."""
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from app.config import Config
    from ui import main as ui_main

    config = Config(database_url=f"sqlite:///{tmp_path / 'new.db'}")
    assert ui_main.first_run(config)
    db = Database.from_url(config.database_url)
    seen: list[str] = []
    shown = threading.Event()

    def look() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        if dialogs:
            seen.append(dialogs[0].labelText())
            shown.set()
        else:
            QTimer.singleShot(10, look)

    def prepare(db_, clock_):
        assert shown.wait(30), "no progress dialog while the database was being made"
        return prepare_database(db_, clock_, demo_members=40)

    monkeypatch.setattr(ui_main, "prepare_job", prepare)
    try:
        QTimer.singleShot(0, look)
        start = ui_main.Start(runner, db, clock, config)
        assert start.prepare_first_run()
        assert seen == ["Creating the demo database on first run, this takes a moment..."]
        assert start.state is not None and start.state.seeded and not ui_main.first_run(config)
    finally:
        db.dispose()

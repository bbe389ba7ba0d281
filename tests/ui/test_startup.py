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

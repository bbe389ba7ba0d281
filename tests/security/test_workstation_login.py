"""The desktop signs in to the server with the user's own login: a workstation session as an
agent runs as that PostgreSQL role and can do no more than the role may; refusals are messages."""

import psycopg
import pytest
from PySide6.QtWidgets import QDialog
from sqlalchemy import text
from sqlalchemy.exc import OperationalError, ProgrammingError

from app.services import queue
from app.services.users import SignInRefused, sign_in_to_server
from app.domain.clock import Clock
from tests.security.team import PASSWORD, admin_cli
from ui.signin import SignInDialog
from ui.tasks import SyncRunner

pytestmark = pytest.mark.postgres


def _server_url(team) -> str:
    """The workstation's saved server: no user, no password (the owner's URL without them)."""
    from sqlalchemy.engine import make_url

    return make_url(team.owner_url).set(username=None, password=None).render_as_string(hide_password=False)


def test_a_workstation_session_runs_as_the_agents_own_role(team):
    session = sign_in_to_server(_server_url(team), team.names["agent"], PASSWORD)
    try:
        assert session.actor.username == team.names["agent"]
        with session.db.session() as s:
            assert s.scalar(text("SELECT current_user")) == team.names["agent"]
        assert session.db.login_user == team.names["agent"]
        # What the role cannot do, the workstation's connection cannot do either.
        for statement in ("SELECT password_hash FROM public.users", "SELECT conditions FROM health_profiles",
                          "UPDATE audit_log SET action = 'x'"):
            with pytest.raises(ProgrammingError) as refused, session.db.session() as s:
                s.execute(text(statement))
            assert isinstance(refused.value.orig, psycopg.errors.InsufficientPrivilege)
        # ...while it works its queue through the services.
        shown = queue.show_queue(session.db, session.actor, Clock())
        assert team.task["theirs"] not in {row.task_id for row in shown}
    finally:
        session.db.dispose()


def test_a_wrong_password_is_the_sign_in_refusal_not_a_driver_error(team):
    with pytest.raises(SignInRefused) as refused:
        sign_in_to_server(_server_url(team), team.names["agent"], "not-the-password")
    assert refused.value.reason == "wrong"
    with pytest.raises(SignInRefused):
        sign_in_to_server(_server_url(team), "nobody_at_all", PASSWORD)


def test_a_locked_user_gets_the_lock_message_and_a_disabled_one_the_refusal(team):
    name = team.names["other"]
    assert admin_cli("--db", team.owner_url, "user", "lock", name).returncode == 0
    try:
        with pytest.raises(SignInRefused) as refused:
            sign_in_to_server(_server_url(team), name, PASSWORD)
        assert refused.value.reason == "locked"
    finally:
        assert admin_cli("--db", team.owner_url, "user", "unlock", name).returncode == 0
    assert admin_cli("--db", team.owner_url, "user", "disable", name).returncode == 0
    try:
        with pytest.raises(SignInRefused) as refused:
            sign_in_to_server(_server_url(team), name, PASSWORD)
        assert refused.value.reason == "wrong"
    finally:
        assert admin_cli("--db", team.owner_url, "user", "enable", name).returncode == 0


def test_an_unreachable_server_is_not_a_wrong_password():
    with pytest.raises(OperationalError):
        sign_in_to_server("postgresql://127.0.0.1:9/caredesk?connect_timeout=2", "agent", "whatever-pass")


def _dialog(qtbot, team, *, checked=None) -> SignInDialog:
    dialog = SignInDialog(None, SyncRunner(), server_url=_server_url(team), clock=Clock(), after_sign_in=checked)
    qtbot.addWidget(dialog)
    return dialog


def test_the_sign_in_dialog_connects_as_the_typed_user(qtbot, team):
    seen: list[str] = []

    def check(user_db) -> None:
        with user_db.session() as s:
            seen.append(s.scalar(text("SELECT current_user")))

    dialog = _dialog(qtbot, team, checked=check)
    dialog.username.setText(team.names["agent"])
    dialog.password.setText("wrong-password!")
    dialog._try_sign_in()
    assert dialog.message.text() == "Wrong user name or password." and dialog.result() != QDialog.DialogCode.Accepted
    dialog.password.setText(PASSWORD)
    dialog._try_sign_in()
    try:
        assert dialog.result() == QDialog.DialogCode.Accepted and seen == [team.names["agent"]]
        with dialog.db.session() as s:
            assert s.scalar(text("SELECT current_user")) == team.names["agent"]
    finally:
        dialog.db.dispose()


def test_the_sign_in_dialog_says_a_user_is_locked(qtbot, team):
    name = team.names["supervisor"]
    assert admin_cli("--db", team.owner_url, "user", "lock", name).returncode == 0
    try:
        dialog = _dialog(qtbot, team)
        dialog.username.setText(name)
        dialog.password.setText(PASSWORD)
        dialog._try_sign_in()
        assert "locked" in dialog.message.text() and dialog.actor is None
    finally:
        assert admin_cli("--db", team.owner_url, "user", "unlock", name).returncode == 0


def test_the_sign_in_dialog_calmly_reports_an_unreachable_server(qtbot):
    dialog = SignInDialog(None, SyncRunner(), server_url="postgresql://127.0.0.1:9/caredesk?connect_timeout=2")
    qtbot.addWidget(dialog)
    dialog.username.setText("agent")
    dialog.password.setText("whatever-pass")
    dialog._try_sign_in()
    assert dialog.message.text().startswith("Cannot reach the database:") and dialog.buttons.isEnabled()


def test_a_workstation_sends_its_users_outcomes_and_leaves_another_users_waiting(team, tmp_path):
    import uuid

    from app.sync.journal import Journal
    from app.sync.outbox import server_save
    from app.sync.pusher import Pusher
    from tests.sync.support import reached_payload

    session = sign_in_to_server(_server_url(team), team.names["agent"], PASSWORD)
    try:
        with Journal(tmp_path / "journal.db") as journal:
            for who, task in (("other", team.task["theirs"]), ("agent", team.task["mine"])):
                cid = str(uuid.uuid4())
                journal.record(client_id=cid, task_id=task, agent=team.names[who], payload=reached_payload(cid))
            report = Pusher(journal, server_save(session.db), agent=session.db.login_user).push_once()
            assert (report.delivered, report.pending, report.rejected_total) == (1, 1, 0)
            assert [e.agent for e in journal.pending()] == [team.names["other"]]
    finally:
        session.db.dispose()


def test_a_server_older_than_the_sign_in_function_says_to_run_db_upgrade(qtbot, pg_new_database):
    from app.data.engine import make_engine
    from app.data.migrate import upgrade

    url = pg_new_database()
    engine = make_engine(url)
    upgrade(engine, "0003_member_search")  # before 0004_security: no caredesk_sign_in()
    engine.dispose()
    from ui.startup import SchemaOutOfDate, prepare_database

    dialog = SignInDialog(None, SyncRunner(), server_url=url, clock=Clock(),
                          after_sign_in=lambda user_db: prepare_database(user_db, Clock()))
    qtbot.addWidget(dialog)
    dialog.username.setText("postgres")
    dialog.password.setText("any-password")
    dialog._try_sign_in()
    assert isinstance(dialog.error, SchemaOutOfDate) and dialog.actor is None


def test_reset_password_gives_a_user_from_before_per_user_logins_their_own_login(team):
    from app.data.uow import Database
    from tests.support.factories import make_user

    name = f"legacy_{team.suffix}"
    owner = Database.from_url(team.owner_url)
    try:
        with owner.session(write=True) as s:
            make_user(s, name, at=Clock().now())  # a CareDesk user without a login role
    finally:
        owner.dispose()
    with pytest.raises(SignInRefused):
        sign_in_to_server(_server_url(team), name, "their-new-password")
    result = admin_cli("--db", team.owner_url, "user", "reset-password", name, "--password-stdin",
                       stdin="their-new-password\n")
    assert result.returncode == 0, result.stderr
    session = sign_in_to_server(_server_url(team), name, "their-new-password")
    try:
        with session.db.session() as s:
            assert s.scalar(text("SELECT current_user")) == name
    finally:
        session.db.dispose()

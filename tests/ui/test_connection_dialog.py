"""Connection settings: the server URL is saved without any password; each user signs in with their own login."""

import keyring
import psycopg
import pytest
from keyring.backends import fail
from sqlalchemy.engine import make_url

from ui.connection.credentials import resolve_server
from ui.connection.settings_dialog import SERVER_URL, ConnectionDialog
from ui.connection.startup import database_url_at_start
from ui.settings import Settings, settings_path
from ui.tasks import SyncRunner


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_no_password_is_kept_anywhere_and_the_user_name_is_only_the_one_offered(qtbot):
    settings = Settings()
    dialog = ConnectionDialog(settings, SyncRunner())
    qtbot.addWidget(dialog)
    dialog.url.setText("postgresql://old:typed@db.example.cn:5432/caredesk?sslmode=verify-full")
    dialog.user.setText("agent7")
    dialog.password.setText("s3cret!")
    dialog.save()
    assert settings.get(SERVER_URL) == "postgresql://agent7@db.example.cn:5432/caredesk?sslmode=verify-full"
    assert "s3cret" not in settings_path().read_text(encoding="utf-8")
    assert "typed" not in settings_path().read_text(encoding="utf-8")
    assert make_url(resolve_server(settings.get(SERVER_URL), environ={})).password is None


def test_environment_url_wins_and_empty_means_embedded():
    assert resolve_server("", environ={}) is None
    env = {"CAREDESK_DATABASE_URL": "postgresql://x:y@h/db"}
    assert resolve_server("postgresql://other@h2/db", environ=env) == "postgresql://x@h/db"
    assert resolve_server("", environ={"CAREDESK_DATABASE_URL": "sqlite:///x.db"}) == "sqlite:///x.db"


def test_test_button_reports_an_up_to_date_server(qtbot, pg_url, no_keyring):
    dialog = ConnectionDialog(Settings(), SyncRunner())
    qtbot.addWidget(dialog)
    dialog.url.setText(pg_url)
    dialog.test_connection()
    assert "Connected" in dialog.result.text()


def test_test_button_says_how_to_fix_an_old_schema(qtbot, pg_new_database, no_keyring):
    dialog = ConnectionDialog(Settings(), SyncRunner())
    qtbot.addWidget(dialog)
    dialog.url.setText(pg_new_database())
    dialog.test_connection()
    assert "caredesk-admin db upgrade" in dialog.result.text()


def test_test_button_calmly_reports_an_unreachable_server(qtbot, no_keyring):
    dialog = ConnectionDialog(Settings(), SyncRunner())
    qtbot.addWidget(dialog)
    dialog.url.setText("postgresql://agent@127.0.0.1:9/caredesk?connect_timeout=2")
    dialog.test_connection()
    assert "cannot reach" in dialog.result.text() and dialog.test_button.isEnabled()


def test_not_a_postgresql_address_is_refused_in_place(qtbot, no_keyring):
    settings = Settings()
    dialog = ConnectionDialog(settings, SyncRunner())
    qtbot.addWidget(dialog)
    dialog.url.setText("mysql://a@b/c")
    dialog.save()
    assert "PostgreSQL" in dialog.result.text() and settings.get(SERVER_URL) == ""


def test_start_asks_nothing_the_sign_in_dialog_takes_the_users_own_login():
    settings = Settings()
    assert database_url_at_start(settings, environ={}) is None  # embedded
    settings.set(SERVER_URL, "postgresql://agent7@db.example.cn/caredesk")
    assert database_url_at_start(settings, environ={}) == "postgresql://agent7@db.example.cn/caredesk"
    assert database_url_at_start(settings, cli_url="sqlite:///x.db", environ={}) == "sqlite:///x.db"


def test_test_button_says_when_the_server_refuses_the_login(qtbot, pg_cluster, pg_url):
    if pg_cluster is None:
        pytest.skip("needs the run's own cluster (edits pg_hba.conf)")
    from tests.security.team import require_scram_for_group_members

    require_scram_for_group_members(pg_cluster)  # group members must give their password
    engine_url = make_url(pg_url)
    with psycopg.connect(engine_url.set(drivername="postgresql").render_as_string(hide_password=False),
                         autocommit=True) as conn:
        conn.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'conn_test_agent') THEN "
                     "CREATE ROLE conn_test_agent LOGIN PASSWORD 'right-password' IN ROLE caredesk_agent; END IF; END $$")
    dialog = ConnectionDialog(Settings(), SyncRunner())
    qtbot.addWidget(dialog)
    dialog.url.setText(engine_url.set(username=None).render_as_string(hide_password=False))
    dialog.user.setText("conn_test_agent")
    dialog.password.setText("wrong-password")
    dialog.test_connection()
    assert dialog.result.text() == "The server refused this user name or password."
    dialog.password.setText("right-password")
    dialog.test_connection()
    assert "Connected" in dialog.result.text()

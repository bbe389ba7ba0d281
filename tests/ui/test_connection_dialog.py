"""Connection settings: the URL is saved without its password; the password goes to the keyring."""

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from sqlalchemy.engine import make_url

from ui.connection.credentials import keyring_available, resolve_server
from ui.connection.settings_dialog import SERVER_URL, ConnectionDialog
from ui.connection.startup import database_url_at_start
from ui.settings import Settings, settings_path
from ui.tasks import SyncRunner


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_password_is_kept_in_the_keyring_not_in_the_settings(qtbot, memory_keyring):
    settings = Settings()
    dialog = ConnectionDialog(settings, SyncRunner())
    qtbot.addWidget(dialog)
    assert dialog.remember.isEnabled() and dialog.remember.isChecked()
    dialog.url.setText("postgresql://agent7@db.example.cn:5432/caredesk")
    dialog.password.setText("s3cret!")
    dialog.save()
    assert settings.get(SERVER_URL) == "postgresql://agent7@db.example.cn:5432/caredesk"
    assert list(memory_keyring.secrets.values()) == ["s3cret!"]
    assert "s3cret" not in settings_path().read_text(encoding="utf-8")
    address = resolve_server(settings.get(SERVER_URL), environ={})
    assert address is not None and not address.needs_password and make_url(address.url).password == "s3cret!"


def test_without_a_keyring_the_password_is_asked_at_sign_in(qtbot, no_keyring):
    assert not keyring_available()
    settings = Settings()
    dialog = ConnectionDialog(settings, SyncRunner())
    qtbot.addWidget(dialog)
    assert not dialog.remember.isEnabled()
    dialog.url.setText("postgresql://agent7:typed@db.example.cn/caredesk")
    dialog.save()
    assert settings.get(SERVER_URL) == "postgresql://agent7@db.example.cn/caredesk"
    address = resolve_server(settings.get(SERVER_URL), environ={})
    assert address.needs_password
    assert address.with_password("pw").startswith("postgresql://agent7:pw@")


def test_environment_url_wins_and_empty_means_embedded(no_keyring):
    assert resolve_server("", environ={}) is None
    env = {"CAREDESK_DATABASE_URL": "postgresql://x:y@h/db"}
    address = resolve_server("postgresql://other@h2/db", environ=env)
    assert address.from_environment and address.url == env["CAREDESK_DATABASE_URL"]
    assert resolve_server("", environ={"CAREDESK_DATABASE_URL": "sqlite:///x.db"}).url == "sqlite:///x.db"


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


def test_start_asks_for_the_password_only_when_the_keyring_has_none(no_keyring):
    settings = Settings()
    assert database_url_at_start(settings, environ={}) is None  # embedded
    settings.set(SERVER_URL, "postgresql://agent7@db.example.cn/caredesk")
    asked: list[str] = []
    url = database_url_at_start(settings, environ={}, ask=lambda where: asked.append(where) or "pw")
    assert make_url(url).password == "pw" and asked == ["postgresql://agent7@db.example.cn/caredesk"]
    assert database_url_at_start(settings, environ={}, ask=lambda where: None) == ""  # cancelled
    assert database_url_at_start(settings, cli_url="sqlite:///x.db", environ={}) == "sqlite:///x.db"
    env = {"CAREDESK_DATABASE_URL": "postgresql://caredesk_app@db.example.cn/caredesk"}
    assert make_url(database_url_at_start(settings, environ=env, ask=lambda where: "pw2")).password == "pw2"

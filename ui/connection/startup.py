"""Which database to open at start: --db, CAREDESK_DATABASE_URL, the saved server, or embedded.

A saved server whose password is not in the keyring gets a password prompt (asked at each
sign-in when there is no keyring; nothing is written to disk).
"""

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget
from sqlalchemy.engine import make_url

from ui.connection.credentials import resolve_server
from ui.connection.settings_dialog import SERVER_URL
from ui.settings import Settings

AskPassword = Callable[[str], str | None]


def ask_password_dialog(parent: QWidget | None = None) -> AskPassword:
    def ask(where: str) -> str | None:
        text, ok = QInputDialog.getText(
            parent, QCoreApplication.translate("Connection", "Server password"),
            QCoreApplication.translate("Connection", "Password for %1:").replace("%1", where),
            QLineEdit.EchoMode.Password)
        return text if ok else None

    return ask


def database_url_at_start(settings: Settings, *, cli_url: str | None = None,
                          ask: AskPassword | None = None, environ: dict[str, str] | None = None) -> str | None:
    """The URL to open; None for the embedded database; "" when the password prompt was
    cancelled (the caller quits)."""
    if cli_url:
        return cli_url
    address = resolve_server(settings.get(SERVER_URL), environ=environ)
    if address is None:
        return None
    if not address.needs_password:
        return address.url
    where = make_url(address.url).render_as_string(hide_password=True)
    password = (ask or ask_password_dialog())(where)
    if password is None:
        return ""
    return address.with_password(password) if password else address.url

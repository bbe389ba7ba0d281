"""The connection settings dialog: which server (saved without any password).

In team mode each user signs in with their own server login, so nothing here is a shared
password. "Test" connects off the GUI thread with the user name and password typed for it
(kept nowhere): can the server be reached, does it accept the login, is its schema the one
this CareDesk needs; it says what to do when not. A changed server is used from the next
start: the open window keeps its database.
"""

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from ui.context import Database
from app.services.errors import CareDeskError
from app.services.users import url_for_user
from ui.connection.credentials import without_password
from ui.settings import Option, Settings
from ui.tasks import Runner

if TYPE_CHECKING:  # the check pulls in alembic: imported when a test runs, not at start
    from app.sync.server_check import ServerStatus

SERVER_URL = Option[str](
    "connection/server_url", str, "",
    QT_TRANSLATE_NOOP("Settings", "Shared database server (empty: the embedded database on this computer)"),
)
URL_EXAMPLE = "postgresql://db.example.cn:5432/caredesk?sslmode=verify-full"


def _check(url: str) -> "ServerStatus":
    """The Test button's job: connect, compare the schema revision, let go of the connection."""
    from app.services.users import is_login_refused
    from app.sync.server_check import check_server

    db = Database.from_url(url)
    try:
        return check_server(db)
    except CareDeskError as exc:
        if is_login_refused(exc.__cause__ or exc):
            raise LoginRefused() from None
        raise
    finally:
        db.dispose()


class LoginRefused(CareDeskError):
    """The server answered and refused the user name or password typed for the test."""


class ConnectionDialog(QDialog):
    """Edits SERVER_URL (saved without a password); the user name and password only test it."""

    def __init__(self, settings: Settings, runner: Runner, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._runner = runner
        self.setWindowTitle(self.tr("Connection settings"))
        self.setMinimumWidth(480)

        saved = settings.get(SERVER_URL)
        self.url = QLineEdit(saved, self)
        self.url.setObjectName("connection_url")
        self.url.setPlaceholderText(URL_EXAMPLE)
        self.user = QLineEdit(make_url(saved).username or "" if saved else "", self)
        self.user.setObjectName("connection_user")
        self.password = QLineEdit(self)
        self.password.setObjectName("connection_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("only to test; never kept"))
        self.result = QLabel(self)
        self.result.setObjectName("connection_result")
        self.result.setWordWrap(True)
        self.test_button = QPushButton(self.tr("&Test connection"), self)
        self.test_button.setObjectName("connection_test")
        self.test_button.clicked.connect(self.test_connection)
        note = QLabel(self.tr("Leave the server empty to use the embedded database on this computer. "
                              "Each user signs in to the server with their own user name and password. "
                              "A new server is used from the next start."), self)
        note.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("&Server:"), self.url)
        form.addRow(self.tr("&User name:"), self.user)
        form.addRow(self.tr("&Password:"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.test_button)
        layout.addWidget(self.result)
        layout.addWidget(self.buttons)

    # --- helpers ----------------------------------------------------------------------

    def _entered_url(self) -> str | None:
        """The URL with the typed password, or None (and a message) when it is not a URL."""
        text = self.url.text().strip()
        if not text:
            return ""
        try:
            url = make_url(text)
        except ArgumentError:
            self.result.setText(self.tr("Not a database address. Example: %1").replace("%1", URL_EXAMPLE))
            return None
        if not url.drivername.startswith("postgresql"):
            self.result.setText(self.tr("The shared server must be PostgreSQL. Example: %1").replace("%1", URL_EXAMPLE))
            return None
        return without_password(url.render_as_string(hide_password=False))

    # --- actions ----------------------------------------------------------------------

    def test_connection(self) -> None:
        url = self._entered_url()
        if not url:
            if url == "":
                self.result.setText(self.tr("The embedded database needs no server."))
            return
        user = self.user.text().strip() or make_url(url).username
        if user:  # the login this user signs in with; none: libpq's defaults (~/.pgpass, trust)
            url = url_for_user(url, user, self.password.text() or "")
            if not self.password.text():
                url = without_password(url)
        self.test_button.setEnabled(False)
        self.result.setText(self.tr("Connecting..."))
        self._runner.run_db(lambda: _check(url), on_success=self._tested, on_error=self._test_failed,
                            name="test connection")

    def _tested(self, status: "ServerStatus") -> None:
        self.test_button.setEnabled(True)
        self.result.setText(self.tr("Connected. The server's schema is the one this CareDesk needs."))

    def _test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        if isinstance(exc, LoginRefused):
            self.result.setText(self.tr("The server refused this user name or password."))
        elif isinstance(exc, CareDeskError):
            self.result.setText(str(exc))
        else:  # a driver error we did not sort: still the user's to see, calmly, here
            self.result.setText(self.tr("Cannot connect: %1").replace("%1", str(exc).splitlines()[0] if str(exc) else
                                                                      type(exc).__name__))

    def save(self) -> None:
        url = self._entered_url()
        if url is None:
            return
        if not url:
            self._settings.set(SERVER_URL, "")
            self._settings.sync()
            self.accept()
            return
        user = self.user.text().strip()
        stored = make_url(url).set(username=user or None).render_as_string(hide_password=False) if user else url
        self._settings.set(SERVER_URL, stored)
        self._settings.sync()
        self.accept()

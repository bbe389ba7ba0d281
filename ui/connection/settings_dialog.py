"""The connection settings dialog: which server, and the password kept in the system keyring.

The URL is saved without its password. "Test" checks the server off the GUI thread (can it
be reached, is its schema the one this CareDesk needs) and says what to do when it is not.
A changed server is used from the next start: the open window keeps its database.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from ui.context import Database
from app.services.errors import CareDeskError
from app.sync.server_check import ServerStatus, check_server
from ui.connection.credentials import (
    forget_password, keyring_available, load_password, store_password, without_password,
)
from ui.settings import Option, Settings
from ui.tasks import Runner

SERVER_URL = Option[str](
    "connection/server_url", str, "",
    QT_TRANSLATE_NOOP("Settings", "Shared database server (empty: the embedded database on this computer)"),
)
URL_EXAMPLE = "postgresql://agent@db.example.cn:5432/caredesk"


def _check(url: str) -> ServerStatus:
    """The Test button's job: connect, compare the schema revision, let go of the connection."""
    db = Database.from_url(url)
    try:
        return check_server(db)
    finally:
        db.dispose()


class ConnectionDialog(QDialog):
    """Edits SERVER_URL; the password goes to the keyring when one is available."""

    def __init__(self, settings: Settings, runner: Runner, *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._runner = runner
        self._has_keyring = keyring_available()
        self.setWindowTitle(self.tr("Connection settings"))
        self.setMinimumWidth(480)

        saved = settings.get(SERVER_URL)
        self.url = QLineEdit(saved, self)
        self.url.setObjectName("connection_url")
        self.url.setPlaceholderText(URL_EXAMPLE)
        self.password = QLineEdit(self)
        self.password.setObjectName("connection_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("Remember the password in the system keyring"), self)
        self.remember.setObjectName("connection_remember")
        self.remember.setEnabled(self._has_keyring)
        self.remember.setChecked(self._has_keyring)
        if not self._has_keyring:
            self.remember.setToolTip(self.tr("No system keyring here: the password is asked at sign-in."))
        if saved and self._has_keyring:
            self.password.setText(load_password(saved) or "")
        self.result = QLabel(self)
        self.result.setObjectName("connection_result")
        self.result.setWordWrap(True)
        self.test_button = QPushButton(self.tr("&Test connection"), self)
        self.test_button.setObjectName("connection_test")
        self.test_button.clicked.connect(self.test_connection)
        note = QLabel(self.tr("Leave the server empty to use the embedded database on this computer. "
                              "A new server is used from the next start."), self)
        note.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("&Server:"), self.url)
        form.addRow(self.tr("&Password:"), self.password)
        form.addRow("", self.remember)
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
        if self.password.text():
            url = url.set(password=self.password.text())
        return url.render_as_string(hide_password=False)

    # --- actions ----------------------------------------------------------------------

    def test_connection(self) -> None:
        url = self._entered_url()
        if not url:
            if url == "":
                self.result.setText(self.tr("The embedded database needs no server."))
            return
        self.test_button.setEnabled(False)
        self.result.setText(self.tr("Connecting..."))
        self._runner.run_db(lambda: _check(url), on_success=self._tested, on_error=self._test_failed,
                            name="test connection")

    def _tested(self, status: ServerStatus) -> None:
        self.test_button.setEnabled(True)
        self.result.setText(self.tr("Connected. The server's schema is the one this CareDesk needs."))

    def _test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        if isinstance(exc, CareDeskError):
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
        stored = without_password(url)
        self._settings.set(SERVER_URL, stored)
        self._settings.sync()
        if self.password.text() and self.remember.isChecked():
            store_password(stored, self.password.text())
        elif not self.remember.isChecked():
            forget_password(stored)
        self.accept()

"""Sign-in: user name and password, checked by app.services.auth off the GUI thread."""

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.context import Database
from app.services.auth import Actor, authenticate
from ui.tasks import Runner


class SignInDialog(QDialog):
    """Accepted once the credentials are right; `actor` then holds the signed-in user."""

    def __init__(self, db: Database, runner: Runner, *, username: str = "", password: str = "",
                 database_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("Sign in to CareDesk"))
        self.setMinimumWidth(380)

        self.username = QLineEdit(username, self)
        self.username.setObjectName("signin_username")
        self.password = QLineEdit(password, self)
        self.password.setObjectName("signin_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel(self)
        self.message.setObjectName("signin_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        where = QLabel(database_text, self)
        where.setWordWrap(True)
        where.setVisible(bool(database_text))

        form = QFormLayout()
        form.addRow(self.tr("&User name:"), self.username)
        form.addRow(self.tr("&Password:"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self._try_sign_in)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.password if username else self.username).setFocus()

    def _try_sign_in(self) -> None:
        name = self.username.text().strip()
        password = self.password.text()
        if not name or not password:
            self.message.setText(self.tr("Enter your user name and password."))
            return
        self.message.setText(self.tr("Signing in..."))
        self.buttons.setEnabled(False)
        db = self._db
        self._runner.run_db(
            lambda: authenticate(db, name, password),
            on_success=self._checked, on_error=self._failed, name="authenticate",
        )

    def _checked(self, actor: Actor | None) -> None:
        self.buttons.setEnabled(True)
        if actor is None:
            self.message.setText(self.tr("Wrong user name or password."))
            self.password.selectAll()
            self.password.setFocus()
            return
        self.actor = actor
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(self.tr("Cannot reach the database: %1").replace("%1", str(exc)))

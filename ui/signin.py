"""Sign-in: user name and password, checked by app.services.users off the GUI thread.

On the embedded database the password is checked against the user table. In team mode the
name and password are the user's own PostgreSQL login (SCRAM): the job connects as that
role, and the window then works on that connection (`SignInDialog.db`), so the server
enforces what the user may do. No shared application login is involved.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.tasks import Runner

if TYPE_CHECKING:
    from app.domain.clock import Clock
    from app.services.users import Actor
    from ui.context import Database

# Runs on the database thread with the user's own connection, before the window opens (the
# schema check); raising refuses the sign-in with that error.
AfterSignIn = Callable[["Database"], object]


def _sign_in_job(db: "Database | None", server_url: str | None, name: str, password: str,
                 clock: "Clock | None", after: AfterSignIn | None) -> tuple["Actor", "Database"]:
    # Imported on the database thread: the services are not needed to draw the dialog.
    from sqlalchemy.exc import ProgrammingError

    from app.domain.clock import Clock
    from app.services.users import sign_in, sign_in_to_server

    if server_url is not None:
        try:
            session = sign_in_to_server(server_url, name, password)
        except ProgrammingError:
            if after is not None:  # a server older than the sign-in function: say what to run
                _check_old_server(server_url, name, password, after)
            raise
        try:
            if after is not None:
                after(session.db)
        except BaseException:
            session.db.dispose()
            raise
        return session.actor, session.db
    assert db is not None
    if after is not None:
        after(db)
    return sign_in(db, clock or Clock(), name, password), db


def _check_old_server(server_url: str, name: str, password: str, after: AfterSignIn) -> None:
    from app.services.users import url_for_user
    from ui.context import Database

    probe = Database.from_url(url_for_user(server_url, name, password))
    try:
        after(probe)  # raises SchemaOutOfDate with the upgrade command
    finally:
        probe.dispose()


class SignInDialog(QDialog):
    """Accepted once the credentials are right; `actor` then holds the signed-in user and `db`
    the database to work on (the user's own login in team mode)."""

    def __init__(self, db: "Database | None", runner: Runner, *, username: str = "", password: str = "",
                 database_text: str = "", server_url: str | None = None, clock: "Clock | None" = None,
                 after_sign_in: AfterSignIn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._server_url = server_url
        self._clock = clock
        self._after = after_sign_in
        self._runner = runner
        self.actor: "Actor | None" = None
        self.db: "Database | None" = None
        self.error: BaseException | None = None  # a failure that is not a refusal (schema, bug)
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
        db, url, clock, after = self._db, self._server_url, self._clock, self._after
        self._runner.run_db(
            lambda: _sign_in_job(db, url, name, password, clock, after),
            on_success=self._checked, on_error=self._failed, name="authenticate",
        )

    def _checked(self, result: tuple["Actor", "Database"]) -> None:
        self.buttons.setEnabled(True)
        self.actor, self.db = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        from app.services.users import SignInRefused
        from ui.startup import SchemaOutOfDate

        self.buttons.setEnabled(True)
        if isinstance(exc, SignInRefused):
            self.message.setText(self.refusal_text(exc))
            self.password.selectAll()
            self.password.setFocus()
            return
        if isinstance(exc, SchemaOutOfDate):
            self.error = exc  # the start-up explains it, with the upgrade command
            self.reject()
            return
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        self.message.setText(self.tr("Cannot reach the database: %1").replace(
            "%1", first[0] if first else type(exc).__name__))

    def refusal_text(self, refused: BaseException) -> str:
        """The refusal in the screen's language: a wrong password, or a locked name and until when."""
        if getattr(refused, "reason", "wrong") != "locked":
            return self.tr("Wrong user name or password.")
        until = getattr(refused, "until", None)
        if until is None:
            return self.tr("This user is locked. Ask an administrator to unlock it.")
        clock = self._clock
        local = until.astimezone(clock.tz) if clock is not None else until.astimezone()
        return self.tr("Too many failed sign-ins: this user is locked until %1.").replace("%1", local.strftime("%H:%M"))

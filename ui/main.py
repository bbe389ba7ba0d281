"""`caredesk`: builds everything once (config, database, clock, task runner) and opens the window.

Options: --db URL (else CAREDESK_DATABASE_URL, else the embedded file), --lang zh_CN|en,
--today/--at to fix the clock (as caredesk-admin), and --user NAME (or CAREDESK_USER) to
skip the sign-in dialog on an embedded demo database only (see ui.startup.demo_sign_in).
`--exit-when-ready` quits with 0 once the first usable screen is up (start-up benchmark,
packaged-app smoke test) and prints `ready <screen> <seconds>`.

Start-up is kept short (docs/benchmarks.md): the sign-in dialog opens at once while the
database is checked and the day's queue built on the database thread, and the main
window's modules are imported in the background while the user types.
"""

import argparse
import logging
import os
import sys
import threading
import time as _time
from collections.abc import Callable
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from app.config import APP_NAME, Config
from app.domain.clock import Clock, local_timezone
from ui.collector import MainThreadCollector
from ui.crash import install_excepthook, route_qt_messages, setup_logging
from ui.fonts import install_app_fonts
from ui.i18n import Translations, resolve_language
from ui.settings import LANGUAGE, Settings
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from app.data.uow import Database
    from app.services.users import Actor
    from ui.startup import StartupState

log = logging.getLogger(__name__)
USER_ENV = "CAREDESK_USER"
_T0 = _time.perf_counter()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="caredesk", description="CareDesk workstation")
    parser.add_argument("--db", metavar="URL", help="database URL (default: CAREDESK_DATABASE_URL, else the embedded file)")
    parser.add_argument("--lang", choices=["zh_CN", "en"], help="interface language (default: setting, else system)")
    parser.add_argument("--user", metavar="NAME", help="sign in as NAME without the dialog (embedded demo database only)")
    parser.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD", help="fix the clock to this date")
    parser.add_argument("--at", type=lambda t: datetime.strptime(t, "%H:%M").time(), metavar="HH:MM",
                        help="fix the clock to this local time")
    parser.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    # Qt's own options (-style, -platform...) pass through to QApplication.
    args, _ = parser.parse_known_args(argv)
    return args


def make_clock(today: date | None, at: time | None) -> Clock:
    tz = local_timezone()
    if today is None and at is None:
        return Clock(tz=tz)
    return Clock.fixed(today or datetime.now(tz).date(), at or time(10, 0), tz=tz)


def run_with_progress(runner: TaskRunner, fn: Callable[[], Any], *, text: str,
                      parent: QWidget | None = None, show_after_ms: int = 400) -> Any:
    """Run `fn` on the database thread while a progress dialog spins; return or raise its result.

    A nested event loop keeps the GUI painting; the dialog only shows if the job is slow.
    """
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setCancelButton(None)  # type: ignore[arg-type] - creating a schema cannot be cancelled
    dialog.setWindowTitle(APP_NAME)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.hide()

    def done(result: Any) -> None:
        outcome["result"] = result
        loop.quit()

    def failed(exc: BaseException) -> None:
        outcome["error"] = exc
        loop.quit()

    runner.run_db(fn, on_success=done, on_error=failed, name="startup")
    QTimer.singleShot(show_after_ms, lambda: None if outcome else dialog.show())
    if not outcome:
        loop.exec()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")


def first_run(config: Config) -> bool:
    """An embedded database file that does not exist yet: creating it takes a while, say so."""
    if not config.is_embedded:
        return False
    path = config.database_url.split("///", 1)[-1]
    return not os.path.exists(path) or os.path.getsize(path) == 0


def prepare_job(db: "Database", clock: Clock) -> "StartupState":
    """The database-thread job: schema check or creation, demo data, the day's queue."""
    from ui.startup import prepare_database

    return prepare_database(db, clock)


def explain_startup_error(exc: BaseException) -> bool:
    """A message box for the known reasons CareDesk cannot open a database; False for a bug."""
    from sqlalchemy.exc import OperationalError

    from ui.startup import SchemaOutOfDate

    if isinstance(exc, SchemaOutOfDate):
        QMessageBox.critical(None, APP_NAME, QCoreApplication.translate(
            "Startup",
            "The database on the server has an older schema (%1) than this CareDesk needs (%2).\n\n"
            "Ask your administrator to run:\n    caredesk-admin db upgrade",
        ).replace("%1", exc.found or "-").replace("%2", exc.expected))
        return True
    from app.data.storage import storage_problem

    problem = storage_problem(exc)  # a damaged file, a full or read-only disk
    if problem is not None:
        text = {
            "full": QCoreApplication.translate("Startup", "The disk is full. Free some space and start CareDesk again."),
            "read_only": QCoreApplication.translate(
                "Startup", "CareDesk cannot write its database file or folder (a read-only disk or no permission)."),
            "corrupt": QCoreApplication.translate(
                "Startup", "The database file is damaged or is not a CareDesk database. Restore it from a backup "
                "(a copy is kept beside it before each upgrade)."),
        }[problem]
        QMessageBox.critical(None, APP_NAME, text)
        return True
    if isinstance(exc, OperationalError):
        QMessageBox.critical(None, APP_NAME, QCoreApplication.translate("Startup", "Cannot open the database:\n%1")
                             .replace("%1", str(exc.orig or exc)))
        return True
    return False


def app_icon():  # noqa: ANN201 - a QIcon
    from PySide6.QtGui import QIcon

    from ui.fonts import FONTS_DIR

    return QIcon(str(FONTS_DIR.parent / "brand" / "app-icon.png"))


def _warm_up_imports() -> threading.Thread:
    """Import the main window's modules while the user types (they take most of a second).

    Only imports: no widget is made off the GUI thread. The caller joins the thread before
    the interpreter shuts down (an import cut off at exit aborts the process).
    """
    def work() -> None:
        import ui.mainwindow  # noqa: F401
        import ui.team  # noqa: F401

    thread = threading.Thread(target=work, name="warm-up-imports", daemon=True)
    thread.start()
    return thread


def _ready(screen: str, exit_when_ready: bool) -> None:
    # Wall seconds since main's module loaded, and CPU seconds of the whole process (all
    # threads, interpreter start-up included): the second does not grow on a busy machine.
    print(f"ready {screen} {_time.perf_counter() - _T0:.3f} {_time.process_time():.3f}", flush=True)
    if exit_when_ready:
        QCoreApplication.exit(0)


class Start:
    """Launch to signed-in actor: the prepare job runs while the sign-in dialog is open."""

    def __init__(self, runner: TaskRunner, db: "Database", clock: Clock, config: Config, *,
                 exit_when_ready: bool = False) -> None:
        self.runner, self.db, self.clock, self.config = runner, db, clock, config
        self.exit_when_ready = exit_when_ready
        self.state: "StartupState | None" = None
        self.error: BaseException | None = None
        self.warm_up: threading.Thread | None = None

    def prepare_first_run(self) -> bool:
        """First start on a new machine: create and seed the database under a progress dialog."""
        text = QCoreApplication.translate("Startup", "Creating the demo database on first run, this takes a moment...")
        try:
            self.state = run_with_progress(self.runner, lambda: prepare_job(self.db, self.clock), text=text,
                                           show_after_ms=0)
        except Exception as exc:  # noqa: BLE001 - explained or re-raised below
            if not explain_startup_error(exc):
                raise
            return False
        return True

    def sign_in(self, requested_user: str | None) -> "Actor | None":
        """The signed-in user (and `self.db` the database to work on), or None."""
        if not self.db.is_embedded:
            return self._sign_in_to_server(requested_user)
        from ui.signin import SignInDialog

        if self.state is None and requested_user:
            self.state = self._wait_prepared()
            if self.state is None:
                return None
        if requested_user:
            from ui.startup import demo_sign_in

            db = self.db
            actor = run_with_progress(self.runner, lambda: demo_sign_in(db, requested_user),
                                      text=QCoreApplication.translate("Startup", "Signing in..."))
            if actor is not None:
                return actor
            if self.exit_when_ready:  # unattended (smoke test): no dialog to wait on
                self.error = RuntimeError(f"cannot sign in as {requested_user} with the demo password")
                log.error("%s", self.error)
                return None
        where = QCoreApplication.translate("Startup", "Embedded database")
        dialog = SignInDialog(self.db, self.runner, username=requested_user or "", database_text=where,
                              clock=self.clock)
        if self.state is None:
            dialog.message.setText(QCoreApplication.translate("Startup", "Opening the database..."))
            self.runner.run_db(lambda: prepare_job(self.db, self.clock),
                               on_success=lambda state: self._prepared(dialog, state),
                               on_error=lambda exc: self._failed(dialog, exc), name="startup")
        else:
            self._prepared(dialog, self.state)
        return self._run_dialog(dialog)

    def _sign_in_to_server(self, requested_user: str | None) -> "Actor | None":
        """Team mode: the dialog's name and password are the user's own server login; the
        schema check runs on that connection once the server has accepted it."""
        from sqlalchemy.engine import make_url

        from ui.signin import SignInDialog

        url = make_url(self.config.database_url)
        where = url.set(password=None).render_as_string(hide_password=True)
        clock = self.clock

        def check_schema(user_db: "Database") -> None:
            self.state = prepare_job(user_db, clock)  # raises SchemaOutOfDate on an old server

        dialog = SignInDialog(None, self.runner, username=requested_user or url.username or "", database_text=where,
                              server_url=self.config.database_url, clock=clock, after_sign_in=check_schema)
        actor = self._run_dialog(dialog)
        if actor is not None and dialog.db is not None:
            self.db.dispose()  # never connected: the server login is the user's own
            self.db = dialog.db
        return actor

    def _run_dialog(self, dialog: Any) -> "Actor | None":
        from ui.signin import SignInDialog

        self.warm_up = _warm_up_imports()
        QTimer.singleShot(0, lambda: _ready("signin", self.exit_when_ready) if dialog.isVisible() else None)
        accepted = dialog.exec() == SignInDialog.DialogCode.Accepted
        self.error = self.error or dialog.error
        if self.error is not None:
            if not explain_startup_error(self.error):
                raise self.error
            return None
        return dialog.actor if accepted else None

    def _wait_prepared(self) -> "StartupState | None":
        try:
            return run_with_progress(self.runner, lambda: prepare_job(self.db, self.clock),
                                     text=QCoreApplication.translate("Startup", "Opening the database..."))
        except Exception as exc:  # noqa: BLE001 - explained or re-raised
            if not explain_startup_error(exc):
                raise
            return None

    def _prepared(self, dialog: Any, state: "StartupState") -> None:
        self.state = state
        if dialog.message.text() == QCoreApplication.translate("Startup", "Opening the database..."):
            dialog.message.setText("")
        if state.demo_agent and not dialog.username.text():
            from ui.startup import demo_module

            dialog.username.setText(state.demo_agent)
            dialog.password.setText(str(getattr(demo_module(), "DEMO_PASSWORD", "")))
            dialog.password.setFocus()

    def _failed(self, dialog: Any, exc: BaseException) -> None:
        self.error = exc
        dialog.reject()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    args = parse_args(argv[1:])
    setup_logging()
    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(APP_NAME)
    app = QApplication.instance() or QApplication(argv)
    MainThreadCollector(app)  # Qt objects are destroyed on the GUI thread, never by a worker's GC
    install_excepthook()
    route_qt_messages()
    install_app_fonts(app)
    app.setWindowIcon(app_icon())

    settings = Settings()
    language = resolve_language(args.lang or settings.get(LANGUAGE))
    translations = Translations(app, language)  # keeps the translators alive; switchable

    from ui.connection.startup import database_url_at_start

    # --db, then CAREDESK_DATABASE_URL, then the saved server, else the embedded file. A
    # server is signed in to with the user's own login in the sign-in dialog.
    url = database_url_at_start(settings, cli_url=args.db)
    config = Config.from_env(url)
    from app.data.uow import Database

    db = Database.from_config(config)
    clock = make_clock(args.today, args.at)
    runner = TaskRunner(app)
    team = None
    start = None
    try:
        start = Start(runner, db, clock, config, exit_when_ready=args.exit_when_ready)
        if first_run(config) and not start.prepare_first_run():
            return 1
        actor = start.sign_in(args.user or os.environ.get(USER_ENV))
        db = start.db  # in team mode: the signed-in user's own server login
        if actor is None:
            return 1 if start.error is not None else 0
        if args.exit_when_ready and not args.user:
            return 0  # the sign-in dialog was the ready screen
        from ui.context import AppContext
        from ui.session import Session
        from ui.team import team_mode

        team = team_mode(db, clock, actor)
        ctx = AppContext(config=config, db=db, clock=clock, runner=runner, settings=settings,
                         actor=actor, language=language, saver=team.saver)
        session = Session(ctx, translations, team=team)
        session.open()
        team.start()
        if args.exit_when_ready:
            QTimer.singleShot(0, lambda: _ready("main", True))
        return app.exec()
    finally:
        runner.shutdown()  # a save or the release of open claims in flight lands first
        if team is not None:
            team.stop()
        db.dispose()
        if start is not None and start.warm_up is not None:
            start.warm_up.join(timeout=30)


if __name__ == "__main__":
    sys.exit(main())

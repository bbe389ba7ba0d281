"""`caredesk`: builds everything once (config, database, clock, task runner) and opens the window.

Options: --db URL (else CAREDESK_DATABASE_URL, else the embedded file), --lang zh_CN|en,
--today/--at to fix the clock (as caredesk-admin), and --user NAME (or CAREDESK_USER) to
skip the sign-in dialog on an embedded demo database only (see ui.startup.demo_sign_in).
"""

import argparse
import logging
import os
import sys
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget
from sqlalchemy.exc import OperationalError

from app.config import APP_NAME, Config
from app.data.uow import Database
from app.domain.clock import Clock, local_timezone
from app.services.auth import Actor
from ui.connection.startup import ask_password_dialog, database_url_at_start
from ui.context import AppContext
from ui.errors import install_excepthook
from ui.i18n import install_translators, resolve_language
from ui.mainwindow import MainWindow
from ui.settings import LANGUAGE, Settings
from ui.signin import SignInDialog
from ui.startup import (
    SchemaOutOfDate, StartupState, build_queue_when_due, demo_sign_in, needs_creation, prepare_database,
)
from ui.tasks import TaskRunner
from ui.team import TeamMode, team_mode

log = logging.getLogger(__name__)
USER_ENV = "CAREDESK_USER"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="caredesk", description="CareDesk workstation")
    parser.add_argument("--db", metavar="URL", help="database URL (default: CAREDESK_DATABASE_URL, else the embedded file)")
    parser.add_argument("--lang", choices=["zh_CN", "en"], help="interface language (default: setting, else system)")
    parser.add_argument("--user", metavar="NAME", help="sign in as NAME without the dialog (embedded demo database only)")
    parser.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD", help="fix the clock to this date")
    parser.add_argument("--at", type=lambda t: datetime.strptime(t, "%H:%M").time(), metavar="HH:MM",
                        help="fix the clock to this local time")
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
    loop.exec()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")


def startup(runner: TaskRunner, db: Database, clock: Clock) -> StartupState | None:
    """Prepare the database, or explain in a message box why CareDesk cannot open it."""
    first_run = False
    try:
        first_run = needs_creation(db)
        text = (QCoreApplication.translate("Startup", "Creating the demo database on first run, this takes a moment...")
                if first_run else QCoreApplication.translate("Startup", "Opening the database..."))
        return run_with_progress(runner, lambda: prepare_database(db, clock), text=text,
                                 show_after_ms=0 if first_run else 400)
    except SchemaOutOfDate as exc:
        QMessageBox.critical(None, APP_NAME, QCoreApplication.translate(
            "Startup",
            "The database on the server has an older schema (%1) than this CareDesk needs (%2).\n\n"
            "Ask your administrator to run:\n    caredesk-admin db upgrade",
        ).replace("%1", exc.found or "-").replace("%2", exc.expected))
    except OperationalError as exc:
        QMessageBox.critical(None, APP_NAME, QCoreApplication.translate("Startup", "Cannot open the database:\n%1")
                             .replace("%1", str(exc.orig or exc)))
    return None


def sign_in(runner: TaskRunner, db: Database, state: StartupState, requested_user: str | None) -> Actor | None:
    if requested_user:
        actor = run_with_progress(runner, lambda: demo_sign_in(db, requested_user),
                                  text=QCoreApplication.translate("Startup", "Signing in..."))
        if actor is not None:
            return actor
    demo_user = state.demo_agent
    username = requested_user or demo_user or ""
    password = ""
    if demo_user and username == demo_user:
        from ui.startup import demo_module  # only reached when the demo module exists

        password = str(getattr(demo_module(), "DEMO_PASSWORD", ""))
    where = (QCoreApplication.translate("Startup", "Embedded demo database") if demo_user
             else db.engine.url.render_as_string(hide_password=True))
    dialog = SignInDialog(db, runner, username=username, password=password, database_text=where)
    if dialog.exec() != SignInDialog.DialogCode.Accepted:
        return None
    return dialog.actor


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    args = parse_args(argv[1:])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(APP_NAME)
    app = QApplication.instance() or QApplication(argv)
    install_excepthook()

    settings = Settings()
    language = resolve_language(args.lang or settings.get(LANGUAGE))
    translators = install_translators(app, language)  # noqa: F841 - kept alive for the session

    # --db, then CAREDESK_DATABASE_URL, then the saved server (password from the keyring or
    # asked), else the embedded file.
    url = database_url_at_start(settings, cli_url=args.db, ask=ask_password_dialog())
    if url == "":
        return 0  # the password prompt was cancelled
    config = Config.from_env(url)
    db = Database.from_config(config)
    clock = make_clock(args.today, args.at)
    runner = TaskRunner(app)
    team: TeamMode | None = None
    try:
        state = startup(runner, db, clock)
        if state is None:
            return 1
        actor = sign_in(runner, db, state, args.user or os.environ.get(USER_ENV))
        if actor is None:
            return 0
        team = team_mode(db, clock, actor)
        ctx = AppContext(config=config, db=db, clock=clock, runner=runner, settings=settings,
                         actor=actor, language=language, saver=team.saver)
        window = MainWindow(ctx, team=team)
        window.show()
        window.reload()
        team.start()
        runner.run_db(lambda: build_queue_when_due(db, clock), name="queue-build")  # never before the window
        return app.exec()
    finally:
        runner.shutdown()  # a save or the release of open claims in flight lands first
        if team is not None:
            team.stop()
        db.dispose()


if __name__ == "__main__":
    sys.exit(main())

"""Logs and crash reports for a desktop app that has no console.

A rotating log in the user log folder, `faulthandler` writing hard crashes beside it, and
for an unexpected exception a dialog with a copyable report that is also saved in that
folder. Everything written passes through app.domain.redact.scrub first, so no phone
number, health value or password reaches a file or the clipboard.
"""

import faulthandler
import logging
import os
import platform
import sys
import traceback
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import IO

from platformdirs import user_log_path

from app.config import APP_NAME
from app.domain.redact import scrub

LOG_DIR_ENV = "CAREDESK_LOG_DIR"
LOG_FILE = "caredesk.log"
FAULT_FILE = "faults.log"
log = logging.getLogger(__name__)
_fault_stream: IO[str] | None = None  # kept open for faulthandler for the process's life


def log_dir() -> Path:
    """CAREDESK_LOG_DIR, else `logs` in CAREDESK_DATA_DIR (tests, portable), else the OS's folder."""
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        path = Path(override)
    elif os.environ.get("CAREDESK_DATA_DIR"):
        path = Path(os.environ["CAREDESK_DATA_DIR"]) / "logs"
    else:
        path = user_log_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


class ScrubbingFormatter(logging.Formatter):
    """Formats as usual, then scrubs the whole record, traceback included."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def setup_logging(directory: Path | None = None, *, level: int = logging.INFO) -> Path:
    """Log to a rotating file (1 MB x 5) and to stderr when there is one; returns the file."""
    global _fault_stream
    folder = directory or log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    formatter = ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler = RotatingFileHandler(folder / LOG_FILE, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(formatter)
    handlers: list[logging.Handler] = [handler]
    if sys.stderr is not None:  # a windowed PyInstaller build has no stderr at all
        console = logging.StreamHandler()
        console.setFormatter(formatter)
        handlers.append(console)
    logging.basicConfig(level=level, handlers=handlers, force=True)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # a line per plugin at every start
    # A segfault in Qt or a driver leaves only Python's stacks; they go beside the log.
    if _fault_stream is not None:
        _fault_stream.close()
    _fault_stream = open(folder / FAULT_FILE, "a", encoding="utf-8")  # noqa: SIM115 - lives with the process
    faulthandler.enable(file=_fault_stream, all_threads=True)
    return folder / LOG_FILE


def route_qt_messages() -> None:
    """Qt's own warnings go to the log too (a windowed build has no stderr to print them)."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}
    qt_log = logging.getLogger("qt")

    def handler(kind, _context, message: str) -> None:  # noqa: ANN001 - Qt's types
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def crash_report(message: str, trace: str) -> str:
    """The report text: what happened, versions, the traceback; scrubbed."""
    from importlib.metadata import PackageNotFoundError, version

    from PySide6 import __version__ as pyside_version

    try:
        app_version = version("caredesk")
    except PackageNotFoundError:
        app_version = "source"

    return scrub(
        f"{message}\n\nCareDesk {app_version}, Python {platform.python_version()}, PySide6 {pyside_version}, "
        f"{platform.platform()}\n\n{trace}"
    )


def save_report(report: str, directory: Path | None = None) -> Path | None:
    """Write the report as crash-<time>.txt in the log folder; None if the disk refuses."""
    try:
        folder = directory or log_dir()
        path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S-%f}.txt"
        path.write_text(report, encoding="utf-8")
        return path
    except OSError:
        log.exception("could not save the crash report")
        return None


def handle_unexpected(message: str, trace: str, parent=None) -> None:  # noqa: ANN001 - a QWidget
    """Log a bug, save its report and show the crash dialog (when there is a GUI)."""
    from PySide6.QtWidgets import QApplication

    report = crash_report(message, trace)
    log.error("unexpected error:\n%s", report)
    saved = save_report(report)
    if QApplication.instance() is not None:
        from ui.errors import CrashDialog

        CrashDialog(report, saved_to=saved, parent=parent).exec()


def install_excepthook() -> None:
    """An uncaught exception (in a slot, or anywhere) is a bug: log, save and show it."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        from PySide6.QtWidgets import QApplication

        trace = "".join(traceback.format_exception(kind, exc, tb))
        handle_unexpected(str(exc) or kind.__name__, trace, QApplication.activeWindow())

    sys.excepthook = hook

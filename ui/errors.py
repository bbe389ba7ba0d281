"""Two kinds of errors (STYLE.md pattern 8): a known one gets a calm message, a bug a crash report."""

import logging
import platform
import sys
import traceback
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

log = logging.getLogger(__name__)


class CrashDialog(QDialog):
    """Says that something went wrong and offers the report to copy for support."""

    def __init__(self, message: str, trace: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("CareDesk - unexpected error"))
        self.resize(640, 420)
        intro = QLabel(self.tr(
            "Something went wrong that CareDesk did not expect. Your saved work is safe. "
            "Please copy the report below and send it to support."), self)
        intro.setWordWrap(True)
        self.report = QPlainTextEdit(self)
        self.report.setObjectName("crash_report")
        self.report.setReadOnly(True)
        self.report.setPlainText(
            f"{message}\n\nPython {platform.python_version()}, PySide6 {pyside_version}, "
            f"{platform.platform()}\n\n{trace}"
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton(self.tr("Copy report"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.report, 1)
        layout.addWidget(buttons)

    def _copy(self) -> None:
        QApplication.clipboard().setText(self.report.toPlainText())


def report_bug(runner, exc: BaseException) -> None:
    """Route an unexpected exception to the runner's crash reporting (logged, then shown)."""
    trace = "".join(traceback.format_exception(exc))
    log.error("unexpected error:\n%s", trace)
    runner.unhandled_error.emit(str(exc) or type(exc).__name__, trace)


def show_crash(message: str, trace: str, parent: QWidget | None = None) -> None:
    CrashDialog(message, trace, parent).exec()


def install_excepthook() -> None:
    """An uncaught exception in a slot is a bug: log it and show the crash dialog."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        trace = "".join(traceback.format_exception(kind, exc, tb))
        log.error("unhandled exception:\n%s", trace)
        if QApplication.instance() is not None and not isinstance(exc, KeyboardInterrupt):
            show_crash(str(exc) or kind.__name__, trace, QApplication.activeWindow())
        else:
            sys.__excepthook__(kind, exc, tb)

    sys.excepthook = hook

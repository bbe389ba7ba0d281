"""Two kinds of errors (STYLE.md pattern 8): a known one gets a calm message, a bug a crash report.

The crash report itself (scrubbing, saving, logging) lives in ui/crash.py; this is the dialog.
"""

from pathlib import Path

from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ui.crash import handle_unexpected, install_excepthook

__all__ = ["CrashDialog", "install_excepthook", "report_bug", "show_crash"]


class CrashDialog(QDialog):
    """Says that something went wrong and offers the (already scrubbed) report to copy."""

    def __init__(self, report: str, *, saved_to: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("CareDesk - unexpected error"))
        self.resize(640, 420)
        text = self.tr(
            "Something went wrong that CareDesk did not expect. Your saved work is safe. "
            "Please copy the report below and send it to support.")
        if saved_to is not None:
            text += "\n" + self.tr("The report was also saved as %1.").replace("%1", str(saved_to))
        intro = QLabel(text, self)
        intro.setWordWrap(True)
        intro.setObjectName("crash_intro")
        self.report = QPlainTextEdit(self)
        self.report.setObjectName("crash_report")
        self.report.setReadOnly(True)
        self.report.setPlainText(report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton(self.tr("Copy report"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.report, 1)
        layout.addWidget(buttons)

    def _copy(self) -> None:
        QApplication.clipboard().setText(self.report.toPlainText())


def report_bug(runner, exc: BaseException) -> None:  # noqa: ANN001 - a TaskRunner
    """Route an unexpected exception to the runner's crash reporting (logged, saved, shown).

    A full or read-only disk or a damaged file is not a bug: it goes out as a known error."""
    import traceback

    from app.services.errors import known_message

    message = known_message(exc)
    if message is not None:
        runner.known_error.emit(message)
        return

    runner.unhandled_error.emit(str(exc) or type(exc).__name__, "".join(traceback.format_exception(exc)))


def show_crash(message: str, trace: str, parent: QWidget | None = None) -> None:
    handle_unexpected(message, trace, parent)

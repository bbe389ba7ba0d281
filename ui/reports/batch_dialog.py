"""Exports the premium members' care reports of a period, off the GUI thread, with cancel.

`export_premium` blocks while its worker processes render, so it runs as a long job of the
task runner: its progress comes back to the GUI thread through the runner, and Cancel asks
the job to stop (the service polls between reports and reports what it wrote).
"""

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLineEdit, QMessageBox, QProgressDialog,
    QPushButton, QWidget,
)

from app.services.errors import CareDeskError, ValidationError
from app.services.reports import BatchResult, Period, export_premium, parse_period
from ui.context import AppContext


class BatchExportDialog(QDialog):
    """Asks for the period (YYYY-MM) and the folder; `period()` and `folder()` give them back."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batch_export_dialog")
        self.setWindowTitle(self.tr("Export premium care reports"))
        last_month = ctx.clock.today().replace(day=1) - timedelta(days=1)
        self.period_edit = QLineEdit(last_month.strftime("%Y-%m"), self)
        self.period_edit.setObjectName("batch_period")
        self.period_edit.setPlaceholderText(self.tr("YYYY-MM"))
        self.folder_edit = QLineEdit(str(Path.home()), self)
        self.folder_edit.setObjectName("batch_folder")
        browse = QPushButton(self.tr("Browse..."), self)
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(browse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Period"), self.period_edit)
        form.addRow(self.tr("Folder"), folder_row)
        form.addRow(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the reports"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def period(self) -> Period:
        return parse_period(self.period_edit.text())

    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip())

    def _accept(self) -> None:
        try:
            self.period()
        except ValidationError:
            QMessageBox.warning(self, self.windowTitle(), self.tr("The period must look like 2026-05."))
            return
        if not self.folder_edit.text().strip():
            QMessageBox.warning(self, self.windowTitle(), self.tr("Choose a folder for the reports."))
            return
        self.accept()


class BatchExport(QObject):
    """One running export. `finished(BatchResult)` or `failed(message)` ends it, on the GUI thread."""

    progressed = Signal(int, int)  # done, total
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, workers: int | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._parent = parent
        self._workers = workers
        self.task = None  # the runner's Task once started
        self.out_dir: Path | None = None
        self.last_message = ""
        self.message_box: QMessageBox | None = None
        self.progress = QProgressDialog(self.tr("Preparing the reports..."), self.tr("Cancel"), 0, 0, parent)
        self.progress.setObjectName("batch_progress")
        self.progress.setWindowTitle(self.tr("Export premium care reports"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self.cancel)
        # A modal QProgressDialog's setValue() runs the event loop. Called from a slot of
        # `progressed`, it delivered the next progress (and the end) inside this one, so
        # listeners saw 1, 3, 2. The dialog is therefore updated from the event loop, with
        # the latest figures, never from inside the signal.
        self._latest: tuple[int, int] | None = None
        self._ended = False
        self._repaint = QTimer(self)
        self._repaint.setSingleShot(True)
        self._repaint.setInterval(0)
        self._repaint.timeout.connect(self._show_progress)
        self.progressed.connect(self._note_progress)
        self.finished.connect(self._done)
        self.failed.connect(self._failed)

    def start(self, period: Period, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.progress.show()
        ctx = self._ctx

        def work(control) -> BatchResult:
            return export_premium(ctx.db, ctx.actor, ctx.clock, period, out_dir, workers=self._workers,
                                  progress=lambda done, total: control.progress(done, total),
                                  cancelled=control.stop_requested)

        def failed(exc: BaseException) -> None:
            self.failed.emit(str(exc) if isinstance(exc, CareDeskError) else f"{type(exc).__name__}: {exc}")

        self.task = ctx.runner.run_long(work, on_progress=lambda done, total, _text: self.progressed.emit(done, total),
                                        on_success=self.finished.emit, on_error=failed, name="premium_export")

    @property
    def stopping(self) -> bool:
        return self.task is not None and self.task.stopping

    def cancel(self) -> None:
        if self.task is not None:
            self.task.stop()
        self.progress.setLabelText(self.tr("Cancelling: finishing the reports in progress..."))

    def _note_progress(self, done: int, total: int) -> None:
        self._latest = (done, total)
        self._repaint.start()

    def _show_progress(self) -> None:
        if self._latest is None or self._ended:
            return
        (done, total), self._latest = self._latest, None
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        if self.stopping:
            return  # keep saying "Cancelling" while the reports in flight finish
        self.progress.setLabelText(self.tr("Written %1 of %2 reports").replace("%1", str(done))
                                   .replace("%2", str(total)))

    def summary(self, result: BatchResult) -> str:
        text = (self.tr("Export cancelled: %1 of %2 reports written to %3") if result.cancelled
                else self.tr("%1 of %2 reports written to %3"))
        text = text.replace("%1", str(len(result.written))).replace("%2", str(result.total)) \
            .replace("%3", str(self.out_dir))
        if result.failed:
            text += "\n" + self.tr("%1 reports failed.").replace("%1", str(len(result.failed)))
        return text

    def _done(self, result: BatchResult) -> None:
        self._ended = True
        self.progress.close()
        self.last_message = self.summary(result)
        self._tell(self.last_message, warn=bool(result.failed))

    def _failed(self, message: str) -> None:
        self._ended = True
        self.progress.close()
        self.last_message = message
        self._tell(message, warn=True)

    def _tell(self, message: str, *, warn: bool) -> None:
        # Not exec(): a modal loop here would block tests and the signal that ended the export.
        box = QMessageBox(QMessageBox.Icon.Warning if warn else QMessageBox.Icon.Information,
                          self.tr("Export premium care reports"), message, QMessageBox.StandardButton.Ok, self._parent)
        box.setObjectName("batch_result")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()
        self.message_box = box

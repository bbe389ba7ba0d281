"""The import wizard (issue 16): choose a file, see its detected encoding and columns, map
them (and save the mapping), preview the first rows with their problems marked, run the
import with progress and cancel, then read the report. All work goes through the runner;
the rules are the import service's, the wizard only shows them."""

import logging
import shutil
import tempfile
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton,
    QScrollArea, QTableView, QVBoxLayout, QWidget, QWizard, QWizardPage,
)

from app.services import imports
from app.services.errors import CareDeskError, ValidationError
from ui.context import AppContext
from ui.errors import show_crash
from ui.i18n import phrase_language
from ui.imports.model import ErrorsModel, PreviewModel, PreviewRow

PREVIEW_ROWS = 20
log = logging.getLogger(__name__)


def _message(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(exc.errors.values())
    return str(exc)


class FilePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("File"))
        self.setSubTitle(self.tr("A CSV or XLSX export of members, products or orders."))
        self.kind = QComboBox(self)
        self.kind.setObjectName("import_kind")
        for kind, title in (("members", self.tr("Members")), ("products", self.tr("Products")),
                            ("orders", self.tr("Orders"))):
            self.kind.addItem(title, kind)
        self.path = QLineEdit(self)
        self.path.setObjectName("import_path")
        self.path.textChanged.connect(self.completeChanged)
        browse = QPushButton(self.tr("Browse..."), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(self.tr("Contents"), self.kind)
        form.addRow(self.tr("File"), row)

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Import file"), self.path.text(),
                                              self.tr("Spreadsheets (*.csv *.txt *.xlsx)"))
        if name:
            self.path.setText(name)

    def isComplete(self) -> bool:
        return Path(self.path.text().strip()).is_file()


class ColumnsPage(QWizardPage):
    """Detected format, encoding and delimiter; one choice of contract column per file column."""

    def __init__(self, ctx: AppContext, files: FilePage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._files = ctx, files
        self.setTitle(self.tr("Columns"))
        self.detected = QLabel(self)
        self.detected.setObjectName("import_detected")
        self.detected.setWordWrap(True)
        self._form_host = QWidget(self)
        self._form = QFormLayout(self._form_host)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self._form_host)
        self.save_button = QPushButton(self.tr("Save mapping..."), self)
        self.save_button.setObjectName("import_save_mapping")
        self.save_button.clicked.connect(self._save_dialog)
        layout = QVBoxLayout(self)
        layout.addWidget(self.detected)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.save_button)
        self.combos: list[tuple[str, QComboBox]] = []
        self._ready = False

    def initializePage(self) -> None:
        self._ready = False
        self.detected.setText(self.tr("Reading the file..."))
        path = self._files.path.text().strip()
        self._ctx.runner.run_db(lambda: imports.inspect_file(path), on_success=self._show, on_error=self._failed,
                                name="import.inspect")

    def _show(self, info: imports.SourceInfo) -> None:
        kind = self._files.kind.currentData()
        if info.format == "xlsx":
            self.detected.setText(self.tr("XLSX workbook (first sheet), %n column(s)", "", len(info.header)))
        else:
            self.detected.setText(self.tr("CSV, encoding %1, delimiter %2, %3 column(s)")
                                  .replace("%1", info.encoding or "?")
                                  .replace("%2", {"\t": "Tab"}.get(info.delimiter or ",", repr(info.delimiter)))
                                  .replace("%3", str(len(info.header))))
        while self._form.rowCount():
            self._form.removeRow(0)
        self.combos = []
        for header in info.header:
            combo = QComboBox(self._form_host)
            combo.setObjectName(f"import_map_{len(self.combos)}")
            combo.addItem(self.tr("(ignore)"), imports.SKIP)
            for column in imports.COLUMNS[kind]:
                combo.addItem(column, column)
            guessed = imports.guess(kind, header)
            combo.setCurrentIndex(max(0, combo.findData(guessed)) if guessed else 0)
            self._form.addRow(header or self.tr("(no name)"), combo)
            self.combos.append((header, combo))
        self._ready = True
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.detected.setText(_message(exc))

    def isComplete(self) -> bool:
        return self._ready

    def mapping(self) -> dict[str, str]:
        return {header: combo.currentData() for header, combo in self.combos}

    def save_mapping_to(self, path: str | Path) -> None:
        imports.save_mapping(path, self.mapping())

    def _save_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save mapping"), "mapping.json", "JSON (*.json)")
        if name:
            self.save_mapping_to(name)


class PreviewPage(QWizardPage):
    """The first rows as the import reads them, each problem marked in its cell."""

    def __init__(self, ctx: AppContext, files: FilePage, columns: ColumnsPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._files, self._columns = ctx, files, columns
        self.setTitle(self.tr("Preview"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))
        self.summary = QLabel(self)
        self.summary.setObjectName("import_preview_summary")
        self.summary.setWordWrap(True)
        self.model = PreviewModel(self, lang=phrase_language(ctx.language))
        self.table = QTableView(self)
        self.table.setObjectName("import_preview")
        self.table.setModel(self.model)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self._ok = False

    def initializePage(self) -> None:
        self._ok = False
        self.summary.setText(self.tr("Checking the first rows..."))
        ctx, kind = self._ctx, self._files.kind.currentData()
        path, mapping = self._files.path.text().strip(), self._columns.mapping()

        def job():
            return imports.preview_file(ctx.db, ctx.actor, ctx.clock, kind=kind, path=path, mapping=mapping,
                                        limit=PREVIEW_ROWS)

        ctx.runner.run_db(job, on_success=self._show, on_error=self._failed, name="import.preview")

    def _show(self, preview) -> None:
        rows, result = preview
        columns = tuple(c for c in imports.COLUMNS[self._files.kind.currentData()]
                        if c in set(self._columns.mapping().values()))
        problems: dict[int, list] = {}
        for error in result.errors:
            problems.setdefault(error.row, []).append(error)
        self.model.set_rows(columns, [PreviewRow(line, tuple(values.get(c, "") for c in columns),
                                                 tuple(problems.get(line, ()))) for line, values in rows])
        bad = len(problems)
        self.summary.setText(self.tr("%1 of the first %2 rows have problems (marked; hover for the reason).")
                             .replace("%1", str(bad)).replace("%2", str(len(rows))) if bad else
                             self.tr("The first %1 rows are fine.").replace("%1", str(len(rows))))
        self._ok = True
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self.model.set_rows((), [])
        self.summary.setText(_message(exc))

    def isComplete(self) -> bool:
        return self._ok


class _Progress(QObject):
    """Lives on the GUI thread; the import emits on it from the database thread (queued)."""

    progressed = Signal(int, float)


class RunPage(QWizardPage):
    """The import itself: progress, cancel, then the summary and the rejected rows."""

    def __init__(self, ctx: AppContext, files: FilePage, columns: ColumnsPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx, self._files, self._columns = ctx, files, columns
        self.setTitle(self.tr("Import"))
        self.progress = QProgressBar(self)
        self.progress.setObjectName("import_progress")
        self.progress.setRange(0, 1000)
        self.status = QLabel(self)
        self.status.setObjectName("import_status")
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Cancel import"), self)
        self.cancel_button.setObjectName("import_cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.errors = ErrorsModel(self, lang=phrase_language(ctx.language))
        self.table = QTableView(self)
        self.table.setObjectName("import_errors")
        self.table.setModel(self.errors)
        self.save_button = QPushButton(self.tr("Save report..."), self)
        self.save_button.setObjectName("import_save_report")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._save_dialog)
        layout = QVBoxLayout(self)
        for widget in (self.progress, self.status, self.cancel_button):
            layout.addWidget(widget)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.save_button)
        self._signals = _Progress(self)
        self._signals.progressed.connect(self._progressed)
        self._stop = threading.Event()
        self._report = Path(tempfile.mkdtemp(prefix="caredesk-import-")) / "report.csv"
        self.result: imports.ImportResult | None = None
        self.running = False
        self.batch_rows = imports.BATCH_ROWS

    def initializePage(self) -> None:
        ctx, kind = self._ctx, self._files.kind.currentData()
        path, mapping, report = self._files.path.text().strip(), self._columns.mapping(), self._report
        signals, stop, batch_rows = self._signals, self._stop, self.batch_rows
        self.running = True
        self.status.setText(self.tr("Importing..."))

        def job():
            return imports.import_file(ctx.db, ctx.actor, ctx.clock, kind=kind, path=path, mapping=mapping,
                                       report=report, progress=lambda rows, f: signals.progressed.emit(rows, f),
                                       cancelled=stop.is_set, batch_rows=batch_rows)

        ctx.runner.run_db(job, on_success=self._done, on_error=self._failed, name="import.run")

    def cancel(self) -> None:
        if self.running:
            self._stop.set()
            self.status.setText(self.tr("Cancelling..."))

    def _progressed(self, rows: int, fraction: float) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.status.setText(self.tr("%1 rows read").replace("%1", str(rows)))

    def _done(self, result: imports.ImportResult) -> None:
        self.running, self.result = False, result
        self.progress.setValue(1000)
        self.cancel_button.setEnabled(False)
        self.status.setText(self.summary(result))
        self.errors.set_errors(result.errors)
        self.save_button.setEnabled(result.failed > 0)
        self.completeChanged.emit()

    def summary(self, result: imports.ImportResult) -> str:
        text = (self.tr("%1 rows read, %2 created, %3 updated, %4 unchanged, %5 failed")
                .replace("%1", str(result.rows_read)).replace("%2", str(result.created))
                .replace("%3", str(result.updated)).replace("%4", str(result.unchanged))
                .replace("%5", str(result.failed)))
        if result.merged:
            text += self.tr(", %1 merged by phone").replace("%1", str(result.merged))
        if result.referrals:
            text += self.tr(", %1 referrals recorded").replace("%1", str(result.referrals))
        return text

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.cancel_button.setEnabled(False)
        if isinstance(exc, imports.ImportCancelled):
            self.status.setText(self.tr("Cancelled: nothing was imported."))
        elif isinstance(exc, CareDeskError):
            self.status.setText(_message(exc))
        else:  # a bug: logged and shown in the crash dialog
            self.status.setText(self.tr("The import failed."))
            trace = "".join(traceback.format_exception(exc))
            log.error("import failed:\n%s", trace)
            show_crash(str(exc) or type(exc).__name__, trace, self)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.running

    def save_report_to(self, path: str | Path) -> None:
        shutil.copyfile(self._report, path)

    def _save_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save report"), "import-report.csv", "CSV (*.csv)")
        if name:
            self.save_report_to(name)

    def cleanup(self) -> None:
        shutil.rmtree(self._report.parent, ignore_errors=True)


class ImportWizard(QWizard):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_wizard")
        self.setWindowTitle(self.tr("Import"))
        self.files = FilePage(self)
        self.columns = ColumnsPage(ctx, self.files, self)
        self.preview = PreviewPage(ctx, self.files, self.columns, self)
        self.run = RunPage(ctx, self.files, self.columns, self)
        for page in (self.files, self.columns, self.preview, self.run):
            self.addPage(page)
        self.finished.connect(lambda _: self.run.cleanup())

    def reject(self) -> None:
        if self.run.running:  # the wizard's own Cancel stops the import first
            self.run.cancel()
            return
        super().reject()

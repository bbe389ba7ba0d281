"""The main window's report actions: "Care report" for the open member, and the premium export.

The care report is built on the DB runner (it reads, and audits a health read) and rendered
on the PDF runner; only the finished bytes reach the GUI thread, for the preview.
"""

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QWidget

from app.reports.member import render_member_report
from app.reports.model import MemberReportData
from app.services.users import Permission
from app.services.reports import member_report_data
from ui.context import AppContext
from ui.reports.batch_dialog import BatchExport, BatchExportDialog
from ui.reports.preview_dialog import PreviewDialog

MemberLookup = Callable[[], int | None]


class ReportActions(QObject):
    """`current_member()` tells which member the "Care report" action is for (None: none open).

    `preview_opened(dialog)` and `export_started(export)` let tests (and the window) follow along.
    """

    preview_opened = Signal(object)
    export_started = Signal(object)
    message = Signal(str)

    def __init__(self, ctx: AppContext, window: QWidget, current_member: MemberLookup) -> None:
        super().__init__(window)
        self._ctx = ctx
        self._window = window
        self._current_member = current_member
        self.care_report = QAction(self.tr("&Care report..."), window)
        self.care_report.setObjectName("action_care_report")
        self.care_report.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.care_report.triggered.connect(lambda: self.open_care_report())
        self.export_premium: QAction | None = None
        if ctx.actor.may(Permission.REPORTS):
            self.export_premium = QAction(self.tr("&Export premium care reports..."), window)
            self.export_premium.setObjectName("action_export_premium")
            self.export_premium.triggered.connect(self.ask_export)
        self.export: BatchExport | None = None

    def actions(self) -> list[QAction]:
        return [a for a in (self.care_report, self.export_premium) if a is not None]

    # --- one member ---------------------------------------------------------------------

    def open_care_report(self, member_id: int | None = None) -> None:
        member_id = self._current_member() if member_id is None else member_id
        if member_id is None:
            self.message.emit(self.tr("Open a member first."))
            return
        ctx = self._ctx
        self.message.emit(self.tr("Preparing the care report..."))
        ctx.runner.run_db(lambda: member_report_data(ctx.db, ctx.actor, ctx.clock, member_id),
                          on_success=self._render, name="care_report_data")

    def _render(self, data: MemberReportData) -> None:
        self._ctx.runner.run_pdf(lambda: render_member_report(data),
                                 on_success=lambda pdf: self._preview(data, pdf), name="care_report_pdf")

    def _preview(self, data: MemberReportData, pdf: bytes) -> None:
        filename = f"care-report-{data.member_id}-{data.generated_on.isoformat()}.pdf"
        dialog = PreviewDialog(pdf, filename, data.member_name, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.message.emit("")
        self.preview_opened.emit(dialog)

    # --- premium batch --------------------------------------------------------------------

    def ask_export(self) -> None:
        dialog = BatchExportDialog(self._ctx, self._window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.start_export(dialog)

    def start_export(self, dialog: BatchExportDialog, *, workers: int | None = None) -> BatchExport:
        """Starts the export the (accepted) dialog describes; tests call this with a filled-in dialog."""
        self.export = BatchExport(self._ctx, self._window, workers=workers)
        self.export.start(dialog.period(), dialog.folder())
        self.export_started.emit(self.export)
        return self.export

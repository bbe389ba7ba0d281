"""Shows a rendered care report PDF and saves its bytes where the user asks.

The PDF is already rendered (off the GUI thread) when this dialog opens; QtPdf only
displays the bytes, so nothing slow happens here. A language switch retranslates the dialog
(the report itself stays in its member's language).
"""

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QRect
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox, QVBoxLayout, QWidget


PREFERRED_WIDTH, PREFERRED_HEIGHT = 820, 900
FRAME_ROOM = 40  # the window manager's title bar and border


class PreviewDialog(QDialog):
    """`pdf` is the report's bytes; `filename` the name proposed by "Save as..."; `member_name` for the title."""

    def __init__(self, pdf: bytes, filename: str, member_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("report_preview")
        self.member_name = member_name
        self.pdf = pdf
        self.filename = filename
        # QPdfDocument reads from the device lazily: the buffer and its bytes live as long as the dialog.
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("report_view")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.pages = QLabel(self)
        self.pages.setObjectName("report_pages")
        self.document.pageCountChanged.connect(self._show_page_count)  # in case QtPdf loads late
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button = buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setObjectName("report_save")
        self.save_button.clicked.connect(self.ask_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.pages)
        layout.addWidget(buttons)
        self.retranslate()
        self.fit_to((parent.screen() if parent is not None else self.screen()).availableGeometry())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()  # the standard Close button retranslates itself
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Care report: %1").replace("%1", self.member_name))
        self.save_button.setText(self.tr("Save as..."))
        self._show_page_count(self.document.pageCount())

    def fit_to(self, available: QRect) -> None:
        """A page wide and as tall as the screen allows: on a 1366x768 laptop the buttons stay
        on screen (the window frame's title bar is left room too)."""
        self.resize(min(PREFERRED_WIDTH, available.width()), min(PREFERRED_HEIGHT, available.height() - FRAME_ROOM))
        self.move(available.x() + (available.width() - self.width()) // 2, available.y())

    def _show_page_count(self, count: int) -> None:
        self.pages.setText(self.tr("%1 pages").replace("%1", str(count)))

    def ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save care report"), self.filename,
                                              self.tr("PDF files (*.pdf)"))
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Writes the bytes; a failure (disk full, no access) is told to the user, not raised."""
        try:
            path.write_bytes(self.pdf)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Save care report"),
                                self.tr("Could not save the report: %1").replace("%1", str(exc)))
            return False
        return True

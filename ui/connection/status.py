"""The status-bar piece that says whether saved outcomes have reached the server.

Quiet when everything is delivered; "offline - N outcomes waiting" while the server cannot
be reached; a count of outcomes the server refused (kept locally) until someone looks.
Never a dialog: a dead server during a shift is expected, not an error to click away.
"""

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QLabel, QWidget

from app.sync.pusher import PushReport


def status_text(report: PushReport | None) -> str:
    if report is None:
        return ""
    translate = QCoreApplication.translate  # this name: pyside6-lupdate reads the context
    parts: list[str] = []
    if report.offline:
        parts.append(translate("Connection", "offline - %1 outcomes waiting").replace("%1", str(max(report.pending, 0))))
    elif report.pending > 0:
        parts.append(translate("Connection", "sending - %1 outcomes waiting").replace("%1", str(report.pending)))
    if report.rejected_total > 0:
        parts.append(translate("Connection", "%1 outcomes refused by the server").replace("%1", str(report.rejected_total)))
    return "; ".join(parts)


class SyncStatusLabel(QLabel):
    """Add to the status bar as a permanent widget; connect `SyncController.report` to `show_report`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_status")
        self.report: PushReport | None = None
        self.setVisible(False)

    @Slot(object)
    def show_report(self, report: PushReport) -> None:
        self.report = report
        text = status_text(report)
        self.setText(text)
        self.setVisible(bool(text))
        self.setToolTip(report.error or "")
        self.setStyleSheet("color: #b26a00;" if report.offline or report.rejected_total else "")

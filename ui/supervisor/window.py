"""The console in a window of its own, opened from the main window's menu by supervisors."""

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QMainWindow, QWidget

from ui.context import AppContext
from ui.supervisor.console import SupervisorConsole


class SupervisorWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, hub=None) -> None:
        super().__init__(parent)
        self.setObjectName("supervisor_window")
        self.setWindowTitle(self.tr("CareDesk - Supervisor console"))
        self.setMinimumSize(QSize(1024, 640))
        self.console = SupervisorConsole(ctx, self, hub=hub)
        self.setCentralWidget(self.console)
        self.resize(1366, 768)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.console.timer.stop()
        super().closeEvent(event)


def open_console(ctx: AppContext, parent: QWidget | None = None, *, hub=None) -> SupervisorWindow:
    """Open (and load) the console; for an agent it opens to the service's refusal."""
    window = SupervisorWindow(ctx, parent, hub=hub)
    window.show()
    window.console.reload()
    return window

"""The console in a window of its own, opened from the main window's menu by supervisors.

A language switch at run time reaches it as a LanguageChange event: the console builds its
texts once (titles, columns, tiles, charts), so the window builds a new console in the new
language in place of the old one, keeping the period, the tab and the figures shown.
"""

import dataclasses

from PySide6.QtCore import QEvent, QLocale, QSignalBlocker, QSize, Signal
from PySide6.QtWidgets import QMainWindow, QWidget

from ui.context import AppContext
from ui.supervisor.console import SupervisorConsole


def interface_language() -> str:
    """The language the installed translators speak (ui.i18n sets the default locale with them)."""
    return "en" if QLocale().name().startswith("en") else "zh_CN"


class SupervisorWindow(QMainWindow):
    """`member_requested(member_id)`: an alert about a member was opened (whichever console
    is shown: a language switch builds a new one)."""

    member_requested = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, hub=None) -> None:
        super().__init__(parent)
        self.setObjectName("supervisor_window")
        self._ctx = ctx
        self._hub = hub
        self.setMinimumSize(QSize(1024, 640))
        self.console = SupervisorConsole(ctx, self, hub=hub)
        self.console.member_requested.connect(self.member_requested)
        self.setCentralWidget(self.console)
        self._retitle()
        self.resize(1366, 768)

    def _retitle(self) -> None:
        self.setWindowTitle(self.tr("CareDesk - Supervisor console"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self._retitle()
        language = interface_language()
        if language != self._ctx.language:
            self.rebind(dataclasses.replace(self._ctx, language=language), hub=self._hub)

    def rebind(self, ctx: AppContext, *, hub=None) -> None:  # noqa: ANN001 - ui.hub.ChangeHub
        """A new console for `ctx` (a new language, or the new main window's change hub)."""
        self._ctx, self._hub = ctx, hub
        old = self.takeCentralWidget()
        assert isinstance(old, SupervisorConsole)
        old.timer.stop()
        old.hide()
        console = SupervisorConsole(ctx, self, hub=hub)
        console.member_requested.connect(self.member_requested)
        blockers = [QSignalBlocker(w) for w in (console.period_kind, console.range_from, console.range_to)]
        console.period_kind.setCurrentIndex(old.period_kind.currentIndex())
        console.range_from.setDate(old.range_from.date())
        console.range_to.setDate(old.range_to.date())
        is_range = console.period_kind.currentData() == "range"
        console.range_from.setVisible(is_range)
        console.range_to.setVisible(is_range)
        del blockers
        console.tabs.setCurrentIndex(old.tabs.currentIndex())
        if old.snapshot is not None:
            console._show(old.snapshot)  # the figures stay on screen while the reload runs
        self.console = console
        self.setCentralWidget(console)
        console.reload()
        self._retire(old)

    def _retire(self, old: SupervisorConsole) -> None:
        """Deletes the old console once the runner is idle: a load or a summary PDF it started
        still answers it (hidden) instead of a deleted widget."""
        runner = self._ctx.runner
        if not getattr(runner, "busy", False):
            old.deleteLater()
            return

        def idle(busy: bool) -> None:
            if not busy:
                runner.busy_changed.disconnect(idle)
                old.deleteLater()

        runner.busy_changed.connect(idle)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.console.timer.stop()
        super().closeEvent(event)


def open_console(ctx: AppContext, parent: QWidget | None = None, *, hub=None) -> SupervisorWindow:
    """Open (and load) the console; for an agent it opens to the service's refusal."""
    window = SupervisorWindow(ctx, parent, hub=hub)
    window.show()
    window.console.reload()
    return window

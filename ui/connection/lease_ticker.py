"""Ticks the lease renewer while a call is open, through the task runner (never on the GUI thread)."""

from PySide6.QtCore import QObject, QTimer, Signal

from app.sync.lease import LeaseRenewer, RenewResult
from ui.tasks import Runner

TICK_MS = 60_000  # the lease is 15 minutes and renews with a third left: a minute is plenty


class LeaseTicker(QObject):
    """Start when the call opens, stop when its outcome is saved; `lost(message)` fires once."""

    lost = Signal(str)

    def __init__(self, runner: Runner, renewer: LeaseRenewer, *, interval_ms: int = TICK_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._renewer = renewer
        self._busy = False
        self._lost = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.tick)

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def tick(self) -> None:
        if self._busy or self._lost:  # a slow server must not queue up renewals
            return
        self._busy = True
        renewer = self._renewer
        self._runner.run_db(renewer.tick, on_success=self._done, on_error=self._failed, name="renew lease")

    def _done(self, result: RenewResult) -> None:
        self._busy = False
        if result.lost is not None and not self._lost:
            self._lost = True
            self._timer.stop()
            self.lost.emit(result.lost)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False  # logged by nobody else: keep it calm, the next tick tries again

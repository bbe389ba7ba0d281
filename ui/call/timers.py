"""Call and after-call-work timers: how long the call ran and how long the wrap-up takes.

They measure real elapsed time (QElapsedTimer), not the service clock, which tests and
replays may freeze. After-call work is a setting: "optional" counts up for information;
"timeboxed" counts down, and once the time is up the form must be completed (saved)
before the agent can move on: `expired` tells the workstation so.
"""

from enum import Enum

from PySide6.QtCore import QElapsedTimer, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

OPTIONAL = "optional"
TIMEBOXED = "timeboxed"


class Phase(Enum):
    IDLE = "idle"
    CALL = "call"
    WRAP = "wrap"


def clock_text(seconds: int) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"


class CallTimers(QWidget):
    expired = Signal()

    def __init__(self, *, mode: str = OPTIONAL, wrap_seconds: int = 60, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode if mode in (OPTIONAL, TIMEBOXED) else OPTIONAL
        self.wrap_limit = max(1, wrap_seconds)
        self.phase = Phase.IDLE
        self._call = QElapsedTimer()
        self._wrap = QElapsedTimer()
        self.call_seconds = 0
        self.wrap_seconds = 0
        self._expired_sent = False

        self.call_label = QLabel(self)
        self.call_label.setObjectName("call_timer")
        self.wrap_label = QLabel(self)
        self.wrap_label.setObjectName("wrap_timer")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.call_label)
        layout.addWidget(self.wrap_label)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update)
        self._update()

    @property
    def wrap_expired(self) -> bool:
        return self.mode == TIMEBOXED and self.phase is Phase.WRAP and self.wrap_seconds >= self.wrap_limit

    def durations(self) -> tuple[int, int]:
        """(call seconds, after-call seconds) as of now, for the saved outcome."""
        self._update()
        return self.call_seconds, self.wrap_seconds

    def start_call(self) -> None:
        self.phase = Phase.CALL
        self._call.start()
        self.call_seconds = self.wrap_seconds = 0
        self._expired_sent = False
        self._tick.start()
        self._update()

    def end_call(self) -> None:
        """The conversation is over; after-call work starts (once)."""
        if self.phase is not Phase.CALL:
            return
        self.call_seconds = self._call.elapsed() // 1000
        self.phase = Phase.WRAP
        self._wrap.start()
        self._update()

    def stop(self) -> None:
        if self.phase is Phase.CALL:
            self.call_seconds = self._call.elapsed() // 1000
        elif self.phase is Phase.WRAP:
            self.wrap_seconds = self._wrap.elapsed() // 1000
        self.phase = Phase.IDLE
        self._tick.stop()
        self._update()

    def _update(self) -> None:
        if self.phase is Phase.CALL:
            self.call_seconds = self._call.elapsed() // 1000
        elif self.phase is Phase.WRAP:
            self.wrap_seconds = self._wrap.elapsed() // 1000
        self.call_label.setText(self.tr("Call %1").replace("%1", clock_text(self.call_seconds)))
        if self.mode == TIMEBOXED:
            left = self.wrap_limit - self.wrap_seconds if self.phase is Phase.WRAP else self.wrap_limit
            text = self.tr("After-call %1 left").replace("%1", clock_text(max(0, left)))
        else:
            text = self.tr("After-call %1").replace("%1", clock_text(self.wrap_seconds))
        self.wrap_label.setText(text)
        expired = self.wrap_expired
        self.wrap_label.setStyleSheet("color: #b00020; font-weight: bold;" if expired else "")
        if expired and not self._expired_sent:
            self._expired_sent = True
            self.expired.emit()

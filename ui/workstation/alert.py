"""A visible banner when a booked callback falls due: who, when, and the key that calls them."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.domain.clock import Clock
from ui.queue.model import QueueRow


class CallbackAlert(QWidget):
    """Emits `call_requested(QueueRow)` when the agent takes the callback (button or Ctrl+B)."""

    call_requested = Signal(object)

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self.setObjectName("callback_alert")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#callback_alert { background: #fff1c2; border: 1px solid #e0a800; }")
        self.text = QLabel(self)
        self.text.setObjectName("callback_alert_text")
        self.button = QPushButton(self.tr("Call now (Ctrl+B)"), self)
        self.button.clicked.connect(self.take)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self._rows: list[QueueRow] = []
        self.setVisible(False)

    @property
    def rows(self) -> list[QueueRow]:
        return list(self._rows)

    def show_due(self, rows: list[QueueRow]) -> None:
        self._rows = list(rows)
        if not rows:
            self.setVisible(False)
            return
        first = rows[0].item
        text = self.tr("Callback due: %1 (%2), booked for %3").replace("%1", first.member_name) \
            .replace("%2", first.phone_masked).replace("%3", first.due_at.astimezone(self._clock.tz).strftime("%H:%M"))
        if len(rows) > 1:
            text += " " + self.tr("and %n more", "", len(rows) - 1)
        self.text.setText("⏰ " + text)
        self.setVisible(True)

    def take(self) -> None:
        if self._rows:
            self.call_requested.emit(self._rows[0])

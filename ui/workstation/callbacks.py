"""My callbacks today: the callbacks this agent booked that fall due today, with their times.

Enter on a row asks to call that member now (the same door as a queue row).
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.domain.clock import Clock
from app.services.calls.agent_day import BookedCallback


class CallbacksPanel(QWidget):
    """Emits `call_requested(task_id, member_id)` on Enter or double click."""

    call_requested = Signal(int, int)

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callbacks_panel")
        self._clock = clock
        self.rows: list[BookedCallback] = []
        self.list = QListWidget(self)
        self.list.setObjectName("callbacks_list")
        self.list.itemActivated.connect(self._activated)
        self.status = QLabel(self)
        self.status.setObjectName("callbacks_status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        self.show_rows([])

    def show_rows(self, rows: list[BookedCallback]) -> None:
        self.rows = list(rows)
        self.list.clear()
        now = self._clock.now()
        for row in rows:
            at = row.due_at.astimezone(self._clock.tz).strftime("%H:%M")
            state = self.tr("on call") if row.status == "claimed" else (self.tr("due") if row.due_at <= now else "")
            item = QListWidgetItem(f"{at}  {row.member_name}" + (f"  ({state})" if state else ""))
            item.setData(Qt.ItemDataRole.UserRole, (row.task_id, row.member_id))
            self.list.addItem(item)
        self.status.setText(self.tr("%n callback(s) booked for today", "", len(rows)) if rows
                            else self.tr("No callbacks booked for today."))

    def _activated(self, item: QListWidgetItem) -> None:
        task_id, member_id = item.data(Qt.ItemDataRole.UserRole)
        self.call_requested.emit(int(task_id), int(member_id))

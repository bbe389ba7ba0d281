"""Find anyone: search across every member (name, pinyin initials, phone tail, external id).

Enter on a hit asks to open that member for a call, through the same door as a queue row.
"""

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.services.members import MemberHit, search_members
from ui.context import AppContext

DEBOUNCE_MS = 250  # one search per pause in typing, not one per key


class MemberSearchPanel(QWidget):
    """Emits `member_activated(member_id)` on Enter or double click of a hit."""

    member_activated = Signal(int)
    loaded = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.setObjectName("member_search_panel")
        self.query = QLineEdit(self)
        self.query.setObjectName("member_search")
        self.query.setPlaceholderText(self.tr("Any member: name, pinyin initials, phone tail, member id"))
        self.query.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setObjectName("member_search_results")
        self.results.itemActivated.connect(self._activated)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self._first)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)

    def search(self) -> None:
        ctx = self._ctx
        text = self.query.text()
        ctx.runner.run_db(lambda: search_members(ctx.db, ctx.actor, ctx.clock, text),
                          on_success=lambda hits, t=text: self._show(t, hits), name="search_members")

    def _show(self, text: str, hits: list[MemberHit]) -> None:
        if text != self.query.text():
            return  # an older search answering late
        self.results.clear()
        for hit in hits:
            flag = " ⛔" if hit.do_not_call else ""
            item = QListWidgetItem(f"{hit.name}  {hit.phone_masked}  {hit.external_id}{flag}")
            item.setData(Qt.ItemDataRole.UserRole, hit.member_id)
            self.results.addItem(item)
        self.status.setText(self.tr("%n member(s) found", "", len(hits)) if text.strip() else "")
        self.loaded.emit(len(hits))

    def _first(self) -> None:
        if self.results.count():
            self.results.setCurrentRow(0)
            self.results.setFocus()

    def _activated(self, item: QListWidgetItem) -> None:
        self.member_activated.emit(int(item.data(Qt.ItemDataRole.UserRole)))

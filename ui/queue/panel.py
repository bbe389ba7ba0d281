"""The queue panel: the agent's members to call today, filter by reason, search, live refresh.

Loading runs in the task runner (show_queue plus pinyin initials for the search); a timer
reloads it so other agents' claims disappear and new urgent tasks appear, and the selected
member stays selected across reloads.
"""

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget,
)

from app.domain.codes import TaskReason
from app.domain.pinyin import name_initials as initials
from app.services.queue import show_queue
from ui.context import AppContext
from ui.i18n import labels
from ui.queue.model import ROW_ROLE, SORT_ROLE, Column, QueueModel, QueueRow

_HEADER_LAYOUT = "queue/header"
QUEUE_LIMIT = 100


def load_queue(ctx: AppContext) -> list[QueueRow]:
    """The job: the actor's queue and each member's initials (runs on the database thread)."""
    lang = "en" if ctx.language == "en" else "zh"
    items = show_queue(ctx.db, ctx.actor, ctx.clock, limit=QUEUE_LIMIT, lang=lang)
    return [QueueRow(item, initials(item.member_name)) for item in items]


class QueueFilter(QSortFilterProxyModel):
    """Reason filter plus one search box: name, phone tail, or pinyin initials."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.reason: str | None = None
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def set_reason(self, reason: str | None) -> None:
        self.beginFilterChange()
        self.reason = reason
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        row: QueueRow = self.sourceModel().index(source_row, 0, source_parent).data(ROW_ROLE)
        if row is None:
            return False
        item = row.item
        if self.reason and self.reason not in item.reasons:
            return False
        text = self.text
        if not text:
            return True
        if text.isdigit():
            return item.phone_masked.endswith(text) or item.phone_masked[-4:].startswith(text)
        return text in item.member_name.lower() or (text.isascii() and row.initials.startswith(text))


class QueuePanel(QWidget):
    """Emits `activated(QueueRow)` on Enter or double click (claim that member)."""

    activated = Signal(object)
    loaded = Signal(int)

    def __init__(self, ctx: AppContext, *, refresh_seconds: int = 15, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._loading = False
        self.model = QueueModel(ctx.clock, self)
        self.proxy = QueueFilter(self)
        self.proxy.setSourceModel(self.model)

        self.reason = QComboBox(self)
        self.reason.setObjectName("queue_reason")
        self.reason.addItem(self.tr("All reasons"), None)
        for code, text in labels(TaskReason):
            self.reason.addItem(text, code)
        self.reason.currentIndexChanged.connect(lambda _i: self.proxy.set_reason(self.reason.currentData()))
        self.search = QLineEdit(self)
        self.search.setObjectName("queue_search")
        self.search.setPlaceholderText(self.tr("Name, phone tail or initials"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_text)

        self.table = QTableView(self)
        self.table.setObjectName("queue_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.PRIORITY, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        saved = ctx.settings.layout(_HEADER_LAYOUT)
        self._layout_restored = saved is not None and header.restoreState(saved)
        if not self._layout_restored:
            for column, width in ((Column.PRIORITY, 58), (Column.MEMBER, 58), (Column.PHONE, 90),
                                  (Column.REASONS, 72), (Column.WHY, 230), (Column.DUE, 84),
                                  (Column.ATTEMPTS, 36), (Column.LOCAL_TIME, 50)):
                header.resizeSection(column, width)
        self.table.activated.connect(self._activated)

        self.status = QLabel(self)
        self.status.setObjectName("queue_status")

        filters = QHBoxLayout()
        filters.addWidget(self.reason)
        filters.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

        self.timer = QTimer(self)
        self.timer.setInterval(max(2, refresh_seconds) * 1000)
        self.timer.timeout.connect(self.reload)

    # --- loading ----------------------------------------------------------------------

    def start(self) -> None:
        self.reload()
        self.timer.start()

    def reload(self) -> None:
        if self._loading:
            return  # a reload is already queued; the timer must not pile them up
        self._loading = True
        ctx = self._ctx
        if self.model.rowCount() == 0:
            self.status.setText(self.tr("Loading..."))
        ctx.runner.run_db(lambda: load_queue(ctx), on_success=self._show, on_error=self._failed, name="show_queue")

    def _show(self, rows: list[QueueRow]) -> None:
        self._loading = False
        selected = self.selected_member_id()
        self.model.set_rows(rows)
        if selected is not None:
            self.select_member(selected)
        open_now = sum(1 for r in rows if r.item.window_open)
        self.status.setText(self.tr("%n member(s) to call", "", len(rows)) + " · "
                            + self.tr("%n in their calling window", "", open_now))
        self.loaded.emit(len(rows))

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.status.setText(self.tr("Queue not refreshed: %1").replace("%1", str(exc)))

    # --- selection --------------------------------------------------------------------

    def selected_row(self) -> QueueRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return indexes[0].data(ROW_ROLE) if indexes else None

    def selected_member_id(self) -> int | None:
        row = self.selected_row()
        return row.item.member_id if row is not None else None

    def select_member(self, member_id: int) -> bool:
        source_row = self.model.row_of_member(member_id)
        if source_row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return False
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def callbacks_due(self) -> list[QueueRow]:
        return [row for row in self.model.rows() if row.item.callback_due]

    def save_layout(self) -> None:
        self._ctx.settings.set_layout(_HEADER_LAYOUT, self.table.horizontalHeader().saveState())

    def _activated(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if row is not None:
            self.activated.emit(row)

"""The queue table model: frozen QueueItem rows from app.services.queue, cells out, no database."""

from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, QT_TRANSLATE_NOOP
from PySide6.QtGui import QBrush, QColor

from app.domain.clock import Clock
from app.domain.codes import TaskReason
from app.services.queue import QueueItem
from ui.i18n import label

AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class QueueRow:
    """A queue item and the pinyin initials of the member's name (for search), from the job."""

    item: QueueItem
    initials: str = ""


class Column(IntEnum):
    PRIORITY = 0
    MEMBER = 1
    PHONE = 2
    REASONS = 3
    WHY = 4
    DUE = 5
    ATTEMPTS = 6
    LOCAL_TIME = 7
    WINDOW = 8


_HEADERS = {
    Column.PRIORITY: QT_TRANSLATE_NOOP("QueueModel", "Priority"),
    Column.MEMBER: QT_TRANSLATE_NOOP("QueueModel", "Member"),
    Column.PHONE: QT_TRANSLATE_NOOP("QueueModel", "Phone"),
    Column.REASONS: QT_TRANSLATE_NOOP("QueueModel", "Reasons"),
    Column.WHY: QT_TRANSLATE_NOOP("QueueModel", "Why"),
    Column.DUE: QT_TRANSLATE_NOOP("QueueModel", "Due"),
    Column.ATTEMPTS: QT_TRANSLATE_NOOP("QueueModel", "Attempts"),
    Column.LOCAL_TIME: QT_TRANSLATE_NOOP("QueueModel", "Local time"),
    Column.WINDOW: QT_TRANSLATE_NOOP("QueueModel", "Window"),
}

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the QueueRow itself, for filters and actions
_CLOSED = QBrush(QColor("#8a8a8a"))
_CALLBACK = QBrush(QColor("#fff4d6"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("QueueModel", text)


class QueueModel(QAbstractTableModel):
    def __init__(self, clock: Clock, parent=None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._rows: list[QueueRow] = []

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(Column)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row.item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.WHY, Column.REASONS):
            return row.item.why
        if role == SORT_ROLE:
            return self._sort_value(row.item, column)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and not row.item.window_open:
            return _CLOSED
        if role == Qt.ItemDataRole.BackgroundRole and row.item.callback_due:
            return _CALLBACK
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.PRIORITY, Column.ATTEMPTS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            return _tr(_HEADERS[Column(section)])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return section + 1
        return None

    # --- rows -------------------------------------------------------------------------

    def set_rows(self, rows: list[QueueRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[QueueRow]:
        return list(self._rows)

    def row_of_member(self, member_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.item.member_id == member_id:
                return number
        return None

    def _display(self, item: QueueItem, column: Column) -> str:
        match column:
            case Column.PRIORITY:
                return str(item.score)
            case Column.MEMBER:
                return item.member_name
            case Column.PHONE:
                return item.phone_masked
            case Column.REASONS:
                return ", ".join(label(TaskReason, r) for r in item.reasons)
            case Column.WHY:
                return item.why
            case Column.DUE:
                return item.due_at.astimezone(self._clock.tz).strftime("%m-%d %H:%M")
            case Column.ATTEMPTS:
                return str(item.attempts)
            case Column.LOCAL_TIME:
                return item.member_local_time.strftime("%H:%M")
            case Column.WINDOW:
                return _tr("open") if item.window_open else _tr("closed")

    def _sort_value(self, item: QueueItem, column: Column) -> object:
        match column:
            case Column.PRIORITY:
                return item.score
            case Column.ATTEMPTS:
                return item.attempts
            case Column.DUE:
                return item.due_at.timestamp()
            case _:
                return self._display(item, column)


_WINDOW_WORDS = (QT_TRANSLATE_NOOP("QueueModel", "open"), QT_TRANSLATE_NOOP("QueueModel", "closed"))

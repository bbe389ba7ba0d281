"""A read-only table model over frozen rows, described by a list of columns.

Every table of the app is one of these with its own columns (the queue, my members, the
console's agents, alerts and tickets): the model never reads the database, a refresh swaps
the whole list, and the same column descriptions give the CSV export its headers and
cells. Row-wide looks (a greyed closed window, a callback's background) and extra roles
(a member id for actions) are functions of the row, passed in.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex
R = TypeVar("R")

# Raw values for sorting through a QSortFilterProxyModel, and the row object itself.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Col(Generic[R]):
    context: str  # translation context of the title
    title: str  # English source, marked with QT_TRANSLATE_NOOP
    text: Callable[[R], str]
    sort: Callable[[R], Any] | None = None  # default: the text
    numeric: bool = False  # right-aligned
    tooltip: Callable[[R], str] | None = None

    def header(self) -> str:
        return QCoreApplication.translate(self.context, self.title)


class RowsModel(QAbstractTableModel, Generic[R]):
    """`foreground` / `background(row)` give a brush or None; `roles` maps a role to row -> value."""

    def __init__(self, columns: Sequence[Col[R]], parent=None, *, foreground: Callable[[R], Any] | None = None,
                 background: Callable[[R], Any] | None = None,
                 roles: dict[int, Callable[[R], Any]] | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[R] = []
        self._foreground = foreground
        self._background = background
        self._roles = dict(roles or {})

    # --- Qt model interface -----------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(self._columns):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == SORT_ROLE:
            value = column.sort(row) if column.sort is not None else column.text(row)
            return value if value is not None else -1
        if role in self._roles:
            return self._roles[role](row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole and self._foreground is not None:
            return self._foreground(row)
        if role == Qt.ItemDataRole.BackgroundRole and self._background is not None:
            return self._background(row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].header()
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return section + 1
        return None

    # --- rows -------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def refresh_column(self, column: int) -> None:
        """Redraw one column whose text depends on the time (a live "time in state")."""
        if self._rows:
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column),
                                  [Qt.ItemDataRole.DisplayRole, SORT_ROLE])

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def headers(self) -> list[str]:
        return [c.header() for c in self._columns]

    def table(self) -> list[list[str]]:
        """Every row as the texts on screen (what a CSV export writes)."""
        return [[c.text(r) for c in self._columns] for r in self._rows]

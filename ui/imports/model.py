"""Table models of the import wizard over plain rows: the preview (first rows, problems
marked in their cell) and the rejected rows of a finished run."""

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.services.imports import RowError

Index = QModelIndex | QPersistentModelIndex
PROBLEM = QBrush(QColor("#f8d7da"))


@dataclass(frozen=True)
class PreviewRow:
    line: int
    cells: tuple[str, ...]
    problems: tuple[RowError, ...]  # a problem without a column marks the whole row


class PreviewModel(QAbstractTableModel):
    """One row per file row: the row number, then each contract column the file fills.
    `lang` ("zh" or "en") is the language of the reasons (the app's phrase tables)."""

    def __init__(self, parent=None, *, lang: str = "en") -> None:
        super().__init__(parent)
        self._lang = lang
        self._columns: tuple[str, ...] = ()
        self._rows: list[PreviewRow] = []

    def set_rows(self, columns: tuple[str, ...], rows: list[PreviewRow]) -> None:
        self.beginResetModel()
        self._columns, self._rows = columns, rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return self.tr("Row")
        return self._columns[section - 1] if 0 < section <= len(self._columns) else None

    def problems_at(self, row: int, column: int) -> list[RowError]:
        record = self._rows[row]
        if column == 0:
            return list(record.problems)
        name = self._columns[column - 1]
        return [p for p in record.problems if p.column in (name, "")]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return str(record.line) if column == 0 else record.cells[column - 1].replace("\x00", "\\0")
        problems = self.problems_at(index.row(), column)
        if role == Qt.ItemDataRole.BackgroundRole and problems:
            return PROBLEM
        if role == Qt.ItemDataRole.ToolTipRole and problems:
            return "\n".join(p.text(self._lang) for p in problems)
        return None


class ErrorsModel(QAbstractTableModel):
    """The rejected rows: row, column, value, reason (the report file's columns), the reason
    in `lang` ("zh" or "en")."""

    def __init__(self, parent=None, *, lang: str = "en") -> None:
        super().__init__(parent)
        self._lang = lang
        self._rows: list[RowError] = []

    def set_errors(self, errors: list[RowError]) -> None:
        self.beginResetModel()
        self._rows = list(errors)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        names = (self.tr("Row"), self.tr("Column"), self.tr("Value"), self.tr("Reason"))
        return names[section] if 0 <= section < 4 else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole or not 0 <= index.row() < len(self._rows):
            return None
        error = self._rows[index.row()]
        if index.column() == 3:
            return error.text(self._lang)
        return (str(error.row), error.column, error.value.replace("\x00", "\\0"))[index.column()]

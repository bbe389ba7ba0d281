"""A table model over the agent's own members: plain frozen rows in, cells out, no database."""

from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, QT_TRANSLATE_NOOP

from app.domain.codes import LifecycleStage, Tier
from app.services.members import OwnedMemberRow
from ui.i18n import label

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    PHONE = 1
    TIER = 2
    POINTS = 3
    LAST_ORDER = 4
    LIFECYCLE = 5


_HEADERS = {
    Column.NAME: QT_TRANSLATE_NOOP("MembersModel", "Name"),
    Column.PHONE: QT_TRANSLATE_NOOP("MembersModel", "Phone"),
    Column.TIER: QT_TRANSLATE_NOOP("MembersModel", "Tier"),
    Column.POINTS: QT_TRANSLATE_NOOP("MembersModel", "Points"),
    Column.LAST_ORDER: QT_TRANSLATE_NOOP("MembersModel", "Last order"),
    Column.LIFECYCLE: QT_TRANSLATE_NOOP("MembersModel", "Lifecycle"),
}

# Raw values for sorting through a QSortFilterProxyModel (dates and numbers sort as such).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole + 2


class MembersModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[OwnedMemberRow] = []

    # --- Qt model interface -----------------------------------------------------------

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
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == MEMBER_ID_ROLE:
            return row.member_id
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.POINTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            return QCoreApplication.translate("MembersModel", _HEADERS[Column(section)])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return section + 1
        return None

    # --- rows -------------------------------------------------------------------------

    def set_rows(self, rows: list[OwnedMemberRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> OwnedMemberRow:
        return self._rows[row]

    @staticmethod
    def _display(row: OwnedMemberRow, column: Column) -> str:
        match column:
            case Column.NAME:
                return row.name
            case Column.PHONE:
                return row.phone_masked
            case Column.TIER:
                return label(Tier, row.tier)
            case Column.POINTS:
                return f"{row.points:,}"
            case Column.LAST_ORDER:
                return row.last_order_on.isoformat() if row.last_order_on else ""
            case Column.LIFECYCLE:
                return label(LifecycleStage, row.lifecycle_stage)

    @staticmethod
    def _sort_value(row: OwnedMemberRow, column: Column) -> object:
        match column:
            case Column.POINTS:
                return row.points
            case Column.LAST_ORDER:
                return row.last_order_on.isoformat() if row.last_order_on else ""
            case Column.TIER:
                return list(Tier).index(Tier(row.tier)) if row.tier in Tier._value2member_map_ else -1
            case _:
                return MembersModel._display(row, column)

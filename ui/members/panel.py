"""The "My members" panel: a filterable table of the agent's own members, loaded off-thread."""

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from app.services.members import OwnedMemberRow, owned_members
from ui.context import AppContext
from ui.members.model import MEMBER_ID_ROLE, SORT_ROLE, Column, MembersModel

_HEADER_LAYOUT = "members/header"


class MembersPanel(QWidget):
    """Emits `member_activated(member_id)` on Enter or double click."""

    member_activated = Signal(int)
    loaded = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.model = MembersModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self.search = QLineEdit(self)
        self.search.setObjectName("members_search")
        self.search.setPlaceholderText(self.tr("Search by name or phone tail"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)

        self.table = QTableView(self)
        self.table.setObjectName("members_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.LAST_ORDER, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        saved = ctx.settings.layout(_HEADER_LAYOUT)
        self._layout_restored = saved is not None and header.restoreState(saved)
        self.table.activated.connect(self._activated)

        self.status = QLabel(self)
        self.status.setObjectName("members_status")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

    def reload(self) -> None:
        ctx = self._ctx
        self.status.setText(self.tr("Loading..."))
        ctx.runner.run_db(
            lambda: owned_members(ctx.db, ctx.actor, ctx.clock),
            on_success=self._show, name="owned_members",
        )

    def save_layout(self) -> None:
        self._ctx.settings.set_layout(_HEADER_LAYOUT, self.table.horizontalHeader().saveState())

    def _show(self, rows: list[OwnedMemberRow]) -> None:
        self.model.set_rows(rows)
        if rows:
            self.status.setText(self.tr("%n member(s)", "", len(rows)))
            if not self._layout_restored:
                self.table.resizeColumnsToContents()
        else:
            self.status.setText(self.tr("No members are assigned to you."))
        self.loaded.emit(len(rows))

    def _activated(self, index) -> None:
        member_id = self.proxy.data(index, MEMBER_ID_ROLE)
        if member_id is not None:
            self.member_activated.emit(int(member_id))

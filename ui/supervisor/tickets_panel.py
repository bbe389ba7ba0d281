"""The supervisor's tickets view: filter by status, department and severity; assign,
escalate and resolve through app.services.tickets."""

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QPushButton, QTableView,
    QVBoxLayout, QWidget,
)

from app.domain.codes import Department, Severity, TicketStatus
from app.services import tickets
from app.services.queue import assignable_agents
from app.services.tickets import OPEN_STATUSES, TicketRow
from ui.context import AppContext
from ui.forms.ticket_dialog import TicketEditDialog
from ui.i18n import label
from ui.supervisor.columns import ticket_columns
from ui.supervisor.export import export_model
from ui.supervisor.format import translate
from ui.tables.rows_model import ROW_ROLE, SORT_ROLE, RowsModel

OPEN = "__open__"
ANY = ""


class TicketsPanel(QWidget):
    changed = Signal()  # a ticket was assigned, escalated or resolved
    loaded = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._all: list[TicketRow] = []
        self._select_after_load: int | None = None
        self.model: RowsModel[TicketRow] = RowsModel(ticket_columns(ctx.clock.tz), self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)

        self.status_filter = self._combo("tickets_status", [(OPEN, translate("Supervisor", "Open (all open states)")), (ANY, translate("Supervisor", "Any status"))]
                                         + [(s.value, label(TicketStatus, s)) for s in TicketStatus])
        self.department_filter = self._combo("tickets_department", [(ANY, translate("Supervisor", "All departments"))]
                                             + [(d.value, label(Department, d)) for d in Department])
        self.severity_filter = self._combo("tickets_severity", [(ANY, translate("Supervisor", "Any severity"))]
                                           + [(s.value, label(Severity, s)) for s in Severity])
        self.status_filter.currentIndexChanged.connect(self.reload)
        self.department_filter.currentIndexChanged.connect(self.reload)
        self.severity_filter.currentIndexChanged.connect(self._apply_filters)

        self.assign_button = QPushButton(translate("Supervisor", "Assign…"), self)
        self.escalate_button = QPushButton(translate("Supervisor", "Escalate…"), self)
        self.resolve_button = QPushButton(translate("Supervisor", "Resolve…"), self)
        self.edit_button = QPushButton(translate("Supervisor", "Edit…"), self)
        self.edit_button.setObjectName("tickets_edit")
        self.edit_button.clicked.connect(self.edit_selected)
        self.export_button = QPushButton(translate("Supervisor", "Export CSV…"), self)
        self.assign_button.clicked.connect(self._assign)
        self.escalate_button.clicked.connect(self._escalate)
        self.resolve_button.clicked.connect(self._resolve)
        self.export_button.clicked.connect(lambda: export_model(self, ctx.runner, self.proxy, name="tickets"))

        self.table = QTableView(self)
        self.table.setObjectName("tickets_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(8, Qt.SortOrder.AscendingOrder)  # SLA due first
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._enable_actions)

        self.status = QLabel(self)
        filters = QHBoxLayout()
        for text, widget in ((translate("Supervisor", "Status"), self.status_filter), (translate("Supervisor", "Department"), self.department_filter),
                             (translate("Supervisor", "Severity"), self.severity_filter)):
            filters.addWidget(QLabel(text, self))
            filters.addWidget(widget)
        filters.addStretch(1)
        for button in (self.edit_button, self.assign_button, self.escalate_button, self.resolve_button,
                       self.export_button):
            filters.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self._enable_actions()

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        for value, text in items:
            combo.addItem(text, value)
        return combo

    # --- loading ----------------------------------------------------------------------

    def reload(self) -> None:
        ctx = self._ctx
        status = self.status_filter.currentData()
        department = self.department_filter.currentData() or None
        open_only = status == OPEN or status in OPEN_STATUSES
        self.status.setText(translate("Supervisor", "Loading..."))
        ctx.runner.run_db(
            lambda: tickets.list_tickets(ctx.db, ctx.actor, ctx.clock, open_only=open_only, department=department),
            on_success=self._show, on_error=self._failed, name="list_tickets",
        )

    def _show(self, rows: list[TicketRow]) -> None:
        self._all = list(rows)
        self._apply_filters()
        if self._select_after_load is not None:
            self.select_ticket(self._select_after_load)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(str(exc))

    def _apply_filters(self) -> None:
        status = self.status_filter.currentData()
        severity = self.severity_filter.currentData()
        rows = [r for r in self._all
                if (status in (OPEN, ANY) or r.status == status) and (not severity or r.severity == severity)]
        current = self.selected()
        self.model.set_rows(rows)
        if current is not None:  # a refresh keeps the ticket the supervisor is looking at
            self._select_shown(current.id)
        # self.tr: lupdate reads a count as plural only there (translate() needs a literal)
        self.status.setText(self.tr("%n ticket(s)", "", len(rows)))
        self.table.resizeColumnsToContents()
        self._enable_actions()
        self.loaded.emit(len(rows))

    def select_ticket(self, ticket_id: int) -> None:
        """Select a ticket (an alert opens it here); widen the filters if it is not shown."""
        if self._select_shown(ticket_id):
            self._select_after_load = None
            return
        if self._select_after_load == ticket_id:
            self._select_after_load = None  # not found even with every filter open
            return
        self._select_after_load = ticket_id
        for combo in (self.status_filter, self.department_filter, self.severity_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(1 if combo is self.status_filter else 0)
            combo.blockSignals(False)
        self.reload()

    def _select_shown(self, ticket_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ROW_ROLE).id == ticket_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.proxy.index(row, 0))
                return True
        return False

    # --- actions ----------------------------------------------------------------------

    def selected(self) -> TicketRow | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def _enable_actions(self, *_args) -> None:
        ticket = self.selected()
        is_open = ticket is not None and ticket.status != TicketStatus.RESOLVED
        for button in (self.assign_button, self.escalate_button, self.resolve_button):
            button.setEnabled(is_open)
        self.edit_button.setEnabled(ticket is not None)
        self.escalate_button.setEnabled(is_open and ticket is not None and ticket.status != TicketStatus.ESCALATED)

    def _run(self, job, done_text: str) -> None:
        def done(_result) -> None:
            self.status.setText(done_text)
            self.changed.emit()
            self.reload()

        self._ctx.runner.run_db(job, on_success=done, on_error=self._failed, name="ticket_action")

    def edit_selected(self) -> TicketEditDialog | None:
        """The versioned ticket form for the selected ticket; a save reloads the list."""
        ticket = self.selected()
        if ticket is None:
            return None
        dialog = TicketEditDialog(self._ctx, ticket.id, self)
        dialog.saved.connect(lambda _form: (self.changed.emit(), self.reload()))
        dialog.setModal(True)
        dialog.show()
        dialog.start()
        return dialog

    def _assign(self) -> None:
        ticket, ctx = self.selected(), self._ctx
        if ticket is None:
            return
        ctx.runner.run_db(lambda: assignable_agents(ctx.db, ctx.actor, ctx.clock),
                          on_success=lambda agents: self._ask_assignee(ticket, agents), on_error=self._failed)

    def _ask_assignee(self, ticket: TicketRow, agents) -> None:
        names = [f"{a.name} ({a.username})" for a in agents]
        choice, ok = QInputDialog.getItem(self, translate("Supervisor", "Assign ticket"), translate("Supervisor", "Assign ticket #%1 to:").replace(
            "%1", str(ticket.id)), names, 0, False)
        if not ok or not choice:
            return
        username = agents[names.index(choice)].username
        ctx = self._ctx
        self._run(lambda: tickets.assign(ctx.db, ctx.actor, ctx.clock, ticket.id, assignee=username),
                  translate("Supervisor", "Ticket #%1 assigned.").replace("%1", str(ticket.id)))

    def _escalate(self) -> None:
        ticket, ctx = self.selected(), self._ctx
        if ticket is None:
            return
        note, ok = QInputDialog.getText(self, translate("Supervisor", "Escalate ticket"), translate("Supervisor", "Why escalate ticket #%1?").replace(
            "%1", str(ticket.id)))
        if ok:
            self._run(lambda: tickets.escalate(ctx.db, ctx.actor, ctx.clock, ticket.id, note=note),
                      translate("Supervisor", "Ticket #%1 escalated.").replace("%1", str(ticket.id)))

    def _resolve(self) -> None:
        ticket, ctx = self.selected(), self._ctx
        if ticket is None:
            return
        note, ok = QInputDialog.getMultiLineText(self, translate("Supervisor", "Resolve ticket"), translate("Supervisor", "How was ticket #%1 resolved?")
                                                 .replace("%1", str(ticket.id)))
        if ok:
            self._run(lambda: tickets.resolve(ctx.db, ctx.actor, ctx.clock, ticket.id, note=note),
                      translate("Supervisor", "Ticket #%1 resolved; the re-visit call is booked.").replace("%1", str(ticket.id)))

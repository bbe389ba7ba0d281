"""The supervisor console: period picker, KPI tiles, charts, agents and alerts, tickets.

Everything loads through the task runner in one read (dashboard.snapshot); the console
then polls the change feed (app.sync.change_feed) every few seconds and reloads when
something changed, and at least once a minute, since claims and SLAs age with the clock. An agent who opens it is
refused by the service, and the console says so instead of showing figures.
"""

import shiboken6
from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QSplitter, QTableView, QTabWidget, QVBoxLayout, QWidget,
)

from app.services import dashboard
from app.sync.change_feed import ChangeBatch, ChangeFeed
from app.services.dashboard import AgentRow, Alert, Snapshot
from app.services.errors import PermissionDenied
from app.services.reports import Period
from ui.context import AppContext
from ui.supervisor.charts import ChartsPanel
from ui.supervisor.columns import IN_STATE_COLUMN, agent_columns, alert_columns
from ui.supervisor.export import export_model
from ui.supervisor.format import translate
from ui.supervisor.reassign_dialog import ReassignDialog
from ui.supervisor.rows_model import ROW_ROLE, SORT_ROLE, RowsModel
from ui.supervisor.tickets_panel import TicketsPanel
from ui.supervisor.tiles import ProgrammePanel, TilesPanel

POLL_MS = 5_000
FULL_RELOAD_EVERY = 12  # polls: a minute


def _table(parent: QWidget, model, name: str) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(proxy)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setSortingEnabled(True)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view, proxy


class SupervisorConsole(QWidget):
    """Emits `member_requested(member_id)` when an alert about a member is opened."""

    member_requested = Signal(int)
    loaded = Signal()
    refused = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, live: bool = True,
                 hub=None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        # With the window's change hub (team mode: its watcher already polls the feed), the
        # console listens there instead of polling the feed a second time.
        self._hub = hub
        if hub is not None:
            for topic in ("queue", "tickets", "member"):
                hub.subscribe(topic, self._hub_changed)
        self._loading = False
        self._feed: ChangeFeed | None = None  # created on the database thread, used only there
        self._polls = 0
        self.snapshot: Snapshot | None = None
        self.setObjectName("supervisor_console")

        self.period_kind = QComboBox(self)
        self.period_kind.setObjectName("period_kind")
        for key, text in (("today", translate("Supervisor", "Today")), ("week", translate("Supervisor", "This week")), ("range", translate("Supervisor", "Date range"))):
            self.period_kind.addItem(text, key)
        today = QDate(ctx.clock.today())
        self.range_from = QDateEdit(today.addDays(-29), self)
        self.range_to = QDateEdit(today, self)
        for edit in (self.range_from, self.range_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setVisible(False)
            edit.dateChanged.connect(self.reload)
        self.period_kind.currentIndexChanged.connect(self._period_changed)
        self.refresh_button = QPushButton(translate("Supervisor", "Refresh"), self)
        self.refresh_button.clicked.connect(self.reload)
        self.reassign_button = QPushButton(translate("Supervisor", "Reassign…"), self)
        self.reassign_button.setObjectName("reassign_button")
        self.reassign_button.clicked.connect(lambda: self.open_reassign())
        self.pdf_button = QPushButton(translate("Supervisor", "Period summary PDF…"), self)
        self.pdf_button.setObjectName("summary_pdf_button")
        self.pdf_button.clicked.connect(self.export_summary_pdf)
        self.updated = QLabel(self)
        self.updated.setObjectName("console_updated")

        bar = QHBoxLayout()
        bar.addWidget(QLabel(translate("Supervisor", "Period"), self))
        bar.addWidget(self.period_kind)
        bar.addWidget(self.range_from)
        bar.addWidget(self.range_to)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)
        bar.addWidget(self.updated)
        bar.addWidget(self.reassign_button)
        bar.addWidget(self.pdf_button)

        self.refusal = QLabel(self)
        self.refusal.setObjectName("console_refusal")
        self.refusal.setWordWrap(True)
        self.refusal.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.refusal.setStyleSheet("color: #b3261e; font-size: 14pt; padding: 40px;")
        self.refusal.setVisible(False)

        self.tiles = TilesPanel(self)
        self.programme = ProgrammePanel(self)
        self.charts = ChartsPanel(self)
        self.agents_model: RowsModel[AgentRow] = RowsModel(agent_columns(ctx.clock.now), self)
        self.state_tick = QTimer(self)  # the agents' time in state counts up between reloads
        self.state_tick.setInterval(1000)
        self.state_tick.timeout.connect(lambda: self.agents_model.refresh_column(IN_STATE_COLUMN))
        if live:
            self.state_tick.start()
        self.alerts_model: RowsModel[Alert] = RowsModel(alert_columns(ctx.clock.tz), self)
        self.agents_table, self.agents_proxy = _table(self, self.agents_model, "agents_table")
        self.alerts_table, self.alerts_proxy = _table(self, self.alerts_model, "alerts_table")
        self.alerts_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the most pressing kinds first
        self.agents_table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # on a call first
        self.alerts_table.activated.connect(self._alert_activated)
        self.alerts_table.setToolTip(translate("Supervisor", "Enter or double-click opens the ticket or the member."))
        self.tickets = TicketsPanel(ctx, self)
        self.tickets.changed.connect(self.reload)

        floor = QWidget(self)
        floor_layout = QVBoxLayout(floor)
        floor_layout.setContentsMargins(0, 0, 0, 0)
        floor_layout.addWidget(self.tiles)
        split = QSplitter(Qt.Orientation.Horizontal, floor)
        split.addWidget(self.charts)
        side = QSplitter(Qt.Orientation.Vertical, split)
        side.addWidget(self._titled(translate("Supervisor", "Alerts"), self.alerts_table, self.alerts_proxy, "alerts"))
        side.addWidget(self._titled(translate("Supervisor", "Agents"), self.agents_table, self.agents_proxy, "agents"))
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([780, 560])
        side.setSizes([300, 260])
        floor_layout.addWidget(split, 1)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("console_tabs")
        self.tabs.addTab(floor, translate("Supervisor", "Floor"))
        self.tabs.addTab(self.tickets, translate("Supervisor", "Tickets"))
        # Its own tab: on the floor it would squeeze the charts out of a 1366x768 screen.
        programme = QWidget(self)
        programme_layout = QVBoxLayout(programme)
        programme_layout.addWidget(self.programme)
        programme_layout.addStretch(1)
        self.tabs.addTab(programme, translate("Supervisor", "Member programme"))
        self.tabs.currentChanged.connect(lambda i: self.tickets.reload() if i == 1 else None)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.refusal)
        layout.addWidget(self.tabs, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)
        if live:
            self.timer.start()

    def _titled(self, title: str, table: QTableView, proxy, name: str) -> QWidget:
        box = QWidget(self)
        head = QHBoxLayout()
        caption = QLabel(f"<b>{title}</b>", box)
        export = QPushButton(translate("Supervisor", "Export CSV…"), box)
        export.setObjectName(f"{name}_export")
        export.clicked.connect(lambda: export_model(self, self._ctx.runner, proxy, name=name))
        head.addWidget(caption)
        head.addStretch(1)
        head.addWidget(export)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(table, 1)
        return box

    # --- period -----------------------------------------------------------------------

    def period(self) -> Period:
        kind = self.period_kind.currentData()
        clock = self._ctx.clock
        if kind == "week":
            return dashboard.week_period(clock)
        if kind == "range":
            return dashboard.range_period(self.range_from.date().toPython(), self.range_to.date().toPython())
        return dashboard.today_period(clock)

    def _period_changed(self) -> None:
        is_range = self.period_kind.currentData() == "range"
        self.range_from.setVisible(is_range)
        self.range_to.setVisible(is_range)
        self.reload()

    # --- loading ----------------------------------------------------------------------

    def reload(self) -> None:
        ctx = self._ctx
        try:
            period = self.period()
        except Exception as exc:  # noqa: BLE001 - a ValidationError from the range
            self.updated.setText(str(exc))
            return
        self._loading = True
        self.updated.setText(translate("Supervisor", "Loading..."))

        def load() -> Snapshot:
            # The feed moves first: whatever changes after this point is polled again later.
            if self._hub is not None:
                pass  # the window's watcher moves the feed
            elif self._feed is None:
                self._feed = ChangeFeed(ctx.db)
            else:
                self._feed.poll()
            # A pure read: overdue tickets are escalated by their own scheduled job
            # (`caredesk-admin tickets escalate-overdue`), never by looking at the console.
            return dashboard.snapshot(ctx.db, ctx.actor, ctx.clock, period)  # an agent is refused here

        ctx.runner.run_db(load, on_success=self._show, on_error=self._failed, name="dashboard")
        # Its own job: over a long range it reads every order of the range; the tiles do not wait.
        ctx.runner.run_db(lambda: dashboard.period_programme(ctx.db, ctx.actor, ctx.clock, period),
                          on_success=self.programme.show_programme, on_error=self._failed, name="programme")
        if self.tabs.currentIndex() == 1:
            self.tickets.reload()

    def _show(self, snap: Snapshot) -> None:
        self._loading = False
        self._polls = 0
        self.snapshot = snap
        self.tiles.show_board(snap.tiles)
        self.charts.show_charts(snap.charts)
        self.agents_model.set_rows(snap.agents)
        self.alerts_model.set_rows(snap.alerts)
        for table in (self.agents_table, self.alerts_table):
            table.resizeColumnsToContents()
        now = self._ctx.clock.local_now().strftime("%H:%M:%S")
        # self.tr: lupdate reads a count as plural only there (translate() needs a literal)
        self.updated.setText(self.tr("Updated %1 · %n alert(s)", "", len(snap.alerts)).replace("%1", now))
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        if isinstance(exc, PermissionDenied):
            self.timer.stop()
            self.tabs.setVisible(False)
            for widget in (self.reassign_button, self.pdf_button, self.refresh_button, self.period_kind):
                widget.setEnabled(False)
            self.refusal.setText(translate("Supervisor", "The supervisor console is for supervisors only.") + "\n" + str(exc))
            self.refusal.setVisible(True)
            self.refused.emit(str(exc))
            return
        self.updated.setText(str(exc))

    def _hub_changed(self) -> None:
        # A console replaced on a language switch stays subscribed to the hub until it is deleted.
        if shiboken6.isValid(self) and not self._loading and self.isVisible():
            self.reload()

    def _poll(self) -> None:
        if self._loading:
            return
        self._polls += 1
        feed = self._feed
        if self._hub is not None:  # the hub brings the changes; only the periodic full reload here
            if self._polls >= FULL_RELOAD_EVERY:
                self.reload()
            return
        if self._polls >= FULL_RELOAD_EVERY or feed is None:
            self.reload()
            return
        self._ctx.runner.run_db(feed.poll, on_success=self._changes_seen, on_error=self._failed, name="change_feed")

    def _changes_seen(self, batch: ChangeBatch) -> None:
        if batch:
            self.reload()

    # --- actions ----------------------------------------------------------------------

    def _alert_activated(self, index) -> None:
        alert: Alert | None = index.data(ROW_ROLE)
        if alert is None:
            return
        if alert.ticket_id is not None:
            self.open_ticket(alert.ticket_id)
        else:
            self.member_requested.emit(alert.member_id)

    def open_ticket(self, ticket_id: int) -> None:
        self.tabs.setCurrentIndex(1)
        self.tickets.select_ticket(ticket_id)

    def open_reassign(self, *, member_ids: tuple[int, ...] = ()) -> ReassignDialog:
        dialog = ReassignDialog(self._ctx, self, member_ids=member_ids)
        dialog.moved.connect(lambda result: (self.updated.setText(
            translate("Supervisor", "Moved %1 task(s); %2 left with the agent on the call.")
            .replace("%1", str(result.moved)).replace("%2", str(result.skipped))), self.reload()))
        dialog.open()
        return dialog

    def export_summary_pdf(self, path: str | None = None) -> None:
        """The reports helper's period summary for the period shown, saved as a PDF."""
        from app.reports.summary import render_summary_report
        from app.services.reports import summary_report_data

        ctx = self._ctx
        period = self.period()
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, translate("Supervisor", "Save period summary"),
                                                  f"summary-{period.label.replace('..', '_')}.pdf", "PDF (*.pdf)")
            if not path:
                return
        language = "en" if ctx.language.startswith("en") else "zh"

        def write(data) -> None:
            def render() -> str:
                with open(path, "wb") as fh:
                    fh.write(render_summary_report(data))
                return path

            ctx.runner.run_pdf(render, on_success=lambda p: self.updated.setText(translate("Supervisor", "Saved %1").replace("%1", p)),
                               on_error=self._failed, name="summary_pdf")

        self.updated.setText(translate("Supervisor", "Preparing the period summary..."))
        ctx.runner.run_db(lambda: summary_report_data(ctx.db, ctx.actor, ctx.clock, period, language=language),
                          on_success=write, on_error=self._failed, name="summary_data")

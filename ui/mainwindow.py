"""The main window: the agent's work in the centre, who and where in the status bar."""

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QProgressBar, QStatusBar, QWidget

from app.domain.codes import Role
from app.services.calls.agent_day import AgentDay
from app.services.users import Permission
from ui.schedule import ScheduledJobs
from ui.context import AppContext
from ui.errors import show_crash
from ui.i18n import day_note, label
from ui.members.model import MEMBER_ID_ROLE
from ui.members.panel import MembersPanel
from ui.reports.actions import ReportActions
from ui.team import TeamMode
from ui.workstation.panel import Workstation

_GEOMETRY = "main/geometry"
_STATE = "main/state"


class MainWindow(QMainWindow):
    """`team` (ui.team.TeamMode) adds live updates and the outcome journal's status."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, team: TeamMode | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._team = team
        self._supervisor_window: QWidget | None = None
        self.setObjectName("main_window")
        self.setWindowTitle(self.tr("CareDesk"))
        self.setMinimumSize(QSize(1024, 640))

        # Agents (and supervisors taking calls) get the workstation; others their member list.
        self.workstation: Workstation | None = None
        if ctx.actor.may(Permission.WORK_QUEUE):
            self.workstation = Workstation(ctx, self)
            self.members = self.workstation.members
            self.setCentralWidget(self.workstation)
            self.workstation.message.connect(self.show_known_error)
            self.workstation.stats_changed.connect(self._show_stats)
        else:
            self.members = MembersPanel(ctx, self)
            self.setCentralWidget(self.members)
        self.reports = ReportActions(ctx, self, self._current_member_id)
        self.jobs = ScheduledJobs(ctx, self)
        if self.workstation is not None:
            self.workstation.member.care_report_requested.connect(self.reports.open_care_report)
        self._build_menus()
        self._build_status_bar()
        self.reports.message.connect(self.show_known_error)
        if team is not None:
            self._connect_team(team)

        runner = ctx.runner
        runner.busy_changed.connect(self._set_busy)
        runner.known_error.connect(self.show_known_error)
        runner.unhandled_error.connect(lambda message, trace: show_crash(message, trace, self))

        self._restore_layout()

    # --- building ---------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        refresh = QAction(self.tr("&Refresh"), self)
        refresh.setShortcut(QKeySequence("Ctrl+Shift+R"))
        refresh.triggered.connect(self.reload)
        file_menu.addAction(refresh)
        preferences = QAction(self.tr("&Settings..."), self)
        preferences.setObjectName("action_settings")
        preferences.triggered.connect(self.open_settings)
        file_menu.addAction(preferences)
        contact = QAction(self.tr("&Member contact preferences..."), self)
        contact.setObjectName("action_contact_preferences")
        contact.setShortcut("Ctrl+Shift+E")
        contact.triggered.connect(self.edit_contact_preferences)
        file_menu.addAction(contact)
        connection = QAction(self.tr("&Connection settings..."), self)
        connection.triggered.connect(self._connection_settings)
        file_menu.addAction(connection)
        file_menu.addSeparator()
        file_menu.addActions(self.reports.actions())
        if self._ctx.actor.may(Permission.SUPERVISE):
            console = QAction(self.tr("&Supervisor console"), self)
            console.setObjectName("action_supervisor")
            console.setShortcut(QKeySequence("Ctrl+Shift+S"))
            console.triggered.connect(self.open_supervisor_console)
            file_menu.addAction(console)
        if self._ctx.actor.may(Permission.ADMINISTER):
            import_action = QAction(self.tr("&Import..."), self)
            import_action.setObjectName("action_import")
            import_action.triggered.connect(self.open_import_wizard)
            file_menu.addAction(import_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About CareDesk"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def open_import_wizard(self) -> None:
        from ui.imports.wizard import ImportWizard

        wizard = ImportWizard(self._ctx, self)
        wizard.finished.connect(lambda _: self.reload())
        wizard.open()

    def _build_status_bar(self) -> None:
        ctx = self._ctx
        bar = QStatusBar(self)
        self.setStatusBar(bar)
        who = ctx.actor.display_name or ctx.actor.username
        self.agent_label = QLabel(self.tr("Signed in: %1 (%2)").replace("%1", who)
                                  .replace("%2", label(Role, ctx.actor.role)), self)
        self.agent_label.setObjectName("status_agent")
        kind = self.tr("embedded") if ctx.db.is_embedded else self.tr("server")
        self.database_label = QLabel(self.tr("Database: %1").replace("%1", kind), self)
        self.database_label.setObjectName("status_database")
        self.database_label.setToolTip(ctx.db.engine.url.render_as_string(hide_password=True))
        self.stats_label = QLabel(self)
        self.stats_label.setObjectName("status_stats")
        self.busy = QProgressBar(self)
        self.busy.setObjectName("busy_indicator")
        self.busy.setRange(0, 0)  # indeterminate: it only says "working"
        self.busy.setMaximumWidth(90)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        bar.addPermanentWidget(self.busy)
        bar.addPermanentWidget(self.stats_label)
        bar.addPermanentWidget(self.agent_label)
        bar.addPermanentWidget(self.database_label)

    def _connect_team(self, team: TeamMode) -> None:
        self._set_online(team.watcher.online)
        team.watcher.online_changed.connect(self._set_online)
        if self.workstation is not None:
            team.watcher.changed.connect(self.workstation.on_changes)
            if team.sync is not None:  # the server's answer to each journaled save
                team.sync.report.connect(self.workstation.hub.journal_report)
        if team.sync is not None:
            from ui.connection.status import SyncStatusLabel

            self.sync_label = SyncStatusLabel(self)
            self.statusBar().insertPermanentWidget(0, self.sync_label)
            team.sync.report.connect(self.sync_label.show_report)

    def _set_online(self, online: bool) -> None:
        kind = self.tr("embedded") if self._ctx.db.is_embedded else self.tr("server")
        state = self.tr("connected") if online else self.tr("unreachable")
        self.database_label.setText(self.tr("Database: %1 (%2)").replace("%1", kind).replace("%2", state))

    # --- behaviour --------------------------------------------------------------------

    def open_supervisor_console(self) -> None:
        from ui.supervisor.window import open_console

        if self._supervisor_window is None or not self._supervisor_window.isVisible():
            # In team mode the window's watcher feeds the workstation's hub: the console listens there.
            hub = self.workstation.hub if self.workstation is not None and self._team is not None else None
            self._supervisor_window = open_console(self._ctx, None, hub=hub)
            self._supervisor_window.member_requested.connect(self.open_member)
        self._supervisor_window.raise_()
        self._supervisor_window.activateWindow()

    def open_member(self, member_id: int) -> None:
        """A member the console asked for (an alert): opened in the workstation, in front."""
        if self.workstation is None:
            return
        self.workstation.calls.open_member(member_id)
        self.raise_()
        self.activateWindow()

    def hand_over_windows(self) -> list[QWidget]:
        """The supervisor console and report previews open now, detached from this window so
        they outlive it (a language switch replaces the main window; they are retranslated)."""
        from ui.reports.preview_dialog import PreviewDialog

        kept: list[QWidget] = []
        if self._supervisor_window is not None and self._supervisor_window.isVisible():
            kept.append(self._supervisor_window)
        self._supervisor_window = None
        for preview in self.findChildren(PreviewDialog):
            if preview.isVisible():
                preview.setParent(None, preview.windowFlags())
                kept.append(preview)
        return kept

    def adopt_windows(self, windows: list[QWidget]) -> None:
        """Takes over what `hand_over_windows` of the window before gave (console: the new change hub)."""
        from ui.supervisor.window import SupervisorWindow

        for window in windows:
            if isinstance(window, SupervisorWindow):
                self._supervisor_window = window
                window.member_requested.connect(self.open_member)
                hub = self.workstation.hub if self.workstation is not None and self._team is not None else None
                window.rebind(self._ctx, hub=hub)
            else:
                window.setParent(self, window.windowFlags())
                window.show()

    def _current_member_id(self) -> int | None:
        """The member open in the workstation, else the one selected in the members table."""
        if self.workstation is not None and self.workstation.member.view is not None:
            return self.workstation.member.view.profile.id
        index = self.members.table.currentIndex()
        return index.data(MEMBER_ID_ROLE) if index.isValid() else None

    def open_settings(self) -> None:
        from ui.forms.settings_page import SettingsPage
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self._ctx, self)
        page = SettingsPage(self._ctx, "queue")
        if dialog.add_admin_page(self.tr("Queue rules"), page):  # the centre's, for administrators
            page.start()
        dialog.exec()

    def edit_contact_preferences(self):
        """The member's contact preferences and consent (versioned form), for the open member."""
        member_id = self._current_member_id()
        if member_id is None:
            self.show_known_error(self.tr("Open or select a member first."))
            return None
        from ui.forms.contact_dialog import ContactPreferencesDialog

        dialog = ContactPreferencesDialog(self._ctx, member_id, self)
        if self.workstation is not None:
            dialog.saved.connect(lambda _prefs: self.workstation.hub.publish(frozenset({"member", "queue"})))
        dialog.setModal(True)
        dialog.show()
        dialog.start()
        return dialog

    def busy_with_call(self) -> bool:
        """A call is open: the window must not be rebuilt (language switch) now."""
        return self.workstation is not None and self.workstation.call is not None

    def _connection_settings(self) -> None:
        from ui.connection.settings_dialog import ConnectionDialog

        ConnectionDialog(self._ctx.settings, self._ctx.runner, parent=self).exec()

    def reload(self) -> None:
        if self.workstation is not None:
            self.workstation.start()
        else:
            self.members.reload()

    def _show_stats(self, day: AgentDay) -> None:
        rate = f"{day.connect_rate * 100:.0f}%" if day.connect_rate is not None else "-"
        text = self.tr("Calls today: %1 · connect rate %2").replace("%1", str(day.calls)).replace("%2", rate)
        self.stats_label.setText(text + day_note(day))

    def show_known_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About CareDesk"), self.tr(
            "CareDesk: the care follow-up call-centre workstation."))

    # --- layout persistence -------------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = self._ctx.settings
        geometry = settings.layout(_GEOMETRY)
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1366, 740)
        state = settings.layout(_STATE)
        if state is not None:
            self.restoreState(state)

    def save_layout(self) -> None:
        settings = self._ctx.settings
        settings.set_layout(_GEOMETRY, self.saveGeometry())
        settings.set_layout(_STATE, self.saveState())
        if self.workstation is not None:
            self.workstation.save_layout()
        else:
            self.members.save_layout()
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.workstation is not None and not self.workstation.may_leave():
            event.ignore()  # mid-call: nothing typed is dropped without a yes
            return
        self.save_layout()
        if self.workstation is not None:
            self.workstation.shutdown()
        if self._supervisor_window is not None:
            self._supervisor_window.close()
        if self.reports.export is not None:
            self.reports.export.cancel()  # the batch stops between two reports
        super().closeEvent(event)

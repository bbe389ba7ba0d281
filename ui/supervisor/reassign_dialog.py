"""Move work between agents: open tasks by filter (reason, tier, current agent), or the
ownership of given members. The count to move is shown before anything moves."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QTabWidget, QVBoxLayout, QWidget,
)

from app.domain.codes import TaskReason, Tier
from app.services.queue import reassign
from app.services.queue import AgentChoice, ReassignResult, TaskFilter
from ui.context import AppContext
from ui.i18n import label
from ui.supervisor.format import tr

ANY = None
UNASSIGNED = -1


class ReassignDialog(QDialog):
    moved = Signal(object)  # ReassignResult

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, from_agent_id: int | None = None,
                 member_ids: tuple[int, ...] = ()) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._from_agent_id = from_agent_id
        self.setWindowTitle(tr("Reassign work"))
        self.setObjectName("reassign_dialog")

        self.reason = QComboBox(self)
        self.reason.addItem(tr("Any reason"), ANY)
        for reason in TaskReason:
            self.reason.addItem(label(TaskReason, reason), reason.value)
        self.tier = QComboBox(self)
        self.tier.addItem(tr("Any tier"), ANY)
        for tier in Tier:
            self.tier.addItem(label(Tier, tier), tier.value)
        self.from_agent = QComboBox(self)
        self.from_agent.setObjectName("reassign_from")
        self.to_agent = QComboBox(self)
        self.to_agent.setObjectName("reassign_to")
        self.preview = QLabel(self)
        self.preview.setObjectName("reassign_preview")
        for combo in (self.reason, self.tier, self.from_agent):
            combo.currentIndexChanged.connect(self.update_preview)

        tasks_page = QWidget(self)
        form = QFormLayout(tasks_page)
        form.addRow(tr("Reason"), self.reason)
        form.addRow(tr("Member tier"), self.tier)
        form.addRow(tr("Now assigned to"), self.from_agent)
        form.addRow(self.preview)

        members_page = QWidget(self)
        self.member_ids = QLineEdit(", ".join(str(i) for i in member_ids), members_page)
        self.member_ids.setObjectName("reassign_members")
        self.member_ids.setPlaceholderText(tr("member ids, separated by commas"))
        members_form = QFormLayout(members_page)
        members_form.addRow(tr("Members"), self.member_ids)
        members_form.addRow(QLabel(tr("Their open tasks held for the old owner move with them."), members_page))

        self.tabs = QTabWidget(self)
        self.tabs.addTab(tasks_page, tr("Tasks by filter"))
        self.tabs.addTab(members_page, tr("Member ownership"))
        if member_ids:
            self.tabs.setCurrentIndex(1)

        self.error = QLabel(self)
        self.error.setObjectName("reassign_error")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.move_button = buttons.addButton(tr("Move"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        to_form = QFormLayout()
        to_form.addRow(tr("Move to"), self.to_agent)
        layout.addWidget(self.tabs)
        layout.addLayout(to_form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        ctx.runner.run_db(lambda: reassign.assignable_agents(ctx.db, ctx.actor, ctx.clock),
                          on_success=self._agents_loaded, on_error=self._failed, name="assignable_agents")

    def _agents_loaded(self, agents: tuple[AgentChoice, ...]) -> None:
        self.from_agent.blockSignals(True)
        self.from_agent.addItem(tr("Anyone or no one"), ANY)
        self.from_agent.addItem(tr("No one (pooled tasks)"), UNASSIGNED)
        for agent in agents:
            self.from_agent.addItem(agent.name, agent.agent_id)
            self.to_agent.addItem(agent.name, agent.agent_id)
        if self._from_agent_id is not None:
            self.from_agent.setCurrentIndex(max(0, self.from_agent.findData(self._from_agent_id)))
        self.from_agent.blockSignals(False)
        self.update_preview()

    def task_filter(self) -> TaskFilter:
        source = self.from_agent.currentData()
        return TaskFilter(reason=self.reason.currentData(), tier=self.tier.currentData(),
                          agent_id=source if source not in (ANY, UNASSIGNED) else None,
                          unassigned=source == UNASSIGNED)

    def update_preview(self) -> None:
        ctx, which = self._ctx, self.task_filter()
        ctx.runner.run_db(lambda: reassign.count_matching(ctx.db, ctx.actor, ctx.clock, which),
                          on_success=lambda n: self.preview.setText(tr("%1 open task(s) match.").replace("%1", str(n))),
                          on_error=self._failed, name="count_matching")

    def apply(self) -> None:
        ctx = self._ctx
        target = self.to_agent.currentData()
        if target is None:
            self.error.setText(tr("Choose who the work moves to."))
            return
        if self.tabs.currentIndex() == 0:
            which = self.task_filter()
            job = lambda: reassign.move_by_filter(ctx.db, ctx.actor, ctx.clock, which, to_agent_id=target)  # noqa: E731
        else:
            try:
                ids = [int(p) for p in self.member_ids.text().replace("，", ",").split(",") if p.strip()]
            except ValueError:
                self.error.setText(tr("Member ids are numbers separated by commas."))
                return
            job = lambda: reassign.move_members(ctx.db, ctx.actor, ctx.clock, ids, to_agent_id=target)  # noqa: E731
        self.move_button.setEnabled(False)
        ctx.runner.run_db(job, on_success=self._done, on_error=self._failed, name="reassign")

    def _done(self, result: ReassignResult) -> None:
        self.moved.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.move_button.setEnabled(True)
        errors = getattr(exc, "errors", None)
        self.error.setText("; ".join(errors.values()) if errors else str(exc))

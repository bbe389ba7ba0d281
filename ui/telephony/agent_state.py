"""The agent's own state picker: ready, or paused with a reason (break, lunch, training,
meeting, coaching). On call and wrap-up are set by the call itself, never picked here."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from app.domain.agent_states import AgentState, PauseReason
from app.services.telephony import set_agent_state
from ui.context import AppContext

_READY = ""


class AgentStatePicker(QComboBox):
    changed = Signal(str, str)  # state, reason ("" when none): saved

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agent_state")
        self._ctx = ctx
        reasons = {PauseReason.BREAK: self.tr("break"), PauseReason.LUNCH: self.tr("lunch"),
                   PauseReason.TRAINING: self.tr("training"), PauseReason.MEETING: self.tr("meeting"),
                   PauseReason.COACHING: self.tr("coaching")}
        self.addItem(self.tr("Ready"), _READY)
        for reason in PauseReason:
            self.addItem(self.tr("Paused: %1").replace("%1", reasons[reason]), reason.value)
        self.activated.connect(self._picked)

    def _picked(self, index: int) -> None:
        reason = self.itemData(index) or None
        state = AgentState.PAUSED if reason else AgentState.READY
        ctx = self._ctx
        ctx.runner.run_db(
            lambda: set_agent_state(ctx.db, ctx.actor, ctx.clock, state, reason=reason),
            on_success=lambda row: self.changed.emit(row.state.value, row.reason.value if row.reason else ""),
            name="agent_state")

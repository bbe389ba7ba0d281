"""The agent's own state picker: ready, or paused with a reason (break, lunch, training,
meeting, coaching). On call and wrap-up are set by the call itself: they are shown here and
cannot be picked."""

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QWidget

from app.domain.agent_states import AgentState, PauseReason
from app.services.telephony import AgentStateRow, my_state, set_agent_state
from ui.context import AppContext

_READY = ""
_BY_CALL = (AgentState.ON_CALL, AgentState.WRAP_UP)


class AgentStatePicker(QComboBox):
    changed = Signal(str, str)  # state, reason ("" when none): saved
    failed = Signal(str)  # a refusal to show (e.g. the database is away)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agent_state")
        self.setToolTip(self.tr("Your state: paused agents are given no new members"))
        self._ctx = ctx
        reasons = {PauseReason.BREAK: self.tr("break"), PauseReason.LUNCH: self.tr("lunch"),
                   PauseReason.TRAINING: self.tr("training"), PauseReason.MEETING: self.tr("meeting"),
                   PauseReason.COACHING: self.tr("coaching")}
        self.addItem(self.tr("Ready"), _READY)
        for reason in PauseReason:
            self.addItem(self.tr("Paused: %1").replace("%1", reasons[reason]), reason.value)
        self.addItem(self.tr("On call"), AgentState.ON_CALL.value)
        self.addItem(self.tr("Wrap-up"), AgentState.WRAP_UP.value)
        model = self.model()
        assert isinstance(model, QStandardItemModel)
        for state in _BY_CALL:  # set by the call, never by hand
            model.item(self.findData(state.value)).setEnabled(False)
        self.activated.connect(self._picked)

    @property
    def state(self) -> tuple[str, str]:
        """(state, reason) as shown: ("ready", ""), ("paused", "lunch"), ("on_call", "")."""
        data = self.currentData() or _READY
        if data in (s.value for s in _BY_CALL):
            return data, ""
        return (AgentState.PAUSED.value, data) if data else (AgentState.READY.value, "")

    @property
    def paused(self) -> bool:
        return self.state[0] == AgentState.PAUSED.value

    def show_state(self, state: str, reason: str = "") -> None:
        """Show a state set elsewhere (the call, the saved outcome, the start of the day)."""
        data = reason if state == AgentState.PAUSED.value else (state if state in _BY_CALL else _READY)
        self.setCurrentIndex(max(0, self.findData(data)))

    def load(self) -> None:
        ctx = self._ctx
        ctx.runner.run_db(lambda: my_state(ctx.db, ctx.actor, ctx.clock), on_success=self._show_row,
                          on_error=lambda _exc: None, name="my_state")

    def _show_row(self, row: AgentStateRow) -> None:
        self.show_state(row.state.value, row.reason.value if row.reason else "")

    def _picked(self, index: int) -> None:
        reason = self.itemData(index) or None
        state = AgentState.PAUSED if reason else AgentState.READY
        ctx = self._ctx
        ctx.runner.run_db(
            lambda: set_agent_state(ctx.db, ctx.actor, ctx.clock, state, reason=reason),
            on_success=self._saved, on_error=lambda exc: self.failed.emit(str(exc)), name="agent_state")

    def _saved(self, row: AgentStateRow) -> None:
        self._show_row(row)
        self.changed.emit(row.state.value, row.reason.value if row.reason else "")

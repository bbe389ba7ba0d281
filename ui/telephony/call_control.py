"""The call-state strip: "dialling", "ringing 0:04", "talking 1:23", "ended: busy", with a
dial key (F5) and a hang-up key, over the dialer service.

The dial (door check, claim, audit, softphone start) runs on the database thread; call
events arrive on the adapter's thread and cross to the GUI thread through a signal. At the
end, `prefill` carries what the outcome form should show and `wrap_up_started` fires.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.domain.codes import Disposition
from app.domain.telephony import CallEventKind, PhoneStatus, TelephonyUnavailable
from app.services.errors import CareDeskError
from app.services.telephony import Dialer, DialRefused, DialUpdate
from ui.i18n import label
from ui.tasks import Runner

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prefill:
    """What the ended call says about the outcome; `disposition` None leaves it to the agent."""

    call_ref: str
    task_id: int
    disposition: str | None
    talk_seconds: float
    sip_status: int | None
    hung_up_by: str | None


def call_clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


class _Bridge(QObject):
    """Lives on the GUI thread; emitting from the adapter's thread queues the call here."""

    update = Signal(object)
    status = Signal(str, str)


class CallControl(QWidget):
    prefill = Signal(object)  # Prefill, when a call ends
    wrap_up_started = Signal()
    state_shown = Signal(str)  # the text now on screen (the benchmark and tests watch it)
    call_state = Signal(str)  # the call's event kind: dialling, ringing, answered, ended

    def __init__(self, runner: Runner, make_dialer: Callable[[Callable[[DialUpdate], None]], Dialer], *,
                 task_id: Callable[[], int | None], dial_keys: tuple[str, ...] = ("F5",),
                 hang_up_keys: tuple[str, ...] = ("F8",), language: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("call_control")
        self._runner = runner
        self._task_id = task_id
        self._language = language
        self._bridge = _Bridge(self)
        self._bridge.update.connect(self._on_update)
        self._bridge.status.connect(self._on_status)
        self.dialer = make_dialer(self._bridge.update.emit)
        self._state: CallEventKind | None = None
        self._since = 0.0
        self._dialling = False
        self.state_label = QLabel(self.tr("Phone ready"), self)
        self.state_label.setObjectName("call_state")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.state_label)
        self.dial_action = self._action(self.tr("Dial"), dial_keys, self.dial, "action_dial")
        self.hang_up_action = self._action(self.tr("Hang up"), hang_up_keys, self.hang_up, "action_hang_up")
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self._show)

    def _action(self, text: str, keys: tuple[str, ...], slot, name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def report_status(self, status: str, detail: str) -> None:
        """The adapter's status sink (any thread): a dead softphone shows, never hangs the screen."""
        self._bridge.status.emit(str(status), detail)

    def _on_status(self, status: str, detail: str) -> None:
        if status == PhoneStatus.DEAD and detail != "closed":
            self._set_text(self.tr("phone unavailable: %1").replace("%1", detail))
        elif status == PhoneStatus.RECONNECTING:
            self._set_text(self.tr("reconnecting to the phone"))

    @property
    def in_call(self) -> bool:
        return self._dialling or self.dialer.in_call

    def dial(self) -> None:
        task_id = self._task_id()
        if task_id is None or self.in_call:
            return
        self._dialling = True
        self._set_text(self.tr("dialling"))
        self._runner.run_db(lambda: self.dialer.dial(task_id), on_success=self._dialled,
                            on_error=self._dial_failed, name="dial")

    def hang_up(self) -> None:
        if self.in_call:
            self.dialer.hang_up()

    def _dialled(self, _ticket) -> None:
        self._dialling = False

    def _dial_failed(self, exc: BaseException) -> None:
        self._dialling = False
        if isinstance(exc, DialRefused):
            self._set_text(self.tr("not dialled: %1").replace("%1", exc.refusal.message(self._language)))
        elif isinstance(exc, TelephonyUnavailable):
            self._set_text(self.tr("phone unavailable: %1").replace("%1", str(exc)))
        elif isinstance(exc, CareDeskError):  # e.g. another agent holds the member now
            self._set_text(self.tr("not dialled: %1").replace("%1", str(exc)))
        else:
            log.error("dial failed", exc_info=exc)
            self._set_text(self.tr("not dialled: an unexpected error (see the log)"))

    def _on_update(self, update: DialUpdate) -> None:
        event = update.event
        self._state, self._since = event.kind, time.monotonic()
        self.call_state.emit(event.kind.value)
        if event.kind is CallEventKind.ENDED:
            self._tick.stop()
            proposal, summary = update.proposal, update.summary
            code = proposal.disposition.value if proposal and proposal.disposition else None
            if self.hands_off:
                self._set_text(self.tr("handed to the phone app: log the call by hand"))
            else:
                self._set_text(self.tr("ended: %1").replace("%1", label(Disposition, code) if code
                                                            else self._ended_reason(update)))
            self.prefill.emit(Prefill(update.ticket.call_ref, update.ticket.task_id, code, summary.talk_seconds if summary else 0.0,
                                      summary.sip_status if summary else None,
                                      summary.hung_up_by.value if summary and summary.hung_up_by else None))
            self.wrap_up_started.emit()
            return
        if not self._tick.isActive():
            self._tick.start()
        self._show()

    @property
    def hands_off(self) -> bool:
        """No softphone of ours: the system's phone app has the call and reports nothing back."""
        return self.dialer.adapter == "handoff"

    def _ended_reason(self, update: DialUpdate) -> str:
        if update.summary and update.summary.sip_status:
            return str(update.summary.sip_status)
        return self.tr("softphone") if update.event.hung_up_by == "softphone" else self.tr("no result")

    def _show(self) -> None:
        elapsed = call_clock(time.monotonic() - self._since)
        if self._state is CallEventKind.DIALLING:
            self._set_text(self.tr("dialling"))
        elif self._state is CallEventKind.RINGING:
            self._set_text(self.tr("ringing %1").replace("%1", elapsed))
        elif self._state is CallEventKind.ANSWERED:
            self._set_text(self.tr("talking %1").replace("%1", elapsed))

    def _set_text(self, text: str) -> None:
        if self.state_label.text() != text:
            self.state_label.setText(text)
            self.state_shown.emit(text)

    def shutdown(self) -> None:
        self._tick.stop()
        self.dialer.phone.close()

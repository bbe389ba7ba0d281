"""The agent workstation: queue (left), member 360 (centre), script and knowledge base (right),
outcome form (bottom). Keyboard first; every database step goes through the task runner.

The flow is: Next claims and loads one member (jobs.claim_next) -> the agent talks, answers
script questions (answers that match outcome fields flow into the form) -> a disposition key
ends the call and starts after-call work -> Ctrl+Enter saves (jobs.save) and opens the next.
A failed save keeps everything typed and says why beside the fields or in the form.
"""

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QSplitter, QTabWidget, QToolBar, QVBoxLayout, QWidget
from sqlalchemy.exc import DBAPIError

from app.services.calls import SaveResult, validate_outcome
from app.services.errors import CareDeskError, ValidationError
from ui.call.answer_fields import form_field_for
from ui.call.knowledge_panel import KnowledgePanel
from ui.call.outcome_form import OutcomeForm
from ui.call.script_panel import ScriptPanel
from ui.call.timers import TIMEBOXED, CallTimers
from ui.context import AppContext
from ui.elided_label import ElidedLabel
from ui.errors import report_bug
from ui.member.panel import MemberPanel
from ui.members.panel import MembersPanel
from ui.queue.model import QueueRow
from ui.queue.panel import QueuePanel
from ui.settings import AFTER_CALL_MODE, AFTER_CALL_SECONDS, QUEUE_REFRESH_SECONDS
from ui.workstation import jobs
from ui.workstation.alert import CallbackAlert

_SPLIT_MAIN = "workstation/split_main"
_SPLIT_VERTICAL = "workstation/split_vertical"
_SPLIT_RIGHT = "workstation/split_right"
LEASE_RENEW_MS = 5 * 60 * 1000



class Workstation(QWidget):
    """`message(text)` goes to the status bar; `stats_changed(AgentDay)` after each save."""

    message = Signal(str)
    stats_changed = Signal(object)
    call_opened = Signal(object)
    call_closed = Signal()
    prewarm_done = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workstation")
        self._ctx = ctx
        self.call: jobs.OpenCall | None = None
        self._saving = False
        self._claiming = False
        self._save_attempted = False
        self._why: dict[int, str] = {}
        self.prewarmed = False

        settings = ctx.settings
        self.queue = QueuePanel(ctx, refresh_seconds=settings.get(QUEUE_REFRESH_SECONDS), parent=self)
        self.members = MembersPanel(ctx, self)
        self.left = QTabWidget(self)
        self.left.setObjectName("left_tabs")
        self.left.addTab(self.queue, self.tr("Queue"))
        self.left.addTab(self.members, self.tr("My members"))
        self.member = MemberPanel(ctx.clock, self)
        self.script = ScriptPanel(self)
        self.knowledge = KnowledgePanel(ctx.runner, language=ctx.language, parent=self)
        self.form = OutcomeForm(ctx.clock, self)
        self.timers = CallTimers(mode=settings.get(AFTER_CALL_MODE), wrap_seconds=settings.get(AFTER_CALL_SECONDS),
                                 parent=self)
        self.alert = CallbackAlert(ctx.clock, self)
        self.banner = ElidedLabel(self)
        self.banner.setObjectName("call_banner")

        self.right = QSplitter(Qt.Orientation.Vertical, self)
        self.right.addWidget(self.script)
        self.right.addWidget(self.knowledge)
        self.main_split = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_split.addWidget(self.left)
        self.main_split.addWidget(self.member)
        self.main_split.addWidget(self.right)
        self.vertical = QSplitter(Qt.Orientation.Vertical, self)
        self.vertical.addWidget(self.main_split)
        self.vertical.addWidget(self.form)
        for splitter in (self.right, self.main_split, self.vertical):
            splitter.setChildrenCollapsible(False)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("workstation_toolbar")
        self._build_actions()
        # Timers before the banner: a long "why" may be clipped, the clock never is.
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.timers)
        self.toolbar.addSeparator()
        self.toolbar.addWidget(self.banner)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.alert)
        layout.addWidget(self.vertical, 1)

        self.queue.activated.connect(self.claim_row)
        self.queue.loaded.connect(lambda _n: self.alert.show_due(self.queue.callbacks_due()))
        self.alert.call_requested.connect(self.claim_row)
        self.script.answered.connect(self._script_answered)
        self.form.disposition_chosen.connect(lambda _code: self.timers.end_call())
        self.form.edited.connect(self._validate_inline)
        self.timers.expired.connect(self._wrap_expired)
        self._lease_timer = QTimer(self)
        self._lease_timer.setInterval(LEASE_RENEW_MS)
        self._lease_timer.timeout.connect(self._renew_lease)
        self._restore_layout()
        self._show_idle()

    # --- building ---------------------------------------------------------------------

    def _action(self, text: str, keys: list[str], slot, *, name: str, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{tip or text} ({keys[0]})" if keys else text)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.next_action = self._action(self.tr("Next"), ["Ctrl+N", "F5"], self.next_call, name="action_next",
                                        tip=self.tr("Claim the next member"))
        self.release_action = self._action(self.tr("Release"), ["Ctrl+R"], self.release_call, name="action_release",
                                           tip=self.tr("Give the member back to the queue"))
        self.end_action = self._action(self.tr("End call"), ["F8"], self.timers.end_call, name="action_end",
                                       tip=self.tr("Hang up and start after-call work"))
        self.save_next_action = self._action(self.tr("Save and next"), ["Ctrl+Return", "Ctrl+Enter"],
                                             lambda: self.save(and_next=True), name="action_save_next")
        self.save_action = self._action(self.tr("Save"), ["Ctrl+S"], lambda: self.save(and_next=False),
                                        name="action_save")
        self.kb_action = self._action(self.tr("Knowledge base"), ["F1"], self.knowledge.focus_search,
                                      name="action_kb")
        self.search_action = self._action(self.tr("Find in queue"), ["Ctrl+F"], self._focus_queue_search,
                                          name="action_find")
        self.refresh_action = self._action(self.tr("Refresh queue"), ["F9"], self.queue.reload, name="action_refresh")
        self.callback_action = self._action(self.tr("Take callback"), ["Ctrl+B"], self.alert.take,
                                            name="action_callback")
        for action in (self.next_action, self.release_action, self.end_action, self.save_next_action,
                       self.kb_action):
            self.toolbar.addAction(action)
            self.toolbar.widgetForAction(action).setObjectName(f"button_{action.objectName()}")

    # --- starting and stopping --------------------------------------------------------

    def start(self) -> None:
        self.queue.start()
        self.members.reload()
        self.knowledge.preload()
        self.refresh_stats()
        self.prewarm_scripts()

    def prewarm_scripts(self) -> None:
        """Build each script's widgets in idle moments, so no call waits for them."""
        ctx = self._ctx
        ctx.runner.run_db(lambda: jobs.script_skeletons(ctx), on_success=self._prewarm, on_error=lambda _e: None,
                          name="script_skeletons")

    def _prewarm(self, skeletons: list) -> None:
        def done() -> None:
            self.prewarmed = True
            self.prewarm_done.emit()

        self.script.prepare_all(skeletons, done=done)

    def on_changes(self, topics: frozenset[str]) -> None:
        """Another workstation changed something (team mode's change feed)."""
        if "queue" in topics:
            self.queue.reload()
        if "member" in topics and self.call is None:
            self.members.reload()

    def refresh_stats(self) -> None:
        ctx = self._ctx
        ctx.runner.run_db(lambda: jobs.today(ctx), on_success=self.stats_changed.emit, on_error=lambda _e: None,
                          name="agent_day")

    def shutdown(self) -> None:
        """Closing the window gives every claim back (the runner finishes it before exit)."""
        self.queue.timer.stop()
        self._lease_timer.stop()
        ctx = self._ctx
        ctx.runner.run_db(lambda: jobs.release_all(ctx), on_error=lambda _e: None, name="release_all")
        self.call = None

    # --- next / claim -----------------------------------------------------------------

    def _busy_with_call(self) -> bool:
        if self.call is not None:
            self.message.emit(self.tr("Save (Ctrl+Enter) or release (Ctrl+R) the current call first."))
            return True
        return self._claiming

    def next_call(self) -> None:
        if self._busy_with_call():
            return
        self._claiming = True
        self._why = {row.item.member_id: row.item.why for row in self.queue.model.rows()}
        self.banner.setText(self.tr("Claiming the next member..."))
        ctx = self._ctx
        ctx.runner.run_db(lambda: jobs.claim_next(ctx), on_success=self._opened, on_error=self._claim_failed,
                          name="claim_next")

    def claim_row(self, row: QueueRow) -> None:
        if self._busy_with_call():
            return
        self._claiming = True
        ctx = self._ctx
        ctx.runner.run_db(lambda: jobs.claim_chosen(ctx, row.item), on_success=self._opened,
                          on_error=self._claim_failed, name="claim_task")

    def _opened(self, call: jobs.OpenCall | None) -> None:
        self._claiming = False
        if call is None:
            self._show_idle(self.tr("Nobody to call right now: the queue is empty or outside calling hours."))
            self.queue.reload()
            return
        self.call = call
        self._save_attempted = False
        self.member.show_member(call.member)
        self.script.show_script(call.script, call.rendered)
        self.knowledge.set_category(call.category)
        self.form.clear()
        self.form.setEnabled(True)
        self.timers.start_call()
        self._lease_timer.start()
        self.banner.setText(self._on_call_text())
        self._set_call_actions()
        self.queue.reload()
        self.call_opened.emit(call)
        first = self.script.first_editor()
        (first or self.form).setFocus()

    def _claim_failed(self, exc: BaseException) -> None:
        self._claiming = False
        self._show_idle()
        self._report(exc, self.tr("Could not claim: %1"))
        self.queue.reload()

    # --- release ----------------------------------------------------------------------

    def release_call(self) -> None:
        call = self.call
        if call is None or self._saving:
            return
        if self.timers.wrap_expired:
            self.message.emit(self.tr("After-call time is up: complete and save the form."))
            return
        ctx = self._ctx
        ctx.runner.run_db(lambda: jobs.release(ctx, call), on_success=lambda _n: self._closed(self.tr("Released.")),
                          on_error=lambda exc: self._report(exc, self.tr("Could not release: %1")), name="release")

    # --- save -------------------------------------------------------------------------

    def payload(self) -> dict[str, Any]:
        # The timers ride along under keys the outcome contract may grow ("more may be added");
        # record_outcome ignores them until it stores call and after-call durations.
        call_seconds, wrap_seconds = self.timers.durations()
        return dict(self.form.draft(), answers=self.script.answers(), call_seconds=call_seconds,
                    wrap_seconds=wrap_seconds)

    def save(self, *, and_next: bool = True) -> None:
        call = self.call
        if call is None:
            if and_next:
                self.next_call()
            return
        if self._saving:
            return
        self._saving = True
        self._save_attempted = True
        payload = self.payload()
        ctx = self._ctx
        self.banner.setText(self.tr("Saving..."))
        ctx.runner.run_db(lambda: jobs.save(ctx, call, payload),
                          on_success=lambda result: self._saved(result, and_next=and_next),
                          on_error=self._save_failed, name="record_outcome")

    def _saved(self, result: SaveResult | Any, *, and_next: bool) -> None:
        self._saving = False
        if not isinstance(result, SaveResult):  # team mode: in the local journal, on its way
            pending = getattr(result, "pending", 0)
            self._closed(self.tr("Saved on this computer; it goes to the server in the background "
                                 "(%1 waiting).").replace("%1", str(pending)))
            if and_next:
                self.next_call()
            return
        parts = [self.tr("Saved.")]
        if result.ticket_ids:
            parts.append(self.tr("Ticket %1 opened.").replace("%1", ", ".join(f"#{i}" for i in result.ticket_ids)))
        if result.unreached:
            parts.append(self.tr("Unreached after repeated attempts: an SMS survey is queued."))
        elif result.retry_at is not None:
            at = result.retry_at.astimezone(self._ctx.clock.tz).strftime("%m-%d %H:%M")
            parts.append(self.tr("Back in the queue at %1.").replace("%1", at))
        self._closed(" ".join(parts))
        self.refresh_stats()
        if and_next:
            self.next_call()

    def _save_failed(self, exc: BaseException) -> None:
        """Nothing typed is lost: the form and the script keep their input."""
        self._saving = False
        self.banner.setText(self._on_call_text())
        if isinstance(exc, ValidationError):
            rest = self.script.show_errors(exc.errors)
            self.form.show_errors(rest)
            self.message.emit(self.tr("Not saved: check the fields marked in red."))
            return
        self._report(exc, self.tr("Not saved: %1"))
        self.form.general_error.setText(self.tr("Not saved: %1").replace("%1", str(exc)))
        self.form.general_error.setVisible(True)

    def _validate_inline(self) -> None:
        """Messages beside the fields as the agent types (the service's rules, nothing written)."""
        if self.call is None:
            return
        try:
            validate_outcome(dict(self.payload(), client_id=self.call.client_id), self._ctx.clock,
                             script_id=self.call.script.id)
        except ValidationError as exc:
            errors = dict(exc.errors)
            if not self._save_attempted:
                errors.pop("disposition", None)  # not chosen yet is not a mistake until saving
            self.form.show_errors(self.script.show_errors(errors))
        else:
            self.form.show_errors(self.script.show_errors({}))

    # --- helpers ----------------------------------------------------------------------

    def _closed(self, text: str) -> None:
        self.call = None
        self._lease_timer.stop()
        self.timers.stop()
        self.member.clear()
        self.script.clear()
        self.form.clear()
        self._show_idle(text)
        self.queue.reload()
        self.call_closed.emit()

    def _show_idle(self, text: str = "") -> None:
        self._set_call_actions()
        self.banner.setText(text or self.tr("Ready. Press Next (Ctrl+N) to claim a member."))
        if text:
            self.message.emit(text)

    def _set_call_actions(self) -> None:
        on_call = self.call is not None
        self.form.setEnabled(on_call)
        for action in (self.release_action, self.end_action, self.save_action):
            action.setEnabled(on_call)

    def _on_call_text(self) -> str:
        if self.call is None:
            return ""
        item = self.call.item
        text = self.tr("On call: %1 %2").replace("%1", item.member_name).replace("%2", item.phone_masked)
        why = self._why.get(item.member_id, item.why)  # the queue's line is in the screen's language
        return f"{text} · {why}" if why else text

    def _report(self, exc: BaseException, template: str) -> None:
        """A known error goes to the status bar; anything else is a bug (the crash dialog)."""
        if isinstance(exc, DBAPIError):
            self.message.emit(template.replace("%1", self.tr("the database cannot be reached; try again")))
        elif isinstance(exc, CareDeskError):
            self.message.emit(template.replace("%1", str(exc)))
        else:
            report_bug(self._ctx.runner, exc)

    def _script_answered(self, question_id: str, value: object) -> None:
        field = form_field_for(question_id)
        if field is not None and value is not None:
            self.form.apply_answer(field, value)

    def _wrap_expired(self) -> None:
        if self._ctx.settings.get(AFTER_CALL_MODE) == TIMEBOXED and self.call is not None:
            self.message.emit(self.tr("After-call time is up: complete and save the form before the next call."))

    def _renew_lease(self) -> None:
        call = self.call
        if call is None:
            return
        ctx = self._ctx
        ctx.runner.run_db(lambda: jobs.renew(ctx, call), on_error=lambda exc: self._report(
            exc, self.tr("Claim not renewed: %1")), name="renew_lease")

    def _focus_queue_search(self) -> None:
        self.left.setCurrentWidget(self.queue)
        self.queue.search.setFocus()
        self.queue.search.selectAll()

    # --- layout -----------------------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = self._ctx.settings
        settings.restore_splitter(_SPLIT_MAIN, self.main_split, [430, 480, 440])
        settings.restore_splitter(_SPLIT_VERTICAL, self.vertical, [470, 170])
        settings.restore_splitter(_SPLIT_RIGHT, self.right, [300, 120])

    def save_layout(self) -> None:
        settings = self._ctx.settings
        for name, splitter in ((_SPLIT_MAIN, self.main_split), (_SPLIT_VERTICAL, self.vertical),
                               (_SPLIT_RIGHT, self.right)):
            settings.save_splitter(name, splitter)
        self.queue.save_layout()
        self.members.save_layout()

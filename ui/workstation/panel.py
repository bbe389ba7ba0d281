"""The agent workstation: the layout (ui.workstation.layout) driven by the call-state
controller (ui.workstation.controller). Keyboard first; every database step goes through
the task runner.

The flow is: Next claims and loads one member -> the agent talks, answers script questions
(answers that match outcome fields flow into the form) -> a disposition ends the call and
starts after-call work -> Ctrl+Enter saves and opens the next. A failed save keeps
everything typed and says why beside the fields or in the form.
"""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.domain.remedies import remedies_allowed
from app.services.calls.agent_day import AgentDay
from ui.call.answer_fields import form_field_for
from ui.context import AppContext
from ui.hub import ChangeHub
from ui.workstation import jobs
from ui.workstation.controller import CallController
from ui.workstation.layout import WorkstationLayout


class Workstation(WorkstationLayout):
    """`message(text)` goes to the status bar; `stats_changed(AgentDay)` after each save."""

    message = Signal(str)
    stats_changed = Signal(object)
    call_opened = Signal(object)
    call_closed = Signal()
    prewarm_done = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, hub: ChangeHub | None = None) -> None:
        super().__init__(ctx, parent)
        self.hub = hub or ChangeHub(self, language=ctx.language, tz=ctx.clock.tz)
        self.calls = CallController(self, ctx, hub=self.hub)
        self.prewarmed = False
        self.today: AgentDay | None = None  # the last agent_day read: Next says when today is a no-call day
        self.stats_changed.connect(self._remember_day)
        c = self.calls
        self.bind({
            "next": c.next_call, "dial": self.call_strip.dial, "release": c.release_call, "end": self.hang_up,
            "save_next": lambda: c.save(and_next=True), "save": lambda: c.save(and_next=False),
            "kb": self.knowledge.focus_search, "find": self._focus_queue_search, "refresh": self.queue.reload,
            "callback": self.alert.take, "callbacks": self.show_callbacks, "find_member": self.find_member,
            "next_panel": lambda: self.cycle_panel(1), "previous_panel": lambda: self.cycle_panel(-1),
            "disposition": self.focus_disposition, "sheet": self.show_shortcuts,
        })
        c.call_opened.connect(self.call_opened)
        c.call_closed.connect(self.call_closed)
        self.queue.activated.connect(c.claim_row)
        self.queue.loaded.connect(lambda _n: self.alert.show_due(self.queue.callbacks_due()))
        self.alert.call_requested.connect(c.claim_row)
        self.members.member_activated.connect(c.open_member)
        self.search.member_activated.connect(c.open_member)
        self.callbacks.call_requested.connect(lambda task_id, member_id: c.open_member(member_id, task_id=task_id))
        self.script.answered.connect(self._script_answered)
        self.form.disposition_chosen.connect(lambda _code: self.timers.end_call())
        self.form.edited.connect(c.validate_inline)
        self.timers.expired.connect(c.wrap_expired)
        self.call_strip.call_state.connect(self._phone_state)
        self.call_strip.prefill.connect(c.phone_ended)
        self.call_strip.wrap_up_started.connect(self._wrap_up_started)
        self.agent_state.changed.connect(self._agent_state_changed)
        self.agent_state.failed.connect(self.message.emit)
        self.hub.subscribe("queue", self._queue_changed)
        self.hub.subscribe("member", self._members_changed)
        self.hub.subscribe("callbacks", self.reload_callbacks)
        self.hub.delivered.connect(self._delivered)
        self.hub.rejected.connect(lambda text: self.message.emit(text))
        self.show_idle()

    # --- what tests and the main window read --------------------------------------------

    @property
    def call(self) -> jobs.OpenCall | None:
        return self.calls.call

    @property
    def _saving(self) -> bool:
        return self.calls.saving

    @property
    def _claiming(self) -> bool:
        return self.calls.claiming

    def may_leave(self) -> bool:
        return self.calls.may_leave()

    # --- starting and stopping --------------------------------------------------------

    def start(self) -> None:
        self.agent_state.load()
        self.queue.start()
        self.members.reload()
        self.knowledge.preload()
        self.refresh_stats()
        self.reload_callbacks()
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
        """Another workstation changed something (team mode's change feed, through the hub)."""
        self.hub.publish(topics)

    def _queue_changed(self) -> None:
        self.queue.reload()

    def _members_changed(self) -> None:
        if self.call is None:
            self.members.reload()

    def refresh_stats(self) -> None:
        ctx = self._ctx
        ctx.runner.run_db(lambda: jobs.today(ctx), on_success=self.stats_changed.emit, on_error=lambda _e: None,
                          name="agent_day")

    def _remember_day(self, day: AgentDay) -> None:
        self.today = day

    def reload_callbacks(self) -> None:
        ctx = self._ctx
        ctx.runner.run_db(lambda: jobs.my_callbacks(ctx), on_success=self.callbacks.show_rows,
                          on_error=lambda _e: None, name="my_callbacks")

    def shutdown(self) -> None:
        """Closing the window gives every claim back (the runner finishes it before exit)."""
        self.queue.timer.stop()
        self.calls.shutdown()
        self.call_strip.shutdown()  # hangs up and stops the softphone this window started
        ctx = self._ctx
        ctx.runner.run_db(lambda: jobs.release_all(ctx), on_error=lambda _e: None, name="release_all")

    # --- what the controller shows ------------------------------------------------------

    def show_call(self, call: jobs.OpenCall, why: str) -> None:
        self.member.show_member(call.member, task_id=call.task_id, why=why)
        self.script.show_script(call.script, call.rendered)
        self.knowledge.set_category(call.category)
        self.form.clear()
        self.form.offer_remedies(remedies_allowed(call.item.reasons))
        self.form.setEnabled(True)
        self.timers.start_call()
        self.call_strip.setVisible(True)
        self.banner.setText(self.on_call_text(call, {call.item.member_id: why}))
        self._set_call_actions()
        first = self.script.first_editor()
        (first or self.form.bar).setFocus()

    def show_closed(self, text: str) -> None:
        self.call_strip.setVisible(False)
        self.timers.stop()
        self.member.clear()
        self.script.clear()
        self.form.clear()
        self.show_idle(text)

    def show_idle(self, text: str = "") -> None:
        self._set_call_actions()
        self.banner.setText(text or self.tr("Ready. Press Next (Ctrl+N) to claim a member."))
        if text:
            self.message.emit(text)

    def show_refusal(self, text: str | None) -> None:
        """A door's refusal stays on screen, rule named, until the next claim."""
        self.refusal.setText("⛔ " + text if text else "")
        self.refusal.setVisible(bool(text))

    def _set_call_actions(self) -> None:
        on_call = self.call is not None
        self.form.setEnabled(on_call)
        for name in ("dial", "release", "end", "save"):
            self.actions_by_name[name].setEnabled(on_call)

    def on_call_text(self, call: jobs.OpenCall | None, why: dict[int, str]) -> str:
        if call is None:
            return ""
        item = call.item
        text = self.tr("On call: %1 %2").replace("%1", item.member_name).replace("%2", item.phone_masked)
        reason = why.get(item.member_id, item.why)  # the queue's line is in the screen's language
        return f"{text} · {reason}" if reason else text

    # --- the phone ----------------------------------------------------------------------

    def dial_task_id(self) -> int | None:
        return self.call.task_id if self.call is not None else None

    def hang_up(self) -> None:
        """F8: the phone hangs up (when it has a call) and after-call work starts now."""
        self.call_strip.hang_up()
        self.timers.end_call()

    def _phone_state(self, kind: str) -> None:
        if kind == "dialling":
            self.agent_state.show_state("on_call")  # the dial service recorded it

    def _wrap_up_started(self) -> None:
        # A hand-off's call goes on in the system's phone app: after-call work starts when the
        # agent ends it (F8, or a disposition), as without a phone.
        if not self.call_strip.hands_off:
            self.timers.end_call()
            if not self.agent_state.paused:
                self.agent_state.show_state("wrap_up")

    def _agent_state_changed(self, state: str, reason: str) -> None:
        if state == "paused":
            self.message.emit(self.tr("Paused: no new members are given to you until you are Ready."))

    def _delivered(self, text: str) -> None:
        self.message.emit(text)
        self.refresh_stats()

    def _script_answered(self, question_id: str, value: object) -> None:
        field = form_field_for(question_id)
        if field is not None and value is not None:
            self.form.apply_answer(field, value)

    def _focus_queue_search(self) -> None:
        self.left.setCurrentWidget(self.queue)
        self.queue.search.setFocus()
        self.queue.search.selectAll()

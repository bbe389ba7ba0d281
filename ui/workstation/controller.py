"""The call-state controller: what call is open, and every step from claim to saved.

States: idle -> claiming -> on call (talking, then after-call work) -> saving -> idle.
Each database step is a job on the task runner (ui.workstation.jobs); the layout
(ui.workstation.layout) only shows what this controller decides. Doors: a chosen row, a
member opened from a list or a callback asks the compliance check first and shows the
refusal with its rule instead of starting the call timer; a supervisor may override the
calling window (the claim service audits it). Leaving a call with anything typed asks
first.
"""

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox
from sqlalchemy.exc import DBAPIError

from app.services.calls import SaveResult, validate_outcome
from app.services.errors import CareDeskError, ValidationError, known_message
from app.services.members import MemberView
from app.services.telephony import end_wrap_up
from app.sync.lease import LeaseRenewer
from ui.call.timers import TIMEBOXED
from ui.connection.lease_ticker import TICK_MS, LeaseTicker
from ui.errors import report_bug
from ui.i18n import holiday_label
from ui.queue.model import QueueRow
from ui.settings import AFTER_CALL_MODE
from ui.telephony.prefill import Prefill, apply_prefill
from ui.workstation import jobs
from ui.workstation.save_text import saved_text


class CallController(QObject):
    """Owns `call`; `view` is the WorkstationLayout it drives."""

    call_opened = Signal(object)
    call_closed = Signal()
    refused = Signal(object)  # jobs.Refused, after it is on screen

    def __init__(self, view, ctx, *, hub, lease_interval_ms: int = TICK_MS) -> None:
        super().__init__(view)
        self.view = view
        self._ctx = ctx
        self._hub = hub
        self.call: jobs.OpenCall | None = None
        self.saving = False
        self.claiming = False
        self.save_attempted = False
        self.why: dict[int, str] = {}
        self.dialled: Prefill | None = None  # the last ended dial of the open call
        self.lease: LeaseTicker | None = None
        self._lease_interval = lease_interval_ms
        # Asked before anything typed is dropped; tests answer it without a dialog.
        self.confirm: Callable[[str], bool] = self._ask

    # --- asking -----------------------------------------------------------------------

    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(self.view, self.tr("Leave this call?"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def may_leave(self) -> bool:
        """True when no call is open, or the agent said yes to dropping what is on screen."""
        if self.call is None:
            return True
        name = self.call.item.member_name
        return self.confirm(self.tr("You are on a call with %1. What you typed is not saved and will be "
                                         "lost. Leave the call?").replace("%1", name))

    # --- next / claim -----------------------------------------------------------------

    def _start_claim(self, job, name: str) -> None:
        self.claiming = True
        self.view.show_refusal(None)
        ctx = self._ctx
        ctx.runner.run_db(lambda: job(ctx), on_success=self._opened, on_error=self._claim_failed, name=name)

    def _switching(self) -> bool:
        """Before another member opens: False to stop (busy, or the agent kept the call)."""
        if self.claiming or self.saving:
            return False
        if self.call is None:
            return True
        if not self.may_leave():
            return False
        self._release_quietly()
        return True

    def next_call(self) -> None:
        if self.call is not None:
            self.view.message.emit(self.tr("Save (Ctrl+Enter) or release (Ctrl+R) the current call first."))
            return
        if self.claiming:
            return
        self.why = {row.item.member_id: row.item.why for row in self.view.queue.model.rows()}
        self.view.banner.setText(self.tr("Claiming the next member..."))
        self._start_claim(jobs.claim_next, "claim_next")

    def claim_row(self, row: QueueRow, *, override_window: bool = False) -> None:
        if not self._switching():
            return
        item = row.item if isinstance(row, QueueRow) else row
        self.why[item.member_id] = item.why
        self._start_claim(lambda ctx: jobs.claim_chosen(ctx, item, override_window=override_window), "claim_task")

    def open_member(self, member_id: int, *, task_id: int | None = None, override_window: bool = False) -> None:
        if not self._switching():
            return
        self._start_claim(lambda ctx: jobs.open_member(ctx, member_id, task_id=task_id,
                                                       override_window=override_window), "open_member")

    def _nobody_text(self) -> str:
        day = self.view.today
        if day is not None and day.no_call_today and day.day is not None and day.day.holiday:
            return (self.tr("Today is %1, a no-call day: nobody is called. An administrator chooses the "
                            "no-call holidays in Settings, Queue rules.").replace("%1", holiday_label(day.day.holiday)))
        return self.tr("Nobody to call right now: the queue is empty or outside calling hours.")

    def _opened(self, result: Any) -> None:
        self.claiming = False
        view = self.view
        if result is None and view.agent_state.paused:  # the claim service gives a paused agent nothing
            view.show_idle(self.tr("You are paused: set yourself Ready to be given members."))
            return
        if result is None:
            view.show_idle(self._nobody_text())
            view.queue.reload()
            return
        if isinstance(result, jobs.Refused):
            self._refused(result)
            return
        if isinstance(result, MemberView):  # nothing open to call about: read only, no timer
            view.show_idle(self.tr("%1 has no open follow-up: shown for reading, no call started.")
                           .replace("%1", result.profile.name))
            view.member.show_member(result)
            return
        call: jobs.OpenCall = result
        self.call = call
        self.dialled = None
        self.save_attempted = False
        view.show_call(call, self.why.get(call.item.member_id, call.item.why))
        self._start_lease(call)
        view.queue.reload()
        view.reload_callbacks()
        self.call_opened.emit(call)

    def _refused(self, refused: jobs.Refused) -> None:
        view = self.view
        text = refused.refusal.message("en" if self._ctx.language == "en" else "zh")
        view.show_idle(self.tr("Not called: %1").replace("%1", text))
        view.show_refusal(text)
        view.queue.reload()
        if refused.may_override(self._ctx) and self.confirm_override(text):
            if refused.item is not None:
                self.claim_row(refused.item, override_window=True)
            else:
                self.open_member(refused.member_id, task_id=refused.task_id, override_window=True)
            return
        self.refused.emit(refused)

    def confirm_override(self, text: str) -> bool:
        """A supervisor's explicit choice; the claim records it in the audit log."""
        return self.confirm(self.tr("%1\n\nCall anyway? As a supervisor you may override the calling "
                                         "window; the override is recorded in the audit log.").replace("%1", text))

    def _claim_failed(self, exc: BaseException) -> None:
        self.claiming = False
        self.view.show_idle()
        self.report(exc, self.tr("Could not claim: %1"))
        self.view.queue.reload()

    # --- release ----------------------------------------------------------------------

    def release_call(self) -> None:
        call = self.call
        if call is None or self.saving:
            return
        if self.view.timers.wrap_expired:
            self.view.message.emit(self.tr("After-call time is up: complete and save the form."))
            return
        proposed = self.dialled.disposition if self.dialled is not None else None
        if (self.view.form.has_input(proposed=proposed) or self.view.script.answers()) and not self.may_leave():
            return  # Ctrl+R drops what was typed: only with a yes
        ctx = self._ctx
        ctx.runner.run_db(lambda: jobs.release(ctx, call), on_success=lambda _n: self._released(),
                          on_error=lambda exc: self.report(exc, self.tr("Could not release: %1")), name="release")

    def _released(self) -> None:
        self._closed(self.tr("Released."))
        self.view.queue.reload()

    def _release_quietly(self) -> None:
        """The agent said yes to leaving: give the member back and clear the screen now."""
        call = self.call
        ctx = self._ctx
        if call is not None:
            ctx.runner.run_db(lambda: jobs.release(ctx, call), on_success=lambda _n: self.view.queue.reload(),
                              on_error=lambda exc: self.report(exc, self.tr("Could not release: %1")),
                              name="release")
        self._closed(self.tr("Left the call without saving."))

    # --- save -------------------------------------------------------------------------

    # --- the phone ----------------------------------------------------------------------

    def phone_ended(self, prefill: Prefill) -> None:
        """A dial ended: the form shows what the call did, and the save will carry the dial's
        call_ref as its client id, so the measured times and SIP result are the saved call's."""
        call = self.call
        if call is None or prefill.task_id not in call.task_ids:
            self._end_dial_wrap_up(prefill.call_ref)  # the call was left while the phone rang
            return
        self.dialled = prefill
        self.call = dataclasses.replace(call, client_id=prefill.call_ref)
        apply_prefill(self.view.form, prefill)

    def _end_dial_wrap_up(self, call_ref: str) -> None:
        """A dial whose member was left unsaved: its wrap-up ends now, the agent is ready."""
        ctx = self._ctx
        ctx.runner.run_db(lambda: end_wrap_up(ctx.db, ctx.actor, ctx.clock, call_ref=call_ref),
                          on_success=lambda _s: self.view.agent_state.load(), on_error=lambda _e: None,
                          name="end_wrap_up")

    def payload(self) -> dict[str, Any]:
        call_seconds, wrap_seconds = self.view.timers.durations()
        if self.dialled is not None and self.dialled.hung_up_by is not None:
            call_seconds = round(self.dialled.talk_seconds)  # measured by the phone, not the screen
        return dict(self.view.form.draft(), answers=self.view.script.answers(), call_seconds=call_seconds,
                    wrap_seconds=wrap_seconds)

    def save(self, *, and_next: bool = True) -> None:
        call = self.call
        if call is None:
            if and_next:
                self.next_call()
            return
        if self.saving:
            return
        self.saving = True
        self.save_attempted = True
        payload = self.payload()
        ctx = self._ctx
        self.view.banner.setText(self.tr("Saving..."))
        ctx.runner.run_db(lambda: jobs.save(ctx, call, payload),
                          on_success=lambda result: self._saved(result, payload, and_next=and_next),
                          on_error=self._save_failed, name="record_outcome")

    def _saved(self, result: Any, payload: dict[str, Any], *, and_next: bool) -> None:
        self.saving = False
        text = saved_text(self.view, result, payload, self._ctx.clock.tz)
        name = self.call.item.member_name if self.call is not None else ""
        self._closed(text, saved=True)
        if isinstance(result, SaveResult):
            self._hub.publish_result(result)  # the panels redraw from what the save changed
        else:  # team mode: in the journal; the server's answer comes through the hub later
            self._hub.expect(result.client_id, name)
            self.view.queue.reload()
        self.view.refresh_stats()
        self.view.agent_state.load()  # the save ended the dial's wrap-up
        if and_next:
            self.next_call()

    def _save_failed(self, exc: BaseException) -> None:
        """Nothing typed is lost: the form and the script keep their input."""
        self.saving = False
        view = self.view
        view.banner.setText(view.on_call_text(self.call, self.why))
        if isinstance(exc, ValidationError):
            rest = view.script.show_errors(exc.errors)
            view.form.show_errors(rest)
            view.message.emit(self.tr("Not saved: check the fields marked in red."))
            return
        text = self.refusal_text(exc)
        self.report(exc, self.tr("Not saved: %1"))
        view.form.general_error.setText(self.tr("Not saved: %1").replace("%1", text or str(exc)))
        view.form.general_error.setVisible(True)

    def validate_inline(self) -> None:
        """Messages beside the fields as the agent types (the service's rules, nothing written)."""
        if self.call is None:
            return
        view = self.view
        try:
            validate_outcome(dict(self.payload(), client_id=self.call.client_id), self._ctx.clock,
                             script_id=self.call.script.id)
        except ValidationError as exc:
            errors = dict(exc.errors)
            if not self.save_attempted:
                errors.pop("disposition", None)  # not chosen yet is not a mistake until saving
            view.form.show_errors(view.script.show_errors(errors))
        else:
            view.form.show_errors(view.script.show_errors({}))

    # --- lease ------------------------------------------------------------------------

    def _start_lease(self, call: jobs.OpenCall) -> None:
        self._stop_lease()
        ctx = self._ctx
        renewer = LeaseRenewer(ctx.db, ctx.actor, ctx.clock, call.task_ids)
        self.lease = LeaseTicker(ctx.runner, renewer, interval_ms=self._lease_interval, parent=self)
        self.lease.lost.connect(self._lease_lost)
        self.lease.start()

    def _stop_lease(self) -> None:
        if self.lease is not None:
            self.lease.stop()
            self.lease.deleteLater()
            self.lease = None

    def _lease_lost(self, reason: str) -> None:
        self.view.message.emit(self.tr("Your claim on this member was lost: %1").replace("%1", reason))
        self.view.show_refusal(self.tr("Your claim on this member was lost: %1").replace("%1", reason))

    # --- helpers ----------------------------------------------------------------------

    def _closed(self, text: str, *, saved: bool = False) -> None:
        strip = self.view.call_strip
        if strip.in_call:
            strip.hang_up()  # its end arrives with no call open: phone_ended ends its wrap-up
        elif self.dialled is not None and not saved:
            self._end_dial_wrap_up(self.dialled.call_ref)
        self.call = None
        self.dialled = None
        self._stop_lease()
        self.view.show_closed(text)
        self.call_closed.emit()

    def wrap_expired(self) -> None:
        if self._ctx.settings.get(AFTER_CALL_MODE) == TIMEBOXED and self.call is not None:
            self.view.message.emit(self.tr("After-call time is up: complete and save the form before the "
                                                "next call."))

    def refusal_text(self, exc: BaseException) -> str | None:
        refusal = getattr(exc, "refusal", None)
        if refusal is None:
            return None
        return refusal.message("en" if self._ctx.language == "en" else "zh")

    def report(self, exc: BaseException, template: str) -> None:
        """A known error goes to the status bar; anything else is a bug (the crash dialog)."""
        view = self.view
        storage = None if isinstance(exc, CareDeskError) else known_message(exc)
        if storage is not None:  # a full or read-only disk, a damaged file: not "unreachable"
            view.message.emit(template.replace("%1", storage))
        elif isinstance(exc, DBAPIError):
            view.message.emit(template.replace("%1", self.tr("the database cannot be reached; try again")))
        elif isinstance(exc, CareDeskError):
            view.message.emit(template.replace("%1", self.refusal_text(exc) or str(exc)))
        else:
            report_bug(self._ctx.runner, exc)

    def shutdown(self) -> None:
        self._stop_lease()
        self.call = None

"""The dialer: one agent's calls through a `Telephony` adapter, as the UI and the CLI use it.

It places the call only after `prepare_dial` let it through, times it with the domain's
tracker, hangs up a call that rings past the no-answer timeout, and on the end stores the
measured times with the proposed disposition. Updates arrive on the adapter's thread.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass

from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.telephony import (
    DEFAULT_NO_ANSWER_SECONDS, CallEvent, CallEventKind, CallSummary, CallTracker, DialRequest,
    HungUpBy, ProposedOutcome, Telephony, TelephonyUnavailable, propose_disposition,
)
from app.services.users.auth import Actor
from app.services.telephony.dialling import DialTicket, prepare_dial, record_call_end


@dataclass(frozen=True)
class DialUpdate:
    """An event of the call; the ended one carries the measured summary and the proposal."""

    event: CallEvent
    ticket: DialTicket
    summary: CallSummary | None = None
    proposal: ProposedOutcome | None = None


UpdateSink = Callable[[DialUpdate], None]


class Dialer:
    def __init__(self, db: Database, actor: Actor, clock: Clock, phone: Telephony, *, adapter: str,
                 on_update: UpdateSink, no_answer_seconds: float = DEFAULT_NO_ANSWER_SECONDS) -> None:
        self.db, self.actor, self.clock, self.phone = db, actor, clock, phone
        self.adapter = adapter
        self.on_update = on_update
        self.no_answer_seconds = no_answer_seconds
        self._lock = threading.Lock()
        self._ticket: DialTicket | None = None
        self._tracker = CallTracker()
        self._timer: threading.Timer | None = None

    @property
    def in_call(self) -> bool:
        return self._ticket is not None

    @property
    def tracker(self) -> CallTracker:
        return self._tracker

    def dial(self, task_id: int) -> DialTicket:
        """DialRefused when a rule forbids it (nothing placed); TelephonyUnavailable when the
        softphone cannot take it (the dial is recorded as ended by the softphone)."""
        with self._lock:
            if self._ticket is not None:
                raise TelephonyUnavailable("a call is already in progress")
            ticket = prepare_dial(self.db, self.actor, self.clock, task_id=task_id, adapter=self.adapter)
            self._ticket, self._tracker = ticket, CallTracker()
        request = DialRequest(call_ref=ticket.call_ref, task_id=task_id, number=ticket.number)
        try:
            self.phone.dial(request, self._on_event)
        except TelephonyUnavailable:
            self._cancel_timer()
            self._finish(CallEvent(CallEventKind.ENDED, self._tracker.dialled_at or 0.0,
                                   call_ref=ticket.call_ref, hung_up_by=HungUpBy.SOFTPHONE))
            raise
        return ticket

    def hang_up(self) -> None:
        self.phone.hang_up(by=HungUpBy.AGENT)

    def _no_answer(self) -> None:
        if self._tracker.state in (None, CallEventKind.DIALLING, CallEventKind.RINGING):
            self.phone.hang_up(by=HungUpBy.TIMEOUT)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _on_event(self, event: CallEvent) -> None:
        ticket = self._ticket
        if ticket is None or event.call_ref != ticket.call_ref:
            return
        if event.kind is CallEventKind.ENDED:
            self._finish(event)
            return
        if self._tracker.feed(event):
            if event.kind is CallEventKind.DIALLING:
                # Timed from the dial itself, not from a softphone that had to start first.
                self._timer = threading.Timer(self.no_answer_seconds, self._no_answer)
                self._timer.daemon = True
                self._timer.start()
            elif event.kind is CallEventKind.ANSWERED:
                self._cancel_timer()
            self.on_update(DialUpdate(event, ticket))

    def _finish(self, event: CallEvent) -> None:
        with self._lock:  # the adapter's thread and a failed dial may both end the call
            ticket = self._ticket
            if ticket is None or self._tracker.ended is not None:
                return
            self._tracker.feed(event)
        self._cancel_timer()
        summary = self._tracker.summary()
        proposal = propose_disposition(summary, no_answer_seconds=self.no_answer_seconds)
        record_call_end(self.db, self.actor, self.clock, call_ref=ticket.call_ref, summary=summary,
                        proposal=proposal)
        self._ticket = None
        self.on_update(DialUpdate(event, ticket, summary, proposal))

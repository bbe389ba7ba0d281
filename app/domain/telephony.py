"""The telephony port: what a softphone, a PBX or a cloud CTI must offer CareDesk, and the
rule that turns an ended call into a proposed disposition.

No I/O here. Adapters (baresip over ctrl_tcp today; Asterisk AMI or a cloud CTI later) live
in `app.telephony` and speak only these types, so the dialer service and the UI never see
which one is in use. Times are seconds on a monotonic scale chosen by the adapter: only
differences between two events of one call mean anything.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from app.domain.codes import Disposition

# Ringing longer than this without an answer is a no-answer (the dialer hangs up then).
DEFAULT_NO_ANSWER_SECONDS = 30.0

BUSY_STATUSES = frozenset({486, 600})
NO_ANSWER_STATUSES = frozenset({480, 408, 487})
WRONG_NUMBER_STATUSES = frozenset({404, 484, 604})


class CallEventKind(StrEnum):
    DIALLING = "dialling"
    RINGING = "ringing"
    ANSWERED = "answered"
    ENDED = "ended"


class HungUpBy(StrEnum):
    """Who ended the call: kept apart because a member hanging up says something."""

    MEMBER = "member"  # the far end hung up or refused the call (busy, not found...)
    AGENT = "agent"  # the agent pressed hang-up
    TIMEOUT = "timeout"  # the dialer gave up after the no-answer timeout
    SOFTPHONE = "softphone"  # the softphone died or could no longer be reached


class PhoneStatus(StrEnum):
    """Health of the softphone link, shown as is: a dead softphone is never a hang."""

    STARTING = "starting"
    READY = "ready"
    RECONNECTING = "reconnecting"
    DEAD = "dead"


@dataclass(frozen=True)
class DialRequest:
    """One dial. The full number is for the softphone only: it is kept out of repr()."""

    call_ref: str  # the client id the call will be saved under
    task_id: int
    number: str = field(repr=False)  # E.164, never logged or shown


@dataclass(frozen=True)
class CallEvent:
    """Something the call did. `at` is the adapter's monotonic time in seconds."""

    kind: CallEventKind
    at: float
    call_ref: str = ""
    sip_status: int | None = None  # for ENDED: the final SIP status, when there was one
    hung_up_by: HungUpBy | None = None  # for ENDED
    reason: str = ""  # the softphone's own words (e.g. "486 Busy Here"), number-free


EventSink = Callable[[CallEvent], None]
StatusSink = Callable[[PhoneStatus, str], None]


class Telephony(Protocol):
    """The port. Events and status changes arrive on the adapter's own thread."""

    @property
    def status(self) -> PhoneStatus: ...

    def dial(self, request: DialRequest, on_event: EventSink) -> None:
        """Start a call: DIALLING first, then RINGING/ANSWERED, then one ENDED. Raises
        TelephonyUnavailable when the softphone cannot take it."""

    def hang_up(self, *, by: HungUpBy = HungUpBy.AGENT) -> None:
        """End the call in progress (or stop its ringing); no-op without one."""

    def close(self) -> None:
        """Stop everything the adapter started."""


class TelephonyUnavailable(Exception):
    """The softphone cannot be started or reached: a known error with a calm message."""


@dataclass(frozen=True)
class CallSummary:
    """The measured facts of one ended call."""

    answered: bool
    ringing_seconds: float  # dial to answer, or dial to end when never answered
    talk_seconds: float  # answer to end; 0 when never answered
    sip_status: int | None
    hung_up_by: HungUpBy | None

    @property
    def handed_off(self) -> bool:
        """Nobody hung up here: the call goes on in another phone (a tel:/sip: hand-off)."""
        return self.hung_up_by is None


@dataclass(frozen=True)
class ProposedOutcome:
    """What the outcome form is pre-filled with; None leaves the choice to the agent."""

    disposition: Disposition | None
    talk_seconds: float


def propose_disposition(summary: CallSummary, *,
                        no_answer_seconds: float = DEFAULT_NO_ANSWER_SECONDS) -> ProposedOutcome:
    """The issue's rule: answered -> reached with the talk time; 486/600 -> busy;
    480/408/487 or ringing past the no-answer timeout -> no answer; 404/484/604 -> wrong number."""
    if summary.answered:
        return ProposedOutcome(Disposition.REACHED, summary.talk_seconds)
    status = summary.sip_status
    if status in BUSY_STATUSES:
        return ProposedOutcome(Disposition.BUSY, 0.0)
    if status in NO_ANSWER_STATUSES:
        return ProposedOutcome(Disposition.NO_ANSWER, 0.0)
    if status in WRONG_NUMBER_STATUSES:
        return ProposedOutcome(Disposition.WRONG_NUMBER, 0.0)
    if summary.ringing_seconds >= no_answer_seconds:
        return ProposedOutcome(Disposition.NO_ANSWER, 0.0)
    return ProposedOutcome(None, 0.0)


class CallTracker:
    """Folds one call's events into its state and measured times.

    Adapters may repeat or reorder late events (a second 180, a ringing after the answer);
    those change nothing. After ENDED the tracker is frozen.
    """

    def __init__(self) -> None:
        self.state: CallEventKind | None = None
        self.dialled_at: float | None = None
        self.ringing_at: float | None = None
        self.answered_at: float | None = None
        self.ended: CallEvent | None = None

    def feed(self, event: CallEvent) -> bool:
        """Apply an event; True when it changed the state."""
        if self.ended is not None:
            return False
        kind = event.kind
        if kind is CallEventKind.DIALLING and self.state is None:
            self.dialled_at = event.at
        elif kind is CallEventKind.RINGING and self.state in (None, CallEventKind.DIALLING):
            self.ringing_at = event.at
        elif kind is CallEventKind.ANSWERED and self.state in (None, CallEventKind.DIALLING,
                                                               CallEventKind.RINGING):
            self.answered_at = event.at
        elif kind is CallEventKind.ENDED:
            self.ended = event
        else:
            return False
        if self.dialled_at is None:
            self.dialled_at = event.at
        self.state = kind
        return True

    def seconds_in_state(self, now: float) -> float:
        """For the screen: ringing 0:04, talking 1:23."""
        since = {CallEventKind.RINGING: self.ringing_at, CallEventKind.ANSWERED: self.answered_at}
        start = since.get(self.state) if self.state else None
        start = start if start is not None else self.dialled_at
        return max(0.0, now - start) if start is not None else 0.0

    def summary(self) -> CallSummary:
        """The measured times; for a call not yet ended, measured up to its last event."""
        start = self.dialled_at or 0.0
        end = self.ended.at if self.ended else max(
            t for t in (start, self.ringing_at, self.answered_at) if t is not None)
        answered = self.answered_at is not None
        ring_end = self.answered_at if answered else end
        return CallSummary(
            answered=answered,
            ringing_seconds=max(0.0, ring_end - start),
            talk_seconds=max(0.0, end - self.answered_at) if answered else 0.0,
            sip_status=self.ended.sip_status if self.ended else None,
            hung_up_by=self.ended.hung_up_by if self.ended else None,
        )


def sip_status_of(reason: str) -> int | None:
    """The status code at the start of a softphone's reason text ("486 Busy Here" -> 486)."""
    head = reason.strip().split(" ", 1)[0]
    if len(head) == 3 and head.isdigit() and head[0] in "3456":
        return int(head)
    return None

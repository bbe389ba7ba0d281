"""May this member be called now, through this door? The one check behind every door.

A care call is legal and right only if consent / do-not-call, the member's calling window,
the owner's reservation and the contact pressure (cap and minimum gap) all hold. Every
place where a call can start or be recorded (claim next, claim a chosen task, open a
member, book a callback, dial, save an outcome) gathers the member's facts and asks
`refusal()`; the queue ranking asks the same function per member. Pure: no I/O.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from app.domain.windows import CallingWindow


class Door(StrEnum):
    CLAIM_NEXT = "claim_next"
    CLAIM_TASK = "claim_task"
    OPEN_MEMBER = "open_member"
    CALLBACK = "callback"
    DIAL = "dial"
    SAVE = "save"
    LIST = "list"  # the queue list: same rules as a claim, nothing refused loudly


class Rule(StrEnum):
    DO_NOT_CALL = "do_not_call"
    CALLING_WINDOW = "calling_window"
    RESERVED = "reserved_for_owner"
    CONTACT_CAP = "contact_cap"
    MIN_GAP = "min_gap"


# Doors where a conversation starts: all four rules hold there. At SAVE the call already
# took place: a call claimed inside the window may be saved after it closes, and contact
# pressure was checked when it started; an unclaimed save is a call start too.
_STARTS = frozenset({Door.CLAIM_NEXT, Door.CLAIM_TASK, Door.OPEN_MEMBER, Door.DIAL, Door.LIST})


@dataclass(frozen=True)
class CallFacts:
    """What the rules need to know of one member at one instant (gathered by the caller)."""

    consent: bool
    do_not_call: bool
    local_now: datetime  # now in the member's own zone
    window: CallingWindow
    reserved_for: int | None = None  # owner whose reservation is still running, if any
    contacts: tuple[datetime, ...] = ()  # recent conversations (UTC), newest last or any order
    exempt_from_pressure: bool = False  # a due callback, an urgent complaint, a 48-hour re-visit
    holds_claim: bool = False  # the acting agent already holds a live claim on the member


@dataclass(frozen=True)
class Pressure:
    cap_calls: int = 2
    cap_period: timedelta = timedelta(days=7)
    min_gap: timedelta = timedelta(hours=24)


@dataclass(frozen=True)
class Refusal:
    rule: Rule
    zh: str
    en: str
    detail: dict = field(default_factory=dict)

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"


def may_be_called(consent: bool | None, do_not_call: bool | None) -> bool:
    """The consent rule: a member is called (and planned for calls) only with consent and
    without do-not-call."""
    return bool(consent) and not do_not_call


def consent_change(before: tuple[bool | None, bool | None], after: tuple[bool | None, bool | None]) -> bool | None:
    """What a change of (consent, do-not-call) records: withdrawn (False) when consent is taken
    back or do-not-call is set, granted (True) when consent is given or do-not-call lifted (the
    member asked to be called again), None when neither changed. Withdrawal wins a mixed change:
    the record must never claim a permission the member did not give."""
    (consent, dnc), (new_consent, new_dnc) = (tuple(bool(v) for v in before), tuple(bool(v) for v in after))
    if (consent, dnc) == (new_consent, new_dnc):
        return None
    return not ((consent and not new_consent) or (new_dnc and not dnc))


def refusal(facts: CallFacts, *, door: Door, agent_id: int | None, now: datetime,
            pressure: Pressure = Pressure(), override_window: bool = False,
            withdraws_consent: bool = False) -> Refusal | None:
    """The first rule that refuses this call at this door, or None when it may go ahead.

    `override_window` is a supervisor's audited decision (never for consent);
    `withdraws_consent` is a save whose outcome is the member's own "do not call me".
    """
    if not may_be_called(facts.consent, facts.do_not_call) and not (door is Door.SAVE and withdraws_consent):
        return Refusal(Rule.DO_NOT_CALL, "勿扰会员：会员已撤回同意或要求勿扰",
                       "do-not-call member: consent withdrawn or do-not-call set")
    starts = door in _STARTS or (door is Door.SAVE and not facts.holds_claim)
    if facts.reserved_for is not None and facts.reserved_for != agent_id and not facts.holds_claim:
        return Refusal(Rule.RESERVED, "该会员今天预留给其专属顾问", "reserved for the member's own care manager today",
                       {"owner_id": facts.reserved_for})
    # A callback is checked at its booked time (the caller puts that in local_now).
    if (starts or door is Door.CALLBACK) and not override_window and not facts.window.is_open(facts.local_now):
        at = f"{facts.local_now:%H:%M}"
        hours = f"{facts.window.start:%H:%M}-{facts.window.end:%H:%M}"
        return Refusal(Rule.CALLING_WINDOW, f"不在会员的可呼叫时段：当地时间 {at}（{hours}）",
                       f"not in the member's calling window: {at} local ({hours})",
                       {"local_time": at, "window": hours})
    if not starts or facts.holds_claim or facts.exempt_from_pressure:
        return None
    recent = [at for at in facts.contacts if at >= now - pressure.cap_period]
    if len(recent) >= pressure.cap_calls:
        return Refusal(Rule.CONTACT_CAP,
                       f"已达联系上限：{pressure.cap_period.days} 天内 {len(recent)} 次通话",
                       f"contact cap reached: {len(recent)} calls in {pressure.cap_period.days} days",
                       {"calls": len(recent)})
    last = max(facts.contacts, default=None)
    if last is not None and now - last < pressure.min_gap:
        hours = int(pressure.min_gap.total_seconds() // 3600)
        return Refusal(Rule.MIN_GAP, f"距上次通话不足 {hours} 小时", f"less than {hours} hours since the last call",
                       {"last_contact": last.isoformat()})
    return None

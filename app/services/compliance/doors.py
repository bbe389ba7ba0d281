"""The doors' side of app.domain.compliance: gather one member's facts in the caller's
transaction, ask the rule, and refuse with the rule named (nothing written).

Every door calls `ensure_call_allowed`: claim next (through the ranking), claim a chosen
task, open a member from the queue or a search, book a callback, dial, save an outcome.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.data.tables import OPEN_TASK, Call, FollowUpTask, Member, Ticket
from app.domain.attempts import CONTACT
from app.domain.claims import is_live_claim, reserved_for_other
from app.domain.clock import Clock
from app.domain.codes import TaskReason
from app.domain.compliance import CallFacts, Door, Pressure, Refusal, refusal
from app.domain.queue_settings import DEFAULT_SETTINGS, QueueSettings
from app.domain.windows import calling_window, member_zone
from app.services.audit import audit
from app.services.users import Actor, Permission, require
from app.services.errors import Conflict, NotFound
from app.services.settings import queue_settings

# Reasons that are the follow-up of a promise or a problem, not a new approach: they are
# exempt from the contact cap and the minimum gap (never from consent or the window).
EXEMPT_REASONS = frozenset({TaskReason.CALLBACK.value, TaskReason.REVISIT.value})


class CallRefused(Conflict):
    """A door refused the call; `refusal.rule` names the rule. Nothing was written."""

    def __init__(self, refusal: Refusal, lang: str = "zh"):
        self.refusal = refusal
        super().__init__(str(refusal))

    @property
    def rule(self) -> str:
        return self.refusal.rule.value


def pressure_of(settings: QueueSettings) -> Pressure:
    return Pressure(cap_calls=settings.cap_calls, cap_period=settings.cap_period, min_gap=settings.min_gap)


def contacts_since(settings: QueueSettings, now: datetime) -> datetime:
    """From when a member's contacts count for the contact cap and the minimum gap."""
    return now - max(settings.cap_period, settings.min_gap)


def member_window(member, clock: Clock, settings: QueueSettings = DEFAULT_SETTINGS):
    """(zone, CallingWindow) for a member, per CONTRACTS.md's zone order."""
    zone = member_zone(timezone=member.timezone, phone_e164=member.phone_e164,
                       region=member.region, fallback=clock.tz)
    return zone, calling_window(member.best_times or "", settings.window_start, settings.window_end,
                                settings.no_call_holidays)


def facts_from_rows(member, tasks, contacts, *, urgent: bool, agent_id: int | None, now: datetime,
                    clock: Clock, settings: QueueSettings, at: datetime | None = None) -> CallFacts:
    """CallFacts from plain rows already read (the ranking reads them in bulk)."""
    zone, window = member_window(member, clock, settings)
    due = [t for t in tasks if t.due_at <= now]
    owner = next((t.assigned_agent_id for t in due if reserved_for_other(
        t.assigned_agent_id, t.owner_only_until, agent_id=agent_id, now=now)), None)
    holds = any(is_live_claim(t.status, t.lease_until, now) and t.claimed_by_id == agent_id
                and agent_id is not None for t in tasks)
    exempt = urgent or any(t.reason in EXEMPT_REASONS for t in due)
    return CallFacts(consent=bool(member.consent), do_not_call=bool(member.do_not_call),
                     local_now=(at or now).astimezone(zone), window=window, reserved_for=owner,
                     contacts=tuple(contacts), exempt_from_pressure=exempt, holds_claim=holds)


def call_facts(session: Session, clock: Clock, member_id: int, *, agent_id: int | None,
               settings: QueueSettings | None = None, at: datetime | None = None) -> CallFacts:
    """The member's facts now (or at `at`, for a callback), read in the caller's session."""
    now = clock.now()
    settings = settings or queue_settings(session)
    # The few columns the rules read, as a plain row (every claim and save passes here).
    member = session.execute(select(
        Member.consent, Member.do_not_call, Member.timezone, Member.phone_e164, Member.region, Member.best_times,
    ).where(Member.id == member_id)).first()
    if member is None:
        raise NotFound(f"no member with id {member_id}")
    tasks = session.execute(select(
        FollowUpTask.reason, FollowUpTask.status, FollowUpTask.due_at, FollowUpTask.assigned_agent_id,
        FollowUpTask.owner_only_until, FollowUpTask.claimed_by_id, FollowUpTask.lease_until,
    ).where(FollowUpTask.member_id == member_id, OPEN_TASK)).all()
    contacts = session.scalars(select(Call.started_at).where(
        Call.member_id == member_id, Call.started_at >= contacts_since(settings, now), Call.disposition.in_(sorted(CONTACT)))).all()
    urgent = session.scalar(select(Ticket.id).where(
        Ticket.member_id == member_id, Ticket.status != "resolved", Ticket.severity == "urgent").limit(1)) is not None
    return facts_from_rows(member, tasks, contacts, urgent=urgent, agent_id=agent_id, now=now, clock=clock,
                           settings=settings, at=at)


def check_call(session: Session, actor: Actor, clock: Clock, member_id: int, *, door: Door,
               settings: QueueSettings | None = None, at: datetime | None = None,
               override_window: bool = False, withdraws_consent: bool = False) -> Refusal | None:
    """The refusal for this call at this door, or None. Nothing is written."""
    settings = settings or queue_settings(session)
    facts = call_facts(session, clock, member_id, agent_id=actor.id, settings=settings, at=at)
    return refusal(facts, door=door, agent_id=actor.id, now=clock.now(), pressure=pressure_of(settings),
                   override_window=override_window, withdraws_consent=withdraws_consent)


def ensure_call_allowed(session: Session, actor: Actor, clock: Clock, member_id: int, *, door: Door,
                        settings: QueueSettings | None = None, at: datetime | None = None,
                        override_window: bool = False, withdraws_consent: bool = False) -> None:
    """Raise CallRefused naming the rule unless the call may go ahead.

    A supervisor may override the calling window (never consent); the override is audited
    in the caller's transaction.
    """
    if override_window:
        require(actor, Permission.SUPERVISE)
    found = check_call(session, actor, clock, member_id, door=door, settings=settings, at=at,
                       override_window=override_window, withdraws_consent=withdraws_consent)
    if found is not None:
        raise CallRefused(found)
    if override_window:
        plain = check_call(session, actor, clock, member_id, door=door, settings=settings, at=at)
        if plain is not None:
            audit(session, actor, clock, action="call.window_override", entity="member", entity_id=member_id,
                  detail={"door": door.value, "rule": plain.rule.value, **plain.detail})


def may_call_now(db, actor: Actor, clock: Clock, member_id: int, *, door: Door = Door.OPEN_MEMBER,
                 settings: QueueSettings | None = None) -> Refusal | None:
    """For the screen before it opens a member for a call: the refusal, if any (read only)."""
    require(actor, Permission.WORK_QUEUE)
    with db.session() as session:
        return check_call(session, actor, clock, member_id, door=door, settings=settings)

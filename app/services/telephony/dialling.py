"""A dial as a use case: the door check, the claim, the audited reveal of the number to the
softphone, the call's measured times and SIP result, and the agent's state along the way."""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.data.pg_roles import connected_user
from app.data.tables import FollowUpTask, Member
from app.data.telephony import PhoneCall
from app.data.uow import Database
from app.domain.agent_states import AgentState
from app.domain.clock import Clock
from app.domain.phone import mask
from app.domain.telephony import CallSummary, ProposedOutcome
from app.services.audit import announce, audit
from app.services.users.auth import Actor, Permission, require
from app.services.errors import NotFound, ValidationError
from app.services.telephony.agents import current_state, move_agent
from app.services.telephony.door import DialRefused, dial_refusal


@dataclass(frozen=True)
class DialTicket:
    """A dial allowed and recorded. `number` is for the softphone only (kept out of repr)."""

    call_ref: str
    task_id: int
    member_id: int
    masked_number: str
    number: str = field(repr=False)


def prepare_dial(db: Database, actor: Actor, clock: Clock, *, task_id: int, adapter: str) -> DialTicket:
    """Check the door, claim the task for the actor, then record and audit the dial.

    Raises DialRefused (nothing claimed, nothing written) when a rule forbids the call.
    """
    require(actor, Permission.WORK_QUEUE)
    with db.session() as session:
        task = session.get(FollowUpTask, task_id)
        if task is None:
            raise NotFound(f"no task {task_id}")
        member = session.get(Member, task.member_id)
        assert member is not None
        refusal = dial_refusal(session, actor, clock, member.id)
        if refusal is not None:
            raise DialRefused(refusal)
        if not member.phone_e164:
            raise ValidationError({"phone": "the member has no phone number"})
    # Imported here: the queue's claims ask this package whether the agent is paused.
    from app.services.queue import claim_task

    claim_task(db, actor, clock, task_id)  # another agent's live claim refuses here
    call_ref = str(uuid.uuid4())
    with db.session(write=True) as session:
        member = session.get(Member, task.member_id)
        assert member is not None
        number = _reveal_number(session, member)
        session.add(PhoneCall(call_ref=call_ref, task_id=task_id, member_id=member.id, agent_id=actor.id,
                              adapter=adapter, dialled_at=clock.now()))
        # The number is revealed to the softphone: audited, and only its masked form recorded.
        audit(session, actor, clock, action="dial", entity="member", entity_id=member.id,
              detail={"task_id": task_id, "call_ref": call_ref, "adapter": adapter, "number": mask(number)})
        move_agent(session, actor, clock, AgentState.ON_CALL, call_ref=call_ref)
        return DialTicket(call_ref, task_id, member.id, mask(number), number)


def record_call_end(db: Database, actor: Actor, clock: Clock, *, call_ref: str, summary: CallSummary,
                    proposal: ProposedOutcome) -> None:
    """Store the measured times and SIP result; the agent moves to wrap-up. A hand-off's
    call goes on in the system's phone: nothing is measured and the agent stays on call
    until the outcome is saved."""
    with db.session(write=True) as session:
        call = _call(session, actor, call_ref)
        if summary.handed_off:
            return
        call.ended_at = clock.now()
        call.answered = summary.answered
        call.ringing_seconds = round(summary.ringing_seconds, 3)
        call.talk_seconds = round(summary.talk_seconds, 3)
        call.sip_status = summary.sip_status
        call.hung_up_by = summary.hung_up_by.value if summary.hung_up_by else None
        call.proposed_disposition = proposal.disposition.value if proposal.disposition else None
        move_agent(session, actor, clock, AgentState.WRAP_UP, call_ref=call_ref)
        announce(session, actor, clock, topic="agents", entity_id=actor.id)


def end_wrap_up(db: Database, actor: Actor, clock: Clock, *, call_ref: str) -> float:
    """The outcome is saved: wrap-up time is measured from the hang-up; the agent is ready."""
    with db.session(write=True) as session:
        seconds = close_wrap_up(session, actor, clock, call_ref=call_ref)
        if seconds is None:
            raise NotFound(f"no call {call_ref} of {actor.username}")
        return seconds


def close_wrap_up(session: Session, actor: Actor, clock: Clock, *, call_ref: str) -> float | None:
    """Inside the outcome save's transaction: None when `call_ref` is no dial of the actor's
    (an outcome logged by hand), else the wrap-up seconds; the agent is ready again."""
    call = session.scalar(select(PhoneCall).where(PhoneCall.call_ref == call_ref))
    if call is None or call.agent_id != actor.id:
        return None
    if call.wrap_seconds is None and call.ended_at is not None:
        call.wrap_seconds = round(max(0.0, (clock.now() - call.ended_at) / timedelta(seconds=1)), 3)
    current = current_state(session, actor.id)
    if current is not None and current.call_ref == call_ref:  # a pause picked in wrap-up stays
        move_agent(session, actor, clock, AgentState.READY)
    return call.wrap_seconds or 0.0


def _reveal_number(session: Session, member: Member) -> str:
    """The full number. Signed in with a CareDesk login (team mode), members shows masked
    phones: the server's audited reveal gives it, for a member whose task the caller holds."""
    if connected_user(session.connection()) is not None:
        return session.scalar(text("SELECT caredesk_reveal_phone(:m)"), {"m": member.id})
    return member.phone_e164


def _call(session, actor: Actor, call_ref: str) -> PhoneCall:
    call = session.scalar(select(PhoneCall).where(PhoneCall.call_ref == call_ref))
    if call is None or call.agent_id != actor.id:
        raise NotFound(f"no call {call_ref} of {actor.username}")
    return call

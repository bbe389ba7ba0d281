"""Saving a call outcome: validate, claim, then record the call and every follow-on action
in ONE transaction (all or nothing), idempotent by the outcome's client id.

What follows depends on the disposition's meaning (app.domain.dispositions), never its
label. Task rules (retry slots, unreached after repeated no-answer, callback window) are the
queue's, used through app.services.queue.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.data.tables import (
    OPEN_TASK, AuditEntry, Call, EffectRating, FollowUpTask, Member, Order, OrderLine, OutboundMessage, Product,
    RefillRequest, Ticket,
)
from app.data.uow import Database
from app.domain.claims import reserved_for_other, task_held_by_other
from app.domain.compliance import may_be_called
from app.domain.clock import Clock
from app.domain.codes import OPEN_TASK_STATUSES, AdverseReaction, Severity, TaskReason, TaskStatus
from app.domain.outcome import InvalidOutcome, OutcomeInput, parse_outcome
from app.domain.queue_settings import QueueSettings
from app.domain.limits import id_problem
from app.services.audit import announce, audit
from app.services.users import Actor, Permission, require
from app.services.changes import Changes
from app.services.compliance import CallRefused, Door, ensure_call_allowed
from app.services.dashboard.refills import attribute_refills
from app.services.errors import Conflict, NotFound, ValidationError
from app.services.loyalty import award_survey_points
from app.services.privacy.consent import set_call_consent
from app.services.privacy.phones import drop_wrong_number
from app.services.settings import queue_settings
from app.services.telephony.dialling import close_wrap_up
from app.services.queue import (
    cancel_open_tasks, check_callback_time, complete_tasks, record_failed_attempt, refresh_members, upsert_task,
)
from app.services.calls.remedies import apply_remedies, check_remedies
from app.services.calls.scripts import get_script
from app.services.tickets import ADVERSE_REACTION, open_ticket_in

MILD_REACTION_FOLLOW_UP_DAYS = 3
AUDIT_ACTION = "call.record"


@dataclass(frozen=True)
class SaveResult:
    call_id: int
    duplicate: bool
    ticket_ids: tuple[int, ...]
    created_task_ids: tuple[int, ...]
    changes: Changes
    retry_at: datetime | None = None  # no answer / busy: when the tasks come back (UTC)
    unreached: bool = False  # no answer / busy for the last time: closed, SMS survey queued
    remedy_ids: tuple[int, ...] = ()  # the re-visit's remedies (reship, points, special-team ticket)


def validate_outcome(payload: Any, clock: Clock, *, script_id: str | None = None) -> OutcomeInput:
    """The outcome in `payload`, or ValidationError({field: message}); nothing is written.

    With `script_id`, answers must belong to that script's questions and fit their types.
    """
    questions = None
    if script_id is not None:
        try:
            questions = get_script(script_id).questions
        except NotFound as exc:
            raise ValidationError({"script_id": str(exc)}) from None
    try:
        return parse_outcome(payload, tz=clock.tz, questions=questions)
    except InvalidOutcome as exc:
        raise ValidationError(exc.errors) from None


def record_outcome(
    db: Database, actor: Actor, clock: Clock, *, task_id: int, payload: dict, script_id: str | None = None,
    script_version: str | None = None, channel: str = "phone", settings: QueueSettings | None = None,
) -> SaveResult:
    """Record the outcome of the call covering `task_id` (and the member's other tasks this
    agent holds or may take) with all its follow-on actions, in one write transaction.

    Claim-if-needed happens inside it: a save on a task the agent does not hold is a call
    start and passes the same door as a claim; a failed save leaves no claim and no call.
    """
    require(actor, Permission.WORK_QUEUE)
    if (problem := id_problem(task_id)) is not None:
        raise ValidationError({"task_id": problem})
    outcome = validate_outcome(payload, clock, script_id=script_id)
    try:
        with db.session(write=True) as session:
            member_id = session.scalar(select(FollowUpTask.member_id).where(FollowUpTask.id == task_id))
            if member_id is not None and not db.is_embedded:
                # Serialize with claims and other saves for this member before looking.
                session.scalar(select(Member.id).where(Member.id == member_id).with_for_update())
            found = _existing(session, outcome.client_id)
            if found is not None:
                return found
            task = _task(session, task_id)
            settings = settings or queue_settings(session)  # the centre's, unless the caller fixes them
            _refuse_foreign_lease(task, actor, clock.now())
            ensure_call_allowed(session, actor, clock, task.member_id, door=Door.SAVE, settings=settings,
                                withdraws_consent=outcome.meaning.do_not_call)
            if outcome.callback_at is not None:
                check_callback_time(session, clock, task.member_id, outcome.callback_at, settings=settings)
                try:
                    ensure_call_allowed(session, actor, clock, task.member_id, door=Door.CALLBACK,
                                        settings=settings, at=outcome.callback_at)
                except CallRefused as refused:  # a field the agent can correct on the form
                    raise ValidationError({"callback_at": str(refused.refusal)}) from None
            result = _save(session, actor, clock, task, outcome, script_id=script_id,
                           script_version=script_version, channel=channel, settings=settings)
            # A dialled call's after-call work ends with its save; the agent is ready again.
            close_wrap_up(session, actor, clock, call_ref=outcome.client_id)
            return result
    except IntegrityError:
        # Two saves of the same outcome raced; the other one won: answer as a replay.
        with db.session() as session:
            found = _existing(session, outcome.client_id)
        if found is None:
            raise
        return found


def _task(session: Session, task_id: int) -> FollowUpTask:
    task = session.get(FollowUpTask, task_id, populate_existing=True)
    if task is None:
        raise NotFound(f"no task with id {task_id}")
    if task.status not in OPEN_TASK_STATUSES:
        raise Conflict(f"task {task_id} is already {task.status}")
    return task


def _refuse_foreign_lease(task: FollowUpTask, actor: Actor, now: datetime) -> None:
    if task_held_by_other(task, agent_id=actor.id, now=now):
        raise Conflict(f"task {task.id} is held by another agent")


def _existing(session: Session, client_id: str) -> SaveResult | None:
    """The result of an outcome already saved under `client_id`, marked as a duplicate."""
    call = session.scalar(select(Call).where(Call.client_id == client_id))
    if call is None:
        return None
    entry = session.scalar(
        select(AuditEntry).where(AuditEntry.action == AUDIT_ACTION, AuditEntry.entity == "call",
                                 AuditEntry.entity_id == str(call.id)).limit(1))
    detail = entry.detail if entry is not None else {}
    tickets = session.scalars(select(Ticket.id).where(Ticket.call_id == call.id).order_by(Ticket.id)).all()
    return SaveResult(call_id=call.id, duplicate=True, ticket_ids=tuple(tickets),
                      created_task_ids=tuple(detail.get("created_task_ids", [])), changes=Changes())


def _covered(session: Session, task: FollowUpTask, actor: Actor, now: datetime) -> list[FollowUpTask]:
    """The task and the member's other open tasks this call covers: those the agent holds,
    and those due now that nobody else holds or has reserved (what a claim would take)."""
    tasks = [task]
    if actor.id is None:
        return tasks
    others = session.scalars(
        select(FollowUpTask).where(FollowUpTask.member_id == task.member_id, FollowUpTask.id != task.id,
                                   OPEN_TASK)
        .order_by(FollowUpTask.id)
    ).all()
    for other in others:
        held = other.status == TaskStatus.CLAIMED and other.claimed_by_id == actor.id and not \
            task_held_by_other(other, agent_id=actor.id, now=now)
        if held or (other.due_at <= now and (other.not_before is None or other.not_before <= now)
                    and (other.due_until is None or other.due_until > now)
                    and not task_held_by_other(other, agent_id=actor.id, now=now)
                    and not reserved_for_other(other.assigned_agent_id, other.owner_only_until,
                                               agent_id=actor.id, now=now)):
            tasks.append(other)
    return tasks


def _day_start(clock: Clock, day) -> datetime:
    return datetime.combine(day, time(0), tzinfo=clock.tz).astimezone(UTC)


def _product_for(session: Session, member_id: int, tasks: list[FollowUpTask]) -> Product | None:
    for task in tasks:
        if task.product_id is not None:
            return session.get(Product, task.product_id)
    row = session.execute(
        select(OrderLine.product_id).join(Order, Order.id == OrderLine.order_id)
        .where(Order.member_id == member_id).order_by(Order.ordered_at.desc(), OrderLine.id).limit(1)
    ).first()
    return session.get(Product, row[0]) if row else None


def _callable(member: Member) -> bool:
    return may_be_called(member.consent, member.do_not_call)


def _save(session: Session, actor: Actor, clock: Clock, task: FollowUpTask, outcome: OutcomeInput, *,
          script_id: str | None, script_version: str | None, channel: str, settings: QueueSettings) -> SaveResult:
    now = clock.now()
    member = session.get(Member, task.member_id)
    covered = _covered(session, task, actor, now)
    covered_ids = [t.id for t in covered]
    reasons = list(dict.fromkeys([t.reason for t in covered] + list((task.detail or {}).get("reasons", []))))
    check_remedies(outcome, reasons)  # a callback booked on a re-visit carries its reasons
    meaning = outcome.meaning
    complaint = outcome.complaint
    call = Call(
        client_id=outcome.client_id, task_id=task.id, member_id=member.id, agent_id=actor.id, channel=channel,
        reasons=",".join(reasons)[:120], saved_at=now, wrap_seconds=outcome.wrap_seconds,
        # The call ended when after-call work began; both measured by the workstation's timers.
        ended_at=now - timedelta(seconds=outcome.wrap_seconds or 0),
        started_at=now - timedelta(seconds=(outcome.wrap_seconds or 0) + (outcome.call_seconds or 0)),
        disposition=outcome.disposition.value, satisfaction=outcome.satisfaction,
        adherence=outcome.adherence.value if outcome.adherence else None, remaining_days=outcome.remaining_days,
        refill_intent=outcome.refill_intent, complaint_category=complaint.category.value if complaint else None,
        complaint_severity=complaint.severity.value if complaint else None,
        complaint_text=complaint.text if complaint else None, adverse_reaction=outcome.adverse_reaction.value,
        callback_at=outcome.callback_at, answers=dict(outcome.answers), notes=outcome.notes,
        recommendation=outcome.recommendation or None,
        script_id=script_id, script_version=script_version,
    )
    call.effects = [EffectRating(member_id=member.id, dimension=d, score=s) for d, s in outcome.effects.items()]
    session.add(call)
    session.flush()

    created: list[int] = []
    ticket_ids: list[int] = []
    done: dict[str, Any] = {"task_ids": covered_ids, "disposition": outcome.disposition.value}
    retry, unreached = None, False

    # 1. The tasks the call covered.
    if meaning.failed_attempt:
        attempt = record_failed_attempt(session, clock, covered_ids, settings=settings)
        retry, unreached = attempt.retry_at, attempt.unreached
        done.update(attempts=attempt.attempts, unreached=unreached)
    elif meaning.do_not_call:
        # How: the call's own channel (phone, wechat...); nothing recorded when already withdrawn.
        set_call_consent(session, clock, member, consent=False, do_not_call=True, channel=channel,
                         recorded_by_id=actor.id)
        done["cancelled"] = cancel_open_tasks(session, clock, member.id, reason="do_not_call")
        audit(session, actor, clock, action="member.consent_withdrawn", entity="member", entity_id=member.id,
              detail={"call_id": call.id})
    elif meaning.number_wrong:
        _wrong_number(session, actor, clock, member, covered_ids, call.id, done)
    elif meaning.callback:
        complete_tasks(session, clock, covered_ids, status=TaskStatus.DONE, close_reason="callback")
        local = outcome.callback_at.astimezone(clock.tz)
        callback = upsert_task(
            session, clock, member_id=member.id, reason=TaskReason.CALLBACK.value, due_at=outcome.callback_at,
            assigned_agent_id=actor.id, product_id=task.product_id, order_id=task.order_id,
            ticket_id=next((t.ticket_id for t in covered if t.ticket_id is not None), None),
            detail={"at_local": f"{local:%Y-%m-%d %H:%M}", "reasons": [r for r in reasons if r != TaskReason.CALLBACK],
                    "call_id": call.id},
            settings=settings,
        )
        created.append(callback.id)
    else:
        complete_tasks(session, clock, covered_ids, status=TaskStatus.DONE, close_reason=outcome.disposition.value)

    # 2. What the member told us.
    if complaint is not None:
        ticket = open_ticket_in(session, actor, clock, member_id=member.id, category=complaint.category.value,
                                severity=complaint.severity.value, description=complaint.text, call_id=call.id)
        ticket_ids.append(ticket.id)
    if outcome.adverse_reaction is AdverseReaction.SEVERE:
        ticket = open_ticket_in(session, actor, clock, member_id=member.id, category=ADVERSE_REACTION,
                                severity=Severity.URGENT.value, call_id=call.id,
                                description=outcome.notes or "严重不良反应 / severe adverse reaction reported")
        ticket_ids.append(ticket.id)
        member.medical_flag = True
        member.updated_at = now
    elif outcome.adverse_reaction is AdverseReaction.MILD:
        session.add(OutboundMessage(
            member_id=member.id, task_id=task.id, kind="relief_advice", status="queued", created_at=now,
            channel=member.preferred_channel if member.preferred_channel in ("sms", "wechat", "email") else "sms",
        ))
        if _callable(member):
            # The follow-up names the product the member reacted to (the script asks about it).
            reacted = _product_for(session, member.id, covered)
            follow = upsert_task(
                session, clock, member_id=member.id, reason=TaskReason.EFFECT_CHECK.value,
                due_at=_day_start(clock, clock.today() + timedelta(days=MILD_REACTION_FOLLOW_UP_DAYS)),
                product_id=reacted.id if reacted else None, order_id=task.order_id if reacted and
                reacted.id == task.product_id else None,
                detail={"follow_up": "mild_reaction", "call_id": call.id,
                        **({"product_name": reacted.name, "product_name_en": reacted.name_en or reacted.name}
                           if reacted else {})},
                settings=settings,
            )
            created.append(follow.id)
    product = None
    if outcome.refill_intent is True or outcome.remedies:
        product = _product_for(session, member.id, covered)
    remedies = apply_remedies(session, actor, clock, member=member, call=call, covered=covered, outcome=outcome,
                              fallback_product_id=product.id if product else None)
    ticket_ids.extend(remedies.ticket_ids)
    done.update(remedies.detail)
    if outcome.refill_intent is True:
        session.add(RefillRequest(member_id=member.id, call_id=call.id, product_id=product.id if product else None,
                                  status="requested", created_at=now))
        done["refill_request"] = True
    attribute_refills(session, [member.id])  # a refill request just made credits the member's recent calls
    if outcome.survey_completed:
        done["points"] = award_survey_points(session, clock, member.id, call.id, user_id=actor.id)

    # The member's tasks re-planned from what this call changed, with the daily build's own
    # plan (a reported remaining quantity moves the refill call; app.domain.queue_plan).
    refresh_members(session, clock, [member.id], settings)
    if outcome.remaining_days is not None:
        booked = session.scalar(select(FollowUpTask.id).where(
            FollowUpTask.member_id == member.id, FollowUpTask.reason == TaskReason.REFILL.value,
            OPEN_TASK))  # the literal, not a bound list: SQLite then reads the member index
        if booked is not None and booked not in covered_ids:
            created.append(booked)
    done.update(created_task_ids=created, ticket_ids=ticket_ids, script_id=script_id, script_version=script_version)
    audit(session, actor, clock, action=AUDIT_ACTION, entity="call", entity_id=call.id, detail=done)
    announce(session, actor, clock, topic="queue", entity_id=member.id)
    announce(session, actor, clock, topic="member", entity_id=member.id)
    if ticket_ids:
        announce(session, actor, clock, topic="ticket", entity_id=ticket_ids[0])
    session.flush()
    return SaveResult(call_id=call.id, duplicate=False, ticket_ids=tuple(ticket_ids), created_task_ids=tuple(created),
                      changes=Changes(queue=True, member=True, tickets=bool(ticket_ids)),
                      retry_at=retry, unreached=unreached, remedy_ids=remedies.remedy_ids)


def _wrong_number(session: Session, actor: Actor, clock: Clock, member: Member, covered_ids: list[int],
                  call_id: int, done: dict[str, Any]) -> None:
    """Flag the number: drop it (an alternative number moves up, and the tasks wait for it);
    with no number left, the member's open tasks are closed."""
    wrong = member.phone_e164
    if drop_wrong_number(session, member, call_id):
        session.execute(
            update(FollowUpTask).where(FollowUpTask.id.in_(covered_ids), FollowUpTask.status.in_(OPEN_TASK_STATUSES))
            .values(status=TaskStatus.OPEN.value, claimed_by_id=None, lease_until=None,
                    version=FollowUpTask.version + 1)
            .execution_options(synchronize_session="fetch")
        )
        done["phone"] = "alternative number now primary"
    else:
        done["cancelled"] = cancel_open_tasks(session, clock, member.id, reason="wrong_number")
    member.updated_at = clock.now()
    audit(session, actor, clock, action="member.phone_flagged", entity="member", entity_id=member.id,
          detail={"wrong_number": wrong, "call_id": call_id})

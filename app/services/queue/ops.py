"""Task operations that run inside the caller's unit of work (they flush, never commit):
the call outcome service, ticket service and queue build all write tasks through these.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.data.tables import OPEN_TASK, FollowUpTask, Member, OutboundMessage
from app.domain.clock import Clock
from app.domain.codes import OPEN_TASK_STATUSES, TaskReason, TaskStatus
from app.domain.priority import reason_text, stored_priority
from app.domain.queue_settings import DEFAULT_SETTINGS, QueueSettings
from app.domain.windows import parse_slots, retry_at
from app.services.compliance import member_window
from app.services.errors import NotFound, ValidationError


@dataclass(frozen=True)
class AttemptResult:
    """What a failed attempt did: retried later (retry_at, UTC) or closed as unreached."""

    task_ids: tuple[int, ...]
    attempts: int
    unreached: bool
    retry_at: datetime | None
    message_id: int | None = None  # the SMS survey recorded when unreached


def _open_task(session: Session, member_id: int, reason: str) -> FollowUpTask | None:
    return session.scalar(
        select(FollowUpTask)
        # The literal OPEN_TASK (not a bound IN list) lets both engines use the partial
        # unique index on open (member, reason); a bound list makes SQLite scan by status.
        .where(FollowUpTask.member_id == member_id, FollowUpTask.reason == reason, OPEN_TASK)
        .limit(1)
    )


def upsert_task(
    session: Session, clock: Clock, *, member_id: int, reason: str, due_at: datetime,
    due_until: datetime | None = None, detail: dict[str, Any] | None = None,
    assigned_agent_id: int | None = None, owner_only_until: datetime | None = None,
    product_id: int | None = None, order_id: int | None = None, ticket_id: int | None = None,
    priority: int | None = None, settings: QueueSettings = DEFAULT_SETTINGS,
) -> FollowUpTask:
    """Open a task, or update the member's open task for the same reason (never a duplicate).

    An own callback (`assigned_agent_id` given, no `owner_only_until`) stays the booking
    agent's until `settings.callback_handoff` after its time, then passes to anyone.
    A task already claimed keeps its claim; only its due window and detail change.
    """
    reason = TaskReason(reason).value
    if due_at.tzinfo is None:
        raise ValueError("due_at must be timezone-aware")
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound(f"no member with id {member_id}")
    if reason == TaskReason.CALLBACK and assigned_agent_id is not None and owner_only_until is None:
        owner_only_until = due_at + settings.callback_handoff
    detail = dict(detail or {})
    if priority is None:
        priority = stored_priority(reason, tier=member.tier, total_spent_fen=member.total_spent_fen or 0,
                                   severe_reaction=bool(member.medical_flag),
                                   days_left=detail.get("days_left"))
    why = reason_text(reason, detail)[:200]
    task = _open_task(session, member_id, reason)
    if task is None:
        task = FollowUpTask(
            member_id=member_id, reason=reason, status=TaskStatus.OPEN.value, attempts=0,
            created_at=clock.now(),
        )
        session.add(task)
    task.due_at = due_at
    task.due_until = due_until
    task.detail = detail
    task.priority = priority
    task.why = why
    task.assigned_agent_id = assigned_agent_id
    task.owner_only_until = owner_only_until
    task.product_id = product_id
    task.order_id = order_id
    task.ticket_id = ticket_id
    if reason == TaskReason.CALLBACK:
        task.not_before = None  # a new time agreed with the member replaces any retry plan
    session.flush()
    return task


def complete_tasks(session: Session, clock: Clock, task_ids, *, status: str = "done",
                   close_reason: str | None = None) -> int:
    """Close open tasks (done / unreached / cancelled) and drop their claims; returns how many."""
    status = TaskStatus(status)
    if status.is_open:
        raise ValueError(f"{status} is not a closing status")
    ids = list(task_ids)
    if not ids:
        return 0
    result = session.execute(
        update(FollowUpTask)
        .where(FollowUpTask.id.in_(ids), FollowUpTask.status.in_(OPEN_TASK_STATUSES))
        .values(status=status.value, closed_at=clock.now(), close_reason=close_reason,
                claimed_by_id=None, lease_until=None, version=FollowUpTask.version + 1)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount or 0


def cancel_open_tasks(session: Session, clock: Clock, member_id: int, *, reason: str) -> int:
    """Cancel every open task of a member (do-not-call, consent withdrawn, wrong number...)."""
    ids = session.scalars(
        select(FollowUpTask.id).where(FollowUpTask.member_id == member_id, OPEN_TASK)
    ).all()
    return complete_tasks(session, clock, ids, status=TaskStatus.CANCELLED, close_reason=reason)


def record_failed_attempt(session: Session, clock: Clock, task_ids, *,
                          settings: QueueSettings = DEFAULT_SETTINGS) -> AttemptResult:
    """No answer or busy on a call covering `task_ids` (one member's tasks).

    Below `max_attempts` the tasks go back to the pool with `not_before` at another time
    slot inside the member's window; at the limit they close as unreached and one SMS
    survey is recorded for the member instead.
    """
    ids = list(task_ids)
    tasks = session.scalars(
        select(FollowUpTask).where(FollowUpTask.id.in_(ids), FollowUpTask.status.in_(OPEN_TASK_STATUSES))
        .order_by(FollowUpTask.id)
    ).all()
    if not tasks:
        raise NotFound("no open task among the given ids")
    members = {t.member_id for t in tasks}
    if len(members) != 1:
        raise ValueError("a failed attempt covers the tasks of one member")
    member = session.get(Member, tasks[0].member_id)
    now = clock.now()
    attempts = max(t.attempts for t in tasks) + 1
    for task in tasks:
        task.attempts = attempts
        task.last_attempt_at = now
        task.claimed_by_id = None
        task.lease_until = None
    if attempts >= settings.max_attempts:
        for task in tasks:
            task.status = TaskStatus.UNREACHED.value
            task.closed_at = now
            task.close_reason = "unreached"
        message = OutboundMessage(member_id=member.id, task_id=tasks[0].id, channel="sms",
                                  kind="survey", status="queued", created_at=now)
        session.add(message)
        session.flush()
        return AttemptResult(tuple(t.id for t in tasks), attempts, True, None, message.id)
    zone, window = member_window(member, clock, settings)
    local = now.astimezone(zone)
    retry_local = retry_at(window, local, default_slots=parse_slots(settings.default_slots),
                           min_delay=settings.retry_min_delay)
    retry = retry_local.astimezone(now.tzinfo)
    for task in tasks:
        task.status = TaskStatus.OPEN.value
        task.not_before = retry
    session.flush()
    return AttemptResult(tuple(t.id for t in tasks), attempts, False, retry)


def check_callback_time(session: Session, clock: Clock, member_id: int, at: datetime, *,
                        settings: QueueSettings = DEFAULT_SETTINGS) -> None:
    """Refuse a callback time in the past; the calling window at that time is the
    callback door's rule (app.services.compliance), checked by the caller.

    Callbacks are exempt from the contact cap, not from the window (issue 3).
    """
    if at.tzinfo is None:
        raise ValidationError({"callback_at": "callback time must carry a time zone"})
    if session.get(Member, member_id) is None:
        raise NotFound(f"no member with id {member_id}")
    if at <= clock.now():
        raise ValidationError({"callback_at": "callback time must be in the future"})


def in_window_now(member: Member, clock: Clock, settings: QueueSettings = DEFAULT_SETTINGS,
                  *, at: datetime | None = None) -> bool:
    zone, window = member_window(member, clock, settings)
    return window.is_open((at or clock.now()).astimezone(zone))


__all__ = [
    "AttemptResult", "upsert_task", "complete_tasks", "cancel_open_tasks", "record_failed_attempt",
    "check_callback_time", "member_window", "in_window_now",
]

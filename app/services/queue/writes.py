"""The build's writes: new tasks in bulk (app.data.bulk: COPY on PostgreSQL, one executemany on SQLite),
changed tasks in one statement, withdrawn and refused members' tasks cancelled by id.
Moved out of build.py, which decides what to write."""

from collections.abc import Iterable

from sqlalchemy import update
from sqlalchemy.orm import Session

from app.data.bulk import insert_rows, update_rows
from app.data.tables import FollowUpTask
from app.domain.codes import OPEN_TASK_STATUSES, TaskStatus
from app.domain.priority import reason_text
from app.domain.queue_plan import PlanContext, PlannedTask


def new_row(member_id: int, task: PlannedTask, ctx: PlanContext) -> dict:
    return {
        "member_id": member_id, "reason": task.reason, "status": TaskStatus.OPEN.value,
        "priority": task.priority, "why": reason_text(task.reason, task.detail)[:200], "detail": task.detail,
        "due_at": task.due_at, "due_until": task.due_until, "not_before": None, "attempts": 0,
        "last_attempt_at": None, "assigned_agent_id": task.assigned_agent_id,
        "owner_only_until": task.owner_only_until, "claimed_by_id": None, "lease_until": None,
        "product_id": task.product_id, "order_id": task.order_id, "ticket_id": task.ticket_id,
        "created_at": ctx.now, "closed_at": None, "close_reason": None, "version": 1,
    }


def write(session: Session, ctx: PlanContext, inserts, updates, withdraw: list[int], cancel: list[int]) -> None:
    conn = session.connection()
    if inserts:  # COPY on PostgreSQL unless an agent's own login (row-level security) writes
        names = tuple(inserts[0])
        insert_rows(conn, FollowUpTask.__table__, names, [tuple(row.values()) for row in inserts])
    # One statement for the lot (app.data.bulk), never one per task; a task claimed since it
    # was read is left to its agent.
    update_rows(conn, FollowUpTask.__table__, [{
        "_id": tid, "due_at": task.due_at, "due_until": task.due_until, "detail": task.detail,
        "priority": task.priority, "why": reason_text(task.reason, task.detail)[:200],
        "assigned_agent_id": task.assigned_agent_id, "owner_only_until": task.owner_only_until,
        "product_id": task.product_id, "order_id": task.order_id, "ticket_id": task.ticket_id,
    } for tid, task in updates], bump_version=True, only_if="status = 'open'")
    for ids, reason in ((withdraw, "no_longer_due"), (cancel, "no_consent")):
        for part in _chunks(ids, 500):
            session.execute(
                update(FollowUpTask)
                .where(FollowUpTask.id.in_(part), FollowUpTask.status.in_(OPEN_TASK_STATUSES))
                .values(status=TaskStatus.CANCELLED.value, closed_at=ctx.now, close_reason=reason,
                        claimed_by_id=None, lease_until=None, version=FollowUpTask.version + 1)
                .execution_options(synchronize_session=False)
            )


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


__all__ = ["new_row", "write"]

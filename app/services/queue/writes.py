"""The build's writes: new tasks in bulk (app.data.bulk: COPY on PostgreSQL, one executemany on SQLite),
changed tasks in one statement, withdrawn and refused members' tasks cancelled by id.
Moved out of build.py, which decides what to write."""

import json
from collections.abc import Iterable

from sqlalchemy import BigInteger, DateTime, Integer, Text, bindparam, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from app.data.base import UTCDateTime
from app.data.bulk import insert_rows
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
    if updates and conn.dialect.name == "postgresql":  # one statement for the lot, not one per task
        rows = [(tid, task.due_at, task.due_until, json.dumps(task.detail, ensure_ascii=False), task.priority,
                 reason_text(task.reason, task.detail)[:200], task.assigned_agent_id, task.owner_only_until,
                 task.product_id, task.order_id, task.ticket_id) for tid, task in updates]
        conn.execute(_REPLAN_PG, {name: list(values) for name, values in zip(_REPLAN_PG_ARRAYS, zip(*rows))})
    elif updates:  # one executemany, not a statement per task
        conn.execute(_REPLAN, [{
            "tid": tid, "due_at": task.due_at, "due_until": task.due_until, "detail": task.detail,
            "priority": task.priority, "why": reason_text(task.reason, task.detail)[:200],
            "agent": task.assigned_agent_id, "until": task.owner_only_until, "product_id": task.product_id,
            "order_id": task.order_id, "ticket_id": task.ticket_id} for tid, task in updates])
    for ids, reason in ((withdraw, "no_longer_due"), (cancel, "no_consent")):
        for part in _chunks(ids, 500):
            session.execute(
                update(FollowUpTask)
                .where(FollowUpTask.id.in_(part), FollowUpTask.status.in_(OPEN_TASK_STATUSES))
                .values(status=TaskStatus.CANCELLED.value, closed_at=ctx.now, close_reason=reason,
                        claimed_by_id=None, lease_until=None, version=FollowUpTask.version + 1)
                .execution_options(synchronize_session=False)
            )


_TASKS = FollowUpTask.__table__
_REPLAN = (update(_TASKS)
           .where(_TASKS.c.id == bindparam("tid"), _TASKS.c.status == TaskStatus.OPEN.value)
           .values(due_at=bindparam("due_at", type_=UTCDateTime()), due_until=bindparam("due_until", type_=UTCDateTime()),
                   detail=bindparam("detail", type_=_TASKS.c.detail.type), priority=bindparam("priority"),
                   why=bindparam("why"), assigned_agent_id=bindparam("agent"),
                   owner_only_until=bindparam("until", type_=UTCDateTime()), product_id=bindparam("product_id"),
                   order_id=bindparam("order_id"), ticket_id=bindparam("ticket_id"), version=_TASKS.c.version + 1))


_REPLAN_PG_ARRAYS = {"tid": BigInteger(), "due_at": DateTime(timezone=True), "due_until": DateTime(timezone=True),
                     "detail": Text(), "priority": Integer(), "why": Text(), "agent": Integer(),
                     "until": DateTime(timezone=True), "product_id": Integer(), "order_id": BigInteger(),
                     "ticket_id": BigInteger()}
_REPLAN_PG = text(
    "UPDATE follow_up_tasks AS t SET due_at = u.due_at, due_until = u.due_until, detail = u.detail::json,"
    " priority = u.priority, why = u.why, assigned_agent_id = u.agent, owner_only_until = u.until,"
    " product_id = u.product_id, order_id = u.order_id, ticket_id = u.ticket_id, version = t.version + 1"
    f" FROM unnest({', '.join(':' + n for n in _REPLAN_PG_ARRAYS)}) AS u({', '.join(_REPLAN_PG_ARRAYS)})"
    " WHERE t.id = u.tid AND t.status = 'open'"
).bindparams(*(bindparam(n, type_=ARRAY(t)) for n, t in _REPLAN_PG_ARRAYS.items()))


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


__all__ = ["new_row", "write"]

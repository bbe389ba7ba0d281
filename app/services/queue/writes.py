"""The build's writes: new tasks in bulk (COPY on PostgreSQL, one executemany on SQLite),
changed tasks in one statement, withdrawn and refused members' tasks cancelled by id.
Moved out of build.py, which decides what to write."""

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import BigInteger, DateTime, Integer, Text, bindparam, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.data.base import UTCDateTime
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


_INSTANTS = ("due_at", "due_until", "owner_only_until", "created_at")


_MAY_COPY = text(
    "SELECT NOT c.relrowsecurity OR r.rolsuper OR r.rolbypassrls"
    " OR (pg_has_role(c.relowner, 'USAGE') AND NOT c.relforcerowsecurity)"
    " FROM pg_class c, pg_roles r WHERE c.oid = 'follow_up_tasks'::regclass AND r.rolname = current_user"
)


def _may_copy(conn: Connection) -> bool:
    """PostgreSQL refuses COPY FROM into a table whose row-level security applies to the
    caller (an agent's own login): then the tasks go in by INSERT, checked by the policies."""
    return bool(conn.execute(_MAY_COPY).scalar())


def _insert_rows(session: Session, rows: list[dict]) -> None:
    """Core executemany, not the ORM's bulk path: a first build writes hundreds of thousands.

    The instants are few distinct values (day starts and now), so each is converted to what
    the driver takes once, not once per row by the column type (UTC-aware datetimes in, as
    UTCDateTime would bind them: SQLite's stored text, PostgreSQL's timestamptz as is).
    """
    conn = session.connection()
    dialect = conn.dialect
    table = FollowUpTask.__table__
    if dialect.name == "postgresql" and _may_copy(conn):
        # COPY on the session's own connection (same transaction): one stream for the lot,
        # where an executemany is one INSERT per task, each with its round of checks.
        names = list(rows[0])
        detail = names.index("detail")
        with conn.connection.cursor() as cursor:
            with cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
                for row in rows:
                    values = list(row.values())
                    values[detail] = json.dumps(values[detail], ensure_ascii=False)
                    copy.write_row(values)
        return
    if dialect.name != "sqlite":
        stmt = table.insert().values({name: bindparam(name, type_=DateTime(timezone=True)) for name in _INSTANTS})
        conn.execute(stmt, rows)  # the values are UTC-aware already: no per-row UTCDateTime step
        return
    # SQLite: straight to the driver on the same connection (same transaction), each value
    # in the form the column types would store (instants as UTC text, detail as JSON text).
    to_text = DateTime().dialect_impl(dialect).bind_processor(dialect)
    to_json = table.c.detail.type.bind_processor(dialect)
    memo: dict[datetime, str] = {}

    def instant(value: datetime | None) -> str | None:
        if value is None:
            return None
        found = memo.get(value)
        if found is None:
            found = memo[value] = to_text(value.astimezone(UTC).replace(tzinfo=None))
        return found

    names = list(rows[0])
    converters = [instant if name in _INSTANTS else to_json if name == "detail" else None for name in names]
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    values = [tuple(v if f is None else f(v) for f, v in zip(converters, row.values())) for row in rows]
    conn.connection.cursor().executemany(sql, values)


def write(session: Session, ctx: PlanContext, inserts, updates, withdraw: list[int], cancel: list[int]) -> None:
    if inserts:
        _insert_rows(session, inserts)
    conn = session.connection()
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

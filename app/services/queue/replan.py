"""Which members the nightly build plans (issue 13), and the day each is planned again.

Events re-plan their member at once (refresh_members), so a night only needs the members
whose plan time alone can change today: those whose `replan_on` has come, with no row yet,
planned for a later day (a build for an earlier day) or under other rules (`plan_key`).
The filter is SQL, so every per-range read returns only those members' rows.
"""

from datetime import date

from sqlalchemy import Date, bindparam, or_, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection

from app.data.queue_replan import QueueReplan
from app.data.tables import Member

NEVER = date(9999, 12, 31)  # nothing time alone can change (a member who may not be called)

# The same filter for the text queries of build.py (bound :lo, :hi, :today, :key).
DUE_SQL = ("SELECT m.id FROM members m LEFT JOIN queue_replan r ON r.member_id = m.id"
           " WHERE m.id BETWEEN :lo AND :hi AND (r.member_id IS NULL OR r.replan_on <= :today"
           " OR r.planned_on > :today OR r.plan_key <> :key)")
DUE_PARAMS = (bindparam("today", type_=Date()), bindparam("key"))


def due_members(lo: int, hi: int, today: date, key: str):
    """The ids in [lo, hi] the nightly build plans today, as a subquery."""
    r = QueueReplan
    return (select(Member.id).outerjoin(r, r.member_id == Member.id)
            .where(Member.id.between(lo, hi),
                   or_(r.member_id.is_(None), r.replan_on <= today, r.planned_on > today, r.plan_key != key)))


def due_text(sql: str, due: bool) -> str:
    """`sql` (with a `{due}` slot after its WHERE) restricted to tonight's members, or not."""
    return sql.format(due=f" AND member_id IN ({DUE_SQL})" if due else "", hint="{hint}")


_UPSERT_SQLITE = ("INSERT INTO queue_replan (member_id, plan_key, planned_on, replan_on) VALUES (?, ?, ?, ?)"
                  " ON CONFLICT (member_id) DO UPDATE SET plan_key = excluded.plan_key,"
                  " planned_on = excluded.planned_on, replan_on = excluded.replan_on")
_UPSERT_PG = text(
    "INSERT INTO queue_replan (member_id, plan_key, planned_on, replan_on)"
    " SELECT m, :key, :today, d FROM unnest(:ids, :days) AS u(m, d)"
    " ON CONFLICT (member_id) DO UPDATE SET plan_key = excluded.plan_key,"
    " planned_on = excluded.planned_on, replan_on = excluded.replan_on"
).bindparams(bindparam("ids", type_=ARRAY(QueueReplan.member_id.type)), bindparam("days", type_=ARRAY(Date())),
             bindparam("today", type_=Date()))


def write_days(conn: Connection, key: str, today: date, days: dict[int, date]) -> None:
    """Record each planned member's next day (one statement per range, on either engine)."""
    if not days:
        return
    if conn.dialect.name == "sqlite":  # Date is stored as ISO text there
        stamp = today.isoformat()
        conn.connection.cursor().executemany(
            _UPSERT_SQLITE, [(mid, key, stamp, day.isoformat()) for mid, day in days.items()])
        return
    conn.execute(_UPSERT_PG, {"key": key, "today": today, "ids": list(days), "days": list(days.values())})


__all__ = ["NEVER", "DUE_PARAMS", "due_members", "due_text", "write_days"]

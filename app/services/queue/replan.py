"""Which members the nightly build plans (issue 13), and the day each is planned again.

Events re-plan a member at once (refresh_members), so a night only needs the members whose
plan time alone can change today: those whose `replan_on` has come, with no row yet,
planned for a later day (a build for an earlier day), under other rules (`plan_key`), or
whose member row changed since without an event (a job setting tiers). The build reads
their ids once, then plans them in batches whose every read returns only their rows.
"""

import json
from datetime import date

from sqlalchemy import String, any_, bindparam, func, literal, or_, select
from sqlalchemy.engine import Connection

from app.data.bulk import pg_array, pg_ids, upsert_rows
from app.data.queue_replan import MEMBER_FIELDS, QueueReplan
from app.data.tables import Member

NEVER = date(9999, 12, 31)  # nothing time alone can change (a member who may not be called)

def due_members(lo: int, hi: int, today: date, key: str):
    """The ids in [lo, hi] the nightly build plans today, as a query."""
    r = QueueReplan
    return (select(Member.id).outerjoin(r, r.member_id == Member.id)
            .where(Member.id.between(lo, hi),
                   or_(r.member_id.is_(None), r.replan_on <= today, r.planned_on > today, r.plan_key != key,
                       *(getattr(r, f).is_distinct_from(getattr(Member, f)) for f in MEMBER_FIELDS))))


class Tonight:
    """One batch of the members a nightly build plans, as the filter every read of the
    batch adds: a JSON array on SQLite (json_each), an array on PostgreSQL. One list per
    batch, so the choice above runs once per build, not once per read; on PostgreSQL it is
    sent as the array's text, written once per batch (psycopg would convert the Python
    list again, in Python, for every read). The text is cast inside a scalar subquery, which
    PostgreSQL evaluates once per statement: a bare cast in a filter is evaluated for every
    row the plan reads (31 s a read on a first build, whose task statistics say empty)."""

    def __init__(self, dialect: str, ids: list[int]):
        self.ids = ids
        self.sqlite = dialect == "sqlite"
        self.params = {"ids": json.dumps(ids) if self.sqlite else pg_array(ids)}
        self.sql = (" AND member_id IN (SELECT value FROM json_each(:ids))" if self.sqlite
                    else " AND member_id = ANY(CAST((SELECT CAST(:ids AS bigint[])) AS bigint[]))")
        self.bind = bindparam("ids", type_=String())

    def where(self, column):
        if self.sqlite:
            values = func.json_each(literal(self.params["ids"])).table_valued("value")
            return column.in_(select(values.c.value))
        return column == any_(pg_ids(literal(self.params["ids"], String())))


_COLUMNS = ("member_id", "plan_key", "planned_on", "replan_on", *MEMBER_FIELDS)


def write_days(conn: Connection, key: str, today: date, days: dict[int, date], seen: dict[int, tuple]) -> None:
    """Record each planned member's next day and the member values planned with (`seen`,
    in MEMBER_FIELDS order): one statement per range on either engine (app.data.bulk)."""
    rows = [(mid, key, today, day, *seen[mid]) for mid, day in days.items()]
    upsert_rows(conn, QueueReplan.__table__, _COLUMNS, rows, key="member_id")


__all__ = ["NEVER", "Tonight", "due_members", "write_days"]

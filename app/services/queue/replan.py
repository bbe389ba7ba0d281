"""Which members the nightly build plans (issue 13), and the day each is planned again.

Events re-plan a member at once (refresh_members), so a night only needs the members whose
plan time alone can change today: those whose `replan_on` has come, with no row yet,
planned for a later day (a build for an earlier day), under other rules (`plan_key`), or
whose member row changed since without an event (a job setting tiers). The build reads
their ids once, then plans them in batches whose every read returns only their rows.
"""

import json
from datetime import date

from sqlalchemy import (
    BigInteger, Boolean, Date, Integer, String, any_, bindparam, cast, func, literal, or_, select, text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection

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
    list again, in Python, for every read)."""

    def __init__(self, dialect: str, ids: list[int]):
        self.ids = ids
        self.sqlite = dialect == "sqlite"
        self.params = {"ids": json.dumps(ids) if self.sqlite else pg_array(ids)}
        self.sql = (" AND member_id IN (SELECT value FROM json_each(:ids))" if self.sqlite
                    else " AND member_id = ANY(CAST(:ids AS bigint[]))")
        self.bind = bindparam("ids", type_=String())

    def where(self, column):
        if self.sqlite:
            values = func.json_each(literal(self.params["ids"])).table_valued("value")
            return column.in_(select(values.c.value))
        return column == any_(cast(literal(self.params["ids"], String()), ARRAY(BigInteger())))


def pg_array(ids: list[int]) -> str:
    """PostgreSQL's text form of an array of ids ('{1,2,3}'), made in one join."""
    return "{" + ",".join(map(str, ids)) + "}"


_COLUMNS = ("member_id", "plan_key", "planned_on", "replan_on", *MEMBER_FIELDS)
_UPSERT = (f"INSERT INTO queue_replan ({', '.join(_COLUMNS)}) {{values}} ON CONFLICT (member_id) DO UPDATE SET "
           + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[1:]))
_UPSERT_SQLITE = _UPSERT.format(values=f"VALUES ({', '.join('?' * len(_COLUMNS))})")
_ARRAYS = {"ids": BigInteger(), "days": Date(), "tier": String(), "total_spent_fen": BigInteger(), "gender": String(),
           "birth_date": Date(), "owner_id": Integer(), "medical_flag": Boolean(), "consent": Boolean(),
           "do_not_call": Boolean()}
_UPSERT_PG = text(_UPSERT.format(
    values=f"SELECT m, :key, :today, d, {', '.join('u_' + f for f in MEMBER_FIELDS)} FROM unnest("
           f":ids, :days, {', '.join(':' + f for f in MEMBER_FIELDS)}) AS u(m, d, "
           f"{', '.join('u_' + f for f in MEMBER_FIELDS)})"
)).bindparams(bindparam("today", type_=Date()), *(bindparam(n, type_=ARRAY(t)) for n, t in _ARRAYS.items()))


def write_days(conn: Connection, key: str, today: date, days: dict[int, date], seen: dict[int, tuple]) -> None:
    """Record each planned member's next day and the member values planned with (`seen`,
    in MEMBER_FIELDS order): one statement per range on either engine."""
    if not days:
        return
    if conn.dialect.name == "sqlite":  # as the column types store them: ISO dates, 0/1
        stamp = today.isoformat()
        rows = []
        for mid, day in days.items():
            tier, spent, gender, birth, owner, medical, consent, dnc = seen[mid]
            rows.append((mid, key, stamp, day.isoformat(), tier, spent, gender,
                         birth.isoformat() if birth is not None else None, owner, int(medical), int(consent),
                         int(dnc)))
        conn.connection.cursor().executemany(_UPSERT_SQLITE, rows)
        return
    columns = list(zip(*(seen[mid] for mid in days)))
    conn.execute(_UPSERT_PG, {"key": key, "today": today, "ids": list(days), "days": list(days.values()),
                              **{f: list(values) for f, values in zip(MEMBER_FIELDS, columns)}})


__all__ = ["NEVER", "Tonight", "due_members", "write_days"]

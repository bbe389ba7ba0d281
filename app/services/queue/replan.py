"""Which members the nightly build plans (issue 13), and the day each is planned again.

Events re-plan a member at once (refresh_members), so a night only needs the members whose
plan time alone can change today: those whose `replan_on` has come, with no row yet,
planned for a later day (a build for an earlier day), under other rules (`plan_key`), or
whose member row changed since without an event (a job setting tiers). The filter is SQL,
so every per-range read returns only those members' rows.
"""

from datetime import date

from sqlalchemy import BigInteger, Boolean, Date, Integer, String, bindparam, or_, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection

from app.data.queue_replan import MEMBER_FIELDS, QueueReplan
from app.data.tables import Member

NEVER = date(9999, 12, 31)  # nothing time alone can change (a member who may not be called)

_CHANGED = {"sqlite": "IS NOT", "postgresql": "IS DISTINCT FROM"}  # NULL-safe "differs"


def _due_sql(dialect: str) -> str:
    """due_members for the text queries of build.py (bound :lo, :hi, :today, :key)."""
    changed = " OR ".join(f"r.{f} {_CHANGED[dialect]} m.{f}" for f in MEMBER_FIELDS)
    return ("SELECT m.id FROM members m LEFT JOIN queue_replan r ON r.member_id = m.id"
            " WHERE m.id BETWEEN :lo AND :hi AND (r.member_id IS NULL OR r.replan_on <= :today"
            f" OR r.planned_on > :today OR r.plan_key <> :key OR {changed})")


DUE_PARAMS = (bindparam("today", type_=Date()), bindparam("key"))


def due_members(lo: int, hi: int, today: date, key: str):
    """The ids in [lo, hi] the nightly build plans today, as a subquery."""
    r = QueueReplan
    return (select(Member.id).outerjoin(r, r.member_id == Member.id)
            .where(Member.id.between(lo, hi),
                   or_(r.member_id.is_(None), r.replan_on <= today, r.planned_on > today, r.plan_key != key,
                       *(getattr(r, f).is_distinct_from(getattr(Member, f)) for f in MEMBER_FIELDS))))


def due_text(sql: str, due: bool, dialect: str) -> str:
    """`sql` (with a `{due}` slot after its WHERE) restricted to tonight's members, or not."""
    return sql.format(due=f" AND member_id IN ({_due_sql(dialect)})" if due else "", hint="{hint}")


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


__all__ = ["NEVER", "DUE_PARAMS", "due_members", "due_text", "write_days"]

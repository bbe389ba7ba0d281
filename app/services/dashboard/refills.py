"""Refills credited to the calls that led to them, written when the order or request arrives.

A reached call "led to a refill" (the refills KPI) when the same member orders, or asks for
a refill, within REFILL_WINDOW_DAYS after it. Whoever writes orders (imports, the demo) or
refill requests (a call save) calls `attribute_refills` for those members in the same
transaction, so the KPI counts one indexed column (calls.led_to_refill) instead of probing
the orders of every reached call. The console itself never writes: this is the one write
the dashboard owns, called by the writers.

On PostgreSQL the update runs in `caredesk_attribute_refills` (migration 0011), a
SECURITY DEFINER function: an agent's save must credit another agent's earlier call, which
the calls' row-level security would otherwise hide from its UPDATE.
"""

from collections.abc import Iterable

from sqlalchemy import BigInteger, and_, bindparam, exists, false, func, or_, select, true, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.data.tables import Call, Order, RefillRequest
from app.domain.codes import Disposition
from app.services.dashboard.sql import within_days_after

REFILL_WINDOW_DAYS = 14
_CHUNK = 5_000  # members per statement: short statements, no parameter limit on either engine


def refill_follows(dialect: str):
    """A refill request or an order of the same member within 14 days after the call (the rule)."""
    order = exists().where(
        Order.member_id == Call.member_id, Order.ordered_at > Call.started_at,
        within_days_after(Order.ordered_at, Call.started_at, REFILL_WINDOW_DAYS, dialect),
    )
    request = exists().where(
        RefillRequest.member_id == Call.member_id, RefillRequest.created_at > Call.started_at,
        within_days_after(RefillRequest.created_at, Call.started_at, REFILL_WINDOW_DAYS, dialect),
    )
    return or_(order, request)


def led_to_refill():
    """The KPI's side: a reached call credited with a refill (only reached calls are credited)."""
    return Call.led_to_refill == true()


def attribute_refills(conn: Session | Connection, member_ids: Iterable[int] | None) -> int:
    """Credit the reached calls of these members that an order or a refill request now follows
    (None: every member, the backfill). Set-based, in the caller's transaction; idempotent.
    Returns how many calls were newly credited."""
    dialect = conn.get_bind().dialect.name if isinstance(conn, Session) else conn.dialect.name
    if member_ids is None:
        return _update(conn, dialect, None)
    keys = sorted(set(member_ids))
    return sum(_update(conn, dialect, keys[i:i + _CHUNK]) for i in range(0, len(keys), _CHUNK))


def _update(conn: Session | Connection, dialect: str, members: list[int] | None) -> int:
    if dialect == "postgresql" and members is not None:
        ids = bindparam("members", members, type_=ARRAY(BigInteger))
        return int(conn.execute(select(func.caredesk_attribute_refills(ids))).scalar_one())
    calls = Call.__table__
    where = and_(calls.c.disposition == Disposition.REACHED.value, calls.c.led_to_refill == false(),
                 refill_follows(dialect))
    if members is not None:
        where = and_(calls.c.member_id.in_(members), where)
    return conn.execute(update(calls).where(where).values(led_to_refill=True)).rowcount or 0

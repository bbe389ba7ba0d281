"""The hot read of the queue build: every order line of a range of members, ordered as the
plan reads them, with the local order and delivery days worked out by the database (small
ints, not a datetime per line to parse and shift).

`paid=True` also returns each order's paid amount and whether any of it is kept (not all
refunded), and the orders without lines: what the lifecycle derives the stage from, so an
import reads its members' lines once for both (app.services.imports.after)."""

from collections import defaultdict
from datetime import date

from sqlalchemy import Date, Integer, cast, func, literal, select
from sqlalchemy.engine import Connection

from app.data.tables import Order, OrderLine
from app.domain.queue_plan import PlanContext
from app.data.bulk import pg_array
from app.services.queue.replan import Tonight

# One row per order line: (member, order, local day, local delivery day, product, quantity),
# with paid=True then (paid fen, kept) and orders without lines as (..., None, None, paid, kept).
LineRow = tuple


def local_day_sql(col, ctx: PlanContext, dialect: str):
    """The instant's local date as a day ordinal (date.toordinal()), computed by the database:
    the hot read then returns small ints, not a datetime per order line to parse and shift.
    None where only Python can do it (SQLite with a zone that has DST)."""
    if dialect == "postgresql":
        return (func.timezone(ctx.tz.key, col).cast(Date) - literal(date(1, 1, 1), Date) + 1) \
            if hasattr(ctx.tz, "key") else None
    off = ctx.fixed_offset
    if dialect != "sqlite" or off is None:
        return None
    # Whole seconds (the first 19 characters of the stored text): julianday() rounds to the
    # millisecond, which could carry 23:59:59.9995 into the next day. JD 1721425.5 is ordinal 1.
    shifted = func.julianday(func.substr(col, 1, 19), f"{int(off.total_seconds()):+d} seconds")
    return cast(shifted - 1721424.5, Integer)


def only(query, column, tonight: Tonight | None):
    """`query` restricted to a batch's members (a nightly build, scattered ids), if any."""
    return query if tonight is None else query.where(tonight.where(column))


def order_lines(conn: Connection, ctx: PlanContext, lo: int, hi: int, tonight: Tonight | None, *,
                paid: bool = False) -> list[LineRow]:
    """The order lines of the members in [lo, hi] (of `tonight`'s, if given), by member,
    then in the order placed (instant, then id)."""
    dialect = conn.dialect.name
    ordered_day = local_day_sql(Order.ordered_at, ctx, dialect)
    delivered_day = local_day_sql(Order.delivered_at, ctx, dialect)
    amounts = (Order.amount_fen - Order.refunded_fen, Order.refunded_fen < Order.amount_fen) if paid else ()
    if dialect == "postgresql" and ordered_day is not None:
        return _pg_order_lines(conn, ordered_day, delivered_day, amounts, lo, hi, tonight)
    query = (select(Order.member_id, Order.id, ordered_day, delivered_day, OrderLine.product_id, OrderLine.quantity,
                    *amounts)
             if ordered_day is not None else
             select(Order.member_id, Order.id, Order.ordered_at, Order.delivered_at, OrderLine.product_id,
                    OrderLine.quantity, *amounts))
    join = query.outerjoin if paid else query.join
    query = only(join(OrderLine, OrderLine.order_id == Order.id).where(Order.member_id.between(lo, hi))
                 .order_by(Order.member_id, Order.ordered_at, Order.id), Order.member_id, tonight)
    if dialect == "sqlite" and ordered_day is not None:
        # Plain ints only: straight from the driver, without a result Row per order line.
        compiled = query.compile(dialect=conn.dialect)
        cursor = conn.connection.cursor()
        rows = cursor.execute(str(compiled), [compiled.params[name] for name in compiled.positiontup]).fetchall()
        return rows
    rows = conn.execute(query).all()
    if ordered_day is None:  # a zone with DST on SQLite: shift each instant in Python
        local = ctx.local_ordinal
        return [(m, o, local(a), None if d is None else local(d), *rest) for m, o, a, d, *rest in rows]
    return [tuple(r) for r in rows]


# A join on the unnested ids, not `order_id = ANY(:ids)`: the array comes in as text, and
# PostgreSQL neither hashes such an array nor knows its length, so with the statistics of a
# table just filled in the same transaction (an import) it scanned every line against all
# ids of the range: 50,000 ids x 100,000 lines took 12 minutes. A join stays linear.
# The ids are cast inside a scalar subquery, so the planner does not see how many there are:
# told 100,000, it hashed all 5 M order lines for every batch of a night (2.4 s a batch
# against 0.22 s for the index lookups it takes when it does not know).
# The lines of an order by product id, as SQLite's (order_id, product_id) index returns them:
# the plan's rules read an order's first line, which the join's plan would otherwise decide.
# Sent to the driver as it is: a night reads a million lines, and a result Row each cost
# more than the read itself.
_LINES_OF_ORDERS = ("SELECT l.order_id, l.product_id, l.quantity FROM unnest((SELECT CAST(%(ids)s AS bigint[])))"
                    " AS k(id) JOIN order_lines AS l ON l.order_id = k.id ORDER BY l.order_id, l.product_id")
_NO_LINE = ((None, None),)


def _pg_order_lines(conn: Connection, ordered_day, delivered_day, amounts: tuple, lo: int, hi: int,
                    tonight: Tonight | None) -> list[LineRow]:
    """The range's orders through the (member_id, ordered_at) index, then their lines by
    order id through the order_lines key, as one array parameter. A join lets PostgreSQL's
    planner hash the whole order_lines table for every range (each of ~50 ranges at a
    million members read all 5 M lines); this way a range reads only its own rows."""
    orders = conn.execute(only(
        select(Order.member_id, Order.id, ordered_day, delivered_day, *amounts).where(Order.member_id.between(lo, hi))
        .order_by(Order.member_id, Order.ordered_at, Order.id), Order.member_id, tonight)).all()
    if not orders:
        return []
    lines: dict[int, list[tuple[int, int]]] = defaultdict(list)
    with conn.connection.driver_connection.cursor() as cursor:  # the session's connection: same transaction
        cursor.execute(_LINES_OF_ORDERS, {"ids": pg_array([o[1] for o in orders])})
        for oid, pid, qty in cursor.fetchall():
            lines[oid].append((pid, qty))
    if amounts:  # an order without lines is still an order the lifecycle counts
        return [(mid, oid, day, delivered, pid, qty, fen, kept) for mid, oid, day, delivered, fen, kept in orders
                for pid, qty in lines.get(oid) or _NO_LINE]
    return [(mid, oid, day, delivered, pid, qty) for mid, oid, day, delivered in orders
            for pid, qty in lines.get(oid, ())]


__all__ = ["LineRow", "local_day_sql", "only", "order_lines"]

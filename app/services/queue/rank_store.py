"""The stored rank (app/data/queue_rank.py): written here, read as the ranking's candidates.

A member's score for any agent at any time is at most
  base + min(cap, rate x days late) = min(base + cap, late_key + rate x now),
where base takes every open task (a larger set never lowers app.domain.priority's score)
and every bonus that may apply (the best slot only for members with best times), and days late count from the earliest open task. So the
members come best-first from two index reads: those whose lateness is capped by base, the
others by late_key. Members whose tasks changed since their rank was written (the triggers'
dirty list), and members with an open urgent complaint (tickets are not in the rank), are
scored exactly by the ranking's aggregate and merged in. With too many dirty members (a
fresh upgrade, a bulk write not yet ranked) the aggregate over every due member is the
answer, as it was before the stored rank.
"""

import heapq
import json
import math
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from functools import lru_cache, partial
from typing import NamedTuple

from sqlalchemy import (
    BigInteger, Float, Integer, and_, bindparam, case, cast, delete, false, func, insert, literal, literal_column, null,
    or_, select, text, tuple_, union_all,
)
from sqlalchemy.engine import Connection

from app.data.base import UTCDateTime
from app.data.bulk import among
from app.data.queue_rank import QueueRank, QueueRankDirty
from app.data.tables import OPEN_TASK, FollowUpTask, Member, Ticket
from app.domain.codes import TaskReason, TaskStatus
from app.domain.priority import (
    BEST_SLOT, CALLBACK_DUE, LATENESS_CAP, LATENESS_PER_DAY, OWNER_BONUS, SECONDARY_REASON_SHARE,
)

ROUNDING = 0.51  # live_score rounds to the nearest point
CAP_DAYS = LATENESS_CAP / LATENESS_PER_DAY
# A member is filed as capped a day before their lateness reaches the cap, so the nightly
# refresh keeps every bound tight until the next night (early is only looser, never wrong).
CAPPED_AHEAD = timedelta(days=1)
DIRTY_LIMIT = 5000  # more dirty members than this: the full aggregate (a fresh upgrade)
PAGE_MAX = 1024  # the most rows one page of an index read asks for
_EPOCH_JD = 2440587.5  # julianday of 1970-01-01


def _days(conn: Connection, instant):
    """An instant as days since 1970 (float), on either engine."""
    if conn.dialect.name == "sqlite":
        return func.julianday(instant) - _EPOCH_JD
    return func.extract("epoch", instant) / 86400.0


def _whole(conn: Connection, value):
    """floor(value) as an integer, on either engine (SQLite may be built without floor)."""
    if conn.dialect.name == "sqlite":
        whole = cast(value, Integer)
        return whole - case((value < whole, 1), else_=0)
    return cast(func.floor(value), Integer)


def epoch_days(now: datetime) -> float:
    return now.timestamp() / 86400.0


def rerank(conn: Connection, now: datetime, member_ids: Iterable[int] | None = None) -> int:
    """Write the rank of these members (every dirty member with None) from their open tasks;
    members without open tasks lose theirs. The members reranked."""
    if member_ids is None:
        ids = list(conn.execute(select(QueueRankDirty.member_id)).scalars())
    else:
        ids = sorted(set(member_ids))
    for start in range(0, len(ids), 50_000):
        _rerank(conn, now, ids[start:start + 50_000])
    return len(ids)


def _rerank(conn: Connection, now: datetime, ids: list[int]) -> None:
    if not ids:
        return
    t = FollowUpTask
    top, total = func.max(t.priority), func.sum(t.priority)
    base = (top + SECONDARY_REASON_SHARE * (total - top) + ROUNDING
            + BEST_SLOT * func.max(case((Member.best_times != "", 1), else_=0))
            + CALLBACK_DUE * func.max(case((t.reason == TaskReason.CALLBACK.value, 1), else_=0))
            + OWNER_BONUS * func.max(case((t.assigned_agent_id.is_not(None), 1), else_=0)))
    due_min = func.min(t.due_at)
    claimed = t.status == TaskStatus.CLAIMED.value
    claimer = case((claimed, t.claimed_by_id))
    one_owner = and_(func.count() == func.count(t.assigned_agent_id),
                     func.min(t.assigned_agent_id) == func.max(t.assigned_agent_id))
    rows = (select(t.member_id, base.label("base"), (base - LATENESS_PER_DAY * _days(conn, due_min)).label("late_key"),
                   due_min.label("due_min"),
                   (due_min <= literal(now + CAPPED_AHEAD - timedelta(days=CAP_DAYS), t.due_at.type)).label("capped"),
                   (-_whole(conn, base + float(LATENESS_CAP))).label("capped_order"),
                   case((one_owner, func.min(t.assigned_agent_id))).label("reserved_for"),
                   func.min(t.owner_only_until).label("reserved_until"),
                   case((func.min(claimer) == func.max(claimer), func.min(claimer))).label("held_by"),
                   func.min(case((claimed, t.lease_until))).label("held_until"))
            .join(Member, Member.id == t.member_id)
            .where(OPEN_TASK, among(conn, t.member_id, ids, by_index=True)).group_by(t.member_id))
    r = QueueRank.__table__
    conn.execute(delete(r).where(among(conn, r.c.member_id, ids, by_index=True)))
    conn.execute(insert(r).from_select(["member_id", "base", "late_key", "due_min", "capped", "capped_order", "reserved_for",
                                        "reserved_until", "held_by", "held_until"], rows))
    d = QueueRankDirty.__table__
    conn.execute(delete(d).where(among(conn, d.c.member_id, ids, by_index=True)))


def refresh_capped(conn: Connection, now: datetime) -> None:
    """The night's refresh of which members' lateness is capped, and of the reservations
    that ended (only tightness and the reads' cost depend on it): a member whose owner's
    reservation has ended goes to the pool, so the lapsed arm stays a few rows."""
    r = QueueRank.__table__
    conn.execute(r.update().where(text("NOT capped"),
                                  r.c.due_min <= now + CAPPED_AHEAD - timedelta(days=CAP_DAYS)).values(capped=True))
    conn.execute(r.update().where(r.c.reserved_for.is_not(None), r.c.reserved_until <= now)
                 .values(reserved_for=None))


class FirstRead(NamedTuple):
    """The candidates' first read: its rows (kind, member id, key, due, *where), and how it
    was read, which the pages after it follow."""

    rows: list[tuple]
    own_claims: bool
    page: int


def first_read(conn: Connection, now: datetime, agent: int | None, *, own_claims: bool, page: int,
               header=None, header_params: dict | None = None) -> tuple[FirstRead, tuple | None]:
    """The candidates' first read (candidates' `first`): the dirty members, the urgent ones
    and the first page of every arm. With `header`, a select of one row, the same statement
    also gives that row's values (else None): claim_next's agent state and queue settings
    come with it, a round trip fewer."""
    read = {**_bounds(now, agent), **(header_params or {})}
    rows, values = [], None
    width = 4 + len(_WHERE_COLUMNS)
    for row in conn.execute(_first_read(conn.dialect.name, own_claims, page, header), read).all():
        if row[0] == _HEADER:
            values = tuple(row[width:])
        else:
            rows.append(tuple(row[:width]))
    return FirstRead(rows, own_claims, page), values


def _bounds(now: datetime, agent: int | None) -> dict:
    """The arms' parameters. The rising arms' bound: late_key + rate x now (a capped arm's
    key is its bound)."""
    return {"agent": agent, "now": now, "cap": float(LATENESS_CAP), "rising": float(LATENESS_PER_DAY) * epoch_days(now)}


def candidates(conn: Connection, now: datetime, every, only, params: dict, *,
               own_claims: bool = True, page: int = 64, first: FirstRead | None = None) -> Iterator[tuple]:
    """(member id, upper bound of their score, at or before their earliest due task, where
    the member is) in the queue's tie order (level_order): best whole points of the bound
    first, then the due time, then the member id. The due time is the stored rank's earliest
    open task, or the aggregate's earliest eligible task; None: not known. Where: (timezone,
    phone, region, best times) for stored rows, whose bound holds the best-slot bonus for any
    member with best times; None for rows the aggregate scored.
    `every` is the ranking's aggregate over every due member, `only` the same restricted to
    the members of its `only` parameter. `own_claims=False`: leave out the members this agent
    holds already (claim_next wants someone new). `page`: rows the first read takes from
    each index (later reads double it). `first`: that read, made by the caller (first_read),
    whose `own_claims` and `page` then hold for the reads after it.

    One statement reads the dirty members, the urgent ones and the first page of every arm;
    it is built once per page size, its limits written in (the driver prepares each)."""
    dialect = conn.dialect.name
    read = _bounds(now, params["agent"])
    if first is None:
        first, _ = first_read(conn, now, params["agent"], own_claims=own_claims, page=page)
    own_claims, page = first.own_claims, first.page
    pages: dict[int, list] = {kind: [] for kind in _ARMS}
    dirty, urgent = [], []
    for kind, member_id, key, due, *where in first.rows:
        (pages[kind] if kind in pages else dirty if kind == _DIRTY else urgent).append((member_id, key, due, *where))
    if len(dirty) > DIRTY_LIMIT:
        yield from by_level(_stream(conn.execute(every, params, execution_options={"stream_results": True})))
        return
    special = {row[0] for row in dirty} | {row[0] for row in urgent}
    exact: list[tuple[int, float, datetime | None]] = []
    if special:
        wanted = sorted(special) if dialect == "postgresql" else json.dumps(sorted(special))
        exact = sorted(((m, float(u), due, None) for m, u, due in conn.execute(only, {**params, "only": wanted})),
                       key=level_order)
    arms = [_arm(conn, kind, pages[kind], page, partial(_more_read, dialect, own_claims, kind), read)
            for kind in _ARMS]
    stored = heapq.merge(*arms, key=level_order)
    yield from heapq.merge(exact, (row for row in stored if row[0] not in special), key=level_order)


_EARLIEST = datetime.min.replace(tzinfo=UTC)


def level_order(row: tuple) -> tuple:
    """A candidate's place: the whole points of its bound (no member scores more), then its
    due time (at or before the member's earliest: None, unknown, first), then its id; the
    queue breaks ties of the score the same way (rank.sort_key)."""
    member_id, upper, due = row[:3]
    return -math.floor(upper), _EARLIEST if due is None else due, member_id


def by_level(rows: Iterator[tuple]) -> Iterator[tuple]:
    """Rows that come by bound, best first, in level_order: the rows of equal whole points are
    read whole and sorted (a capped arm's index gives that order itself)."""
    level, group = None, []
    for row in rows:
        whole = math.floor(row[1])
        if whole != level:
            group.sort(key=level_order)
            yield from group
            level, group = whole, []
        group.append(row)
    group.sort(key=level_order)
    yield from group


def _arm(conn: Connection, kind: int, rows: list, page: int, more, read: dict) -> Iterator[tuple]:
    """One index read in level_order: the first page given (`page` rows asked), then pages
    after the last row (`more(n)`: keyset, in the index's order: (capped_order, due, member
    id) for a capped arm, whose key is its bound; (key, member id) descending for the
    others, put in level order by by_level)."""
    if kind in _CAPPED:
        return _pages(conn, rows, page, more, read, 0.0, lambda member, key, due: {"seek": -int(key), "due": due,
                                                                                  "member": member})
    shift = read["rising"] if kind in _RISING else 0.0
    return by_level(_pages(conn, rows, page, more, read, shift,
                           lambda member, key, _due: {"key": key, "member": member}))


def _pages(conn: Connection, rows: list, page: int, more, read: dict, shift: float, after) -> Iterator[tuple]:
    """The rows page by page, each with its bound (the key plus `shift`); `after(member id,
    key, due)` of the last row gives the next page's keyset parameters."""
    while True:
        for member_id, key, due, *where in rows:
            yield member_id, float(key) + shift, due, where
        if len(rows) < page:
            return
        page = min(page * 2, PAGE_MAX)
        rows = conn.execute(more(page), {**read, **after(*rows[-1][:3])}).all()


# Where the member is and their best times: the ranking tightens a stored bound with them
# (the best-slot bonus only while the member is in that slot).
_WHERE_COLUMNS = (Member.timezone, Member.phone_e164, Member.region, Member.best_times)


# The arms of the best-first read, each an index read of its own (kind, where, key): the
# pool (no one owner), this agent's own reserved members, and other owners' members whose
# reservation has ended (few: refresh_capped hands them to the pool each night). Reading
# one index for all three skipped every other owner's live reservation at the top: 3,100
# index rows per claim at 100,000 members.
_CAPPED_POOL, _RISING_POOL, _CAPPED_MINE, _RISING_MINE, _LAPSED = _ARMS = range(5)
_DIRTY, _URGENT, _HEADER = 5, 6, 7  # the first read's other rows
_CAPPED, _RISING = (_CAPPED_POOL, _CAPPED_MINE), (_RISING_POOL, _RISING_MINE)


def _arm_read(dialect: str, own_claims: bool, kind: int, *, after: bool, n: int, where_columns: bool = True):
    """One arm's best-first read of `n` rows (`after`: those after a keyset); `where_columns`:
    with the member's (_WHERE_COLUMNS), else the caller joins them."""
    r = QueueRank.__table__.alias("r")  # short: the first read stays under 4 KB
    agent = bindparam("agent", type_=BigInteger())
    now = bindparam("now", type_=UTCDateTime())
    # A member another agent holds a live claim on scores nothing for this agent
    # (app.domain.claims.held_by_other).
    not_held = or_(r.c.held_by.is_(None), r.c.held_until.is_(None), r.c.held_until < now,
                   r.c.held_by == agent if own_claims else false())
    # A member reserved whole for another owner scores nothing for this agent until the
    # reservation ends (app.domain.claims.reserved_for_other), and then without the owner's
    # bonus, which their base holds.
    lapsed_key = (case((r.c.capped, r.c.base + bindparam("cap", type_=Float())),
                       else_=r.c.late_key + bindparam("rising", type_=Float())) - OWNER_BONUS)
    # A capped arm's key is its bound's whole points, in its index's order (equal points
    # earliest due first); the others' keys are read by their indexes best first.
    capped_key = cast(-r.c.capped_order, Float())
    where, key = {
        _CAPPED_POOL: (and_(text("capped"), r.c.reserved_for.is_(None)), capped_key),
        _RISING_POOL: (and_(text("NOT capped"), r.c.reserved_for.is_(None)), r.c.late_key),
        _CAPPED_MINE: (and_(text("capped"), r.c.reserved_for == agent), capped_key),
        _RISING_MINE: (and_(text("NOT capped"), r.c.reserved_for == agent), r.c.late_key),
        _LAPSED: (and_(r.c.reserved_for.is_not(None), r.c.reserved_until <= now, r.c.reserved_for != agent),
                  lapsed_key),
    }[kind]
    q = select(_written(kind).label("kind"), r.c.member_id, key.label("key"), r.c.due_min).where(where, not_held)
    if where_columns:
        q = q.add_columns(*_WHERE_COLUMNS).join(Member, Member.id == r.c.member_id)
    if kind in _CAPPED:
        if after:  # the rows after the last one read, in the index's order
            q = q.where(tuple_(r.c.capped_order, r.c.due_min, r.c.member_id) > tuple_(
                bindparam("seek", type_=Integer()), bindparam("due", type_=UTCDateTime()),
                bindparam("member", type_=BigInteger())))
        return q.order_by(r.c.capped_order.asc(), r.c.due_min.asc(), r.c.member_id.asc()).limit(_written(n))
    if after:
        q = q.where(tuple_(key, r.c.member_id) < tuple_(bindparam("key", type_=Float()),
                                                        bindparam("member", type_=BigInteger())))
    return q.order_by(key.desc(), r.c.member_id.desc()).limit(_written(n))


def _written(n: int):
    """A whole number written into the statement's text (a limit; an arm's kind, shorter
    than a parameter). With a LIMIT parameter PostgreSQL's generic
    plan looks 100 times dearer than it is (it planned every claim's first read afresh, 1.1
    ms of its 1.4 ms); a `literal_execute` parameter instead is rendered again by SQLAlchemy on
    every execution (a tenth of a claim's client CPU). Each page size is a statement of its
    own, built once (_first_read, _more_read), which the driver prepares."""
    return literal_column(str(int(n)), Integer())


@lru_cache(maxsize=64)
def _first_read(dialect: str, own_claims: bool, n: int, header=None):
    """The first page (`n` rows) of every arm, the dirty members and the urgent ones; the
    arms' rows with where their member is, joined once; with `header` (a select of one row),
    a row of kind _HEADER with its columns after those. Kept under psycopg's 4 KB for a
    statement whose conversion it caches (a longer one is parsed again on every claim)."""
    d = QueueRankDirty.__table__
    no_key, no_due = cast(null(), Float()).label("key"), cast(null(), UTCDateTime()).label("due_min")
    no_member = cast(null(), BigInteger()).label("member_id")
    # The selects with a LIMIT in a subquery each (SQLite takes no LIMIT in a UNION's part).
    limited = [*(_arm_read(dialect, own_claims, kind, after=False, n=n, where_columns=False) for kind in _ARMS),
               select(_written(_DIRTY).label("kind"), d.c.member_id, no_key, no_due).limit(_written(DIRTY_LIMIT + 1))]
    rows = union_all(*(select(*q.subquery().c) for q in limited),
                     select(_written(_URGENT).label("kind"), Ticket.member_id, no_key, no_due)
                     .where(Ticket.status != "resolved", Ticket.severity == "urgent").distinct(),
                     *([select(_written(_HEADER).label("kind"), no_member, no_key, no_due)] if header is not None else []),
                     ).subquery("arms")
    q = (select(rows.c.kind, rows.c.member_id, rows.c.key, rows.c.due_min, *_WHERE_COLUMNS).select_from(rows)
         .outerjoin(Member, and_(Member.id == rows.c.member_id, rows.c.kind < _written(_DIRTY))))
    if header is None:
        return q
    h = header.subquery("h")
    return q.add_columns(*h.c).outerjoin(h, rows.c.kind == _written(_HEADER))


@lru_cache(maxsize=128)
def _more_read(dialect: str, own_claims: bool, kind: int, n: int):
    """One arm's next page of `n` rows, after the keyset of the last row read."""
    page = _arm_read(dialect, own_claims, kind, after=True, n=n).subquery()
    return select(page.c.member_id, page.c.key, page.c.due_min, *(page.c[c.key] for c in _WHERE_COLUMNS))


def _stream(result) -> Iterator[tuple]:
    try:
        while rows := result.fetchmany(PAGE_MAX):
            for member_id, upper, due in rows:
                yield member_id, float(upper), due, None
    finally:
        result.close()


__all__ = ["FirstRead", "by_level", "candidates", "first_read", "level_order", "refresh_capped", "rerank"]

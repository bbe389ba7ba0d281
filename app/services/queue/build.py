"""The daily queue build and the one-member rebuild: stream members and their orders in id
ranges, plan each member's tasks (app.domain.queue_plan), and write only the differences in bulk.

Idempotent: a planned task equal to an open one changes nothing, and one already closed
for the same member, reason and due time is not reopened. Set-based UPDATEs expire stale
tasks and return expired leases to the pool; nothing here loads one ORM object per row.
"""

import statistics
import time as _time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache, partial

from sqlalchemy import or_, select, text, update
from sqlalchemy.orm import Session

from app.data.bulk import sqlite_cache, update_rows
from app.data.claims import expired_claim
from app.data.tables import Call, FollowUpTask, HealthProfile, Member, Order, OrderLine, Product, Ticket
from app.domain.compliance import may_be_called
from app.domain.attempts import CONTACT
from app.domain.care_calendar import CareCalendar
from app.domain.clock import Clock
from app.domain.codes import TaskReason, TaskStatus
from app.domain.queue_settings import DEFAULT_SETTINGS, QueueSettings
from app.domain.queue_plan import (
    Line, MemberFacts, PlanContext, PlannedTask, ProductInfo, Reported, Soon, owner_holds, plan_member,
)
from app.services.collector import rare_full_collections
from app.services.queue.rank_store import refresh_capped, rerank
from app.services.queue.order_lines import local_day_sql as _local_day_sql  # noqa: F401 (app.services.queue's)
from app.services.queue.order_lines import only as _only, order_lines
from app.services.queue.replan import NEVER, Tonight, due_members, write_days
from app.services.queue.writes import new_row, write
from app.services.settings import queue_settings

CHUNK = 20_000  # member ids per range: big enough for few round trips, small in memory
# Reasons whose open task is withdrawn when the data no longer calls for it (a reorder
# ends a refill or churn call, a recent call ends a cadence call); the others simply run
# to the end of their window.
WITHDRAWN_WHEN_STALE = {TaskReason.REFILL.value, TaskReason.CHURN_RISK.value, TaskReason.CADENCE.value}
GENERATED = {r.value for r in TaskReason} - {TaskReason.CALLBACK.value}
CLOSED_MEMORY_DAYS = 60  # a task worked this many days ago still keeps its due day from being planned again


@dataclass(frozen=True)
class BuildSummary:
    day: date
    members: int
    created: int
    updated: int
    withdrawn: int
    expired: int
    leases_returned: int
    seconds: float


def plan_context(session: Session, clock: Clock, settings: QueueSettings) -> PlanContext:
    products = {
        pid: ProductInfo(name, name_en or name, category, pack_days)
        for pid, name, name_en, category, pack_days in session.execute(
            select(Product.id, Product.name, Product.name_en, Product.category, Product.pack_days))
    }
    by_cat: dict[str, list[int]] = defaultdict(list)
    for info in products.values():
        by_cat[info.category].append(info.pack_days)
    # A short history borrows its category's usual interval: the median pack length.
    category_gap = {cat: int(statistics.median(days)) for cat, days in by_cat.items()}
    return PlanContext(today=clock.today(), now=clock.now(), tz=clock.tz, settings=settings,
                       products=products, category_gap=category_gap, calendar=CareCalendar.load())


def expire_and_return_leases(session: Session, clock: Clock) -> tuple[int, int]:
    now = clock.now()
    expired = session.execute(
        update(FollowUpTask)
        .where(FollowUpTask.status == TaskStatus.OPEN.value, FollowUpTask.due_until < now)
        .values(status=TaskStatus.CANCELLED.value, closed_at=now, close_reason="expired",
                version=FollowUpTask.version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount or 0
    returned = session.execute(
        update(FollowUpTask)
        .where(expired_claim(now))
        .values(status=TaskStatus.OPEN.value, claimed_by_id=None, lease_until=None,
                version=FollowUpTask.version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount or 0
    return expired, returned


def build_all(session: Session, clock: Clock, settings: QueueSettings = DEFAULT_SETTINGS,
              *, progress=None, every_member: bool = True) -> BuildSummary:
    """The build in id ranges, inside the caller's transaction: every member, or (the
    nightly job, `every_member=False`) only those whose plan time alone may have changed
    since they were last planned (app.services.queue.replan). Both give the same tasks."""
    started = _time.perf_counter()
    with sqlite_cache(session.connection(), BUILD_CACHE_KIB), rare_full_collections():
        return _build_all(session, clock, settings, progress, started, due=not every_member)


BUILD_CACHE_KIB = 512 * 1024  # a million-member build writes half a million tasks into five indexes


def _build_all(session: Session, clock: Clock, settings: QueueSettings, progress, started: float,
               *, due: bool) -> BuildSummary:
    ctx = plan_context(session, clock, settings)
    expired, returned = expire_and_return_leases(session, clock)
    lo_hi = session.execute(select(Member.id).order_by(Member.id.desc()).limit(1)).scalar()
    totals = [0, 0, 0, 0]
    last = lo_hi or 0
    # Read once, not per range (closed tasks have no member index: each read walks them by
    # status and due day); a nightly build keeps only tonight's members'.
    only = due_members(0, last, ctx.today, ctx.key) if due else None
    closed, tickets = _closed_keys(session, ctx, None, only), _resolved_tickets(session, ctx, None, only)
    if due:  # tonight's members, in batches of CHUNK members (not of CHUNK ids)
        ids = list(session.connection().execute(only.order_by(Member.id)).scalars())
        dialect = session.connection().dialect.name
        batches = [(part[0], part[-1], Tonight(dialect, part)) for part in (ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK))]
    else:
        batches = [(lo, lo + CHUNK - 1, None) for lo in range(0, last + 1, CHUNK)]
    for lo, hi, tonight in batches:
        counts = _build_range(session, ctx, lo, hi, closed, tickets, tonight=tonight)
        totals = [a + b for a, b in zip(totals, counts)]
        if progress is not None:
            progress(min(hi, last), last)
    conn = session.connection()
    rerank(conn, ctx.now)  # every member whose tasks the night changed (the triggers' list)
    refresh_capped(conn, ctx.now)
    return BuildSummary(ctx.today, totals[0], totals[1], totals[2], totals[3], expired, returned,
                        round(_time.perf_counter() - started, 3))


def refresh_members(session: Session, clock: Clock, member_ids: Iterable[int],
                    settings: QueueSettings | None = None, *,
                    before_plan: Callable[[list[int], list[tuple]], None] | None = None) -> BuildSummary:
    """Re-plan these members inside the caller's transaction, with the very function the
    daily build runs per range (_build_range): an order imported, an outcome saved, a ticket
    resolved, a consent change or a member edit calls this, so the queue is current at once
    and the daily build only finds what time alone changed.

    `before_plan(ids, lines)` is called for each batch before its members are read, with
    the batch's member ids and their order lines as read for the plan (order_lines, with
    paid=True): an import derives their lifecycle from them and writes their rows."""
    started = _time.perf_counter()
    session.flush()  # the caller's changes, for the range reads on the connection
    ids = sorted(set(member_ids))
    # The centre's settings unless the caller has them: the build plans with those too.
    ctx = plan_context(session, clock, settings or queue_settings(session))
    totals = [0, 0, 0, 0]
    if ids:
        span = (ids[0], ids[-1])
        closed, tickets = _closed_keys(session, ctx, span), _resolved_tickets(session, ctx, span)
        for lo, hi, only in _batches(session.connection().dialect.name, ids):
            hook = None
            if before_plan is not None:
                batch = only.ids if only is not None else list(range(lo, hi + 1))
                hook = partial(before_plan, batch)
            counts = _build_range(session, ctx, lo, hi, closed, tickets, tonight=only, before_plan=hook)
            totals = [a + b for a, b in zip(totals, counts)]
        rerank(session.connection(), ctx.now, ids)  # their stored rank, from the tasks as they now are
    return BuildSummary(ctx.today, *totals, 0, 0, round(_time.perf_counter() - started, 3))


RUNS_AT_MOST = 8  # a few runs of consecutive ids are read as ranges; more, as batches of the ids


def _batches(dialect: str, ids: list[int]) -> list[tuple[int, int, Tonight | None]]:
    """Sorted ids as the ranges _build_range plans: a few runs of consecutive ids as plain
    ranges; scattered ids (an import touching thousands of members) as batches of CHUNK ids,
    every read of a batch restricted to its ids (replan.Tonight, as in the nightly build),
    so the cost is a few statements per batch, not per run."""
    runs = list(_runs(ids))
    if len(runs) <= RUNS_AT_MOST:
        return [(lo, hi, None) for lo, hi in runs]
    parts = (ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK))
    return [(part[0], part[-1], Tonight(dialect, part)) for part in parts]


def _runs(ids: list[int]) -> Iterable[tuple[int, int]]:
    """Sorted ids as (lo, hi) runs of consecutive ids, so a range read never spans others."""
    lo = prev = ids[0]
    for mid in ids[1:]:
        if mid != prev + 1:
            yield lo, prev
            lo = mid
        prev = mid
    yield lo, prev


def _key(ctx: PlanContext, member_id: int, reason: str, due_at: datetime) -> tuple[int, str, int]:
    """A task worked for this member, reason and local due day is not planned again that day
    (whatever the hour: a callback or a hand-booked task due at 08:00 covers the day's plan)."""
    return member_id, reason, ctx.local_ordinal(due_at)


def _closed_keys(session: Session, ctx: PlanContext, ids, only=None) -> set[tuple[int, str, int]]:
    """Tasks closed lately (done, unreached, cancelled): never planned again for that due time."""
    since = ctx.day_start(ctx.today - timedelta(days=CLOSED_MEMORY_DAYS))
    q = select(FollowUpTask.member_id, FollowUpTask.reason, FollowUpTask.due_at).where(
        FollowUpTask.status.in_([TaskStatus.DONE.value, TaskStatus.UNREACHED.value, TaskStatus.CANCELLED.value]),
        FollowUpTask.due_at >= since)
    if ids:
        q = q.where(FollowUpTask.member_id.between(*ids))
    if only is not None:
        q = q.where(FollowUpTask.member_id.in_(only))
    return {_key(ctx, m, r, d) for m, r, d in session.execute(q)}


def _resolved_tickets(session: Session, ctx: PlanContext, ids, only=None) -> dict[int, tuple[int, datetime, str]]:
    since = ctx.now - ctx.settings.revisit_after_resolution - timedelta(days=4)
    q = select(Ticket.member_id, Ticket.id, Ticket.resolved_at, Ticket.category).where(
        Ticket.status == "resolved", Ticket.resolved_at >= since).order_by(Ticket.resolved_at)
    if ids:
        q = q.where(Ticket.member_id.between(*ids))
    if only is not None:
        q = q.where(Ticket.member_id.in_(only))
    return {m: (t, at, cat) for m, t, at, cat in session.execute(q)}  # the latest wins


def _build_range(session: Session, ctx: PlanContext, lo: int, hi: int, closed, tickets, *,
                 tonight: Tonight | None = None, before_plan: Callable[[list[tuple]], None] | None = None) -> list[int]:
    # Reads here are Core results on the connection, fetched whole (a chunk is small): the
    # ORM result layer and row-at-a-time fetching cost more than the planning itself.
    # `tonight`: only these members of the range (a nightly build), in every read.
    conn = session.connection()
    only = tonight
    params = {"lo": lo, "hi": hi, **(tonight.params if tonight is not None else {})}
    lines = order_lines(conn, ctx, lo, hi, only, paid=before_plan is not None)
    if before_plan is not None:
        before_plan(lines)  # it may write the members' rows: they are read below
    members: dict[int, MemberFacts] = {}
    blocked: set[int] = set()
    seen: dict[int, tuple] = {}  # what the plan read of each member (queue_replan keeps it)
    query = (select(Member.id, Member.tier, Member.total_spent_fen, Member.gender, Member.birth_date,
                    Member.owner_id, Member.medical_flag, Member.consent, Member.do_not_call)
             .where(Member.id.between(lo, hi)))
    for mid, tier, spent, gender, birth, owner, medical, consent, dnc in conn.execute(
        _only(query, Member.id, only)
    ).all():
        seen[mid] = (tier, spent, gender, birth, owner, bool(medical), bool(consent), bool(dnc))
        if not may_be_called(consent, dnc):
            blocked.add(mid)  # never queued: no consent counts as a refusal
            continue
        members[mid] = MemberFacts(mid, tier, spent or 0, gender, birth, owner, bool(medical), lines_sorted=True)
    if members or blocked:
        _load_facts(session, ctx, lo, hi, members, tickets, only, lines)
    existing: dict[int, dict[str, tuple]] = defaultdict(dict)
    for row in conn.execute(_ranged(_OPEN_IN_RANGE_SQL, _OPEN_COLUMNS, conn.dialect.name, only is not None),
                            params).all():
        existing[row[1]][row[2]] = (row[0], row[3], row[4], row[5:])

    inserts: list[dict] = []
    updates: list[tuple[int, PlannedTask]] = []
    withdraw: list[int] = []
    cancel_blocked = [t[0] for mid in blocked for t in existing.get(mid, {}).values()]
    days = dict.fromkeys(blocked, NEVER)  # planned again by the event that lets them be called
    for mid, facts in members.items():
        have = existing.get(mid, {})
        soon = Soon(ctx.today_o)
        planned = {p.reason: p for p in plan_member(facts, ctx, soon)}
        for reason, task in planned.items():
            current = have.get(reason)
            key = _key(ctx, mid, reason, task.due_at)
            if key in closed:  # until the worked task is forgotten (_closed_keys)
                soon.at(key[2] + CLOSED_MEMORY_DAYS + 1)
            if current is None:
                if key not in closed:
                    inserts.append(new_row(mid, task, ctx))
            elif (current[1], *current[3]) != _planned_fields(task) and key not in closed:
                if current[2] == TaskStatus.OPEN.value:
                    # Anything the plan sets differs (priority, window, refs); never moved back onto
                    # a due time already worked (an outcome's own follow-up keeps its time).
                    updates.append((current[0], task))
                else:
                    soon.tomorrow()  # claimed now: rewritten by a build after the claim
        for reason, (tid, _due, status, _rest) in have.items():
            if reason not in planned and reason in WITHDRAWN_WHEN_STALE:
                if status == TaskStatus.OPEN.value:
                    withdraw.append(tid)
                else:
                    soon.tomorrow()
        if facts.owner_id is not None and facts.tier in ctx.settings.vip_tiers:
            # The owner's hold moves when one of the member's tasks falls due (owner_holds).
            dues = [t[1] for r, t in have.items() if r != TaskReason.CALLBACK] + [p.due_at for p in planned.values()]
            for due_at in dues:
                if due_at > ctx.now:
                    soon.at(max(ctx.local_ordinal(due_at), ctx.today_o + 1))
        days[mid] = date.fromordinal(soon.day)
    write(session, ctx, inserts, updates, withdraw, cancel_blocked)
    owners = {mid: f.owner_id for mid, f in members.items()
              if f.owner_id is not None and f.tier in ctx.settings.vip_tiers}
    held = _hold_for_owners(session, ctx, lo, hi, owners) if owners else 0
    write_days(conn, ctx.key, ctx.today, days, seen)  # last: the reads above select by the old days
    return [len(members), len(inserts), len(updates) + held, len(withdraw) + len(cancel_blocked)]


def _hold_for_owners(session: Session, ctx: PlanContext, lo: int, hi: int, owners: dict[int, int]) -> int:
    """Every open task of an owned VIP (whatever its reason, whoever created it, except a
    callback an agent booked) held for the owner until one shared hand-off: owner_holds.
    A task a supervisor moved to someone else stays theirs. Returns the tasks rewritten."""
    conn = session.connection()
    # Only the owned members' tasks: reading the range's (or tonight's) every open task cost
    # a million-member night more than the holds themselves.
    owned = Tonight(conn.dialect.name, sorted(owners))
    query = _ranged(_OWNED_IN_RANGE_SQL, _OWNED_COLUMNS, conn.dialect.name, True)
    by_member: dict[int, list] = defaultdict(list)
    for row in conn.execute(query, {"lo": lo, "hi": hi, **owned.params}).all():
        owner = owners[row.member_id]
        if row.assigned_agent_id in (None, owner):
            by_member[row.member_id].append(row)
    changed: list[dict] = []
    for mid, rows in by_member.items():
        for row, until in zip(rows, owner_holds(ctx, [(r.due_at, r.created_at) for r in rows])):
            if row.assigned_agent_id != owners[mid] or row.owner_only_until != until:
                changed.append({"_id": row.id, "assigned_agent_id": owners[mid], "owner_only_until": until})
    # One statement for the lot: an UPDATE per task fires the rank's statement trigger per
    # task (with a plan cached for a large statement, 138 s of a 212 s night at a million
    # members before migration 0022).
    update_rows(conn, FollowUpTask.__table__, changed, bump_version=True)
    return len(changed)


_OWNED_IN_RANGE_SQL = """
SELECT id, member_id, due_at, created_at, assigned_agent_id, owner_only_until FROM follow_up_tasks {hint}
WHERE member_id BETWEEN :lo AND :hi AND status IN ('open', 'claimed') AND reason != 'callback'{due}
ORDER BY member_id, id
"""
_OWNED_COLUMNS = (FollowUpTask.id, FollowUpTask.member_id, FollowUpTask.due_at, FollowUpTask.created_at,
                  FollowUpTask.assigned_agent_id, FollowUpTask.owner_only_until)


# A range's open tasks, from the partial (member_id, reason) index. SQLite is told so: with
# statistics taken before the tasks existed its planner walks the (status, due_at) index,
# i.e. every open task for every range, and the build grows with the square of its size.
_OPEN_IN_RANGE_SQL = """
SELECT id, member_id, reason, due_at, status, due_until, priority, product_id, order_id, ticket_id, detail
FROM follow_up_tasks {hint}
WHERE member_id BETWEEN :lo AND :hi AND status IN ('open', 'claimed'){due}
"""
_OPEN_COLUMNS = (FollowUpTask.id, FollowUpTask.member_id, FollowUpTask.reason, FollowUpTask.due_at, FollowUpTask.status,
                 FollowUpTask.due_until, FollowUpTask.priority, FollowUpTask.product_id, FollowUpTask.order_id,
                 FollowUpTask.ticket_id, FollowUpTask.detail)


@lru_cache(maxsize=16)
def _ranged(sql: str, columns: tuple, dialect: str, tonight: bool):
    """A range's task query (the slots above filled): on SQLite through the open-task index;
    with `tonight`, only the members of a list (replan.Tonight: a nightly batch, the owned VIPs)."""
    sample = Tonight(dialect, [])
    hint = "INDEXED BY uq_follow_up_tasks_open_member_reason" if dialect == "sqlite" else ""
    stmt = text(sql.format(hint=hint, due=sample.sql if tonight else ""))
    return (stmt.bindparams(sample.bind) if tonight else stmt).columns(*columns)


def _load_facts(session: Session, ctx: PlanContext, lo: int, hi: int, members, tickets,
                only: Tonight | None, lines: list[tuple]) -> None:
    # `lines`: the hot read (order_lines), done before the members were read.
    conn = session.connection()
    _load_reported(conn, ctx, lo, hi, members, only)
    for mid, oid, day, delivered, pid, qty, *_ in lines:
        facts = members.get(mid)
        if facts is not None and pid is not None:
            facts.lines.append(Line(oid, day, delivered, pid, qty))
    for mid, baby in conn.execute(_only(
        select(HealthProfile.member_id, HealthProfile.baby_birth_date)
        .where(HealthProfile.member_id.between(lo, hi), HealthProfile.baby_birth_date.is_not(None)),
        HealthProfile.member_id, only)
    ).all():
        if mid in members:
            members[mid].baby_birth = baby
    for mid, last in conn.execute(_only(
        select(Call.member_id, Call.started_at).where(Call.member_id.between(lo, hi), Call.disposition.in_(CONTACT)),
        Call.member_id, only)
    ).all():
        facts = members.get(mid)
        if facts is not None and (facts.last_contact_at is None or last > facts.last_contact_at):
            facts.last_contact_at = last
    for mid, facts in members.items():
        facts.resolved_ticket = tickets.get(mid)


def _load_reported(conn, ctx: PlanContext, lo: int, hi: int, members: dict[int, MemberFacts], only=None) -> None:
    """Each member's latest remaining quantity reported on a call (calls.py books the refill
    from it), with the product of the task the call covered, and whether an order of that
    product (of any, when the call named none) was placed after the call. A report made
    with a refill request books nothing in calls.py (an order is on its way): it counts as none."""
    line = OrderLine.__table__.alias("newer_line")
    newer = (select(Order.id).join(line, line.c.order_id == Order.id)
             .where(Order.member_id == Call.member_id, Order.ordered_at > Call.saved_at,
                    or_(FollowUpTask.product_id.is_(None), line.c.product_id == FollowUpTask.product_id))
             .exists())
    latest: dict[int, tuple] = {}
    for mid, saved_at, days, intent, pid, superseded in conn.execute(_only(
        select(Call.member_id, Call.saved_at, Call.remaining_days, Call.refill_intent, FollowUpTask.product_id, newer)
        .outerjoin(FollowUpTask, FollowUpTask.id == Call.task_id)
        .where(Call.member_id.between(lo, hi), Call.remaining_days.is_not(None))
        .order_by(Call.saved_at, Call.id), Call.member_id, only)
    ):
        latest[mid] = (saved_at, days, intent, pid, bool(superseded))  # the latest wins
    for mid, (saved_at, days, intent, pid, superseded) in latest.items():
        facts = members.get(mid)
        if facts is not None and intent is not True:
            day = ctx.local_ordinal(saved_at)
            facts.reported = Reported(day + days, pid, superseded, day)
    for mid, saved_at, pid in conn.execute(_only(
        select(Call.member_id, Call.saved_at, FollowUpTask.product_id)
        .outerjoin(FollowUpTask, FollowUpTask.id == Call.task_id)
        .where(Call.member_id.between(lo, hi), Call.refill_intent.is_(False)), Call.member_id, only)
    ):
        facts = members.get(mid)
        if facts is not None:
            day = ctx.local_ordinal(saved_at)
            facts.declined[pid] = max(day, facts.declined.get(pid, day))


def _planned_fields(task: PlannedTask) -> tuple:
    """The values of an open task the plan decides, in _OPEN_IN_RANGE's column order (the
    owner's hold is _hold_for_owners' to compare)."""
    return (task.due_at, task.due_until, task.priority, task.product_id, task.order_id, task.ticket_id, task.detail)


__all__ = ["BuildSummary", "build_all", "refresh_members", "expire_and_return_leases"]

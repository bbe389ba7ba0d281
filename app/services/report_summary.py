"""Builds the supervisor's period summary snapshot (connect rate, satisfaction, complaints, SLA...).

Rows of the period are read once and aggregated here in Python, the same way on SQLite
and PostgreSQL; a month of a call centre is tens of thousands of rows at most.
"""

from bisect import bisect_right
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.data.tables import Call, Order, RefillRequest, Ticket, User
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.codes import Disposition
from app.reports.model import AgentRow, CountRow, Point, SlaRow, SummaryReportData
from app.services.users import Actor, Permission, require
from app.services.report_data import Period, local_date, report_language

CONNECT_TARGET = 0.75
REFILL_WINDOW_DAYS = 14
TOP_RECURRING = 5


def summary_report_data(
    db: Database, actor: Actor, clock: Clock, period: Period, *, language: str | None = None,
    refill_window_days: int = REFILL_WINDOW_DAYS,
) -> SummaryReportData:
    require(actor, Permission.REPORTS)
    lang = report_language(language, None)
    since, until = period.bounds(clock)
    now = clock.now()
    window = timedelta(days=refill_window_days)
    with db.session() as session:
        calls = session.execute(
            select(Call.id, Call.member_id, Call.agent_id, Call.started_at, Call.disposition, Call.satisfaction,
                   Call.complaint_category, Call.wrap_seconds)
            .where(Call.started_at >= since, Call.started_at < until).order_by(Call.started_at)
        ).all()
        tickets = session.execute(
            select(Ticket.member_id, Ticket.call_id, Ticket.category, Ticket.department, Ticket.severity,
                   Ticket.sla_due_at, Ticket.resolved_at, Ticket.repeat_complaint)
            .where(Ticket.opened_at >= since, Ticket.opened_at < until)
        ).all()
        reached_members = {c.member_id for c in calls if c.disposition == Disposition.REACHED}
        purchases: dict[int, list[datetime]] = defaultdict(list)
        if reached_members:
            for member_id, at in session.execute(
                select(Order.member_id, Order.ordered_at).where(Order.ordered_at >= since, Order.ordered_at < until + window)
            ).all() + session.execute(
                select(RefillRequest.member_id, RefillRequest.created_at)
                .where(RefillRequest.created_at >= since, RefillRequest.created_at < until + window)
            ).all():
                if member_id in reached_members:
                    purchases[member_id].append(at)
        for times in purchases.values():
            times.sort()
        names = dict(session.execute(select(User.id, User.display_name)).all())

    def refill_after(call) -> bool:
        times = purchases.get(call.member_id, [])
        i = bisect_right(times, call.started_at)
        return i < len(times) and times[i] <= call.started_at + window

    reached = [c for c in calls if c.disposition == Disposition.REACHED]
    refilled = {c.id for c in reached if refill_after(c)}
    rated = [c for c in calls if c.satisfaction is not None]
    bucket = _bucketer(period)
    return SummaryReportData(
        period_label=period.label, period_start=period.start, period_end=period.end, language=lang,
        generated_on=clock.today(), generated_by=actor.display_name or actor.username,
        connect_target=CONNECT_TARGET, attempts=len(calls), reached=len(reached),
        members_attempted=len({c.member_id for c in calls}), members_reached=len(reached_members),
        connect_trend=_trend(((bucket(local_date(c.started_at, clock)), c.disposition == Disposition.REACHED)
                              for c in calls)),
        satisfaction_trend=_trend(((bucket(local_date(c.started_at, clock)), c.satisfaction) for c in rated)),
        satisfaction_avg=sum(c.satisfaction for c in rated) / len(rated) if rated else None,
        satisfaction_count=len(rated),
        complaints=_complaints(calls, tickets),
        recurring=_recurring(tickets),
        sla=_sla(tickets, now),
        refill_window_days=refill_window_days, reached_calls_with_refill=len(refilled),
        agents=_agents(calls, refilled, names),
    )


def _bucketer(period: Period):
    """Days for up to two weeks (a week's summary), else ISO weeks clamped to the period (a month's)."""
    if (period.end - period.start).days < 14:
        return lambda day: day
    return lambda day: max(period.start, day - timedelta(days=day.weekday()))


def _trend(rows) -> tuple[Point, ...]:
    sums: dict[date, list[float]] = defaultdict(list)
    for day, value in rows:
        sums[day].append(float(value))
    return tuple(Point(day, sum(v) / len(v)) for day, v in sorted(sums.items()))


def _complaints(calls, tickets) -> tuple[CountRow, ...]:
    """Tickets by category, plus complaints recorded on a call that opened no ticket."""
    ticketed_calls = {t.call_id for t in tickets if t.call_id is not None}
    counts = Counter(t.category for t in tickets)
    counts.update(c.complaint_category for c in calls if c.complaint_category and c.id not in ticketed_calls)
    return tuple(CountRow(key, n) for key, n in counts.most_common())


def _recurring(tickets) -> tuple[CountRow, ...]:
    """Issues (category and department) that came back: two tickets or more, or a flagged repeat."""
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for t in tickets:
        groups[(t.category, t.department)].append(t)
    rows = []
    for (category, department), items in groups.items():
        repeats = sum(1 for t in items if t.repeat_complaint)
        if len(items) >= 2 or repeats:
            members = len({t.member_id for t in items})
            rows.append(CountRow(f"{category}/{department}", len(items), f"{members}/{repeats}"))
    rows.sort(key=lambda r: (-r.count, r.key))
    return tuple(rows[:TOP_RECURRING])


def _sla(tickets, now: datetime) -> tuple[SlaRow, ...]:
    by_severity: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for t in tickets:
        row = by_severity[t.severity]
        row[0] += 1
        if t.resolved_at is not None:
            row[1 if t.resolved_at <= t.sla_due_at else 2] += 1
        else:
            row[2 if now > t.sla_due_at else 3] += 1
    return tuple(SlaRow(sev, *counts) for sev, counts in sorted(by_severity.items(), key=lambda kv: kv[0] != "urgent"))


def _agents(calls, refilled: set[int], names: dict[int, str]) -> tuple[AgentRow, ...]:
    grouped: dict[int | None, list] = defaultdict(list)
    for c in calls:
        grouped[c.agent_id].append(c)
    rows = []
    for agent_id, items in grouped.items():
        scores = [c.satisfaction for c in items if c.satisfaction is not None]
        wraps = [c.wrap_seconds for c in items if c.wrap_seconds is not None]
        rows.append(AgentRow(
            name=names.get(agent_id, "—") if agent_id is not None else "—", calls=len(items),
            reached=sum(1 for c in items if c.disposition == Disposition.REACHED),
            satisfaction_avg=sum(scores) / len(scores) if scores else None,
            complaints=sum(1 for c in items if c.complaint_category),
            refills_after=sum(1 for c in items if c.id in refilled),
            avg_wrap_seconds=sum(wraps) / len(wraps) if wraps else None,
        ))
    rows.sort(key=lambda r: (-r.calls, r.name))
    return tuple(rows)

"""Builds the supervisor's period summary snapshot from the one set of KPI definitions.

Totals, complaints by category, SLA by severity and the per-agent table come from
app.services.dashboard.kpi, so the PDF shows the console's numbers for the same period;
only the trend lines (a point per day or week) are folded here from the period's calls.
"""

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select

from app.data.tables import Call, Ticket, User
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.codes import Disposition
from app.domain.periods import Period, local_date
from app.reports.model import AgentRow, CountRow, Point, SlaRow, SummaryReportData
from app.services.settings import report_brand
from app.services.users import Actor, Permission, require
from app.services.dashboard import by_agent, complaints_by_category, in_span, is_complaint, measure, sla_by_severity
from app.services.reports.member_data import report_language

CONNECT_TARGET = 0.75
TOP_RECURRING = 5


def summary_report_data(
    db: Database, actor: Actor, clock: Clock, period: Period, *, language: str | None = None,
) -> SummaryReportData:
    require(actor, Permission.REPORTS)
    lang = report_language(language, None)
    since, until = period.measured(clock)
    now = clock.now()
    with db.session() as session:
        kpis = measure(session, since, until, now)
        categories = complaints_by_category(session, since, until)
        sla = sla_by_severity(session, since, until, now)
        agents = by_agent(session, since, until)
        calls = session.execute(
            select(Call.started_at, Call.disposition, Call.satisfaction)
            .where(in_span(Call.started_at, since, until)).order_by(Call.started_at)
        ).all()
        complaints = session.execute(
            select(Ticket.member_id, Ticket.category, Ticket.department, Ticket.repeat_complaint)
            .where(in_span(Ticket.opened_at, since, until), is_complaint())
        ).all()
        names = dict(session.execute(select(User.id, User.display_name)).all())
        brand = report_brand(session)

    bucket = _bucketer(period)
    return SummaryReportData(
        period_label=period.label, period_start=period.start, period_end=period.end, language=lang,
        generated_on=clock.today(), generated_by=actor.display_name or actor.username,
        connect_target=CONNECT_TARGET, attempts=kpis.calls, reached=kpis.reached,
        members_attempted=kpis.members_called, members_reached=kpis.members_reached,
        connect_trend=_trend((bucket(local_date(c.started_at, clock)), c.disposition == Disposition.REACHED)
                             for c in calls),
        satisfaction_trend=_trend((bucket(local_date(c.started_at, clock)), c.satisfaction)
                                  for c in calls if c.satisfaction is not None),
        satisfaction_avg=kpis.satisfaction_avg, satisfaction_count=kpis.satisfaction_count,
        complaints=tuple(CountRow(category, n) for category, n in categories),
        recurring=_recurring(complaints),
        sla=tuple(SlaRow(r.severity, r.tickets, r.met, r.breached, r.pending) for r in sla),
        refill_window_days=kpis.refill_window_days, reached_calls_with_refill=kpis.refills,
        agents=_agents(agents, names), complaints_total=kpis.complaints, tickets_opened=kpis.tickets_opened,
        brand=brand,
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


def _recurring(tickets) -> tuple[CountRow, ...]:
    """Complaints (category and department) that came back: two tickets or more, or a flagged repeat."""
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


def _agents(agents, names: dict[int, str]) -> tuple[AgentRow, ...]:
    rows = [
        AgentRow(name=names.get(a.agent_id, "—") if a.agent_id is not None else "—", calls=a.calls, reached=a.reached,
                 satisfaction_avg=a.satisfaction_avg, complaints=a.complaints, refills_after=a.refills,
                 avg_wrap_seconds=a.avg_wrap_seconds)
        for a in agents
    ]
    rows.sort(key=lambda r: (-r.calls, r.name))
    return tuple(rows)

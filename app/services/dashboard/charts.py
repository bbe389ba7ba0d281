"""The console's charts: outcomes by local hour, daily satisfaction, complaint categories by
month, SLA compliance by ticket type. Grouped by UTC hour in SQL (the calls' from the
rollup's call_hours), folded into local time here."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.data.tables import Ticket
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.periods import Period
from app.services.users import Actor, Permission, require
from app.services.dashboard.kpi import count_if, in_span, is_complaint, sla_breached, sla_met
from app.services.dashboard.rollup import folded_hours
from app.services.dashboard.sql import hour_bucket, parse_bucket

MIN_TREND_DAYS = 14  # a day's satisfaction is no trend: charts look back at least this far
COMPLAINT_MONTHS = 6
TOP_CATEGORIES = 5


@dataclass(frozen=True)
class HourCount:
    hour: int  # local hour 0-23
    disposition: str
    count: int


@dataclass(frozen=True)
class DayScore:
    day: date
    average: float
    count: int


@dataclass(frozen=True)
class MonthCount:
    month: str  # "YYYY-MM", local
    category: str
    count: int


@dataclass(frozen=True)
class SlaCompliance:
    category: str  # ticket type, of the tickets opened in the chart's span (kpi.py's SLA rule)
    on_time: int
    late: int  # resolved late, or still open past due

    @property
    def rate(self) -> float | None:
        total = self.on_time + self.late
        return self.on_time / total if total else None


@dataclass(frozen=True)
class Charts:
    period: Period
    trend_start: date  # satisfaction and SLA charts cover trend_start..period.end
    outcomes_by_hour: tuple[HourCount, ...]
    satisfaction_trend: tuple[DayScore, ...]
    complaints_by_month: tuple[MonthCount, ...]
    top_categories: tuple[str, ...]  # most frequent complaint categories over those months
    sla_compliance: tuple[SlaCompliance, ...]


def chart_series(db: Database, actor: Actor, clock: Clock, period: Period) -> Charts:
    """Outcomes by local hour, daily satisfaction, monthly complaint categories, SLA compliance."""
    require(actor, Permission.SUPERVISE)
    with db.session() as session:
        return build_charts(session, clock, period)


def trend_start(period: Period) -> date:
    return min(period.start, period.end - timedelta(days=MIN_TREND_DAYS - 1))


def build_charts(session: Session, clock: Clock, period: Period) -> Charts:
    dialect = session.get_bind().dialect.name
    now = clock.now()
    since, until = period.measured(clock)
    first_day = trend_start(period)
    trend_since = Period("", first_day, period.end).bounds(clock)[0]

    # Calls per UTC hour and outcome from the rollup, folded into local time (rollup.folded_hours).
    by_hour = folded_hours(session, since, until, clock.tz).by_hour
    scores = folded_hours(session, trend_since, until, clock.tz).scores

    months, top = _complaints_by_month(session, clock, dialect, period, until)

    sla: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for category, met, late in session.execute(
        select(Ticket.category, count_if(sla_met()), count_if(sla_breached(now)))
        .where(in_span(Ticket.opened_at, trend_since, until)).group_by(Ticket.category)
    ):
        if met or late:
            sla[category] = [int(met), int(late)]

    return Charts(
        period=period, trend_start=first_day,
        outcomes_by_hour=tuple(HourCount(h, d, n) for (h, d), n in sorted(by_hour.items())),
        satisfaction_trend=tuple(DayScore(day, total / count, count)
                                 for day, (total, count) in sorted(scores.items()) if count),
        complaints_by_month=months, top_categories=top,
        sla_compliance=tuple(SlaCompliance(c, ok, late) for c, (ok, late) in sorted(sla.items())),
    )


def _month_start(day: date, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _complaints_by_month(session: Session, clock: Clock, dialect: str, period: Period,
                         until: datetime) -> tuple[tuple[MonthCount, ...], tuple[str, ...]]:
    first = _month_start(period.end, COMPLAINT_MONTHS - 1)
    since = Period("", first, first).bounds(clock)[0]
    bucket = hour_bucket(Ticket.opened_at, dialect).label("bucket")
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for value, category, count in session.execute(
        select(bucket, Ticket.category, func.count())
        .where(in_span(Ticket.opened_at, since, until), is_complaint()).group_by(bucket, Ticket.category)
    ):
        counts[(parse_bucket(value).astimezone(clock.tz).strftime("%Y-%m"), category)] += count
    totals: dict[str, int] = defaultdict(int)
    for (_, category), count in counts.items():
        totals[category] += count
    top = tuple(sorted(totals, key=lambda c: (-totals[c], c))[:TOP_CATEGORIES])
    rows = tuple(MonthCount(m, c, n) for (m, c), n in sorted(counts.items()))
    return rows, top

"""The supervisor dashboard (issue 8): KPI tiles with target and trend, and the chart series.

Every figure is one set-based aggregate (COUNT/SUM/AVG with GROUP BY) on an indexed range
of `calls.started_at` or of the small tickets table, so a day or a week stays fast on a
million members and a year of calls. Supervisors only: each public function checks
SUPERVISE before it touches the database. Agents and alerts are in dashboard_floor.py.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from app.data.tables import Call, FollowUpTask, Order, RefillRequest, Ticket
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.codes import Disposition, TaskReason
from app.services.users import Actor, Permission, require
from app.services.dashboard_floor import AgentRow, Alert, _agents, _alerts
from app.services.dashboard_sql import hour_bucket, parse_bucket, within_days_after
from app.services.errors import ValidationError
from app.services.report_data import Period

REFILL_WINDOW_DAYS = 14
MIN_TREND_DAYS = 14  # a day's satisfaction is no trend: charts look back at least this far
COMPLAINT_MONTHS = 6
TOP_CATEGORIES = 5
MAX_RANGE_DAYS = 366


class TileKey(StrEnum):
    """The tiles. Over a period's span [since, until), cut at now:
    connect rate: reached calls / calls (every saved contact attempt counts as a call);
    calls completed: calls whose outcome was saved, by start time; satisfaction: mean score;
    complaints: tickets opened; SLA breaches: tickets whose response deadline fell in the span
    and was missed (resolved late, or still open); refills: reached calls followed within 14
    days by an order or a refill request of the member; churn reached: members reached on a
    call made for a churn warning (its reasons, or the task it worked)."""

    CONNECT_RATE = "connect_rate"
    CALLS_COMPLETED = "calls_completed"
    SATISFACTION = "satisfaction"
    COMPLAINTS = "complaints"
    SLA_BREACHES = "sla_breaches"
    REFILLS = "refills"
    CHURN_REACHED = "churn_reached"


class Trend(StrEnum):
    UP = "up"
    DOWN = "down"
    FLAT = "flat"


@dataclass(frozen=True)
class Targets:
    """What good looks like; None means the tile has no target."""

    connect_rate: float = 0.75
    satisfaction: float = 8.0
    sla_breaches: float = 0


@dataclass(frozen=True)
class Tile:
    key: TileKey
    value: float | None  # None: nothing to measure (no calls, no scores)
    previous: float | None  # the same span one period earlier
    target: float | None
    higher_is_better: bool = True
    numerator: int | None = None  # rates: reached calls...
    denominator: int | None = None  # ...over attempted calls

    @property
    def trend(self) -> Trend | None:
        if self.value is None or self.previous is None:
            return None
        if abs(self.value - self.previous) < 1e-9:
            return Trend.FLAT
        return Trend.UP if self.value > self.previous else Trend.DOWN

    @property
    def improving(self) -> bool | None:
        trend = self.trend
        if trend is None or trend is Trend.FLAT:
            return None
        return (trend is Trend.UP) == self.higher_is_better

    @property
    def meets_target(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target


@dataclass(frozen=True)
class KpiBoard:
    period: Period
    since: datetime  # UTC, the measured span [since, until)
    until: datetime  # the period's end, or now while it runs
    tiles: tuple[Tile, ...]

    def tile(self, key: TileKey) -> Tile:
        return next(t for t in self.tiles if t.key is key)


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
    category: str  # ticket type
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


# --- periods ----------------------------------------------------------------------------

def today_period(clock: Clock) -> Period:
    day = clock.today()
    return Period(day.isoformat(), day, day)


def week_period(clock: Clock) -> Period:
    day = clock.today()
    start = day - timedelta(days=day.weekday())
    year, week, _ = start.isocalendar()
    return Period(f"{year:04d}-W{week:02d}", start, start + timedelta(days=6))


def range_period(start: date, end: date) -> Period:
    if end < start:
        raise ValidationError({"end": "the range ends before it starts"})
    if (end - start).days >= MAX_RANGE_DAYS:
        raise ValidationError({"end": f"a range covers at most {MAX_RANGE_DAYS} days"})
    return Period(f"{start.isoformat()}..{end.isoformat()}", start, end)


def measured_span(period: Period, clock: Clock) -> tuple[datetime, datetime]:
    """[since, until) of the period, cut at now: a running day is measured up to now."""
    since, until = period.bounds(clock)
    return since, max(since, min(until, clock.now()))


# --- tiles ------------------------------------------------------------------------------

def kpi_tiles(db: Database, actor: Actor, clock: Clock, period: Period, *,
              targets: Targets = Targets()) -> KpiBoard:
    """The seven tiles for `period`, each with the value of the same span a period earlier."""
    require(actor, Permission.SUPERVISE)
    with db.session() as session:
        return _kpi_tiles(session, clock, period, targets)


def _kpi_tiles(session: Session, clock: Clock, period: Period, targets: Targets) -> KpiBoard:
    dialect = session.get_bind().dialect.name
    since, until = measured_span(period, clock)
    full_since, full_until = period.bounds(clock)
    shift = full_until - full_since
    now = clock.now()
    current = _figures(session, dialect, since, until, now)
    previous = _figures(session, dialect, since - shift, until - shift, now)

    def tile(key: TileKey, target: float | None = None, *, lower_better: bool = False) -> Tile:
        return Tile(key=key, value=current[key], previous=previous[key], target=target,
                    higher_is_better=not lower_better)

    connect = tile(TileKey.CONNECT_RATE, targets.connect_rate)
    tiles = (
        Tile(key=connect.key, value=connect.value, previous=connect.previous, target=connect.target,
             numerator=int(current["reached"] or 0), denominator=int(current[TileKey.CALLS_COMPLETED] or 0)),
        tile(TileKey.CALLS_COMPLETED),
        tile(TileKey.SATISFACTION, targets.satisfaction),
        tile(TileKey.COMPLAINTS, lower_better=True),
        tile(TileKey.SLA_BREACHES, targets.sla_breaches, lower_better=True),
        tile(TileKey.REFILLS),
        tile(TileKey.CHURN_REACHED),
    )
    return KpiBoard(period=period, since=since, until=until, tiles=tiles)


def _in_span(column, since: datetime, until: datetime):
    return and_(column >= since, column < until)


def _figures(session: Session, dialect: str, since: datetime, until: datetime, now: datetime) -> dict:
    reached = Call.disposition == Disposition.REACHED.value
    attempts, reached_calls, satisfaction = session.execute(
        select(func.count(), func.coalesce(func.sum(case((reached, 1), else_=0)), 0), func.avg(Call.satisfaction))
        .where(_in_span(Call.started_at, since, until))
    ).one()
    refills = session.scalar(
        select(func.count()).select_from(Call)
        .where(_in_span(Call.started_at, since, until), reached, _refill_follows(dialect))
    )
    churn = session.scalar(
        select(func.count(func.distinct(Call.member_id)))
        .where(_in_span(Call.started_at, since, until), reached, _about_churn())
    )
    complaints = session.scalar(select(func.count()).select_from(Ticket)
                                .where(_in_span(Ticket.opened_at, since, until)))
    breaches = session.scalar(
        select(func.count()).select_from(Ticket)
        .where(_in_span(Ticket.sla_due_at, since, min(until, now)), _breached(now))
    ) if since < now else 0
    return {
        TileKey.CONNECT_RATE: reached_calls / attempts if attempts else None,
        TileKey.CALLS_COMPLETED: attempts,
        TileKey.SATISFACTION: float(satisfaction) if satisfaction is not None else None,
        TileKey.COMPLAINTS: complaints,
        TileKey.SLA_BREACHES: breaches,
        TileKey.REFILLS: refills,
        TileKey.CHURN_REACHED: churn,
        "reached": reached_calls,
    }


def _refill_follows(dialect: str):
    """A refill request or an order of the same member within 14 days after the call."""
    order = exists().where(
        Order.member_id == Call.member_id, Order.ordered_at > Call.started_at,
        within_days_after(Order.ordered_at, Call.started_at, REFILL_WINDOW_DAYS, dialect),
    )
    request = exists().where(
        RefillRequest.member_id == Call.member_id, RefillRequest.created_at > Call.started_at,
        within_days_after(RefillRequest.created_at, Call.started_at, REFILL_WINDOW_DAYS, dialect),
    )
    return or_(order, request)


def _about_churn():
    """The call was made for a churn warning (its reasons, or the task it worked)."""
    task = exists().where(FollowUpTask.id == Call.task_id, FollowUpTask.reason == TaskReason.CHURN_RISK.value)
    return or_(Call.reasons.like(f"%{TaskReason.CHURN_RISK.value}%"), task)


def _breached(now: datetime):
    """Resolved after its due time, or still unresolved past it."""
    return or_(Ticket.resolved_at > Ticket.sla_due_at, and_(Ticket.resolved_at.is_(None), Ticket.sla_due_at < now))


# --- charts -----------------------------------------------------------------------------

def chart_series(db: Database, actor: Actor, clock: Clock, period: Period) -> Charts:
    """Outcomes by local hour, daily satisfaction, monthly complaint categories, SLA compliance."""
    require(actor, Permission.SUPERVISE)
    with db.session() as session:
        return _charts(session, clock, period)


def trend_start(period: Period) -> date:
    return min(period.start, period.end - timedelta(days=MIN_TREND_DAYS - 1))


def _charts(session: Session, clock: Clock, period: Period) -> Charts:
    dialect = session.get_bind().dialect.name
    now = clock.now()
    since, until = measured_span(period, clock)
    first_day = trend_start(period)
    trend_since = Period("", first_day, period.end).bounds(clock)[0]

    bucket = hour_bucket(Call.started_at, dialect).label("bucket")
    hours: dict[tuple[int, str], int] = defaultdict(int)
    for value, disposition, count in session.execute(
        select(bucket, Call.disposition, func.count())
        .where(_in_span(Call.started_at, since, until)).group_by(bucket, Call.disposition)
    ):
        hours[(parse_bucket(value).astimezone(clock.tz).hour, disposition)] += count

    scores: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for value, total, count in session.execute(
        select(bucket, func.sum(Call.satisfaction), func.count(Call.satisfaction))
        .where(_in_span(Call.started_at, trend_since, until), Call.satisfaction.is_not(None)).group_by(bucket)
    ):
        day = scores[parse_bucket(value).astimezone(clock.tz).date()]
        day[0] += int(total or 0)
        day[1] += count

    months, top = _complaints_by_month(session, clock, dialect, period, until)

    sla: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    due_until = min(until, now)
    if trend_since < due_until:
        on_time = and_(Ticket.resolved_at.is_not(None), Ticket.resolved_at <= Ticket.sla_due_at)
        for category, ok, count in session.execute(
            select(Ticket.category, on_time.label("ok"), func.count())
            .where(_in_span(Ticket.sla_due_at, trend_since, due_until))
            .group_by(Ticket.category, on_time)
        ):
            sla[category][0 if ok else 1] += count

    return Charts(
        period=period, trend_start=first_day,
        outcomes_by_hour=tuple(HourCount(h, d, n) for (h, d), n in sorted(hours.items())),
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
        .where(_in_span(Ticket.opened_at, since, until)).group_by(bucket, Ticket.category)
    ):
        counts[(parse_bucket(value).astimezone(clock.tz).strftime("%Y-%m"), category)] += count
    totals: dict[str, int] = defaultdict(int)
    for (_, category), count in counts.items():
        totals[category] += count
    top = tuple(sorted(totals, key=lambda c: (-totals[c], c))[:TOP_CATEGORIES])
    rows = tuple(MonthCount(m, c, n) for (m, c), n in sorted(counts.items()))
    return rows, top


# --- the whole console at once ------------------------------------------------------------

@dataclass(frozen=True)
class Snapshot:
    """What the console shows, read in one go (one unit of work, one consistent picture)."""

    tiles: KpiBoard
    charts: Charts
    agents: tuple[AgentRow, ...] = field(default=())
    alerts: tuple[Alert, ...] = field(default=())


def snapshot(db: Database, actor: Actor, clock: Clock, period: Period, *,
             targets: Targets = Targets()) -> Snapshot:
    """Tiles, charts, the agents table and the alerts in one read-only unit of work."""
    require(actor, Permission.SUPERVISE)
    with db.session() as session:
        return Snapshot(
            tiles=_kpi_tiles(session, clock, period, targets), charts=_charts(session, clock, period),
            agents=_agents(session, clock), alerts=_alerts(session, clock),
        )


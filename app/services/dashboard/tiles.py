"""The console's KPI tiles: each figure of app.services.dashboard.kpi with target and trend."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.periods import Period
from app.services.auth import Actor, Permission, require
from app.services.dashboard.kpi import Kpis, measure


class TileKey(StrEnum):
    """The tiles, each a figure of app.services.dashboard.kpi over the period cut at now:
    connect rate, calls, satisfaction average, complaints (not severe reactions), SLA
    breaches of the tickets opened in the span, refills after calls, churn members reached."""

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
    kpis: Kpis | None = None  # every figure of the current span, as `caredesk-admin kpi` prints it

    def tile(self, key: TileKey) -> Tile:
        return next(t for t in self.tiles if t.key is key)


def measured_span(period: Period, clock: Clock) -> tuple[datetime, datetime]:
    """[since, until) of the period, cut at now: a running day is measured up to now."""
    return period.measured(clock)


def kpi_tiles(db: Database, actor: Actor, clock: Clock, period: Period, *,
              targets: Targets = Targets()) -> KpiBoard:
    """The seven tiles for `period`, each with the value of the same span a period earlier."""
    require(actor, Permission.SUPERVISE)
    with db.session() as session:
        return build_board(session, clock, period, targets)


def build_board(session: Session, clock: Clock, period: Period, targets: Targets) -> KpiBoard:
    """The tiles inside the caller's unit of work (the console snapshot reads them with the rest)."""
    since, until = measured_span(period, clock)
    full_since, full_until = period.bounds(clock)
    shift = full_until - full_since
    now = clock.now()
    current = measure(session, since, until, now)
    previous = measure(session, since - shift, until - shift, now)

    def tile(key: TileKey, target: float | None = None, *, lower_better: bool = False) -> Tile:
        return Tile(key=key, value=_value(current, key), previous=_value(previous, key), target=target,
                    higher_is_better=not lower_better)

    connect = tile(TileKey.CONNECT_RATE, targets.connect_rate)
    tiles = (
        Tile(key=connect.key, value=connect.value, previous=connect.previous, target=connect.target,
             numerator=current.reached, denominator=current.calls),
        tile(TileKey.CALLS_COMPLETED),
        tile(TileKey.SATISFACTION, targets.satisfaction),
        tile(TileKey.COMPLAINTS, lower_better=True),
        tile(TileKey.SLA_BREACHES, targets.sla_breaches, lower_better=True),
        tile(TileKey.REFILLS),
        tile(TileKey.CHURN_REACHED),
    )
    return KpiBoard(period=period, since=since, until=until, tiles=tiles, kpis=current)


def _value(kpis: Kpis, key: TileKey) -> float | None:
    return {
        TileKey.CONNECT_RATE: kpis.connect_rate, TileKey.CALLS_COMPLETED: kpis.calls,
        TileKey.SATISFACTION: kpis.satisfaction_avg, TileKey.COMPLAINTS: kpis.complaints,
        TileKey.SLA_BREACHES: kpis.sla_breached, TileKey.REFILLS: kpis.refills,
        TileKey.CHURN_REACHED: kpis.churn_reached,
    }[key]

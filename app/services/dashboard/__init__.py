"""The supervisor dashboard: KPI tiles, charts, the floor (agents, alerts), in one read.

kpi.py holds the KPI definitions; tiles.py, charts.py and floor.py build what the console
shows from them. Supervisors only: each public function checks SUPERVISE before it touches
the database. Every read here is pure: nothing is written while the console looks.
"""

from dataclasses import dataclass, field

from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.periods import Period, today_period, week_period
from app.services.users import Actor, Permission, require
from app.services.dashboard.charts import (
    Charts, DayScore, HourCount, MonthCount, SlaCompliance, build_charts, chart_series, trend_start,
)
from app.services.dashboard.floor import (
    AgentRow, AgentStatus, Alert, AlertKind, agents_table, alerts, read_agents, read_alerts,
)
from app.services.dashboard.kpi import (
    AgentKpis, CategoryRepurchase, Kpis, ProgrammeKpis, SlaCounts, as_json, by_agent, by_agent_direct,
    complaints_by_category, in_span, is_complaint, measure, measure_direct, measure_programme, programme_json,
    sla_by_severity,
)
from app.services.dashboard.periods import parse_period, range_period
from app.services.dashboard.refills import REFILL_WINDOW_DAYS, attribute_refills
from app.services.dashboard.tiles import KpiBoard, Targets, Tile, TileKey, Trend, build_board, kpi_tiles, measured_span

__all__ = [
    "REFILL_WINDOW_DAYS", "attribute_refills", "CategoryRepurchase", "ProgrammeKpis", "measure_programme",
    "period_programme", "programme_json",
    "AgentKpis", "Kpis", "SlaCounts", "as_json", "by_agent", "by_agent_direct", "complaints_by_category", "measure",
    "measure_direct", "period_kpis",
    "sla_by_severity", "in_span", "is_complaint",
    "AgentRow", "AgentStatus", "Alert", "AlertKind", "Charts", "DayScore", "HourCount", "KpiBoard", "MonthCount",
    "Period", "SlaCompliance", "Snapshot", "Targets", "Tile", "TileKey", "Trend", "agents_table", "alerts",
    "chart_series", "kpi_tiles", "measured_span", "parse_period", "range_period", "snapshot", "today_period",
    "trend_start", "week_period",
]


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
            tiles=build_board(session, clock, period, targets), charts=build_charts(session, clock, period),
            agents=read_agents(session, clock), alerts=read_alerts(session, clock),
        )


def period_kpis(db: Database, actor: Actor, clock: Clock, period: Period) -> Kpis:
    """Every KPI of the period, cut at now: what `caredesk-admin kpi` prints."""
    require(actor, Permission.REPORTS)
    since, until = period.measured(clock)
    with db.session() as session:
        return measure(session, since, until, clock.now())


def period_programme(db: Database, actor: Actor, clock: Clock, period: Period) -> ProgrammeKpis:
    """The member programme's figures of the period, cut at now: the console's "Member
    programme" group and `caredesk-admin kpi --json`. Read apart from the snapshot: over a
    year it reads every order of the year, so the console loads it as its own job."""
    require(actor, Permission.REPORTS)
    since, until = period.measured(clock)
    with db.session() as session:
        return measure_programme(session, since, until)

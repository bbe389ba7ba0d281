"""Frozen report-data snapshots: what a renderer may show, built by app.services.reports.

Renderers get only these plain values (no session, no ORM object), so a report cannot
reach any row the service did not put here, and snapshots pickle to worker processes.
Codes (tier, reason, category...) stay codes; the renderer translates them.
"""

from dataclasses import dataclass, field
from datetime import date

from app.reports.brand import Brand


@dataclass(frozen=True)
class Point:
    day: date
    value: float


@dataclass(frozen=True)
class Series:
    """One line of a chart: a rating dimension, an indicator, or a rate over time."""

    key: str  # a code (dimension, indicator name) the renderer translates when it can
    points: tuple[Point, ...]
    unit: str = ""


@dataclass(frozen=True)
class RegimenLine:
    product_name: str
    daily_dose: str
    dosage: str
    since: date
    last_purchase: date
    pdc: float | None  # proportion of days covered over the adherence window
    adherent: bool | None
    reported_adherence: str | None = None  # last answer on a call: as_directed / irregular / stopped
    product_name_en: str | None = None


@dataclass(frozen=True)
class Recommendation:
    day: date
    text: str = ""  # the care team's own note
    code: str = ""  # or a derived advice code, translated by the renderer
    agent: str = ""


@dataclass(frozen=True)
class NextContact:
    due: date
    reason: str  # TaskReason code


@dataclass(frozen=True)
class MemberReportData:
    member_id: int
    member_name: str
    language: str  # "zh" or "en": the report's language
    tier: str
    care_manager: str | None
    masked_phone: str
    period_start: date
    period_end: date
    history_start: date  # charts and tables show history from this day
    generated_on: date
    regimen: tuple[RegimenLine, ...]
    adherence_window_days: int
    effect_series: tuple[Series, ...]  # one per dimension, dated by the call
    satisfaction: tuple[Point, ...]
    health_included: bool
    health_series: tuple[Series, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    next_contact: NextContact | None = None
    calls_in_period: int = 0
    reached_in_period: int = 0
    brand: Brand | None = None  # the centre's name and logo; None: the packaged brand


@dataclass(frozen=True)
class AgentRow:
    name: str
    calls: int
    reached: int
    satisfaction_avg: float | None
    complaints: int
    refills_after: int
    avg_wrap_seconds: float | None


@dataclass(frozen=True)
class CountRow:
    key: str  # a code or a label
    count: int
    detail: str = ""


@dataclass(frozen=True)
class SlaRow:
    severity: str
    tickets: int
    on_time: int
    breached: int
    pending: int

    @property
    def compliance(self) -> float | None:
        decided = self.on_time + self.breached
        return self.on_time / decided if decided else None


@dataclass(frozen=True)
class SummaryReportData:
    period_label: str  # "2026-06" or "2026-W24"
    period_start: date
    period_end: date  # inclusive
    language: str
    generated_on: date
    generated_by: str
    connect_target: float
    attempts: int
    reached: int
    members_attempted: int
    members_reached: int
    connect_trend: tuple[Point, ...]  # reached / attempts per bucket
    satisfaction_trend: tuple[Point, ...]  # mean score per bucket
    satisfaction_avg: float | None
    satisfaction_count: int
    complaints: tuple[CountRow, ...]  # by category
    recurring: tuple[CountRow, ...]  # top recurring issues
    sla: tuple[SlaRow, ...]
    refill_window_days: int
    reached_calls_with_refill: int
    agents: tuple[AgentRow, ...] = field(default=())
    complaints_total: int = 0  # complaint tickets (a severe reaction is not one)
    tickets_opened: int = 0  # every ticket, complaints and medical ones
    brand: Brand | None = None  # the centre's name and logo; None: the packaged brand

    @property
    def sla_met_rate(self) -> float | None:
        met = sum(r.on_time for r in self.sla)
        decided = met + sum(r.breached for r in self.sla)
        return met / decided if decided else None

    @property
    def connect_rate(self) -> float | None:
        return self.reached / self.attempts if self.attempts else None

    @property
    def contact_rate(self) -> float | None:
        return self.members_reached / self.members_attempted if self.members_attempted else None

    @property
    def refill_rate(self) -> float | None:
        return self.reached_calls_with_refill / self.reached if self.reached else None

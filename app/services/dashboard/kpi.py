"""The KPI definitions, once: what each figure counts over a UTC span [since, until).

The console tiles, the period summary PDF and `caredesk-admin kpi` all read `measure`,
so the same period gives the same numbers everywhere. Definitions:
- calls: every saved contact attempt started in the span; reached: those reached;
  connect_rate = reached / calls.
- satisfaction_avg: the mean score of the calls in the span that have one.
- tickets_opened: tickets opened in the span; complaints: those of a complaint category
  (a severe adverse reaction opens a medical ticket, which is not a complaint).
- SLA, over the tickets opened in the span, decided as of now: met = resolved by its
  deadline; breached = resolved late, or unresolved past it; pending = neither yet.
  sla_met_rate = met / (met + breached).
- refills: reached calls followed within 14 days by an order or a refill request, credited
  to the call when the order or request arrives (refills.py: calls.led_to_refill).
- churn_reached: members reached on a call made for a churn warning.
- the member programme (ProgrammeKpis, measure_programme): repurchase rate and interval by
  category, churn warning / lost / won back after a call, points, tier movements.
The calls' figures are read from the rollup (rollup.py: a row per centre day and agent, kept
by triggers), so a year costs about as much as a day; measure_direct and by_agent_direct
count the same from the calls, the definition the rollup is tested against.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from app.data.tables import Call, Ticket
from app.domain.codes import ComplaintCategory
from app.services.dashboard.refills import REFILL_WINDOW_DAYS
from app.services.dashboard.rollup import (
    CALLED, CHURN, REACHED, CallSums, call_sums, direct_members, direct_sums, distinct_members,
)
COMPLAINT_CATEGORIES = tuple(c.value for c in ComplaintCategory)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Kpis:
    since: datetime  # UTC, the measured span [since, until)
    until: datetime
    calls: int
    reached: int
    members_called: int
    members_reached: int
    satisfaction_avg: float | None
    satisfaction_count: int
    tickets_opened: int
    complaints: int
    sla_met: int
    sla_breached: int
    sla_pending: int
    refills: int
    churn_reached: int
    refill_window_days: int = REFILL_WINDOW_DAYS

    @property
    def connect_rate(self) -> float | None:
        return _rate(self.reached, self.calls)

    @property
    def contact_rate(self) -> float | None:
        return _rate(self.members_reached, self.members_called)

    @property
    def sla_met_rate(self) -> float | None:
        return _rate(self.sla_met, self.sla_met + self.sla_breached)

    @property
    def refill_rate(self) -> float | None:
        return _rate(self.refills, self.reached)


def in_span(column, since: datetime, until: datetime):
    return and_(column >= since, column < until)


def is_complaint():
    return Ticket.category.in_(COMPLAINT_CATEGORIES)


def sla_met():
    """Resolved by its deadline (whenever asked: a met deadline stays met)."""
    return and_(Ticket.resolved_at.is_not(None), Ticket.resolved_at <= Ticket.sla_due_at)


def sla_breached(now: datetime):
    """Resolved after its deadline, or still unresolved past it."""
    return or_(Ticket.resolved_at > Ticket.sla_due_at, and_(Ticket.resolved_at.is_(None), Ticket.sla_due_at < now))


def count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def measure(session: Session, since: datetime, until: datetime, now: datetime) -> Kpis:
    """Every KPI of the span, read in the caller's unit of work (read-only). The calls' figures
    come from the rollup (rollup.py: a row per centre day), equal to measure_direct's."""
    sums = call_sums(session, since, until)[None]
    return _kpis(session, since, until, now, sums, *(distinct_members(session, kind, since, until)
                                                     for kind in (CALLED, REACHED, CHURN)))


def measure_direct(session: Session, since: datetime, until: datetime, now: datetime) -> Kpis:
    """The same figures counted from every call of the span: the definition the rollup must
    equal (tests/dashboard/test_rollup.py), and the reading before it."""
    sums = direct_sums(session, since, until)[None]
    return _kpis(session, since, until, now, sums, *(direct_members(session, kind, since, until)
                                                     for kind in (CALLED, REACHED, CHURN)))


def _kpis(session: Session, since: datetime, until: datetime, now: datetime, sums: CallSums,
          members: int, members_reached: int, churn: int) -> Kpis:
    opened, complaints, met, breached = session.execute(
        select(func.count(), count_if(is_complaint()), count_if(sla_met()), count_if(sla_breached(now)))
        .select_from(Ticket).where(in_span(Ticket.opened_at, since, until))
    ).one()
    return Kpis(
        since=since, until=until, calls=sums.calls, reached=sums.reached, members_called=members,
        members_reached=members_reached,
        # Sum over count, not AVG: both engines then give the same float for the same scores.
        satisfaction_avg=sums.score_sum / sums.scored if sums.scored else None, satisfaction_count=sums.scored,
        tickets_opened=int(opened), complaints=int(complaints), sla_met=int(met), sla_breached=int(breached),
        sla_pending=int(opened) - int(met) - int(breached), refills=sums.refills, churn_reached=churn,
    )


# --- the same figures, broken down (the summary's tables sum to the totals above) ----------

@dataclass(frozen=True)
class SlaCounts:
    severity: str
    tickets: int
    met: int
    breached: int

    @property
    def pending(self) -> int:
        return self.tickets - self.met - self.breached


@dataclass(frozen=True)
class AgentKpis:
    agent_id: int | None
    calls: int
    reached: int
    satisfaction_avg: float | None
    complaints: int  # complaint tickets opened from this agent's calls in the span
    refills: int
    avg_wrap_seconds: float | None


def complaints_by_category(session: Session, since: datetime, until: datetime) -> list[tuple[str, int]]:
    """Complaint tickets opened in the span per category, most frequent first."""
    rows = session.execute(
        select(Ticket.category, func.count()).where(in_span(Ticket.opened_at, since, until), is_complaint())
        .group_by(Ticket.category)
    ).all()
    return sorted(((c, int(n)) for c, n in rows), key=lambda r: (-r[1], r[0]))


def sla_by_severity(session: Session, since: datetime, until: datetime, now: datetime) -> list[SlaCounts]:
    """The SLA of the tickets opened in the span, per severity, urgent first."""
    rows = session.execute(
        select(Ticket.severity, func.count(), count_if(sla_met()), count_if(sla_breached(now)))
        .where(in_span(Ticket.opened_at, since, until)).group_by(Ticket.severity)
    ).all()
    counts = [SlaCounts(sev, int(n), int(met), int(late)) for sev, n, met, late in rows]
    return sorted(counts, key=lambda r: (r.severity != "urgent", r.severity))


def by_agent(session: Session, since: datetime, until: datetime) -> list[AgentKpis]:
    """The call figures per agent (None: calls with no agent, e.g. imported history), from the rollup."""
    return _agents(session, since, until, call_sums(session, since, until, by_agent=True))


def by_agent_direct(session: Session, since: datetime, until: datetime) -> list[AgentKpis]:
    """by_agent counted from every call of the span (what the rollup must equal)."""
    return _agents(session, since, until, direct_sums(session, since, until, by_agent=True))


def _agents(session: Session, since: datetime, until: datetime, sums: dict[int | None, CallSums]) -> list[AgentKpis]:
    complaints = dict(session.execute(
        select(Call.agent_id, func.count()).select_from(Ticket).join(Call, Call.id == Ticket.call_id)
        .where(in_span(Ticket.opened_at, since, until), is_complaint(), in_span(Call.started_at, since, until))
        .group_by(Call.agent_id)
    ).all())
    return [
        AgentKpis(agent_id=agent, calls=s.calls, reached=s.reached,
                  satisfaction_avg=s.score_sum / s.scored if s.scored else None,
                  complaints=int(complaints.get(agent, 0)), refills=s.refills_reached,
                  # Sum over count, as the scores: the same float on both engines, from rollup or calls.
                  avg_wrap_seconds=s.wrap_sum / s.wrapped if s.wrapped else None)
        for agent, s in sorted(sums.items(), key=lambda item: (item[0] is None, item[0] or 0))
    ]


def as_json(kpis: Kpis, *, start: str, end: str, programme: "ProgrammeKpis | None" = None) -> dict[str, object]:
    """The figures as `caredesk-admin kpi --json` prints them: rates are fractions 0-1 (None: nothing to rate)."""
    data: dict[str, object] = {
        "from": start, "to": end,
        "calls": kpis.calls, "reached": kpis.reached, "connect_rate": kpis.connect_rate,
        "members_called": kpis.members_called, "members_reached": kpis.members_reached,
        "contact_rate": kpis.contact_rate,
        "satisfaction_avg": kpis.satisfaction_avg, "satisfaction_count": kpis.satisfaction_count,
        "tickets_opened": kpis.tickets_opened, "complaints": kpis.complaints,
        "sla_met": kpis.sla_met, "sla_breached": kpis.sla_breached, "sla_pending": kpis.sla_pending,
        "sla_met_rate": kpis.sla_met_rate,
        "refills": kpis.refills, "refill_rate": kpis.refill_rate, "refill_window_days": kpis.refill_window_days,
        "churn_reached": kpis.churn_reached,
    }
    if programme is not None:
        data.update(programme_json(programme))
    return data


# --- the member programme (issue 17): what supervisors measure of it -----------------------

@dataclass(frozen=True)
class CategoryRepurchase:
    category: str
    buyers: int
    repeat_buyers: int
    repurchase_rate: float | None
    median_interval_days: float | None


@dataclass(frozen=True)
class ProgrammeKpis:
    """The programme's figures over [since, until): repurchase rate and median interval (in
    total and by category), members now in churn warning or lost, members won back after a
    reached call, points issued / redeemed / expired, tier movements ((old, new, members))."""

    buyers: int
    repeat_buyers: int
    repurchase_rate: float | None
    median_interval_days: float | None
    by_category: tuple[CategoryRepurchase, ...]
    members_churn_warning: int
    members_lost: int
    won_back_after_call: int
    points_issued: int
    points_redeemed: int
    points_expired: int
    tier_movements: tuple[tuple[str, str, int], ...]


def measure_programme(session: Session, since: datetime, until: datetime) -> ProgrammeKpis:
    """The programme's figures, read in the caller's unit of work. The definitions are the
    member programme's own (app.services.loyalty.measures, a pure read), taken once here so
    the console, `kpi --json` and the summary PDF show the same numbers."""
    from app.services.loyalty.measures import loyalty_measures  # a read; the programme's package loads late

    m = loyalty_measures(session, since, until)
    rep = m["repurchase"]
    return ProgrammeKpis(
        buyers=rep["buyers"], repeat_buyers=rep["repeat_buyers"], repurchase_rate=rep["repurchase_rate"],
        median_interval_days=_days(rep["median_interval_days"]),
        by_category=tuple(CategoryRepurchase(cat, c["buyers"], c["repeat_buyers"], c["repurchase_rate"],
                                             _days(c["median_interval_days"]))
                          for cat, c in rep["by_category"].items()),
        members_churn_warning=m["members_churn_warning"], members_lost=m["members_lost"],
        won_back_after_call=m["won_back_after_call"], points_issued=m["points"]["issued"],
        points_redeemed=m["points"]["redeemed"], points_expired=m["points"]["expired"],
        tier_movements=tuple((*key.split("->", 1), n) for key, n in m["tier_movements"].items()),
    )


def _days(value) -> float | None:
    return None if value is None else float(value)


def programme_json(p: ProgrammeKpis) -> dict[str, object]:
    """The programme's keys of `caredesk-admin kpi --json` (added beside the call KPIs)."""
    return {
        "repurchase_buyers": p.buyers, "repeat_buyers": p.repeat_buyers, "repurchase_rate": p.repurchase_rate,
        "median_repurchase_interval_days": p.median_interval_days,
        "repurchase_by_category": {c.category: {"buyers": c.buyers, "repeat_buyers": c.repeat_buyers,
                                                "repurchase_rate": c.repurchase_rate,
                                                "median_interval_days": c.median_interval_days}
                                   for c in p.by_category},
        "members_churn_warning": p.members_churn_warning, "members_lost": p.members_lost,
        "won_back_after_call": p.won_back_after_call,
        "points_issued": p.points_issued, "points_redeemed": p.points_redeemed, "points_expired": p.points_expired,
        "tier_movements": {f"{old}->{new}": n for old, new, n in p.tier_movements},
    }

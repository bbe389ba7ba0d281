"""The floor as the supervisor sees it now: each agent's state and day, and the alerts to act on.

An agent's state is the one recorded by the phone and the agent (agent_state_periods: on a
call from the dial, wrap-up from the hang-up to the save, paused with a reason), with the
time in it. Where none says more (ready, or never recorded) it is derived: a live claim (a
lease not yet run out) means a member is open on their screen (on a call); no claim but an
outcome saved in the last minutes is after-call work (wrap-up); activity within the last
half hour is idle; anything older is offline. Alerts are unresolved tickets past or near their SLA, repeat complaints,
severe adverse reactions, and claims whose lease ran out while still held (abandoned).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from app.data.claims import expired_claim, live_claim
from app.data.tables import Call, FollowUpTask, Member, Ticket, User
from app.data.telephony import AgentStatePeriod, current_states
from app.domain.agent_states import AgentState
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.codes import AdverseReaction, Department, Disposition, Role, TicketStatus
from app.domain.periods import local_day_start
from app.services.users import Actor, Permission, require
from app.services.dashboard.sql import seconds_between

WRAP_UP_WINDOW = timedelta(minutes=3)
IDLE_WINDOW = timedelta(minutes=30)
NEAR_SLA_FRACTION = 0.25  # "near": the last quarter of the response time (urgent: 30 min)
NEAR_SLA_HORIZON = timedelta(hours=6)  # a quarter of the longest (24 h) response time
REPEAT_WINDOW = timedelta(days=30)
SEVERE_WINDOW = timedelta(days=7)
ALERTS_PER_KIND = 200
UNRESOLVED = (TicketStatus.OPEN.value, TicketStatus.ASSIGNED.value, TicketStatus.ESCALATED.value)


class AgentStatus(StrEnum):
    ON_CALL = "on_call"
    WRAP_UP = "wrap_up"
    PAUSED = "paused"
    IDLE = "idle"
    OFFLINE = "offline"


@dataclass(frozen=True)
class AgentRow:
    agent_id: int
    name: str
    status: AgentStatus
    calls_today: int
    reached_today: int
    avg_handle_seconds: float | None  # started_at -> ended_at
    avg_wrap_seconds: float | None  # after-call work recorded with the outcome
    avg_satisfaction: float | None
    open_claims: int
    last_saved_at: datetime | None
    pause_reason: str | None = None  # with PAUSED: break, lunch, training, meeting, coaching
    state_since: datetime | None = None  # when the recorded state began (None: derived)

    @property
    def connect_rate(self) -> float | None:
        return self.reached_today / self.calls_today if self.calls_today else None


class AlertKind(StrEnum):
    SLA_BREACHED = "sla_breached"
    SEVERE_REACTION = "severe_reaction"
    SLA_NEAR = "sla_near"
    REPEAT_COMPLAINT = "repeat_complaint"
    ABANDONED_LEASE = "abandoned_lease"


_ORDER = list(AlertKind)


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    at: datetime  # UTC: SLA due time, call time, last complaint, lease end
    member_id: int
    member_name: str
    ticket_id: int | None = None  # opens the ticket when set, else the member
    task_id: int | None = None
    agent_name: str = ""
    detail: str = ""  # a code: ticket category, department, task reason
    count: int = 1  # complaints in the window, tasks held


# --- agents -----------------------------------------------------------------------------

def agents_table(db: Database, actor: Actor, clock: Clock) -> tuple[AgentRow, ...]:
    require(actor, Permission.SUPERVISE)
    with db.session() as session:
        return read_agents(session, clock)


def read_agents(session: Session, clock: Clock) -> tuple[AgentRow, ...]:
    dialect = session.get_bind().dialect.name
    now = clock.now()
    day_start = local_day_start(clock.today(), clock)
    handle = seconds_between(Call.started_at, Call.ended_at, dialect)
    day = {
        row.agent_id: row for row in session.execute(
            select(
                Call.agent_id, func.count().label("calls"),
                func.sum(case((Call.disposition == Disposition.REACHED.value, 1), else_=0)).label("reached"),
                func.avg(handle).label("handle"), func.avg(Call.wrap_seconds).label("wrap"),
                func.avg(Call.satisfaction).label("satisfaction"), func.max(Call.saved_at).label("saved"),
            )
            .where(Call.started_at >= day_start, Call.started_at <= now, Call.agent_id.is_not(None))
            .group_by(Call.agent_id)
        )
    }
    claims = dict(session.execute(
        select(FollowUpTask.claimed_by_id, func.count())
        .where(FollowUpTask.claimed_by_id.is_not(None), live_claim(now))
        .group_by(FollowUpTask.claimed_by_id)
    ).all())
    users = session.execute(
        select(User.id, User.display_name, User.username)
        .where(or_(and_(User.role == Role.AGENT.value, User.active.is_(True)), User.id.in_(list(day) or [-1])))
        .order_by(User.display_name, User.id)
    ).all()
    states = current_states(session, [u.id for u in users])
    rows = []
    for user in users:
        stats = day.get(user.id)
        saved = stats.saved if stats is not None else None
        period = states.get(user.id)
        status, since = _status(claims.get(user.id, 0), saved, now, period)
        rows.append(AgentRow(
            agent_id=user.id, name=user.display_name or user.username, status=status, state_since=since,
            pause_reason=period.reason if period is not None and status is AgentStatus.PAUSED else None,
            calls_today=stats.calls if stats else 0, reached_today=int(stats.reached or 0) if stats else 0,
            avg_handle_seconds=_float(stats.handle) if stats else None,
            avg_wrap_seconds=_float(stats.wrap) if stats else None,
            avg_satisfaction=_float(stats.satisfaction) if stats else None,
            open_claims=claims.get(user.id, 0), last_saved_at=saved,
        ))
    return tuple(rows)


def _float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _status(claims: int, last_saved: datetime | None, now: datetime,
            period: AgentStatePeriod | None = None) -> tuple[AgentStatus, datetime | None]:
    """The state and since when (None where it is derived rather than recorded)."""
    if period is not None and period.state != AgentState.READY:
        return AgentStatus(period.state), period.started_at  # what the phone or the agent said
    if period is not None and not claims and now - max(period.started_at, last_saved or period.started_at) <= IDLE_WINDOW:
        return AgentStatus.IDLE, period.started_at  # ready, waiting for a member
    if claims:
        return AgentStatus.ON_CALL, None
    if last_saved is not None and now - last_saved <= WRAP_UP_WINDOW:
        return AgentStatus.WRAP_UP, None
    if last_saved is not None and now - last_saved <= IDLE_WINDOW:
        return AgentStatus.IDLE, None
    return AgentStatus.OFFLINE, None


# --- alerts -----------------------------------------------------------------------------

def alerts(db: Database, actor: Actor, clock: Clock) -> tuple[Alert, ...]:
    """Everything a supervisor should act on now, the most pressing kinds first."""
    require(actor, Permission.SUPERVISE)
    with db.session() as session:
        return read_alerts(session, clock)


def read_alerts(session: Session, clock: Clock) -> tuple[Alert, ...]:
    now = clock.now()
    found = [*_sla_alerts(session, now), *_repeat_alerts(session, now), *_severe_alerts(session, now),
             *_lease_alerts(session, now)]
    found.sort(key=lambda a: (_ORDER.index(a.kind), a.at))
    return tuple(found)


def _sla_alerts(session: Session, now: datetime) -> list[Alert]:
    rows = session.execute(
        select(Ticket.id, Ticket.member_id, Member.name, Ticket.category, Ticket.opened_at, Ticket.sla_due_at,
               User.display_name)
        .join(Member, Member.id == Ticket.member_id).outerjoin(User, User.id == Ticket.assignee_id)
        .where(Ticket.status.in_(UNRESOLVED), Ticket.resolved_at.is_(None),
               Ticket.sla_due_at < now + NEAR_SLA_HORIZON)
        .order_by(Ticket.sla_due_at).limit(ALERTS_PER_KIND * 4)
    ).all()
    found = []
    for r in rows:
        if r.sla_due_at <= now:
            kind = AlertKind.SLA_BREACHED
        elif r.sla_due_at - now <= (r.sla_due_at - r.opened_at) * NEAR_SLA_FRACTION:
            kind = AlertKind.SLA_NEAR
        else:
            continue
        found.append(Alert(kind, r.sla_due_at, r.member_id, r.name, ticket_id=r.id,
                           agent_name=r.display_name or "", detail=r.category))
    return found


def _repeat_alerts(session: Session, now: datetime) -> list[Alert]:
    """Two complaints from one member within 30 days (or one flagged repeat), one still open."""
    flagged = func.max(case((Ticket.repeat_complaint.is_(True), 1), else_=0))
    unresolved = func.sum(case((Ticket.resolved_at.is_(None), 1), else_=0))
    grouped = (
        select(Ticket.member_id, func.count().label("n"), func.max(Ticket.opened_at).label("last"),
               func.max(Ticket.id).label("ticket_id"))
        .where(Ticket.opened_at >= now - REPEAT_WINDOW, Ticket.opened_at <= now)
        .group_by(Ticket.member_id)
        .having(or_(func.count() >= 2, flagged == 1), unresolved > 0)
        .subquery()
    )
    rows = session.execute(
        select(grouped.c.member_id, grouped.c.n, grouped.c.last, grouped.c.ticket_id, Member.name, Ticket.category)
        .join(Member, Member.id == grouped.c.member_id).join(Ticket, Ticket.id == grouped.c.ticket_id)
        .order_by(grouped.c.last.desc()).limit(ALERTS_PER_KIND)
    ).all()
    return [Alert(AlertKind.REPEAT_COMPLAINT, r.last, r.member_id, r.name, ticket_id=r.ticket_id,
                  detail=r.category, count=r.n) for r in rows]


def _severe_alerts(session: Session, now: datetime) -> list[Alert]:
    """Severe reactions reported in the last week, and flagged members with a medical ticket open."""
    calls = session.execute(
        select(Call.member_id, func.max(Call.started_at).label("at"), Member.name, User.display_name)
        .join(Member, Member.id == Call.member_id).outerjoin(User, User.id == Call.agent_id)
        .where(Call.started_at >= now - SEVERE_WINDOW, Call.started_at <= now,
               Call.adverse_reaction == AdverseReaction.SEVERE.value)
        .group_by(Call.member_id, Member.name, User.display_name)
        .limit(ALERTS_PER_KIND)
    ).all()
    found: dict[int, Alert] = {}
    for r in calls:
        if r.member_id not in found or found[r.member_id].at < r.at:
            found[r.member_id] = Alert(AlertKind.SEVERE_REACTION, r.at, r.member_id, r.name,
                                       agent_name=r.display_name or "", detail=AdverseReaction.SEVERE.value)
    tickets = session.execute(
        select(Ticket.id, Ticket.member_id, Ticket.opened_at, Member.name)
        .join(Member, Member.id == Ticket.member_id)
        .where(Ticket.department == Department.MEDICAL.value, Ticket.status.in_(UNRESOLVED),
               Member.medical_flag.is_(True))
        .order_by(Ticket.opened_at.desc()).limit(ALERTS_PER_KIND)
    ).all()
    for r in tickets:
        if r.member_id not in found:
            found[r.member_id] = Alert(AlertKind.SEVERE_REACTION, r.opened_at, r.member_id, r.name,
                                       ticket_id=r.id, detail=Department.MEDICAL.value)
    return list(found.values())


def _lease_alerts(session: Session, now: datetime) -> list[Alert]:
    rows = session.execute(
        select(FollowUpTask.member_id, Member.name, User.display_name, func.min(FollowUpTask.reason).label("reason"),
               func.min(FollowUpTask.id).label("task_id"), func.max(FollowUpTask.lease_until).label("until"),
               func.count().label("n"))
        .join(Member, Member.id == FollowUpTask.member_id).outerjoin(User, User.id == FollowUpTask.claimed_by_id)
        .where(expired_claim(now))
        .group_by(FollowUpTask.member_id, Member.name, User.display_name)
        .limit(ALERTS_PER_KIND)
    ).all()
    return [Alert(AlertKind.ABANDONED_LEASE, r.until, r.member_id, r.name, task_id=r.task_id,
                  agent_name=r.display_name or "", detail=r.reason, count=r.n) for r in rows]

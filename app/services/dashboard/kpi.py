"""The KPI definitions: what each figure of the console counts, over a UTC span [since, until).

Every figure is one set-based aggregate (COUNT/SUM/AVG) on an indexed range of
`calls.started_at` or of the small tickets table, so a day or a week stays fast on a
million members and a year of calls.
"""

from datetime import datetime

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from app.data.tables import Call, FollowUpTask, Order, RefillRequest, Ticket
from app.domain.codes import Disposition, TaskReason
from app.services.dashboard.sql import within_days_after

REFILL_WINDOW_DAYS = 14


def in_span(column, since: datetime, until: datetime):
    return and_(column >= since, column < until)


def figures(session: Session, since: datetime, until: datetime, now: datetime) -> dict[str, float | int | None]:
    """connect_rate, calls_completed, satisfaction, complaints, sla_breaches, refills, churn_reached, reached."""
    dialect = session.get_bind().dialect.name
    reached = Call.disposition == Disposition.REACHED.value
    attempts, reached_calls, satisfaction = session.execute(
        select(func.count(), func.coalesce(func.sum(case((reached, 1), else_=0)), 0), func.avg(Call.satisfaction))
        .where(in_span(Call.started_at, since, until))
    ).one()
    refills = session.scalar(
        select(func.count()).select_from(Call)
        .where(in_span(Call.started_at, since, until), reached, _refill_follows(dialect))
    )
    churn = session.scalar(
        select(func.count(func.distinct(Call.member_id)))
        .where(in_span(Call.started_at, since, until), reached, _about_churn())
    )
    complaints = session.scalar(select(func.count()).select_from(Ticket)
                                .where(in_span(Ticket.opened_at, since, until)))
    breaches = session.scalar(
        select(func.count()).select_from(Ticket)
        .where(in_span(Ticket.sla_due_at, since, min(until, now)), _breached(now))
    ) if since < now else 0
    return {
        "connect_rate": reached_calls / attempts if attempts else None,
        "calls_completed": attempts,
        "satisfaction": float(satisfaction) if satisfaction is not None else None,
        "complaints": complaints,
        "sla_breaches": breaches,
        "refills": refills,
        "churn_reached": churn,
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

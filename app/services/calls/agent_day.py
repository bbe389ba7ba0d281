"""An agent's own day: calls made and connect rate (the status bar), and the callbacks the
agent booked for today (the workstation's "My callbacks" list).

Counted as the supervisor floor counts them (app.services.dashboard.floor): calls started
since local midnight, "connected" meaning the disposition `reached`. It also says what
the official calendar makes of today (a public holiday, a make-up working day, no-call).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import case, func, select

from app.data.tables import Call, FollowUpTask, Member
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.codes import OPEN_TASK_STATUSES, Disposition, TaskReason
from app.domain.public_holidays import DayInfo, day_info, is_no_call_day
from app.domain.queue_settings import QueueSettings
from app.services.settings import queue_settings
from app.services.users import Actor, Permission, require




@dataclass(frozen=True)
class AgentDay:
    calls: int
    reached: int
    day: DayInfo | None = None
    no_call_today: bool = field(default=False)

    @property
    def connect_rate(self) -> float | None:
        return self.reached / self.calls if self.calls else None


def agent_day(db: Database, actor: Actor, clock: Clock, settings: QueueSettings | None = None) -> AgentDay:
    """Today's counts and calendar; "no calls today" by the centre's no-call holidays unless given."""
    require(actor, Permission.WORK_QUEUE)
    today = day_info(clock.today())
    start = datetime.combine(clock.today(), time(0), tzinfo=clock.tz).astimezone(UTC)
    stmt = select(
        func.count(),
        func.coalesce(func.sum(case((Call.disposition == Disposition.REACHED.value, 1), else_=0)), 0),
    ).where(Call.agent_id == actor.id, Call.started_at >= start, Call.started_at <= clock.now())
    with db.session() as session:
        no_call = is_no_call_day(today.day, (settings or queue_settings(session)).no_call_holidays)
        if actor.id is None:
            return AgentDay(0, 0, today, no_call)
        calls, reached = session.execute(stmt).one()
    return AgentDay(int(calls), int(reached), today, no_call)


@dataclass(frozen=True)
class BookedCallback:
    task_id: int
    member_id: int
    member_name: str
    due_at: datetime  # UTC
    status: str  # open, or claimed while the call is on


def callbacks_today(db: Database, actor: Actor, clock: Clock) -> list[BookedCallback]:
    """The callbacks booked for the actor that fall due today (local day), earliest first."""
    require(actor, Permission.WORK_QUEUE)
    if actor.id is None:
        return []
    start = datetime.combine(clock.today(), time(0), tzinfo=clock.tz).astimezone(UTC)
    stmt = (select(FollowUpTask.id, FollowUpTask.member_id, Member.name, FollowUpTask.due_at, FollowUpTask.status)
            .join(Member, Member.id == FollowUpTask.member_id)
            .where(FollowUpTask.reason == TaskReason.CALLBACK.value, FollowUpTask.assigned_agent_id == actor.id,
                   FollowUpTask.due_at >= start, FollowUpTask.due_at < start + timedelta(days=1),
                   FollowUpTask.status.in_(OPEN_TASK_STATUSES))
            .order_by(FollowUpTask.due_at, FollowUpTask.id))
    with db.session() as session:
        return [BookedCallback(*row) for row in session.execute(stmt).all()]

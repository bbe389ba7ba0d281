"""An agent's own day so far (calls made, connect rate) for the workstation's status bar.

Counted as the supervisor floor counts them (app.services.dashboard.floor): calls started
since local midnight, "connected" meaning the disposition `reached`.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time

from sqlalchemy import case, func, select

from app.data.tables import Call
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.codes import Disposition
from app.services.auth import Actor, Permission, require


@dataclass(frozen=True)
class AgentDay:
    calls: int
    reached: int

    @property
    def connect_rate(self) -> float | None:
        return self.reached / self.calls if self.calls else None


def agent_day(db: Database, actor: Actor, clock: Clock) -> AgentDay:
    require(actor, Permission.WORK_QUEUE)
    if actor.id is None:
        return AgentDay(0, 0)
    start = datetime.combine(clock.today(), time(0), tzinfo=clock.tz).astimezone(UTC)
    stmt = select(
        func.count(),
        func.coalesce(func.sum(case((Call.disposition == Disposition.REACHED.value, 1), else_=0)), 0),
    ).where(Call.agent_id == actor.id, Call.started_at >= start, Call.started_at <= clock.now())
    with db.session() as session:
        calls, reached = session.execute(stmt).one()
    return AgentDay(int(calls), int(reached))

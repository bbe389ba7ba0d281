"""Tables for telephony: each call placed through a softphone with its measured times and
SIP result, and each agent's states over time (ready, on call, wrap-up, paused)."""

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, bindparam, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.data.base import Base
from app.data.tables import BigId


class PhoneCall(Base):
    """One dial. `call_ref` is also the client id the outcome is saved under (calls.client_id)."""

    __tablename__ = "phone_calls"
    __table_args__ = (Index(None, "agent_id", "dialled_at"), Index(None, "member_id", "dialled_at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    call_ref: Mapped[str] = mapped_column(String(36), unique=True)
    task_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("follow_up_tasks.id", ondelete="SET NULL"))
    member_id: Mapped[int] = mapped_column(BigId, ForeignKey("members.id", ondelete="CASCADE"))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    adapter: Mapped[str] = mapped_column(String(16))  # baresip, handoff, ...
    dialled_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    ringing_seconds: Mapped[float | None] = mapped_column(Float)
    talk_seconds: Mapped[float | None] = mapped_column(Float)
    wrap_seconds: Mapped[float | None] = mapped_column(Float)  # hang-up to the end of wrap-up
    answered: Mapped[bool | None]
    sip_status: Mapped[int | None] = mapped_column(Integer)
    hung_up_by: Mapped[str | None] = mapped_column(String(12))
    proposed_disposition: Mapped[str | None] = mapped_column(String(16))


class AgentStatePeriod(Base):
    """One stretch of an agent in one state; the open one (ended_at NULL) is the current state."""

    __tablename__ = "agent_state_periods"
    __table_args__ = (
        Index(None, "agent_id", "started_at"),
        # At most one current state per agent, on both engines.
        Index("uq_agent_state_periods_current", "agent_id", unique=True,
              sqlite_where=text("ended_at IS NULL"), postgresql_where=text("ended_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str | None] = mapped_column(String(12))  # the pause reason
    call_ref: Mapped[str | None] = mapped_column(String(36))  # the call that set on_call / wrap_up
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


def state_now(session: Session, agent_id: int) -> str | None:
    """One agent's state now (None: never set), as plain text: the check every claim makes."""
    return session.connection().execute(STATE_NOW, {"agent": agent_id}).scalar()


def current_states(session: Session, agent_ids: list[int] | None = None) -> dict[int, AgentStatePeriod]:
    """Each agent's open period (their state now), by agent id; the one read of "state now"
    for the agent's own screen, the telephony board and the supervisor's floor."""
    query = select(AgentStatePeriod).where(AgentStatePeriod.ended_at.is_(None))
    if agent_ids is not None:
        query = query.where(AgentStatePeriod.agent_id.in_(agent_ids or [-1]))
    return {p.agent_id: p for p in session.scalars(query)}


# One agent's current state (`:agent`), for reads that fetch it beside something else.
STATE_NOW = (select(AgentStatePeriod.state)
              .where(AgentStatePeriod.agent_id == bindparam("agent"), AgentStatePeriod.ended_at.is_(None)))

"""Agent states over time: set by the agent (ready, paused with a reason) or by the call
(on call at dial, wrap-up at hang-up, ready when the outcome is saved)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.data.tables import User
from app.data.telephony import AgentStatePeriod, current_states, state_now
from app.data.uow import Database
from app.domain.agent_states import AgentState, PauseReason, check_transition, takes_claims
from app.domain.clock import Clock
from app.services.audit import announce
from app.services.users.auth import Actor, Permission, require
from app.services.errors import ValidationError


@dataclass(frozen=True)
class AgentStateRow:
    agent_id: int
    username: str
    display_name: str
    state: AgentState
    reason: PauseReason | None
    since: datetime | None
    seconds_in_state: float


def current_state(session: Session, agent_id: int) -> AgentStatePeriod | None:
    return current_states(session, [agent_id]).get(agent_id)


def may_take_claims(session: Session, agent_id: int | None) -> bool:
    """The check claim-next and claim-task call: a paused agent is given no new work."""
    return agent_id is None or takes_claims(state_now(session, agent_id))


def move_agent(session: Session, actor: Actor, clock: Clock, state: AgentState, *,
               reason: PauseReason | str | None = None, call_ref: str | None = None) -> AgentStatePeriod:
    """Close the actor's current period and open one in `state` (inside the caller's unit of work)."""
    try:
        pause = check_transition(state, reason)
    except ValueError as exc:
        raise ValidationError({"reason": str(exc)}) from None
    now = clock.now()
    period = current_state(session, actor.id)
    if period is not None:
        if (period.state, period.reason, period.call_ref) == (state.value, pause and pause.value, call_ref):
            return period
        period.ended_at = now
        session.flush()  # the partial unique index allows one open period per agent
    opened = AgentStatePeriod(agent_id=actor.id, state=state.value, reason=pause and pause.value,
                              call_ref=call_ref, started_at=now)
    session.add(opened)
    announce(session, actor, clock, topic="agents", entity_id=actor.id)
    session.flush()
    return opened


def set_agent_state(db: Database, actor: Actor, clock: Clock, state: AgentState | str, *,
                    reason: PauseReason | str | None = None) -> AgentStateRow:
    require(actor, Permission.WORK_QUEUE)
    state = AgentState(state)
    with db.session(write=True) as session:
        period = move_agent(session, actor, clock, state, reason=reason)
        return AgentStateRow(actor.id, actor.username, actor.display_name, state,
                             PauseReason(period.reason) if period.reason else None, period.started_at, 0.0)


def my_state(db: Database, actor: Actor, clock: Clock) -> AgentStateRow:
    """The actor's own state now (ready when never set), for the workstation's picker."""
    require(actor, Permission.WORK_QUEUE)
    with db.session() as session:
        period = current_state(session, actor.id)
        return _row(actor.id, actor.username, actor.display_name or actor.username, period, clock.now())


def agent_board(db: Database, actor: Actor, clock: Clock) -> list[AgentStateRow]:
    """Every active agent's current state and time in it, for the supervisor's agent table."""
    require(actor, Permission.SUPERVISE)
    now = clock.now()
    with db.session() as session:
        users = session.execute(select(User.id, User.username, User.display_name)
                                .where(User.active.is_(True), User.role == "agent").order_by(User.username)).all()
        states = current_states(session, [u.id for u in users])
        return [_row(u.id, u.username, u.display_name or u.username, states.get(u.id), now) for u in users]


def _row(agent_id: int, username: str, name: str, period: AgentStatePeriod | None, now: datetime) -> AgentStateRow:
    if period is None:
        return AgentStateRow(agent_id, username, name, AgentState.READY, None, None, 0.0)
    return AgentStateRow(agent_id, username, name, AgentState(period.state),
                         PauseReason(period.reason) if period.reason else None, period.started_at,
                         (now - period.started_at) / timedelta(seconds=1))


def time_in_states(db: Database, actor: Actor, clock: Clock, agent_id: int, *,
                   since: datetime) -> dict[str, float]:
    """Seconds per state (paused split by reason, `paused:lunch`) from `since` to now."""
    if agent_id != actor.id:
        require(actor, Permission.SUPERVISE)
    now = clock.now()
    totals: dict[str, float] = {}
    with db.session() as session:
        periods = session.scalars(select(AgentStatePeriod).where(
            AgentStatePeriod.agent_id == agent_id,
            (AgentStatePeriod.ended_at.is_(None)) | (AgentStatePeriod.ended_at > since))).all()
        for p in periods:
            start, end = max(p.started_at, since), p.ended_at or now
            key = f"{p.state}:{p.reason}" if p.reason else p.state
            totals[key] = totals.get(key, 0.0) + max(0.0, (end - start) / timedelta(seconds=1))
    return totals

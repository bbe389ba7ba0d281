"""Supervisors move work between agents: single tasks, a member's ownership, or in bulk by filter.

A moved task is assigned to the new agent (it comes first in their queue) and loses any
claim whose lease ran out; a task someone is working right now (a live claim) is left
alone and counted as skipped, so no call in progress changes hands under the agent.
Every move is audited and announced on the change feed so open windows reload.
"""

from dataclasses import dataclass, field

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session

from app.data.claims import expired_claim, held_by_other
from app.data.tables import OPEN_TASK, FollowUpTask, Member, User
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.codes import OPEN_TASK_STATUSES, Role, TaskReason, TaskStatus, Tier
from app.domain.limits import id_problem
from app.services.audit import announce, audit
from app.services.users import Actor, Permission, require
from app.services.changes import Changes
from app.services.errors import NotFound, ValidationError
from app.services.queue.build import refresh_members

def _ids(values, field: str) -> list[int]:
    """The ids, checked by the one rule before any engine sees them (a typed list can hold 2^64)."""
    ids = sorted({int(i) for i in values})
    for i in ids:
        if (problem := id_problem(i)) is not None:
            raise ValidationError({field: problem})
    if not ids:
        raise ValidationError({field: f"choose at least one {field[:-1]}"})
    return ids


AUDITED_IDS = 1000  # a bulk move lists its first ids in the audit entry, and always the count
ANNOUNCED_MEMBERS = 200  # beyond this one queue-wide event says it all


@dataclass(frozen=True)
class TaskFilter:
    """Which open tasks a bulk move takes; None means any."""

    reason: str | None = None
    tier: str | None = None
    agent_id: int | None = None  # the agent the tasks are assigned to now
    unassigned: bool = False  # only pooled tasks (assigned to nobody)

    def validate(self) -> None:
        errors = {}
        if self.reason is not None and self.reason not in TaskReason._value2member_map_:
            errors["reason"] = f"unknown reason {self.reason!r}"
        if self.tier is not None and self.tier not in Tier._value2member_map_:
            errors["tier"] = f"unknown tier {self.tier!r}"
        if self.unassigned and self.agent_id is not None:
            errors["agent"] = "choose an agent or unassigned tasks, not both"
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class ReassignResult:
    moved: int
    skipped: int  # held by a live claim of another agent
    task_ids: tuple[int, ...] = ()
    member_ids: tuple[int, ...] = ()
    changes: Changes = field(default_factory=lambda: Changes(queue=True))


@dataclass(frozen=True)
class AgentChoice:
    agent_id: int
    name: str
    username: str


def assignable_agents(db: Database, actor: Actor, clock: Clock) -> tuple[AgentChoice, ...]:
    """Active agents and supervisors work can be moved to, by name."""
    require(actor, Permission.SUPERVISE)
    with db.session() as session:
        rows = session.execute(
            select(User.id, User.display_name, User.username)
            .where(User.active.is_(True), User.role.in_((Role.AGENT.value, Role.SUPERVISOR.value)))
            .order_by(User.display_name, User.id)
        ).all()
    return tuple(AgentChoice(r.id, r.display_name or r.username, r.username) for r in rows)


def move_tasks(db: Database, actor: Actor, clock: Clock, task_ids, *, to_agent_id: int) -> ReassignResult:
    """Assign the given open tasks to `to_agent_id`."""
    require(actor, Permission.SUPERVISE)
    ids = _ids(task_ids, "tasks")
    with db.session(write=True) as session:
        _target(session, to_agent_id)
        result = _move(session, actor, clock, FollowUpTask.id.in_(ids), to_agent_id)
        _record(session, actor, clock, "tasks.reassign", result, to_agent_id, {"requested": len(ids)})
        return result


def move_by_filter(db: Database, actor: Actor, clock: Clock, which: TaskFilter, *,
                   to_agent_id: int) -> ReassignResult:
    """Assign every open task matching `which` (reason, member tier, current agent) to one agent."""
    require(actor, Permission.SUPERVISE)
    which.validate()
    with db.session(write=True) as session:
        _target(session, to_agent_id)
        result = _move(session, actor, clock, _matching(which), to_agent_id)
        _record(session, actor, clock, "tasks.reassign_bulk", result, to_agent_id, {
            "reason": which.reason, "tier": which.tier, "from_agent_id": which.agent_id,
            "unassigned": which.unassigned,
        })
        return result


def count_matching(db: Database, actor: Actor, clock: Clock, which: TaskFilter) -> int:
    """How many open tasks a bulk move would take (the dialog shows it before moving)."""
    require(actor, Permission.SUPERVISE)
    which.validate()
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(FollowUpTask).where(_matching(which))) or 0


def move_members(db: Database, actor: Actor, clock: Clock, member_ids, *, to_agent_id: int,
                 with_tasks: bool = True) -> ReassignResult:
    """Make `to_agent_id` the care manager of these members; their open tasks held for the
    old owner follow (with_tasks)."""
    require(actor, Permission.SUPERVISE)
    ids = _ids(member_ids, "members")
    with db.session(write=True) as session:
        _target(session, to_agent_id)
        owners = dict(session.execute(select(Member.id, Member.owner_id).where(Member.id.in_(ids))).all())
        missing = set(ids) - set(owners)
        if missing:
            raise NotFound(f"no member with id {min(missing)}")
        now = clock.now()
        session.execute(
            update(Member).where(Member.id.in_(ids))
            .values(owner_id=to_agent_id, updated_at=now, version=Member.version + 1)
            .execution_options(synchronize_session=False)
        )
        moved = ReassignResult(0, 0)
        if with_tasks:
            open_tasks = session.execute(
                select(FollowUpTask.id, FollowUpTask.member_id, FollowUpTask.assigned_agent_id)
                .where(FollowUpTask.member_id.in_(ids), OPEN_TASK)
            ).all()
            held = [t.id for t in open_tasks
                    if t.assigned_agent_id is not None and t.assigned_agent_id == owners[t.member_id]]
            if held:
                moved = _move(session, actor, clock, FollowUpTask.id.in_(held), to_agent_id)
        refresh_members(session, clock, ids)  # a new care manager: the owner's holds, as the build plans them
        result = ReassignResult(moved.moved, moved.skipped, moved.task_ids, tuple(ids),
                                Changes(queue=True, member=True))
        _record(session, actor, clock, "members.reassign_owner", result, to_agent_id,
                {"previous_owners": {str(m): o for m, o in list(owners.items())[:AUDITED_IDS]}})
        for member_id in ids[:ANNOUNCED_MEMBERS]:
            announce(session, actor, clock, topic="member", entity_id=member_id)
        return result


# --- inside the unit of work -----------------------------------------------------------------

def _target(session: Session, agent_id: int) -> None:
    user = session.get(User, agent_id)
    if user is None or not user.active:
        raise NotFound(f"no active user with id {agent_id}")
    if user.role not in (Role.AGENT.value, Role.SUPERVISOR.value):
        raise ValidationError({"agent": f"{user.username} does not work a queue"})


def _matching(which: TaskFilter):
    conditions = [FollowUpTask.status.in_(OPEN_TASK_STATUSES)]
    if which.reason is not None:
        conditions.append(FollowUpTask.reason == which.reason)
    if which.agent_id is not None:
        conditions.append(FollowUpTask.assigned_agent_id == which.agent_id)
    if which.unassigned:
        conditions.append(FollowUpTask.assigned_agent_id.is_(None))
    if which.tier is not None:
        conditions.append(FollowUpTask.member_id.in_(select(Member.id).where(Member.tier == which.tier)))
    return and_(*conditions)


def _move(session: Session, actor: Actor, clock: Clock, which, to_agent_id: int) -> ReassignResult:
    now = clock.now()
    scope = and_(which, FollowUpTask.status.in_(OPEN_TASK_STATUSES))
    rows = session.execute(
        select(FollowUpTask.id, FollowUpTask.member_id, held_by_other(to_agent_id, now).label("busy"))
        .where(scope)
    ).all()
    movable = [r.id for r in rows if not r.busy]
    for chunk in _chunks(movable, 500):
        # An expired claim is dropped with the move: the new agent must be able to take it.
        session.execute(
            update(FollowUpTask).where(FollowUpTask.id.in_(chunk))
            .values(assigned_agent_id=to_agent_id, version=FollowUpTask.version + 1)
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(FollowUpTask)
            .where(FollowUpTask.id.in_(chunk), expired_claim(now))
            .values(status=TaskStatus.OPEN.value, claimed_by_id=None, lease_until=None)
            .execution_options(synchronize_session=False)
        )
    members = sorted({r.member_id for r in rows if not r.busy})
    return ReassignResult(len(movable), len(rows) - len(movable), tuple(movable), tuple(members))


def _record(session: Session, actor: Actor, clock: Clock, action: str, result: ReassignResult,
            to_agent_id: int, detail: dict) -> None:
    audit(session, actor, clock, action=action, entity="follow_up_task", detail={
        **detail, "to_agent_id": to_agent_id, "moved": result.moved, "skipped": result.skipped,
        "task_ids": list(result.task_ids[:AUDITED_IDS]),
    })
    if len(result.member_ids) <= ANNOUNCED_MEMBERS:
        for member_id in result.member_ids:
            announce(session, actor, clock, topic="queue", entity_id=member_id)
    else:
        announce(session, actor, clock, topic="queue")


def _chunks(items: list[int], size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]

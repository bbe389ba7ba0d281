"""Builders for the team-mode tests: agents with tasks to call, and outcome payloads."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from app.data.tables import FollowUpTask
from app.data.uow import Database
from tests.support.factories import make_member, make_user


def make_task(session: Session, member_id: int, *, at: datetime, reason: str = "effect_check",
              priority: int = 50) -> FollowUpTask:
    """An open, due task for `member_id` (ORM row; flushed so its id is known)."""
    task = FollowUpTask(member_id=member_id, reason=reason, status="open", priority=priority, why="test",
                        due_at=at - timedelta(days=1), created_at=at - timedelta(days=1))
    session.add(task)
    session.flush()
    return task


@dataclass(frozen=True)
class AgentTasks:
    username: str
    actor_id: int
    task_ids: tuple[int, ...]


def zone_in_window_now() -> str:
    """A fixed-offset zone where the real time now is early afternoon: the journal replays
    saves at the real time they were made, and an unclaimed save must be inside the
    member's calling window whatever hour the suite runs."""
    offset = (13 - datetime.now(UTC).hour + 12) % 24 - 12  # -12..+11 hours from UTC
    return "Etc/UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"


def seed_agents(db: Database, *, agents: int, tasks_each: int, at: datetime) -> list[AgentTasks]:
    """`agents` agents, each with `tasks_each` tasks on members of their own (one task a member)."""
    seeded: list[AgentTasks] = []
    zone = zone_in_window_now()
    with db.session(write=True) as s:
        for a in range(agents):
            actor = make_user(s, f"sync_agent{a}_{uuid.uuid4().hex[:6]}", at=at)
            ids = []
            for t in range(tasks_each):
                member = make_member(s, at=at, phone=f"+86139{a:02d}{t:06d}"[:14], timezone=zone)
                ids.append(make_task(s, member.id, at=at).id)
            seeded.append(AgentTasks(username=actor.username, actor_id=actor.id, task_ids=tuple(ids)))
    return seeded


def reached_payload(client_id: str | None = None, *, notes: str = "") -> dict:
    """A minimal valid outcome: member reached and satisfied."""
    return {"client_id": client_id or str(uuid.uuid4()), "disposition": "reached", "satisfaction": 9,
            "effects": {}, "adherence": None, "remaining_days": None, "refill_intent": None,
            "complaint": None, "adverse_reaction": "none", "callback_at": None, "answers": {},
            "notes": notes}

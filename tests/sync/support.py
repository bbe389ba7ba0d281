"""Builders for the team-mode tests: agents with tasks to call, and outcome payloads."""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.data.tables import FollowUpTask
from app.data.uow import Database
from app.domain.clock import Clock
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


SHANGHAI = ZoneInfo("Asia/Shanghai")


def clock_at_real_time_of_day() -> Clock:
    """The suite's Monday 2026-06-15 at the real time of day: a claim at the test's clock
    and a save the journal replays at the real time then fall in the same member's calling
    window at any hour (the window is 12 hours wide: two times of day 12 or more hours apart
    fit no zone)."""
    now = datetime.now(SHANGHAI)
    return Clock.fixed(date(2026, 6, 15), time(now.hour, now.minute), tz=SHANGHAI)


def zone_in_window_now(at: datetime | None = None) -> str:
    """A fixed-offset zone where the real time now, and `at` (the test's clock) too, fall
    inside the calling window (09:00-21:00): the journal replays saves at the real time
    they were made, claims run at the test's clock, whatever hour the suite runs. Two
    instants are never more than 12 hours apart around the clock, so one zone fits both."""
    instants = [datetime.now(UTC)] + ([at.astimezone(UTC)] if at is not None else [])
    hours = [i.hour + i.minute / 60 for i in instants]

    def worst(offset: int) -> float:  # the furthest instant from 15:00 local
        return max(abs((h + offset) % 24 - 15) for h in hours)

    offset = min(range(-12, 12), key=worst)
    return "Etc/UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"


def seed_agents(db: Database, *, agents: int, tasks_each: int, at: datetime) -> list[AgentTasks]:
    """`agents` agents, each with `tasks_each` tasks on members of their own (one task a member)."""
    seeded: list[AgentTasks] = []
    zone = zone_in_window_now(at)
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

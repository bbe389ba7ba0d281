"""A small, known supervisor's floor for the dashboard tests: calls, tickets, claims and tasks.

The clock fixture's Monday 2026-06-15 10:00 Shanghai is "now". Every figure the tests
check is also counted independently by SQL, so the exact numbers here matter only for
the cases named in `Floor` (the breached ticket, the live and the abandoned claim...).
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app.data.tables import Call, FollowUpTask, Member, RefillRequest, Ticket
from app.data.uow import Database
from app.domain.clock import Clock
from app.services.dashboard import attribute_refills
from app.services.users import Actor
from tests.support.factories import make_member, make_order, make_product, make_user


@dataclass(frozen=True)
class Floor:
    supervisor: Actor
    agent: Actor  # holds a live claim: on a call
    other: Actor  # saved an outcome two minutes ago: wrap-up
    members: tuple[int, ...]
    breached_ticket: int
    near_ticket: int
    abandoned_task: int
    movable_task: int  # open, due, assigned to `agent`
    severe_member: int


def add_call(session: Session, member: Member, *, at: datetime, agent_id: int | None, disposition: str = "reached",
             satisfaction: int | None = None, reasons: str = "", task_id: int | None = None,
             adverse_reaction: str = "none", handle: timedelta = timedelta(minutes=4),
             wrap_seconds: int | None = 45) -> Call:
    call = Call(
        client_id=str(uuid.uuid4()), task_id=task_id, member_id=member.id, agent_id=agent_id, channel="phone",
        reasons=reasons, started_at=at, ended_at=at + handle,
        saved_at=at + handle + timedelta(seconds=wrap_seconds or 0), wrap_seconds=wrap_seconds,
        disposition=disposition, satisfaction=satisfaction, adverse_reaction=adverse_reaction, answers={}, notes="",
    )
    session.add(call)
    session.flush()
    return call


def add_ticket(session: Session, member: Member, *, opened_at: datetime, category: str = "logistics",
               department: str = "logistics", severity: str = "normal", resolved_at: datetime | None = None,
               repeat: bool = False) -> Ticket:
    ticket = Ticket(
        member_id=member.id, category=category, severity=severity, department=department,
        status="resolved" if resolved_at else "open", description="", opened_at=opened_at,
        sla_due_at=opened_at + timedelta(hours=2 if severity == "urgent" else 24), resolved_at=resolved_at,
        repeat_complaint=repeat,
    )
    session.add(ticket)
    session.flush()
    return ticket


def add_task(session: Session, member: Member, *, reason: str, due_at: datetime, status: str = "open",
             assigned_agent_id: int | None = None, claimed_by_id: int | None = None,
             lease_until: datetime | None = None) -> FollowUpTask:
    task = FollowUpTask(
        member_id=member.id, reason=reason, status=status, priority=50, why="", detail={}, due_at=due_at,
        assigned_agent_id=assigned_agent_id, claimed_by_id=claimed_by_id, lease_until=lease_until,
        created_at=due_at - timedelta(days=1),
    )
    session.add(task)
    session.flush()
    return task


def seed_floor(db: Database, clock: Clock) -> Floor:
    now = clock.now()  # 02:00 UTC, 10:00 in Shanghai
    local = now.astimezone(clock.tz)
    today = local.replace(hour=0, minute=0)

    def at(day_offset: int, hour: int, minute: int = 0) -> datetime:
        return (today + timedelta(days=day_offset, hours=hour, minutes=minute)).astimezone(now.tzinfo)

    with db.session(write=True) as s:
        supervisor = make_user(s, "super1", role="supervisor", at=now)
        agent = make_user(s, "agent1", at=now)
        other = make_user(s, "agent2", at=now)
        make_user(s, "agent3", at=now)  # no activity: offline
        oil = make_product(s, "FO-500")
        members = [make_member(s, at=now - timedelta(days=200), name=n, phone=f"+86138{i:04d}1234",
                               best_times="", owner_id=agent.id if i < 3 else None)
                   for i, n in enumerate(["王秀英", "李娜", "张伟", "刘洋", "陈静", "杨帆"])]
        m1, m2, m3, m4, m5, m6 = members

        # Today: agent has five attempts, three reached; other one reached call just saved.
        c1 = add_call(s, m1, at=at(0, 8, 30), agent_id=agent.id, satisfaction=9)
        add_call(s, m2, at=at(0, 8, 45), agent_id=agent.id, disposition="no_answer", wrap_seconds=10)
        add_call(s, m3, at=at(0, 9, 0), agent_id=agent.id, satisfaction=7, reasons="churn_risk")
        add_call(s, m4, at=at(0, 9, 10), agent_id=agent.id, disposition="busy", wrap_seconds=None)
        add_call(s, m5, at=at(0, 9, 20), agent_id=agent.id, satisfaction=4, adverse_reaction="severe")
        add_call(s, m6, at=at(0, 9, 53), agent_id=other.id, satisfaction=10,
                 handle=timedelta(minutes=5), wrap_seconds=60)  # saved 09:59
        s.add(RefillRequest(member_id=m1.id, call_id=c1.id, created_at=at(0, 9, 40)))
        # Yesterday (the trend's comparison) and last week.
        add_call(s, m1, at=at(-1, 9, 0), agent_id=agent.id, disposition="no_answer")
        add_call(s, m2, at=at(-1, 9, 30), agent_id=other.id, satisfaction=6)
        for d in range(2, 9):
            call = add_call(s, members[d % 6], at=at(-d, 14), agent_id=other.id, satisfaction=5 + d % 5,
                            disposition="reached" if d % 3 else "refused")
            if d == 4:
                make_order(s, members[d % 6], oil, ordered_at=call.started_at + timedelta(days=3))
        # Tickets: breached urgent today, near-due normal, resolved on time and late, a repeat complainer.
        breached = add_ticket(s, m2, opened_at=at(0, 7), severity="urgent", category="quality", department="quality")
        near = add_ticket(s, m3, opened_at=at(-1, 13))  # due 13:00 today: three hours left of 24
        add_ticket(s, m2, opened_at=at(-10, 10), category="quality", department="quality", resolved_at=at(-10, 12))
        add_ticket(s, m4, opened_at=at(-3, 10), resolved_at=at(-3, 15))
        add_ticket(s, m4, opened_at=at(-2, 8), category="service", department="service", resolved_at=at(-1, 12))
        add_ticket(s, m4, opened_at=at(-40, 8), category="stock_out", department="supply_chain",
                   resolved_at=at(-39, 8))
        # Claims: the agent is on a call; a lease of the other agent ran out while still held.
        add_task(s, m1, reason="refill", due_at=at(-1, 9), status="claimed", assigned_agent_id=agent.id,
                 claimed_by_id=agent.id, lease_until=now + timedelta(minutes=10))
        abandoned = add_task(s, m6, reason="delivery_survey", due_at=at(-1, 9), status="claimed",
                             claimed_by_id=other.id, lease_until=now - timedelta(minutes=20))
        movable = add_task(s, m2, reason="cadence", due_at=at(0, 8), assigned_agent_id=agent.id)
        s.flush()
        attribute_refills(s, None)  # rows went in directly: credit the calls as the writers would
        return Floor(supervisor=supervisor, agent=agent, other=other, members=tuple(m.id for m in members),
                     breached_ticket=breached.id, near_ticket=near.id, abandoned_task=abandoned.id,
                     movable_task=movable.id, severe_member=m5.id)

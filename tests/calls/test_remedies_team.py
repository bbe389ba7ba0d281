"""Team mode: an agent with its own PostgreSQL login saves a still-unhappy re-visit and every
remedy is written under the server's grants and row-level security (0012_remedies)."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.data.remedies import RemedyAction
from app.data.tables import FollowUpTask, PointsEntry, Ticket
from app.data.uow import Database
from app.domain.clock import Clock
from app.services import calls
from app.services.users import actor_by_name
from tests.support.call_world import outcome

pytestmark = pytest.mark.postgres


def test_an_agent_login_saves_every_remedy_of_its_revisit(team):
    now = datetime.now(UTC)
    owner = Database.from_url(team.owner_url)
    try:
        with owner.session(write=True) as s:
            ticket = Ticket(member_id=team.member["mine"], category="logistics", severity="normal",
                            department="logistics", status="resolved", description="快递晚了",
                            opened_at=now - timedelta(days=3), sla_due_at=now - timedelta(days=2),
                            resolved_at=now - timedelta(hours=49))
            s.add(ticket)
            s.flush()
            task = s.get(FollowUpTask, team.task["mine"])
            task.reason, task.ticket_id = "revisit", ticket.id
            ticket_id = ticket.id
    finally:
        owner.dispose()
    agent_db = team.db("agent")
    try:
        actor = actor_by_name(agent_db, team.names["agent"])
        saved = calls.record_outcome(agent_db, actor, Clock(), task_id=team.task["mine"],
                                     payload=outcome(satisfaction=3, remedies=["reship", "points", "ticket"]))
        with agent_db.session() as s:  # the agent reads back what it wrote for its member
            assert {r.kind for r in s.scalars(select(RemedyAction))} == {"reship", "points", "ticket"}
    finally:
        agent_db.dispose()
    owner = Database.from_url(team.owner_url)
    try:
        with owner.session() as s:
            rows = s.scalars(select(RemedyAction).where(RemedyAction.call_id == saved.call_id)).all()
            assert {r.created_by_id for r in rows} == {team.ids["agent"]}
            assert all(r.revisited_ticket_id == ticket_id for r in rows)
            assert s.scalar(select(PointsEntry.delta).where(PointsEntry.reason == "revisit_remedy")) > 0
            assert s.scalars(select(Ticket.department).where(Ticket.call_id == saved.call_id)).all() == ["special_team"]
    finally:
        owner.dispose()

"""Tickets on both engines: routing and SLA, assignment and comments, escalation when the
SLA passes, resolution booking the 48-hour re-visit, repeat complaints; and the CLI."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.cli.main import main
from app.data.tables import AuditEntry, FollowUpTask, Member
from app.domain.clock import Clock
from app.services import calls, tickets
from app.services.errors import Conflict, ValidationError
from tests.support.call_world import build_world, outcome


def later(clock: Clock, **delta) -> Clock:
    return Clock(tz=clock.tz, fixed_at=clock.now() + timedelta(**delta))


def complain(db, clock, w, *, category="logistics", severity="normal", task_id=None) -> int:
    result = calls.record_outcome(db, w.agent, clock, task_id=task_id or w.task_id, payload=outcome(
        satisfaction=2, complaint={"category": category, "severity": severity, "text": "快递晚了三天"}))
    return result.ticket_ids[0]


def test_sla_deadlines_by_severity(db, clock):
    w = build_world(db, clock)
    urgent = tickets.open_ticket(db, w.agent, clock, member_id=w.member_id, category="quality", severity="urgent")
    normal = tickets.open_ticket(db, w.agent, clock, member_id=w.member_id, category="service", severity="normal")
    assert urgent.sla_due_at == clock.now() + timedelta(hours=2)
    assert normal.sla_due_at == clock.now() + timedelta(hours=24)
    assert (urgent.department, normal.department) == ("quality", "service")
    with pytest.raises(ValidationError):
        tickets.open_ticket(db, w.agent, clock, member_id=w.member_id, category="weather", severity="normal")


def test_escalation_happens_only_once_the_sla_has_passed(db, clock):
    w = build_world(db, clock)
    urgent = tickets.open_ticket(db, w.agent, clock, member_id=w.member_id, category="quality", severity="urgent")
    normal = tickets.open_ticket(db, w.agent, clock, member_id=w.member_id, category="service", severity="normal")
    assert tickets.escalate_overdue(db, w.supervisor, later(clock, hours=2)) == []  # due at, not past
    assert tickets.escalate_overdue(db, w.supervisor, later(clock, hours=2, minutes=1)) == [urgent.id]
    assert tickets.escalate_overdue(db, w.supervisor, later(clock, hours=3)) == []  # already escalated
    assert tickets.escalate_overdue(db, w.supervisor, later(clock, hours=25)) == [normal.id]
    rows = {r.id: r for r in tickets.list_tickets(db, w.supervisor, later(clock, hours=25))}
    assert rows[urgent.id].status == "escalated" and rows[urgent.id].sla_breached
    assert rows[urgent.id].escalated_at == clock.now() + timedelta(hours=2, minutes=1)


def test_assign_and_comment(db, clock):
    w = build_world(db, clock)
    ticket_id = complain(db, clock, w)
    row = tickets.assign(db, w.supervisor, clock, ticket_id, assignee="zhang")
    assert (row.status, row.assignee) == ("assigned", "zhang")
    tickets.comment(db, w.other, later(clock, minutes=5), ticket_id, body="已联系物流，明天补发")
    detail = tickets.get_ticket(db, w.supervisor, clock, ticket_id)
    assert [(c.author, c.body) for c in detail.comments] == [("zhang", "已联系物流，明天补发")]
    with pytest.raises(ValidationError):
        tickets.comment(db, w.other, clock, ticket_id, body="  ")


def test_resolving_books_the_revisit_exactly_48_hours_later(db, clock):
    w = build_world(db, clock)
    ticket_id = complain(db, clock, w)
    at = later(clock, hours=5)
    result = tickets.resolve(db, w.other, at, ticket_id, note="已补发新品")
    assert result.changes.queue and result.changes.tickets
    with db.session() as s:
        task = s.get(FollowUpTask, result.revisit_task_id)
        assert (task.reason, task.status, task.ticket_id) == ("revisit", "open", ticket_id)
        assert task.due_at == at.now() + timedelta(hours=48)
    row = tickets.get_ticket(db, w.supervisor, at, ticket_id).ticket
    assert (row.status, row.resolution_note, row.resolved_at) == ("resolved", "已补发新品", at.now())
    assert not row.sla_breached
    with pytest.raises(Conflict):
        tickets.resolve(db, w.other, at, ticket_id, note="again")


def test_no_revisit_for_a_member_who_asked_not_to_be_called(db, clock):
    w = build_world(db, clock)
    ticket_id = complain(db, clock, w)
    with db.session(write=True) as s:
        s.get(Member, w.member_id).do_not_call = True
    assert tickets.resolve(db, w.other, clock, ticket_id, note="已处理").revisit_task_id is None


def test_the_revisit_call_uses_the_revisit_script_and_an_unhappy_member_opens_a_new_ticket(db, clock):
    from app.services.calls.scripts import script_for_task

    w = build_world(db, clock)
    first = complain(db, clock, w)
    revisit = tickets.resolve(db, w.other, clock, first, note="已补发").revisit_task_id
    at = later(clock, hours=48)
    script = script_for_task(db, w.agent, at, revisit)
    assert script.script_id == "revisit"
    assert "物流问题" in script.rendered.sections[0].items[0].text
    second = complain(db, at, w, task_id=revisit)
    row = tickets.get_ticket(db, w.supervisor, at, second).ticket
    assert row.repeat_complaint  # second complaint within 30 days


def test_repeat_complaint_window_is_30_days(db, clock):
    w = build_world(db, clock)
    tickets.open_ticket(db, w.agent, clock, member_id=w.member_id, category="quality", severity="normal")
    in_window = tickets.open_ticket(db, w.agent, later(clock, days=29), member_id=w.member_id,
                                    category="logistics", severity="normal")
    outside = tickets.open_ticket(db, w.agent, later(clock, days=60), member_id=w.member_id,
                                  category="logistics", severity="normal")
    assert in_window.repeat_complaint and not outside.repeat_complaint


def test_cli_tickets_list_json_and_resolve(db_url, db, clock, capsys):
    w = build_world(db, clock)
    ticket_id = complain(db, clock, w, category="stock_out", severity="urgent")
    args = ["--db", db_url, "--today", "2026-06-15", "--at", "10:00"]
    assert main(["tickets", "list", "--json", *args]) == 0
    items = json.loads(capsys.readouterr().out)
    assert len(items) == 1
    item = items[0]
    assert {k: item[k] for k in ("id", "member_id", "category", "severity", "department", "status")} == {
        "id": ticket_id, "member_id": w.member_id, "category": "stock_out", "severity": "urgent",
        "department": "supply_chain", "status": "open"}
    assert item["opened_at"] == "2026-06-15T10:00:00+08:00"
    assert item["sla_due_at"] == "2026-06-15T12:00:00+08:00"
    assert main(["tickets", "resolve", str(ticket_id), "--note", "已到货并发出", *args]) == 0
    assert f"ticket {ticket_id} resolved; re-visit task" in capsys.readouterr().out
    assert main(["tickets", "resolve", str(ticket_id), "--note", "again", *args]) == 1
    assert "already resolved" in capsys.readouterr().err
    with db.session() as s:
        assert s.scalar(select(AuditEntry).where(AuditEntry.action == "ticket.resolve")) is not None

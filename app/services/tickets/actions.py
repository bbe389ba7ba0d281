"""Complaint and service tickets: open (routed by category, SLA by severity), assign,
comment, escalate when the SLA passes, resolve (which books the 48-hour re-visit call).

`open_ticket_in` runs inside the caller's unit of work so a call outcome and its tickets
commit together; the other functions are units of work of their own.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.data.tables import OPEN_TASK, FollowUpTask, Member, Ticket, TicketComment, User
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.codes import ComplaintCategory, Department, Severity, TaskReason, TicketStatus
from app.domain.limits import id_problem, text_problem
from app.domain.queue_settings import DEFAULT_SETTINGS, QueueSettings
from app.services.audit import announce, audit
from app.services.users import Actor, Permission, require
from app.services.changes import Changes
from app.services.errors import Conflict, NotFound, ValidationError
from app.services.queue import refresh_members

# A severe adverse reaction is not a complaint category; it gets its own ticket category.
ADVERSE_REACTION = "adverse_reaction"
ROUTING: dict[str, Department] = {
    ComplaintCategory.QUALITY: Department.QUALITY,
    ComplaintCategory.USAGE: Department.SERVICE,
    ComplaintCategory.LOGISTICS: Department.LOGISTICS,
    ComplaintCategory.SERVICE: Department.SERVICE,
    ComplaintCategory.STOCK_OUT: Department.SUPPLY_CHAIN,
    ComplaintCategory.COUNTERFEIT: Department.TECHNOLOGY,  # anti-fake code checks
    ADVERSE_REACTION: Department.MEDICAL,
}
SLA: dict[str, timedelta] = {Severity.URGENT: timedelta(hours=2), Severity.NORMAL: timedelta(hours=24)}
# A member still unhappy at the re-visit goes to the special team, which acts within 48 hours.
SPECIAL_TEAM_SLA = timedelta(hours=48)
REPEAT_WINDOW = timedelta(days=30)
OPEN_STATUSES = (TicketStatus.OPEN.value, TicketStatus.ASSIGNED.value, TicketStatus.ESCALATED.value)

MAX_TEXT = 4000  # descriptions, comments and resolution notes (tickets.edit's MAX_DESCRIPTION)


@dataclass(frozen=True)
class TicketRow:
    """A ticket as plain data; instants are UTC-aware (the CLI prints them with an offset)."""

    id: int
    member_id: int
    member_name: str
    call_id: int | None
    category: str
    severity: str
    department: str
    status: str
    description: str
    assignee: str | None
    opened_at: datetime
    sla_due_at: datetime
    escalated_at: datetime | None
    resolved_at: datetime | None
    resolution_note: str | None
    repeat_complaint: bool
    sla_breached: bool


@dataclass(frozen=True)
class Comment:
    author: str | None
    created_at: datetime
    body: str


@dataclass(frozen=True)
class TicketDetail:
    ticket: TicketRow
    comments: tuple[Comment, ...]


@dataclass(frozen=True)
class ResolveResult:
    ticket_id: int
    revisit_task_id: int | None  # None when the member may not be called
    changes: Changes


def route(category: str) -> Department:
    try:
        return ROUTING[category]
    except KeyError:
        raise ValidationError({"category": f"unknown ticket category {category!r}"}) from None


def sla_due(opened_at: datetime, severity: str) -> datetime:
    return opened_at + SLA[Severity(severity)]


def open_ticket_in(
    session: Session, actor: Actor, clock: Clock, *, member_id: int, category: str, severity: str,
    description: str = "", call_id: int | None = None, special_team: bool = False,
) -> Ticket:
    """Open a routed ticket inside the caller's transaction (flushes, never commits).

    A complaint is flagged as a repeat when the member had another complaint opened in the
    30 days before it. `special_team`: the re-visit found the member still unhappy; the
    ticket keeps its category but goes to the special team with its 48-hour deadline.
    """
    if (problem := text_problem(description, max_length=MAX_TEXT, multiline=True)) is not None:
        raise ValidationError({"description": problem})
    department = Department.SPECIAL_TEAM if special_team else route(category)
    route(category)  # the category must be a known one either way
    severity = Severity(severity).value
    now = clock.now()
    repeat = False
    if category != ADVERSE_REACTION:
        earlier = session.scalar(
            select(func.count(Ticket.id)).where(
                Ticket.member_id == member_id, Ticket.category != ADVERSE_REACTION,
                Ticket.opened_at >= now - REPEAT_WINDOW, Ticket.opened_at <= now)
        )
        repeat = bool(earlier)
    ticket = Ticket(
        member_id=member_id, call_id=call_id, category=category, severity=severity,
        department=department.value, status=TicketStatus.OPEN.value, description=description,
        opened_by_id=actor.id, opened_at=now, repeat_complaint=repeat,
        sla_due_at=now + SPECIAL_TEAM_SLA if special_team else sla_due(now, severity),
    )
    session.add(ticket)
    session.flush()
    audit(session, actor, clock, action="ticket.open", entity="ticket", entity_id=ticket.id,
          detail={"member_id": member_id, "category": category, "severity": severity,
                  "department": department.value, "repeat_complaint": repeat, "call_id": call_id})
    announce(session, actor, clock, topic="ticket", entity_id=ticket.id)
    return ticket


def open_ticket(db: Database, actor: Actor, clock: Clock, *, member_id: int, category: str, severity: str,
                description: str = "") -> TicketRow:
    """Open a ticket by hand (outside a call)."""
    require(actor, Permission.MANAGE_TICKETS)
    with db.session(write=True) as session:
        if session.get(Member, member_id) is None:
            raise NotFound(f"no member with id {member_id}")
        ticket = open_ticket_in(session, actor, clock, member_id=member_id, category=category,
                                severity=severity, description=description)
        return ticket_row(session, ticket, clock.now())


def _load(session: Session, ticket_id: int) -> Ticket:
    if (problem := id_problem(ticket_id)) is not None:
        raise ValidationError({"ticket_id": problem})
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound(f"no ticket with id {ticket_id}")
    return ticket


def _open(ticket: Ticket) -> None:
    if ticket.status == TicketStatus.RESOLVED:
        raise Conflict(f"ticket {ticket.id} is already resolved")


def assign(db: Database, actor: Actor, clock: Clock, ticket_id: int, *, assignee: str) -> TicketRow:
    require(actor, Permission.MANAGE_TICKETS)
    with db.session(write=True) as session:
        ticket = _load(session, ticket_id)
        _open(ticket)
        user = session.scalar(select(User).where(User.username == assignee, User.active.is_(True)))
        if user is None:
            raise NotFound(f"no active user named {assignee!r}")
        ticket.assignee_id = user.id
        if ticket.status == TicketStatus.OPEN:
            ticket.status = TicketStatus.ASSIGNED.value
        audit(session, actor, clock, action="ticket.assign", entity="ticket", entity_id=ticket.id,
              detail={"assignee": assignee})
        announce(session, actor, clock, topic="ticket", entity_id=ticket.id)
        session.flush()
        return ticket_row(session, ticket, clock.now())


def comment(db: Database, actor: Actor, clock: Clock, ticket_id: int, *, body: str) -> Comment:
    require(actor, Permission.MANAGE_TICKETS)
    if not body.strip():
        raise ValidationError({"body": "a comment cannot be empty"})
    if (problem := text_problem(body, max_length=MAX_TEXT, multiline=True)) is not None:
        raise ValidationError({"body": problem})
    with db.session(write=True) as session:
        ticket = _load(session, ticket_id)
        session.add(TicketComment(ticket_id=ticket.id, author_id=actor.id, created_at=clock.now(), body=body.strip()))
        audit(session, actor, clock, action="ticket.comment", entity="ticket", entity_id=ticket.id)
        announce(session, actor, clock, topic="ticket", entity_id=ticket.id)
        return Comment(actor.username, clock.now(), body.strip())


def _escalate(session: Session, actor: Actor, clock: Clock, ticket: Ticket, *, why: str) -> None:
    ticket.status = TicketStatus.ESCALATED.value
    ticket.escalated_at = clock.now()
    audit(session, actor, clock, action="ticket.escalate", entity="ticket", entity_id=ticket.id,
          detail={"why": why, "sla_due_at": ticket.sla_due_at.isoformat()})
    announce(session, actor, clock, topic="ticket", entity_id=ticket.id)


def escalate(db: Database, actor: Actor, clock: Clock, ticket_id: int, *, note: str = "") -> TicketRow:
    """Escalate one ticket by hand (a supervisor or the agent decides it cannot wait)."""
    require(actor, Permission.MANAGE_TICKETS)
    with db.session(write=True) as session:
        ticket = _load(session, ticket_id)
        _open(ticket)
        if ticket.status != TicketStatus.ESCALATED:
            _escalate(session, actor, clock, ticket, why=note or "manual")
        session.flush()
        return ticket_row(session, ticket, clock.now())


def escalate_overdue(db: Database, actor: Actor, clock: Clock) -> list[int]:
    """Escalate every unresolved, not yet escalated ticket whose SLA deadline has passed."""
    require(actor, Permission.MANAGE_TICKETS)
    with db.session(write=True) as session:
        late = session.scalars(
            select(Ticket).where(Ticket.status.in_((TicketStatus.OPEN.value, TicketStatus.ASSIGNED.value)),
                                 Ticket.sla_due_at < clock.now()).order_by(Ticket.sla_due_at, Ticket.id)
        ).all()
        for ticket in late:
            _escalate(session, actor, clock, ticket, why="sla_passed")
        return [t.id for t in late]


def resolve(db: Database, actor: Actor, clock: Clock, ticket_id: int, *, note: str,
            settings: QueueSettings = DEFAULT_SETTINGS) -> ResolveResult:
    """Resolve a ticket and book the re-visit call 48 hours later (unless the member may not
    be called)."""
    require(actor, Permission.MANAGE_TICKETS)
    if not note.strip():
        raise ValidationError({"note": "say how the ticket was resolved"})
    if (problem := text_problem(note, max_length=MAX_TEXT, multiline=True)) is not None:
        raise ValidationError({"note": problem})
    with db.session(write=True) as session:
        ticket = _load(session, ticket_id)
        _open(ticket)
        now = clock.now()
        ticket.status = TicketStatus.RESOLVED.value
        ticket.resolved_at = now
        ticket.resolution_note = note.strip()
        # The re-visit is the queue's plan (app.domain.queue_plan), booked here at once.
        refresh_members(session, clock, [ticket.member_id], settings)
        revisit_id = session.scalar(select(FollowUpTask.id).where(
            FollowUpTask.member_id == ticket.member_id, FollowUpTask.reason == TaskReason.REVISIT.value,
            FollowUpTask.ticket_id == ticket.id, OPEN_TASK))  # the literal: SQLite uses the member index
        audit(session, actor, clock, action="ticket.resolve", entity="ticket", entity_id=ticket.id,
              detail={"note": ticket.resolution_note, "revisit_task_id": revisit_id})
        announce(session, actor, clock, topic="ticket", entity_id=ticket.id)
        if revisit_id is not None:
            announce(session, actor, clock, topic="queue", entity_id=ticket.member_id)
        return ResolveResult(ticket.id, revisit_id, Changes(queue=revisit_id is not None, member=True, tickets=True))


def ticket_row(session: Session, ticket: Ticket, now: datetime) -> TicketRow:
    member = session.get(Member, ticket.member_id)
    assignee = session.get(User, ticket.assignee_id) if ticket.assignee_id else None
    return _row(ticket, member.name if member else "", assignee.username if assignee else None, now)


def _row(ticket: Ticket, member_name: str, assignee: str | None, now: datetime) -> TicketRow:
    end = ticket.resolved_at or now
    return TicketRow(
        id=ticket.id, member_id=ticket.member_id, member_name=member_name,
        call_id=ticket.call_id, category=ticket.category, severity=ticket.severity,
        department=ticket.department, status=ticket.status, description=ticket.description,
        assignee=assignee, opened_at=ticket.opened_at,
        sla_due_at=ticket.sla_due_at, escalated_at=ticket.escalated_at, resolved_at=ticket.resolved_at,
        resolution_note=ticket.resolution_note, repeat_complaint=ticket.repeat_complaint,
        sla_breached=end > ticket.sla_due_at,
    )


def list_tickets(db: Database, actor: Actor, clock: Clock, *, open_only: bool = False,
                 member_id: int | None = None, department: str | None = None) -> list[TicketRow]:
    """Tickets, the most urgent deadline first (resolved ones after the open ones)."""
    require(actor, Permission.MANAGE_TICKETS)
    # Names come in the same query: a year of tickets must not cost a lookup per row.
    query = (select(Ticket, Member.name, User.username)
             .join(Member, Member.id == Ticket.member_id)
             .outerjoin(User, User.id == Ticket.assignee_id))
    if open_only:
        query = query.where(Ticket.status.in_(OPEN_STATUSES))
    if member_id is not None:
        query = query.where(Ticket.member_id == member_id)
    if department is not None:
        query = query.where(Ticket.department == department)
    with db.session() as session:
        found = session.execute(query.order_by(Ticket.sla_due_at, Ticket.id)).all()
        rows = [_row(t, member_name, assignee, clock.now()) for t, member_name, assignee in found]
    return sorted(rows, key=lambda r: r.status == TicketStatus.RESOLVED)


def get_ticket(db: Database, actor: Actor, clock: Clock, ticket_id: int) -> TicketDetail:
    require(actor, Permission.MANAGE_TICKETS)
    with db.session() as session:
        ticket = _load(session, ticket_id)
        comments = session.execute(
            select(TicketComment, User.username).outerjoin(User, User.id == TicketComment.author_id)
            .where(TicketComment.ticket_id == ticket_id).order_by(TicketComment.created_at, TicketComment.id)
        ).all()
        return TicketDetail(ticket_row(session, ticket, clock.now()),
                            tuple(Comment(name, c.created_at, c.body) for c, name in comments))

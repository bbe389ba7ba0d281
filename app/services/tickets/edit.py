"""Editing a ticket's text and severity from the ticket form, with optimistic versions.

Same rule as member edits (app.services.versioned): the form saves with the version it
loaded, and a save over someone else's newer change is refused with a Conflict. Kept apart
from app.services.tickets (open/assign/escalate/resolve are actions, not form edits).
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.data.tables import Ticket
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.codes import Severity
from app.domain.limits import id_problem, text_problem
from app.services.audit import announce, audit
from app.services.users import Actor, Permission, require
from app.services.errors import NotFound, ValidationError
from app.services.tickets import OPEN_STATUSES, sla_due
from app.services.versioned import check_version, conflict_message, last_change, stale_as_conflict

MAX_DESCRIPTION = 4000


@dataclass(frozen=True)
class TicketForm:
    ticket_id: int
    version: int
    severity: str
    description: str


def _load(session: Session, ticket_id: int) -> Ticket:
    if (problem := id_problem(ticket_id)) is not None:
        raise ValidationError({"ticket_id": problem})
    ticket = session.get(Ticket, ticket_id, populate_existing=True)
    if ticket is None:
        raise NotFound(f"no ticket with id {ticket_id}")
    return ticket


def _form(ticket: Ticket) -> TicketForm:
    return TicketForm(ticket.id, ticket.version, ticket.severity, ticket.description)


def load_ticket_form(db: Database, actor: Actor, clock: Clock, ticket_id: int) -> TicketForm:
    require(actor, Permission.MANAGE_TICKETS)
    with db.session() as session:
        return _form(_load(session, ticket_id))


def save_ticket_form(db: Database, actor: Actor, clock: Clock, ticket_id: int, *, version: int,
                     severity: str | None = None, description: str | None = None) -> TicketForm:
    """Save the form if the ticket is still at `version`; else Conflict (StaleVersion)."""
    require(actor, Permission.MANAGE_TICKETS)
    errors: dict[str, str] = {}
    if severity is not None and severity not in {s.value for s in Severity}:
        errors["severity"] = f"one of {'|'.join(s.value for s in Severity)}"
    if description is not None and (problem := text_problem(description, max_length=MAX_DESCRIPTION,
                                                             multiline=True)) is not None:
        errors["description"] = problem
    if errors:
        raise ValidationError(errors)
    with db.session(write=True) as session:
        ticket = _load(session, ticket_id)
        who, when = last_change(session, "ticket", entity_id=ticket_id)
        message = conflict_message(f"Ticket {ticket_id}", who=who, when=when, tz=clock.tz)
        check_version(version, ticket.version, message=message)
        changed: dict[str, str] = {}
        if description is not None and description != ticket.description:
            changed["description"] = ticket.description = description
        if severity is not None and severity != ticket.severity:
            if ticket.status not in OPEN_STATUSES:
                raise ValidationError({"severity": "the ticket is resolved"})
            changed["severity"] = ticket.severity = severity
            ticket.sla_due_at = sla_due(ticket.opened_at, severity)
        if not changed:
            return _form(ticket)
        with stale_as_conflict(message):
            session.flush()
        audit(session, actor, clock, action="ticket.edit", entity="ticket", entity_id=ticket_id, detail=changed)
        announce(session, actor, clock, topic="ticket", entity_id=ticket_id)
        return _form(ticket)

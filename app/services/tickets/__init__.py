"""Tickets: complaints and adverse reactions routed to a department with an SLA, their
actions (assign, comment, escalate, resolve) and the versioned edit form."""

from app.services.tickets.actions import (
    ADVERSE_REACTION, OPEN_STATUSES, SLA, SPECIAL_TEAM_SLA, Comment, ResolveResult, TicketDetail, TicketRow, assign, comment, escalate,
    escalate_overdue, get_ticket, list_tickets, open_ticket, open_ticket_in, resolve, route, sla_due, ticket_row,
)
from app.services.tickets.edit import TicketForm, load_ticket_form, save_ticket_form

__all__ = [
    "ADVERSE_REACTION", "OPEN_STATUSES", "SLA", "SPECIAL_TEAM_SLA", "Comment", "ResolveResult", "TicketDetail", "TicketForm", "TicketRow",
    "assign", "comment", "escalate", "escalate_overdue", "get_ticket", "list_tickets", "load_ticket_form",
    "open_ticket", "open_ticket_in", "resolve", "route", "save_ticket_form", "sla_due", "ticket_row",
]

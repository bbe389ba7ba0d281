"""The remedies of a re-visit where the member is still unhappy, applied inside the call's
save (one transaction): a reship order for logistics, compensation points in the ledger, a
new ticket to the special team with its 48-hour deadline. Each leaves a `remedies` row."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.data.remedies import RemedyAction
from app.data.tables import Call, FollowUpTask, Member, Ticket
from app.domain.clock import Clock
from app.domain.codes import ComplaintCategory, Remedy, Severity, TaskReason
from app.domain.loyalty.ledger import Kind, Source
from app.domain.outcome import OutcomeInput
from app.domain.remedies import NOT_A_REVISIT, RESHIP_QUANTITY, remedies_allowed
from app.services.errors import ValidationError
from app.services.loyalty import loyalty_settings
from app.services.loyalty.ledger import expiry_instant, post
from app.services.tickets import open_ticket_in
from app.services.users import Actor


@dataclass(frozen=True)
class Applied:
    remedy_ids: tuple[int, ...]
    ticket_ids: tuple[int, ...]  # the special team's new tickets
    detail: dict  # for the call's audit entry


def check_remedies(outcome: OutcomeInput, reasons: Sequence[str]) -> None:
    """Refuse remedies on a call that is not a re-visit (nothing has been written yet)."""
    if outcome.remedies and not remedies_allowed(reasons):
        raise ValidationError({"remedies": NOT_A_REVISIT})


def apply_remedies(session: Session, actor: Actor, clock: Clock, *, member: Member, call: Call,
                   covered: Sequence[FollowUpTask], outcome: OutcomeInput,
                   fallback_product_id: int | None) -> Applied:
    """Do every remedy of `outcome` for `member`; the caller's transaction commits them."""
    if not outcome.remedies:
        return Applied((), (), {})
    now = clock.now()
    revisited = _revisited_ticket(session, covered)
    rows: list[RemedyAction] = []
    tickets: list[int] = []
    detail: dict = {}
    for remedy in outcome.remedies:
        row = RemedyAction(call_id=call.id, member_id=member.id, kind=remedy.value, status="done",
                           revisited_ticket_id=revisited.id if revisited else None, created_by_id=actor.id,
                           created_at=now)
        if remedy is Remedy.RESHIP:
            row.product_id = _reshipped_product(session, revisited) or fallback_product_id
            row.quantity = RESHIP_QUANTITY
            row.status = "requested"  # logistics ships it
            detail["reship_product_id"] = row.product_id
        elif remedy is Remedy.POINTS:
            s = loyalty_settings(session)
            done = post(session, clock, member.id, delta=s.remedy_points, kind=Kind.BONUS, source=Source.CALL,
                        reason="revisit_remedy", client_key=f"remedy:{call.id}", call_id=call.id,
                        user_id=actor.id, expires_at=expiry_instant(clock, now, s))
            row.points, row.points_entry_id = done.delta, done.entry_id
            detail["remedy_points"] = done.delta
        else:
            ticket = open_ticket_in(
                session, actor, clock, member_id=member.id, call_id=call.id, special_team=True,
                category=revisited.category if revisited else ComplaintCategory.SERVICE.value,
                severity=Severity.NORMAL.value, description=_ticket_text(revisited, outcome),
            )
            row.ticket_id = ticket.id
            tickets.append(ticket.id)
        session.add(row)
        rows.append(row)
    session.flush()
    detail["remedies"] = [r.kind for r in rows]
    return Applied(tuple(r.id for r in rows), tuple(tickets), detail)


def _revisited_ticket(session: Session, covered: Sequence[FollowUpTask]) -> Ticket | None:
    """The resolved ticket of the re-visit (or of the callback booked on it)."""
    for task in sorted(covered, key=lambda t: t.reason != TaskReason.REVISIT):
        if task.ticket_id is not None:
            return session.get(Ticket, task.ticket_id)
    return None


def _reshipped_product(session: Session, ticket: Ticket | None) -> int | None:
    """The product of the call the original complaint was made on."""
    if ticket is None or ticket.call_id is None:
        return None
    return session.scalar(select(FollowUpTask.product_id).join(Call, Call.task_id == FollowUpTask.id)
                          .where(Call.id == ticket.call_id))


def _ticket_text(revisited: Ticket | None, outcome: OutcomeInput) -> str:
    said = outcome.complaint.text if outcome.complaint and outcome.complaint.text else ""
    head = (f"回访仍不满意（原工单 #{revisited.id}）/ still unhappy at the re-visit of ticket #{revisited.id}"
            if revisited else "回访仍不满意 / still unhappy at the re-visit")
    return f"{head}: {said}" if said else head

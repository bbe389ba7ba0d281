"""Dialling is a door: the dial asks the one compliance check every door uses
(app.services.compliance, Door.DIAL) and refuses with the rule named, placing no call."""

from sqlalchemy.orm import Session

from app.domain.clock import Clock
from app.domain.compliance import Door, Refusal
from app.services.users.auth import Actor
from app.services.compliance import CallRefused, check_call

# A refused dial is the same error as at any other door; the name says where it came from.
DialRefused = CallRefused


def dial_refusal(session: Session, actor: Actor, clock: Clock, member_id: int) -> Refusal | None:
    """The first rule this dial breaks, or None when it may be placed."""
    return check_call(session, actor, clock, member_id, door=Door.DIAL)


__all__ = ["DialRefused", "Refusal", "dial_refusal"]

"""Audit entries and the change feed, written inside the caller's unit of work."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from app.data.change_events import write_change
from app.data.tables import AuditEntry
from app.domain.clock import Clock

if TYPE_CHECKING:  # the users package writes audit entries itself: no import cycle at run time
    from app.services.users import Actor


def audit(
    session: Session, actor: Actor, clock: Clock, *, action: str, entity: str,
    entity_id: object = None, detail: dict[str, Any] | None = None,
) -> None:
    session.add(AuditEntry(
        at=clock.now(), user_id=actor.id, action=action, entity=entity,
        entity_id=None if entity_id is None else str(entity_id), detail=detail or {},
    ))


def announce(session: Session, actor: Actor, clock: Clock, *, topic: str, entity_id: int | None = None) -> None:
    """Tell other open windows that something in `topic` changed (they poll this feed)."""
    write_change(session, **announcement(actor, clock, topic=topic, entity_id=entity_id))


def announcement(actor: Actor, clock: Clock, *, topic: str, entity_id: int | None = None) -> dict:
    """The change row's values, for a statement that writes it itself (written_when)."""
    return {"at": clock.now(), "topic": topic, "entity_id": entity_id, "user_id": actor.id}

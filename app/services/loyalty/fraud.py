"""The supervisor's review list of suspicious points patterns (written by the daily check)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.data.loyalty import FraudFlag
from app.data.uow import Database
from app.domain.clock import Clock
from app.services.audit import audit
from app.services.users import Actor, Permission, require
from app.services.errors import NotFound, ValidationError

STATUSES = ("open", "cleared", "confirmed")


@dataclass(frozen=True)
class FlagRow:
    id: int
    kind: str
    subject: str
    member_id: int | None
    detail: dict[str, Any]
    flagged_at: datetime
    status: str


def fraud_flags(db: Database, actor: Actor, clock: Clock, *, status: str | None = "open") -> list[FlagRow]:
    require(actor, Permission.SUPERVISE)
    with db.session() as session:
        q = select(FraudFlag).order_by(FraudFlag.flagged_at.desc(), FraudFlag.id.desc())
        if status is not None:
            q = q.where(FraudFlag.status == status)
        return [FlagRow(f.id, f.kind, f.subject, f.member_id, dict(f.detail), f.flagged_at, f.status)
                for f in session.scalars(q)]


def review_flag(db: Database, actor: Actor, clock: Clock, flag_id: int, *, status: str, note: str = "") -> None:
    require(actor, Permission.SUPERVISE)
    if status not in STATUSES[1:]:
        raise ValidationError({"status": "cleared or confirmed"})
    with db.session(write=True) as session:
        f = session.get(FraudFlag, flag_id)
        if f is None:
            raise NotFound(f"no fraud flag {flag_id}")
        f.status, f.note, f.reviewed_by_id, f.reviewed_at = status, note, actor.id, clock.now()
        audit(session, actor, clock, action="points.fraud_review", entity="fraud_flag", entity_id=flag_id,
              detail={"status": status})

"""The supervisor's review list of suspicious points patterns (written by the daily check)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.data.loyalty import FraudFlag
from app.data.tables import Member
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.loyalty.fraud import SHARED_VALUE_KINDS, address_subject, hidden_subject, phone_subject
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


def address_key(column: Any) -> Any:
    """An address as the check compares it, in SQL (both engines' own lower case)."""
    return func.lower(func.replace(column, " ", ""))


def forget_member(session: Session, member_id: int) -> int:
    """For an erasure, before the member's fields are blanked: the shared-phone and
    shared-address flags the member is listed in, or whose value is the member's, keep
    neither the value nor the member. The subject becomes its digest (the other members stay
    grouped, and the check does not flag them again), the address leaves the detail, and the
    member leaves the list (the count stays: how many shared it when flagged). Returns the
    number of flags changed."""
    member = session.get(Member, member_id)
    key = session.scalar(select(address_key(Member.address)).where(Member.id == member_id))
    theirs = {phone_subject(p) for p in (member.phone_e164, member.phone_alt_e164) if p}
    if key:
        theirs.add(address_subject(key))
    changed = 0
    # The review list is short (a flag per shared value, not per member): read in full.
    for flag in session.scalars(select(FraudFlag).where(FraudFlag.kind.in_(SHARED_VALUE_KINDS))):
        listed = list(flag.detail.get("members", []))
        if member_id not in listed and flag.member_id != member_id and flag.subject not in theirs:
            continue
        rest = [m for m in listed if m != member_id]
        detail = {k: v for k, v in flag.detail.items() if k != "address"}
        flag.detail = {**detail, "members": rest}  # a new dict: JSON columns do not see in-place changes
        flag.subject = hidden_subject(flag.subject)
        if flag.member_id == member_id:
            flag.member_id = rest[0] if rest else None
        changed += 1
    return changed

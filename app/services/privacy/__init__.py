"""The personal-information law's duties: consent as a record, access export, erasure, retention.

Erasure removes identity and health data and keeps calls, orders and tickets anonymised, so
the statistics (contact rate, satisfaction, sales) do not change. All of it is audited.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.data.queue_replan import QueueReplan
from app.data.remedies import RemedyAction
from app.data.security import ConsentRecord
from app.data.tables import (
    Call, FollowUpTask, HealthIndicator, HealthProfile, ImportRun, Member, Order, OutboundMessage, PointsEntry,
    Ticket, TicketComment,
)
from app.data.uow import Database
from app.domain.clock import Clock
from app.services.audit import announce, audit
from app.services.errors import NotFound, ValidationError
from app.services.loyalty.fraud import forget_member
from app.services.privacy.consent import (
    CARE_CALLS, CONSENT_CHANNELS, CONSENT_PURPOSES, set_call_consent, write_consent_records,
)
from app.services.settings import settings_in, update_settings
from app.services.users import Actor, Permission, require

__all__ = [
    "CARE_CALLS", "CONSENT_CHANNELS", "CONSENT_PURPOSES", "Consent", "apply_retention", "clear_expired_notes",
    "erase_member", "export_member_data", "record_consent", "set_call_consent", "set_retention_days",
    "write_consent_records",
]

RETENTION_KEY = "call_notes_retention_days"
ERASED_NAME = "已删除"


@dataclass(frozen=True)
class Consent:
    at: str
    granted: bool
    channel: str
    purpose: str
    recorded_by_id: int | None


def record_consent(db: Database, actor: Actor, clock: Clock, member_id: int, *, granted: bool, channel: str,
                   purpose: str = CARE_CALLS) -> Consent:
    """Record a consent (or its withdrawal) the member gave, even when it repeats the last one
    (a renewed paper form is a record of its own); for care calls it also sets the member's flag."""
    require(actor, Permission.VIEW_MEMBERS)
    errors = {}
    if channel not in CONSENT_CHANNELS:
        errors["channel"] = f"one of {', '.join(CONSENT_CHANNELS)}"
    if purpose not in CONSENT_PURPOSES:
        errors["purpose"] = f"one of {', '.join(CONSENT_PURPOSES)}"
    if errors:
        raise ValidationError(errors)
    with db.session(write=True) as session:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound(f"no member with id {member_id}")
        now = clock.now()
        write_consent_records(session, [(member_id, granted)], at=now, channel=channel, purpose=purpose,
                              recorded_by_id=actor.id)
        if purpose == CARE_CALLS:
            member.consent = granted
            member.updated_at = now
        audit(session, actor, clock, action="consent.record", entity="member", entity_id=member_id,
              detail={"granted": granted, "channel": channel, "purpose": purpose})
        announce(session, actor, clock, topic="member", entity_id=member_id)
        return Consent(now.isoformat(), granted, channel, purpose, actor.id)


def _plain(row: object, *skip: str) -> dict[str, Any]:
    table = row.__table__  # type: ignore[attr-defined]
    return {c.name: getattr(row, c.key) for c in table.columns if c.name not in skip}


def export_member_data(db: Database, actor: Actor, clock: Clock, member_id: int) -> dict[str, Any]:
    """Everything held about a member, for an access request (audited)."""
    require(actor, Permission.ADMINISTER)
    with db.session(write=True) as session:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound(f"no member with id {member_id}")
        by_member = lambda table: [_plain(r) for r in session.scalars(  # noqa: E731
            select(table).where(table.member_id == member_id))]
        profile = session.get(HealthProfile, member_id)
        data = {
            "member": _plain(member), "consent_records": _consents(session, member_id), "orders": by_member(Order),
            "calls": by_member(Call), "tickets": by_member(Ticket), "health_profile": _plain(profile) if profile else None,
            "health_indicators": by_member(HealthIndicator), "points_ledger": by_member(PointsEntry),
            "remedies": by_member(RemedyAction),
        }
        audit(session, actor, clock, action="member.access_export", entity="member", entity_id=member_id)
        return data


def _consents(session: Session, member_id: int) -> list[dict[str, Any]]:
    """The member's consent records, oldest first; an import's names its run. No column holds
    the run yet: an import writes its records at the instant its run started (ImportRun.started_at)."""
    records = [_plain(r) for r in session.scalars(select(ConsentRecord).where(ConsentRecord.member_id == member_id)
                                                  .order_by(ConsentRecord.at, ConsentRecord.id))]
    for record in records:
        if record["channel"] == "import":
            record["import_run_id"] = session.scalar(select(func.min(ImportRun.id)).where(
                ImportRun.kind == "members", ImportRun.started_at == record["at"], ImportRun.rows_imported > 0))
    return records


def erase_member(db: Database, actor: Actor, clock: Clock, member_id: int) -> None:
    """Erase on request: identity and health data go; calls, orders, tickets stay anonymised."""
    require(actor, Permission.ADMINISTER)
    now = clock.now()
    with db.session(write=True) as session:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound(f"no member with id {member_id}")
        forget_member(session, member_id)  # shared-phone and -address flags: before the fields go
        # The build's copy of the member (birth date, gender) goes too: the next build plans them again.
        for table in (HealthIndicator, ConsentRecord, OutboundMessage, QueueReplan):
            for row in session.scalars(select(table).where(table.member_id == member_id)):
                session.delete(row)
        profile = session.get(HealthProfile, member_id)
        if profile is not None:
            session.delete(profile)
        for name in ("gender", "birth_date", "region", "occupation", "phone_e164", "phone_alt_e164", "email",
                     "wechat_id", "timezone", "owner_id", "address"):
            setattr(member, name, None)
        member.name, member.name_initials, member.external_id = ERASED_NAME, "", f"erased-{member_id}"
        # No consent record for this change: erasure deletes the records (they are personal data too).
        member.best_times, member.segment_tags, member.consent, member.do_not_call = "", "", False, True
        member.updated_at = now
        session.execute(update(Call).where(Call.member_id == member_id)
                        .values(notes="", complaint_text=None, answers={}, recommendation=None))
        ticket_ids = list(session.scalars(select(Ticket.id).where(Ticket.member_id == member_id)))
        session.execute(update(Ticket).where(Ticket.member_id == member_id).values(description="", resolution_note=None))
        if ticket_ids:
            session.execute(update(TicketComment).where(TicketComment.ticket_id.in_(ticket_ids)).values(body=""))
        session.execute(update(FollowUpTask).where(FollowUpTask.member_id == member_id,
                                                   FollowUpTask.status.in_(("open", "claimed")))
                        .values(status="cancelled", closed_at=now, close_reason="erased", why="", detail={},
                                claimed_by_id=None, lease_until=None))
        session.execute(update(FollowUpTask).where(FollowUpTask.member_id == member_id).values(why="", detail={}))
        audit(session, actor, clock, action="member.erase", entity="member", entity_id=member_id)
        announce(session, actor, clock, topic="member", entity_id=member_id)


def set_retention_days(db: Database, actor: Actor, clock: Clock, days: int) -> None:
    """The call-note retention period: the "security" settings section (admins; audited there)."""
    require(actor, Permission.ADMINISTER)
    if not 1 <= days <= 36500:
        raise ValidationError({"days": "1 to 36500"})
    update_settings(db, actor, clock, "security", {RETENTION_KEY: days})


def apply_retention(db: Database, actor: Actor, clock: Clock) -> int:
    """Clear the notes of calls older than the retention setting; the number of calls cleared."""
    require(actor, Permission.ADMINISTER)
    with db.session(write=True) as session:
        return clear_expired_notes(session, actor, clock)


def clear_expired_notes(session: Session, actor: Actor, clock: Clock) -> int:
    """The retention in the caller's transaction (the daily jobs run it every night): an
    admin set the period, so whoever runs the night applies it. Audited when a period is set."""
    days = settings_in(session, "security").call_notes_retention_days
    if not days:
        return 0
    cutoff = clock.now() - timedelta(days=days)
    old = (Call.saved_at < cutoff) & ((Call.notes != "") | Call.complaint_text.is_not(None))
    cleared = session.execute(update(Call).where(old).values(notes="", complaint_text=None)).rowcount or 0
    audit(session, actor, clock, action="retention.apply", entity="call", detail={"cleared": cleared,
                                                                                "before": cutoff.isoformat()})
    return cleared

"""The members a care manager owns, as plain rows for the desktop's first list view."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.data.tables import Member
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.phone import mask
from app.services.auth import Actor, Permission, require

DEFAULT_LIMIT = 500


@dataclass(frozen=True)
class OwnedMemberRow:
    member_id: int
    external_id: str
    name: str
    phone_masked: str
    tier: str
    lifecycle_stage: str
    points: int
    last_order_on: date | None  # local date of the last purchase


def owned_members(db: Database, actor: Actor, clock: Clock, *, limit: int = DEFAULT_LIMIT) -> list[OwnedMemberRow]:
    """The actor's own members, most recent buyers first (no phone number unmasked)."""
    require(actor, Permission.VIEW_MEMBERS)
    if actor.id is None:
        return []
    stmt = (
        select(
            Member.id, Member.external_id, Member.name, Member.phone_e164, Member.tier,
            Member.lifecycle_stage, Member.points_balance, Member.last_order_at,
        )
        .where(Member.owner_id == actor.id)
        .order_by(Member.last_order_at.desc().nulls_last(), Member.id)
        .limit(limit)
    )
    with db.session() as session:
        rows = session.execute(stmt).all()
    return [
        OwnedMemberRow(
            member_id=row.id, external_id=row.external_id, name=row.name,
            phone_masked=mask(row.phone_e164), tier=row.tier, lifecycle_stage=row.lifecycle_stage,
            points=row.points_balance,
            last_order_on=row.last_order_at.astimezone(clock.tz).date() if row.last_order_at else None,
        )
        for row in rows
    ]

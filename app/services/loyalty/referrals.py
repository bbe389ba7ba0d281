"""Recording a referral (on the call or by import); the reward follows the referee's first
order (app.services.loyalty.orders)."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.data.loyalty import Referral
from app.data.tables import Member, Order
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.loyalty.referrals import referral_refusal
from app.services.audit import announce, audit
from app.services.users import Actor, Permission, require
from app.services.errors import NotFound, ValidationError

REFUSALS = {
    "self_referral": "a member cannot refer themselves (same member or same phone)",
    "already_referred": "this member was referred already",
    "referral_loop": "the referee is among the referrer's own referrers (a loop)",
    "not_a_new_customer": "the referee has ordered before: only new customers can be referred",
}


@dataclass(frozen=True)
class ReferralRow:
    id: int
    referrer_id: int
    referee_id: int
    status: str
    points: int


def refer_in(session: Session, actor: Actor, clock: Clock, referrer_id: int, referee_id: int, *,
             channel: str = "call", call_id: int | None = None) -> ReferralRow:
    """The rule and the write, inside the caller's transaction (the importer's too)."""
    members = {m.id: m for m in session.scalars(select(Member).where(Member.id.in_((referrer_id, referee_id))))}
    for mid in (referrer_id, referee_id):
        if mid not in members:
            raise NotFound(f"no member {mid}")
    chain: dict[int, int] = {}
    up = referrer_id
    while up not in chain:  # walk the referrer's chain of referrers only
        parent = session.scalar(select(Referral.referrer_id).where(Referral.referee_id == up))
        if parent is None:
            break
        chain[up] = parent
        up = parent
    existing = session.scalar(select(Referral.referrer_id).where(Referral.referee_id == referee_id))
    if existing is not None:
        chain[referee_id] = existing
    has_orders = session.scalar(select(Order.id).where(Order.member_id == referee_id).limit(1)) is not None
    why = referral_refusal(referrer_id, referee_id, referrer_phone=members[referrer_id].phone_e164,
                           referee_phone=members[referee_id].phone_e164, referred_by=chain,
                           referee_has_orders=has_orders)
    if why is not None:
        raise ValidationError({"referral": REFUSALS[why]})
    row = Referral(referrer_id=referrer_id, referee_id=referee_id, status="pending", channel=channel,
                   call_id=call_id, created_by_id=actor.id, created_at=clock.now(), points=0)
    session.add(row)
    session.flush()
    audit(session, actor, clock, action="member.refer", entity="member", entity_id=referrer_id,
          detail={"referee_id": referee_id, "referral_id": row.id, "channel": channel})
    announce(session, actor, clock, topic="member", entity_id=referrer_id)
    return ReferralRow(row.id, referrer_id, referee_id, row.status, 0)


def refer(db: Database, actor: Actor, clock: Clock, referrer_id: int, referee_id: int, *, channel: str = "call",
          call_id: int | None = None) -> ReferralRow:
    """Record that `referrer_id` brought `referee_id`; both get 10% of the first order later."""
    require(actor, Permission.WORK_QUEUE)
    with db.session(write=True) as session:
        return refer_in(session, actor, clock, referrer_id, referee_id, channel=channel, call_id=call_id)

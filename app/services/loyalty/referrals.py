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
REFUSALS_ZH = {
    "self_referral": "会员不能推荐自己（同一会员或同一手机号）",
    "already_referred": "该会员已被推荐过",
    "referral_loop": "被推荐人是推荐人的上级推荐人（循环推荐）",
    "not_a_new_customer": "被推荐人已有订单：只能推荐新客户",
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
    why = refusal_in(session, referrer_id, referee_id, referrer_phone=members[referrer_id].phone_e164,
                     referee_phone=members[referee_id].phone_e164)
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


def refusal_in(session: Session, referrer_id: int, referee_id: int, *, referrer_phone: str | None,
               referee_phone: str | None) -> str | None:
    """The domain rule over the database's facts: the referrer's chain of referrers, the
    referee's own referral and orders. A referee not yet written has an id no row has."""
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
    return referral_refusal(referrer_id, referee_id, referrer_phone=referrer_phone, referee_phone=referee_phone,
                            referred_by=chain, referee_has_orders=has_orders)


def refer(db: Database, actor: Actor, clock: Clock, referrer_id: int, referee_id: int, *, channel: str = "call",
          call_id: int | None = None) -> ReferralRow:
    """Record that `referrer_id` brought `referee_id`; both get 10% of the first order later."""
    require(actor, Permission.WORK_QUEUE)
    with db.session(write=True) as session:
        return refer_in(session, actor, clock, referrer_id, referee_id, channel=channel, call_id=call_id)

"""Points and tiers on orders beside their earning (app.services.loyalty.earning): the
rolling spend, a tier change, the referral reward, and a refund taking points back, inside
the caller's transaction. Idempotent: a refund reverses once."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.data.loyalty import FraudFlag, Referral
from app.data.tables import Member, Order, PointsEntry
from app.domain.clock import Clock
from app.domain.loyalty.earning import referral_points, refund_reversal
from app.domain.loyalty.ledger import Kind, Source
from app.domain.loyalty.settings import LoyaltySettings
from app.services.errors import NotFound
from app.services.loyalty.ledger import expiry_instant, post

SPEND_WINDOW = timedelta(days=365)


@dataclass(frozen=True)
class OrderEarning:
    order_id: int
    points: int  # base points written now (0 when the order had earned already)
    bonus: int
    birthday: bool
    tier: str  # the member's tier after the order
    referral_points: int  # what each side of a referral got for this first order


def spend_12m(session: Session, member_id: int, now: datetime) -> int:
    return int(session.scalar(
        select(func.coalesce(func.sum(Order.amount_fen - Order.refunded_fen), 0))
        .where(Order.member_id == member_id, Order.ordered_at > now - SPEND_WINDOW, Order.ordered_at <= now)) or 0)


def touch_lifecycle(session: Session, member_id: int) -> None:
    """The member's orders changed: the nightly lifecycle job derives their stage again
    (app.services.loyalty.jobs). A Core update, so the member's version does not move."""
    session.execute(update(Member).where(Member.id == member_id).values(lifecycle_next_on=None)
                    .execution_options(synchronize_session=False))


def reward_referral(session: Session, clock: Clock, member_id: int, order_id: int, s: LoyaltySettings) -> int:
    """When the order is a referred member's first: 10% of it back to each side, once.
    Returns what each side got (0 when nothing was due)."""
    referral = session.scalars(select(Referral).where(Referral.referee_id == member_id,
                                                      Referral.status == "pending")).first()
    if referral is None:
        return 0
    order = session.scalars(select(Order).where(Order.member_id == member_id)
                            .order_by(Order.ordered_at, Order.id).limit(1)).first()
    if order is None or order.id != order_id:
        return 0
    points = referral_points(order.amount_fen - order.refunded_fen, s)
    expires = expiry_instant(clock, clock.now(), s)
    for who in (referral.referrer_id, referral.referee_id):
        side = "referrer" if who == referral.referrer_id else "referee"
        if points:
            post(session, clock, who, delta=points, kind=Kind.BONUS, source=Source.REFERRAL,
                 reason=f"referral {side}: 10% of first order", client_key=f"referral:{referral.id}:{side}",
                 order_id=order.id if who == member_id else None, expires_at=expires)
    referral.status, referral.first_order_id = "rewarded", order.id
    referral.points, referral.rewarded_at = points, clock.now()
    return points


def refund_order(session: Session, clock: Clock, order_id: int, refunded_fen: int, s: LoyaltySettings, *,
                 at: datetime | None = None) -> int:
    """Record that `refunded_fen` of the order has been refunded in all (a running total) and
    take back its points; never below zero: a shortfall (points already spent) is flagged
    for review. Returns the points taken back now."""
    order = session.get(Order, order_id)
    if order is None:
        raise NotFound(f"no order {order_id}")
    refunded_fen = max(0, min(refunded_fen, order.amount_fen))
    if refunded_fen > order.refunded_fen:
        order.refunded_fen, order.refunded_at = refunded_fen, at or clock.now()
        touch_lifecycle(session, order.member_id)
    rows = session.execute(select(PointsEntry.id, PointsEntry.kind, PointsEntry.delta)
                           .where(PointsEntry.order_id == order.id, PointsEntry.member_id == order.member_id,
                                  PointsEntry.source == Source.ORDER.value)).all()
    earned = sum(d for _, k, d in rows if k == Kind.EARNED.value)
    bonus = sum(d for _, k, d in rows if k == Kind.BONUS.value)
    taken = -sum(d for _, k, d in rows if k == Kind.REVERSED.value)
    owed = refund_reversal(earned, bonus, amount_fen=order.amount_fen, refunded_fen=order.refunded_fen) - taken
    if owed <= 0:
        return 0
    lot = next((i for i, k, _ in rows if k == Kind.EARNED.value), None)
    posted = post(session, clock, order.member_id, delta=-owed, kind=Kind.REVERSED, source=Source.ORDER,
                  reason=f"refund of order {order.external_id}", client_key=f"refund:{order.id}:{order.refunded_fen}",
                  order_id=order.id, ref_entry_id=lot, clamp=True)
    if posted.duplicate:  # this refund total was dealt with (a shortfall is on the review list)
        return 0
    if -posted.delta < owed:
        flag(session, clock, "refunded_points", f"order:{order.id}", order.member_id,
             {"order": order.external_id, "owed": owed, "taken": -posted.delta})
    return -posted.delta


def flag(session: Session, clock: Clock, kind: str, subject: str, member_id: int | None, detail: dict) -> bool:
    """Put a pattern on the supervisor's review list once (by kind and subject)."""
    exists = session.scalar(select(FraudFlag.id).where(FraudFlag.kind == kind, FraudFlag.subject == subject))
    if exists is not None:
        return False
    session.add(FraudFlag(kind=kind, subject=subject, member_id=member_id, detail=detail, flagged_at=clock.now(),
                          status="open"))
    session.flush()
    return True


__all__ = ["OrderEarning", "flag", "refund_order", "reward_referral", "spend_12m", "touch_lifecycle"]

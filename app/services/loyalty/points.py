"""The points use cases an agent, a supervisor or an admin runs: the member's points and
ledger, redeeming a reward on the call, an admin's adjustment, survey points."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.data.tables import Member, PointsEntry
from app.data.uow import Database
from app.domain.clock import Clock
from app.domain.loyalty.catalogue import Reward, catalogue, reward
from app.domain.loyalty.ledger import InsufficientPoints, Kind, Source, expiring_soon
from app.domain.loyalty.settings import LoyaltySettings
from app.domain.loyalty.tiers import next_tier
from app.services.audit import announce, audit
from app.services.users import Actor, Permission, require
from app.services.errors import NotFound, ValidationError
from app.services.loyalty.ledger import (
    Posted, expiry_instant, ledger_balance, lock_member, member_entries, post, settle_expiry,
)
from app.services.loyalty.orders import spend_12m
from app.services.settings import settings_in


def loyalty_settings(session: Session) -> LoyaltySettings:
    return settings_in(session, "loyalty")


@dataclass(frozen=True)
class EntryRow:
    id: int
    created_at: datetime
    delta: int
    kind: str
    source: str
    reason: str
    expires_at: datetime | None
    frozen: bool


@dataclass(frozen=True)
class Programme:
    """What the member header shows: tier, balance, points expiring soon, next tier's distance."""

    member_id: int
    tier: str
    balance: int
    expiring_points: int
    expiring_on: datetime | None
    frozen: bool  # the member's points are kept from expiring (high-value)
    spend_12m_fen: int
    next_tier: str | None
    next_tier_gap_fen: int | None
    tier_grace_until: str | None
    lifecycle_stage: str
    segment_tags: str
    catalogue: tuple[Reward, ...]


@dataclass(frozen=True)
class PointsView:
    programme: Programme
    ledger_sum: int  # always equal to programme.balance (the cached copy is in members)
    entries: tuple[EntryRow, ...]


def _programme(session: Session, clock: Clock, member: Member, s: LoyaltySettings) -> Programme:
    entries = member_entries(session, member.id)
    soon, first = expiring_soon(entries, clock.now(), timedelta(days=s.expiring_soon_days))
    spend = spend_12m(session, member.id, clock.now())
    nxt = next_tier(member.tier, spend, s)
    return Programme(
        member_id=member.id, tier=member.tier, balance=sum(e.delta for e in entries), expiring_points=soon,
        expiring_on=first, frozen=member.tier in s.freeze_tiers, spend_12m_fen=spend,
        next_tier=nxt[0] if nxt else None, next_tier_gap_fen=nxt[1] if nxt else None,
        tier_grace_until=member.tier_grace_until.isoformat() if member.tier_grace_until else None,
        lifecycle_stage=member.lifecycle_stage, segment_tags=member.segment_tags, catalogue=catalogue(s))


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound(f"no member {member_id}")
    return member


def member_programme(db: Database, actor: Actor, clock: Clock, member_id: int) -> Programme:
    require(actor, Permission.VIEW_MEMBERS)
    with db.session() as session:
        return _programme(session, clock, _member(session, member_id), loyalty_settings(session))


def show_points(db: Database, actor: Actor, clock: Clock, member_id: int, *, limit: int = 100) -> PointsView:
    require(actor, Permission.VIEW_MEMBERS)
    with db.session() as session:
        s = loyalty_settings(session)
        programme = _programme(session, clock, _member(session, member_id), s)
        rows = session.execute(select(PointsEntry).where(PointsEntry.member_id == member_id)
                               .order_by(PointsEntry.created_at.desc(), PointsEntry.id.desc()).limit(limit)).scalars()
        entries = tuple(EntryRow(e.id, e.created_at, e.delta, e.kind, e.source, e.reason, e.expires_at, e.frozen)
                        for e in rows)
        return PointsView(programme, ledger_balance(session, member_id), entries)


@dataclass(frozen=True)
class Redemption:
    member_id: int
    reward: str
    points: int
    balance: int
    entry_id: int
    duplicate: bool
    confirmation: str  # what the agent reads back to the member


def redeem(db: Database, actor: Actor, clock: Clock, member_id: int, reward_code: str, *, client_key: str,
           call_id: int | None = None) -> Redemption:
    """Redeem a catalogue reward on the call: never below zero; the same client key twice
    redeems once (a retried click or a replayed outcome)."""
    require(actor, Permission.WORK_QUEUE)
    if not client_key:
        raise ValidationError({"client_key": "required (one per redemption, reused on retry)"})
    with db.session(write=True) as session:
        s = loyalty_settings(session)
        item = reward(reward_code, s)
        if item is None:
            raise ValidationError({"reward": f"unknown {reward_code!r}; known: "
                                             + ", ".join(r.code for r in catalogue(s))})
        member = lock_member(session, member_id)
        settle_expiry(session, clock, member_id, member.tier, s)  # what lapsed today cannot be spent
        try:
            done = post(session, clock, member_id, delta=-item.points, kind=Kind.REDEEMED, source=Source.CALL,
                        reason=item.code, client_key=f"redeem:{client_key}", call_id=call_id, user_id=actor.id)
        except InsufficientPoints as exc:
            raise ValidationError({"points": str(exc)}) from None
        if not done.duplicate:
            audit(session, actor, clock, action="points.redeem", entity="member", entity_id=member_id,
                  detail={"reward": item.code, "points": item.points, "entry_id": done.entry_id})
            announce(session, actor, clock, topic="member", entity_id=member_id)
        lang_name = item.name if member.language == "zh" else item.name_en
        confirmation = (f"已为您兑换{lang_name}，使用{item.points}积分，剩余{done.balance}积分。" if member.language == "zh"
                        else f"Redeemed {lang_name} for {item.points} points; {done.balance} points left.")
        return Redemption(member_id, item.code, item.points, done.balance, done.entry_id, done.duplicate, confirmation)


def adjust(db: Database, actor: Actor, clock: Clock, member_id: int, delta: int, *, reason: str,
           client_key: str | None = None) -> Posted:
    """An admin's correction, with its reason; audited; never below zero."""
    require(actor, Permission.ADMINISTER)
    if not reason.strip():
        raise ValidationError({"reason": "say why the points change"})
    if delta == 0:
        raise ValidationError({"delta": "must not be 0"})
    with db.session(write=True) as session:
        s = loyalty_settings(session)
        _member(session, member_id)
        try:
            done = post(session, clock, member_id, delta=delta, kind=Kind.ADJUSTED, source=Source.ADMIN,
                        reason=reason.strip(), client_key=f"adjust:{client_key}" if client_key else None,
                        user_id=actor.id, expires_at=expiry_instant(clock, clock.now(), s))
        except InsufficientPoints as exc:
            raise ValidationError({"delta": str(exc)}) from None
        if not done.duplicate:
            audit(session, actor, clock, action="points.adjust", entity="member", entity_id=member_id,
                  detail={"delta": delta, "reason": reason.strip(), "entry_id": done.entry_id})
            announce(session, actor, clock, topic="member", entity_id=member_id)
        return done


def award_survey_points(session: Session, clock: Clock, member_id: int, call_id: int, *,
                        user_id: int | None = None) -> int:
    """+20 (the setting) for a completed survey, once per call; inside the call's save by `user_id`."""
    s = loyalty_settings(session)
    if not s.survey_points:
        return 0
    done = post(session, clock, member_id, delta=s.survey_points, kind=Kind.BONUS, source=Source.CALL,
                reason="survey", client_key=f"survey:{call_id}", call_id=call_id, user_id=user_id,
                expires_at=expiry_instant(clock, clock.now(), s))
    return 0 if done.duplicate else done.delta

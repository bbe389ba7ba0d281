"""The member 360 view as plain frozen data: profile, purchases with run-out estimates,
adherence measured (PDC) beside adherence stated, calls, tickets, open tasks and effect
ratings over time. The desktop's member view and `caredesk-admin member show` both use it.

The health profile is sensitive: it is included only for actors allowed to see it, and
each time it is, the access is audited.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.data.tables import (
    OPEN_TASK, Call, EffectRating, FollowUpTask, HealthIndicator, HealthProfile, Member, Order, OrderLine, Product, Ticket, User,
)
from app.data.uow import Database
from app.domain.adherence import PDC_WINDOW_DAYS, Fill, is_adherent, pdc
from app.domain.clock import Clock
from app.domain.codes import Tier
from app.domain.phone import mask
from app.domain.runout import Purchase as RunoutPurchase
from app.domain.runout import runout_date
from app.domain.windows import member_zone
from app.services.audit import audit
from app.services.auth import Actor, Permission, require
from app.services.errors import NotFound
from app.services.tickets import TicketRow, ticket_row

HISTORY_LIMIT = 100


@dataclass(frozen=True)
class Profile:
    id: int
    external_id: str
    name: str
    gender: str | None
    age: int | None
    region: str | None
    occupation: str | None
    phone_masked: str
    phone_alt_masked: str
    email: str | None
    wechat_id: str | None
    language: str
    timezone: str
    preferred_channel: str
    best_times: str
    consent: bool
    do_not_call: bool
    tier: str
    is_vip: bool
    points: int
    lifecycle_stage: str
    segment_tags: str
    medical_flag: bool
    care_manager: str | None
    total_spent_fen: int
    first_order_at: datetime | None
    last_order_at: datetime | None


@dataclass(frozen=True)
class PurchaseLine:
    order_id: int
    order_ref: str
    ordered_at: datetime
    delivered_at: datetime | None
    channel: str
    product_id: int
    product: str
    category: str
    quantity: int
    amount_fen: int
    batch_no: str | None
    pack_days: int
    covers_until: date  # this purchase alone: order date + quantity x pack days


@dataclass(frozen=True)
class Supply:
    """One product the member uses: when it runs out, and adherence measured vs stated."""

    product_id: int
    product: str
    category: str
    runout_on: date | None  # from purchases (carried forward)
    days_left: int | None
    reported_runout_on: date | None  # from the latest call where the member said what is left
    pdc: float | None  # proportion of days covered over the last 180 days
    adherent: bool | None  # PDC >= 80%
    stated_adherence: str | None  # what the member said on the latest call that asked


@dataclass(frozen=True)
class CallRow:
    id: int
    started_at: datetime
    agent: str | None
    channel: str
    reasons: str
    disposition: str
    satisfaction: int | None
    adherence: str | None
    remaining_days: int | None
    refill_intent: bool | None
    complaint_category: str | None
    adverse_reaction: str
    effects: dict[str, int]
    notes: str
    script_id: str | None
    script_version: str | None


@dataclass(frozen=True)
class OpenTask:
    id: int
    reason: str
    why: str
    due_at: datetime
    status: str


@dataclass(frozen=True)
class EffectPoint:
    dimension: str
    at: datetime
    score: int


@dataclass(frozen=True)
class Indicator:
    name: str
    value: float
    unit: str
    measured_at: datetime


@dataclass(frozen=True)
class Health:
    constitution: str | None
    health_goals: str | None
    conditions: str | None
    allergies: str | None
    baby_stage: str | None
    baby_birth_date: date | None
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class MemberView:
    profile: Profile
    purchases: tuple[PurchaseLine, ...]
    supplies: tuple[Supply, ...]
    calls: tuple[CallRow, ...]
    tickets: tuple[TicketRow, ...]
    open_tasks: tuple[OpenTask, ...]
    effects: tuple[EffectPoint, ...]
    health: Health | None
    health_hidden: bool  # True when a profile exists but the actor may not see it


def _age(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _profile(session: Session, member: Member, clock: Clock) -> Profile:
    manager = session.get(User, member.owner_id) if member.owner_id else None
    zone = member_zone(timezone=member.timezone, phone_e164=member.phone_e164, region=member.region,
                       fallback=clock.tz)
    return Profile(
        id=member.id, external_id=member.external_id, name=member.name, gender=member.gender,
        age=_age(member.birth_date, clock.today()), region=member.region, occupation=member.occupation,
        phone_masked=mask(member.phone_e164), phone_alt_masked=mask(member.phone_alt_e164), email=member.email,
        wechat_id=member.wechat_id, language=member.language, timezone=str(getattr(zone, "key", zone)),
        preferred_channel=member.preferred_channel, best_times=member.best_times, consent=member.consent,
        do_not_call=member.do_not_call, tier=member.tier, is_vip=Tier(member.tier).is_vip,
        points=member.points_balance, lifecycle_stage=member.lifecycle_stage, segment_tags=member.segment_tags,
        medical_flag=member.medical_flag, care_manager=(manager.display_name or manager.username) if manager else None,
        total_spent_fen=member.total_spent_fen, first_order_at=member.first_order_at,
        last_order_at=member.last_order_at,
    )


def _purchases(session: Session, member_id: int, clock: Clock) -> list[PurchaseLine]:
    rows = session.execute(
        select(Order, OrderLine, Product).join(OrderLine, OrderLine.order_id == Order.id)
        .join(Product, Product.id == OrderLine.product_id)
        .where(Order.member_id == member_id).order_by(Order.ordered_at.desc(), OrderLine.id)
    ).all()
    return [
        PurchaseLine(
            order_id=o.id, order_ref=o.external_id, ordered_at=o.ordered_at, delivered_at=o.delivered_at,
            channel=o.channel, product_id=p.id, product=p.name, category=p.category, quantity=line.quantity,
            amount_fen=line.amount_fen, batch_no=line.batch_no, pack_days=p.pack_days,
            covers_until=o.ordered_at.astimezone(clock.tz).date() + timedelta(days=line.quantity * p.pack_days),
        )
        for o, line, p in rows
    ]


def _supplies(purchases: list[PurchaseLine], calls: list[Call], clock: Clock) -> list[Supply]:
    today = clock.today()
    by_product: dict[int, list[PurchaseLine]] = defaultdict(list)
    for line in purchases:
        by_product[line.product_id].append(line)
    single = len(by_product) == 1
    reported = next((c for c in calls if c.remaining_days is not None), None)
    stated = next((c.adherence for c in calls if c.adherence is not None), None)
    supplies = []
    for pid, lines in by_product.items():
        days = [(l.ordered_at.astimezone(clock.tz).date(), l.quantity, l.pack_days) for l in lines]
        end = runout_date(RunoutPurchase(d, q, p) for d, q, p in days)
        value = pdc((Fill(d, q * p) for d, q, p in days), end=today, window_days=PDC_WINDOW_DAYS)
        # A call is about one product only when the member has one; then its report applies.
        reported_on = None
        if reported is not None and single:
            reported_on = reported.saved_at.astimezone(clock.tz).date() + timedelta(days=reported.remaining_days)
        supplies.append(Supply(
            product_id=pid, product=lines[0].product, category=lines[0].category, runout_on=end,
            days_left=(end - today).days if end else None, reported_runout_on=reported_on,
            pdc=None if value is None else round(value, 3), adherent=is_adherent(value),
            stated_adherence=stated,
        ))
    return sorted(supplies, key=lambda s: (s.runout_on or date.max))


def _health(session: Session, actor: Actor, clock: Clock, member_id: int, *,
            wanted: bool) -> tuple[Health | None, bool]:
    profile = session.get(HealthProfile, member_id)
    indicators = session.scalars(
        select(HealthIndicator).where(HealthIndicator.member_id == member_id)
        .order_by(HealthIndicator.name, HealthIndicator.measured_at)
    ).all()
    if profile is None and not indicators:
        return None, False
    if not wanted or not actor.may(Permission.VIEW_HEALTH):
        return None, True
    audit(session, actor, clock, action="health.view", entity="member", entity_id=member_id,
          detail={"view": "member_360"})
    return Health(
        constitution=profile.constitution if profile else None, health_goals=profile.health_goals if profile else None,
        conditions=profile.conditions if profile else None, allergies=profile.allergies if profile else None,
        baby_stage=profile.baby_stage if profile else None,
        baby_birth_date=profile.baby_birth_date if profile else None,
        indicators=tuple(Indicator(i.name, i.value, i.unit, i.measured_at) for i in indicators),
    ), False


def member_view(db: Database, actor: Actor, clock: Clock, member_id: int, *,
                history_limit: int = HISTORY_LIMIT, include_health: bool = True) -> MemberView:
    """The whole picture of one member for the agent about to call (phone numbers masked).

    `include_health=False` leaves the health profile out even for actors who may see it
    (nothing sensitive is read, so nothing is audited)."""
    require(actor, Permission.VIEW_MEMBERS)
    show_health = include_health and actor.may(Permission.VIEW_HEALTH)
    # A write transaction only when the health profile will be shown: its access is audited.
    with db.session(write=show_health) as session:
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound(f"no member with id {member_id}")
        purchases = _purchases(session, member_id, clock)
        calls = session.scalars(
            select(Call).where(Call.member_id == member_id).order_by(Call.started_at.desc(), Call.id.desc())
            .limit(history_limit)
        ).all()
        agents = dict(session.execute(select(User.id, User.username).where(
            User.id.in_({c.agent_id for c in calls if c.agent_id is not None}))).all())
        effects_by_call: dict[int, dict[str, int]] = defaultdict(dict)
        points = []
        for rating, started in session.execute(
            select(EffectRating, Call.started_at).join(Call, Call.id == EffectRating.call_id)
            .where(EffectRating.member_id == member_id).order_by(Call.started_at, EffectRating.dimension)
        ):
            effects_by_call[rating.call_id][rating.dimension] = rating.score
            points.append(EffectPoint(rating.dimension, started, rating.score))
        call_rows = tuple(CallRow(
            id=c.id, started_at=c.started_at, agent=agents.get(c.agent_id), channel=c.channel, reasons=c.reasons,
            disposition=c.disposition, satisfaction=c.satisfaction, adherence=c.adherence,
            remaining_days=c.remaining_days, refill_intent=c.refill_intent, complaint_category=c.complaint_category,
            adverse_reaction=c.adverse_reaction, effects=dict(effects_by_call.get(c.id, {})), notes=c.notes,
            script_id=c.script_id, script_version=c.script_version,
        ) for c in calls)
        tickets = session.scalars(
            select(Ticket).where(Ticket.member_id == member_id).order_by(Ticket.opened_at.desc(), Ticket.id.desc())
        ).all()
        tasks = session.scalars(
            select(FollowUpTask).where(FollowUpTask.member_id == member_id,
                                       OPEN_TASK)
            .order_by(FollowUpTask.due_at, FollowUpTask.id)
        ).all()
        health, hidden = _health(session, actor, clock, member_id, wanted=include_health)
        return MemberView(
            profile=_profile(session, member, clock),
            purchases=tuple(purchases),
            supplies=tuple(_supplies(purchases, list(calls), clock)),
            calls=call_rows,
            tickets=tuple(ticket_row(session, t, clock.now()) for t in tickets),
            open_tasks=tuple(OpenTask(t.id, t.reason, t.why, t.due_at, t.status) for t in tasks),
            effects=tuple(points),
            health=health,
            health_hidden=hidden,
        )

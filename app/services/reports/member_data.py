"""Builds the frozen snapshots that report renderers print, and decides what they may show.

Every rule about who may see what sits here, not in the renderers: a member report needs
VIEW_MEMBERS and holds rows of that one member only; health indicators are added only
when the actor may VIEW_HEALTH and the report's purpose allows it (that read is audited);
the supervisor summary needs REPORTS.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.data.tables import OPEN_TASK, Call, EffectRating, FollowUpTask, HealthIndicator, Member, Order, OrderLine, Product, User
from app.data.uow import Database
from app.domain.adherence import PDC_WINDOW_DAYS, Fill, is_adherent, pdc
from app.domain.clock import Clock
from app.domain.codes import Adherence, AdverseReaction, Disposition
from app.domain.periods import Period, local_date, local_day_start, trailing_period
from app.domain.phone import mask
from app.reports.labels import LANGUAGES
from app.reports.model import MemberReportData, NextContact, Point, Recommendation, RegimenLine, Series
from app.services.audit import audit
from app.services.settings import report_brand
from app.services.users import Actor, Permission, require
from app.services.errors import NotFound, ValidationError

HISTORY_DAYS = 365  # charts show a year of history, whatever the report period
RECENT_NOTES = 5
LOW_SUPPLY_DAYS = 7


class ReportPurpose(StrEnum):
    """Why a report is made; only the member's own copy may carry health data."""

    MEMBER_COPY = "member_copy"  # sent to the member (or their care manager)
    SHARED = "shared"  # handed to anyone else (a store, a partner): never health data

    @property
    def allows_health(self) -> bool:
        return self is ReportPurpose.MEMBER_COPY


def report_language(requested: str | None, member_language: str | None) -> str:
    if requested is not None:
        if requested not in LANGUAGES:
            raise ValidationError({"lang": f"unknown language {requested!r} (zh or en)"})
        return requested
    return member_language if member_language in LANGUAGES else "zh"


# --- member care report -----------------------------------------------------------------------

def member_report_data(
    db: Database, actor: Actor, clock: Clock, member_id: int, *, period: Period | None = None,
    language: str | None = None, purpose: ReportPurpose = ReportPurpose.MEMBER_COPY,
) -> MemberReportData:
    """The snapshot of one member's care report; NotFound for an unknown member."""
    require(actor, Permission.VIEW_MEMBERS)
    health = purpose.allows_health and actor.may(Permission.VIEW_HEALTH)
    with db.session(write=health) as session:
        return build_member_report(session, actor, clock, member_id, period=period or trailing_period(clock),
                                   language=language, include_health=health)


def build_member_report(
    session: Session, actor: Actor, clock: Clock, member_id: int, *, period: Period,
    language: str | None, include_health: bool,
) -> MemberReportData:
    """Inside the caller's unit of work (batch workers call this); the caller has checked permissions."""
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound(f"no member with id {member_id}")
    lang = report_language(language, member.language)
    history_start = min(period.start, period.end - timedelta(days=HISTORY_DAYS - 1))
    since_utc = local_day_start(history_start, clock)
    period_from, until_utc = period.bounds(clock)

    calls = session.execute(
        select(Call, User.display_name, FollowUpTask.product_id)
        .outerjoin(User, User.id == Call.agent_id)
        .outerjoin(FollowUpTask, FollowUpTask.id == Call.task_id)
        .where(Call.member_id == member.id, Call.started_at >= since_utc, Call.started_at < until_utc)
        .order_by(Call.started_at)
    ).all()
    ratings = session.execute(
        select(EffectRating.dimension, EffectRating.score, Call.started_at)
        .join(Call, Call.id == EffectRating.call_id)
        .where(EffectRating.member_id == member.id, Call.started_at >= since_utc, Call.started_at < until_utc)
        .order_by(Call.started_at)
    ).all()
    next_task = session.execute(
        select(FollowUpTask.due_at, FollowUpTask.reason)
        .where(FollowUpTask.member_id == member.id, OPEN_TASK)
        .order_by(FollowUpTask.due_at, FollowUpTask.id).limit(1)
    ).first()
    manager = session.get(User, member.owner_id).display_name if member.owner_id else None

    health_series: tuple[Series, ...] = ()
    if include_health:
        health_series = _health_series(session, member.id, since_utc, until_utc, clock)
        audit(session, actor, clock, action="report_health_read", entity="member", entity_id=member.id,
              detail={"indicators": [s.key for s in health_series]})

    in_period = [c for c, _, _ in calls if c.started_at >= period_from]
    return MemberReportData(
        member_id=member.id, member_name=member.name, language=lang, tier=member.tier,
        care_manager=manager, masked_phone=mask(member.phone_e164),
        period_start=period.start, period_end=period.end, history_start=history_start,
        generated_on=clock.today(),
        regimen=_regimen(session, member.id, period.end, until_utc, history_start, calls, clock),
        adherence_window_days=PDC_WINDOW_DAYS,
        effect_series=_by_key(((d, local_date(at, clock), float(v)) for d, v, at in ratings)),
        satisfaction=tuple(Point(local_date(c.started_at, clock), float(c.satisfaction))
                           for c, _, _ in calls if c.satisfaction is not None),
        health_included=include_health, health_series=health_series,
        recommendations=_recommendations(calls, clock),
        next_contact=_next_contact(next_task, clock),
        calls_in_period=len(in_period),
        reached_in_period=sum(1 for c in in_period if c.disposition == Disposition.REACHED),
        brand=report_brand(session),
    )


def _by_key(rows, units: dict[str, str] | None = None) -> tuple[Series, ...]:
    """(key, day, value) rows -> one Series per key, several values on one day averaged."""
    grouped: dict[str, dict[date, list[float]]] = defaultdict(lambda: defaultdict(list))
    for key, day, value in rows:
        grouped[key][day].append(value)
    return tuple(
        Series(key, tuple(Point(day, sum(v) / len(v)) for day, v in sorted(days.items())), (units or {}).get(key, ""))
        for key, days in sorted(grouped.items())
    )


def _health_series(session: Session, member_id: int, since: datetime, until: datetime, clock: Clock) -> tuple[Series, ...]:
    rows = session.execute(
        select(HealthIndicator.name, HealthIndicator.value, HealthIndicator.unit, HealthIndicator.measured_at)
        .where(HealthIndicator.member_id == member_id, HealthIndicator.measured_at >= since,
               HealthIndicator.measured_at < until)
        .order_by(HealthIndicator.measured_at)
    ).all()
    units = {name: unit for name, _, unit, _ in rows}
    return _by_key(((n, local_date(at, clock), v) for n, v, _, at in rows), units)


def _regimen(session: Session, member_id: int, end: date, until: datetime, history_start: date,
             calls, clock: Clock) -> tuple[RegimenLine, ...]:
    """Products bought in the history window, with PDC over all purchases up to the period end."""
    rows = session.execute(
        select(Product.id, Product.name, Product.name_en, Product.daily_dose, Product.dosage, Product.pack_days,
               OrderLine.quantity, Order.ordered_at)
        .join(OrderLine, OrderLine.product_id == Product.id).join(Order, Order.id == OrderLine.order_id)
        .where(Order.member_id == member_id, Order.ordered_at < until)
        .order_by(Order.ordered_at)
    ).all()
    fills: dict[int, list[Fill]] = defaultdict(list)
    info = {}
    for pid, name, name_en, dose, dosage, pack_days, qty, at in rows:
        fills[pid].append(Fill(local_date(at, clock), pack_days * qty))
        info[pid] = (name, name_en, dose, dosage)
    reported = _reported_adherence(calls, single_product=len(fills) == 1)
    lines = []
    for pid, product_fills in fills.items():
        if product_fills[-1].day < history_start:
            continue  # bought long ago and not since: no longer part of the regimen
        value = pdc(product_fills, end=end)
        name, name_en, dose, dosage = info[pid]
        lines.append(RegimenLine(
            product_name=name, product_name_en=name_en, daily_dose=dose, dosage=dosage, since=product_fills[0].day,
            last_purchase=product_fills[-1].day, pdc=value, adherent=is_adherent(value),
            reported_adherence=reported.get(pid, reported.get(None)),
        ))
    return tuple(sorted(lines, key=lambda line: line.since))


def _reported_adherence(calls, *, single_product: bool) -> dict[int | None, str]:
    """The latest adherence answer per product (calls are in time order); None keys the only product."""
    latest: dict[int | None, str] = {}
    for call, _, product_id in calls:
        if call.adherence:
            latest[product_id] = call.adherence
            if single_product:
                latest[None] = call.adherence
    return latest


def _recommendations(calls, clock: Clock) -> tuple[Recommendation, ...]:
    """What the care team wrote for the member on the latest reached calls, plus advice derived
    from the last outcome. An agent's notes are internal and never reach a member's report."""
    reached = [(c, agent) for c, agent, _ in calls if c.disposition == Disposition.REACHED]
    out = [Recommendation(local_date(c.started_at, clock), text=c.recommendation.strip(), agent=agent or "")
           for c, agent in reached[::-1] if c.recommendation and c.recommendation.strip()][:RECENT_NOTES]
    if reached:
        last, _ = reached[-1]
        day = local_date(last.started_at, clock)
        codes = []
        if last.adherence == Adherence.IRREGULAR:
            codes.append("keep_regular")
        elif last.adherence == Adherence.STOPPED:
            codes.append("restart")
        if last.adverse_reaction == AdverseReaction.MILD:
            codes.append("mild_reaction")
        if last.remaining_days is not None and last.remaining_days <= LOW_SUPPLY_DAYS:
            codes.append("refill_soon")
        out += [Recommendation(day, code=c) for c in codes]
    return tuple(out)


def _next_contact(next_task, clock: Clock) -> NextContact | None:
    """The next planned call, never dated in the past: an overdue one is due today."""
    if next_task is None:
        return None
    return NextContact(max(local_date(next_task.due_at, clock), clock.today()), next_task.reason)


def member_ids_with_activity(session: Session, *, tiers: tuple[str, ...], since: datetime, until: datetime) -> list[int]:
    """Members of these tiers with a call or an order in [since, until): the premium batch."""
    called = select(Call.member_id).where(Call.started_at >= since, Call.started_at < until)
    ordered = select(Order.member_id).where(Order.ordered_at >= since, Order.ordered_at < until)
    rows = session.scalars(
        select(Member.id).where(Member.tier.in_(tiers), Member.id.in_(called.union(ordered)))
        .order_by(Member.id)
    )
    return list(rows)

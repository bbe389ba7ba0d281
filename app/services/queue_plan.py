"""Which tasks one member should have open today: the generation rules of issue 3 over
plain rows (no database), so the daily build and the one-member rebuild share them.

Every due date is a date counted from the order date (CONTRACTS.md), turned into the start
of that day in the workstation's zone; "48 hours after resolution" is an exact instant.
A task is planned only while today is inside its due window, so a rule never needs to
remember what it planned yesterday: the window is the memory.
"""

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from app.domain.care_calendar import CareCalendar
from app.domain.codes import TaskReason
from app.domain.priority import stored_priority
from app.domain.queue_settings import QueueSettings
from app.domain.runout import Purchase, first_cycle, runout_date


@dataclass(frozen=True)
class ProductInfo:
    name: str
    name_en: str
    category: str
    pack_days: int


@dataclass(frozen=True)
class Line:
    order_id: int
    ordered_at: datetime
    delivered_at: datetime | None
    product_id: int
    quantity: int


@dataclass
class MemberFacts:
    """What the rules read about one member (the build fills it from streamed rows)."""

    id: int
    tier: str
    total_spent_fen: int
    gender: str | None
    birth_date: date | None
    owner_id: int | None
    medical_flag: bool
    lines: list[Line] = field(default_factory=list)
    baby_birth: date | None = None
    last_contact_at: datetime | None = None
    resolved_ticket: tuple[int, datetime] | None = None  # (ticket id, resolved_at)
    urgent_complaint: bool = False


@dataclass(frozen=True)
class PlannedTask:
    reason: str
    due_at: datetime
    due_until: datetime | None
    detail: dict[str, Any]
    priority: int
    assigned_agent_id: int | None = None
    owner_only_until: datetime | None = None
    product_id: int | None = None
    order_id: int | None = None
    ticket_id: int | None = None


@dataclass(frozen=True)
class PlanContext:
    today: date
    now: datetime
    tz: tzinfo
    settings: QueueSettings
    products: Mapping[int, ProductInfo]
    category_gap: Mapping[str, int]
    calendar: CareCalendar

    def day_start(self, day: date) -> datetime:
        return datetime.combine(day, time(0), tzinfo=self.tz).astimezone(UTC)

    def local_date(self, instant: datetime) -> date:
        return instant.astimezone(self.tz).date()


def plan_member(m: MemberFacts, ctx: PlanContext) -> list[PlannedTask]:
    """The tasks this member should have open today (at most one per reason)."""
    planned: dict[str, tuple[date | datetime, date | datetime | None, dict[str, Any], dict[str, Any]]] = {}
    today, s = ctx.today, ctx.settings
    lines = sorted(m.lines, key=lambda l: l.ordered_at)
    by_product: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        if line.product_id in ctx.products:
            by_product[line.product_id].append(line)

    # refill: the product closest to running out among those inside their refill window
    best: tuple[int, date, int, Line] | None = None
    for pid, plines in by_product.items():
        info = ctx.products[pid]
        end = runout_date(Purchase(ctx.local_date(l.ordered_at), l.quantity, info.pack_days) for l in plines)
        if end is None:
            continue
        due = end - timedelta(days=s.refill_lead_days)
        if due <= today < due + timedelta(days=s.refill_window_days):
            left = (end - today).days
            if best is None or left < best[0]:
                best = (left, end, pid, plines[-1])
    if best is not None:
        left, end, pid, last = best
        info = ctx.products[pid]
        due = end - timedelta(days=s.refill_lead_days)
        planned[TaskReason.REFILL] = (due, due + timedelta(days=s.refill_window_days), {
            "product_name": info.name, "product_name_en": info.name_en, "runout": end.isoformat(),
            "days_left": left}, {"product_id": pid, "order_id": last.order_id})

    # effect_check: inside the first cycle of a product new to this member
    for pid, plines in by_product.items():
        info = ctx.products[pid]
        cycle = first_cycle([Purchase(ctx.local_date(plines[0].ordered_at), plines[0].quantity, info.pack_days)])
        if cycle is None:
            continue
        start, end = cycle
        due = start + timedelta(days=s.effect_check_day)
        until = end - timedelta(days=s.refill_lead_days)
        if due <= today < until:
            planned[TaskReason.EFFECT_CHECK] = (due, until, {"product_name": info.name, "product_name_en": info.name_en},
                                                {"product_id": pid, "order_id": plines[0].order_id})

    orders = _orders(lines)
    if orders:
        first_id, first_at, first_delivered = orders[0]
        # new_customer: about 3 days after the first order arrives
        if first_delivered is not None:
            due = ctx.local_date(first_delivered) + timedelta(days=s.new_customer_after_arrival_days)
            if due <= today < due + timedelta(days=7):
                planned[TaskReason.NEW_CUSTOMER] = (due, due + timedelta(days=7), {}, {"order_id": first_id})
        # delivery_survey: the latest delivered order other than the first
        delivered = [o for o in orders[1:] if o[2] is not None]
        if delivered:
            oid, _, at = max(delivered, key=lambda o: o[2])
            due = ctx.local_date(at) + timedelta(days=s.delivery_survey_after.days)
            if due <= today < due + timedelta(days=7):
                planned[TaskReason.DELIVERY_SURVEY] = (due, due + timedelta(days=7), {}, {"order_id": oid})
        _plan_churn(m, ctx, lines, orders, planned)
        _plan_cadence(m, ctx, orders, planned)

    # care_moment: the latest moment in the last few days (birthday first on a day)
    categories = {ctx.products[l.product_id].category for l in lines if l.product_id in ctx.products}
    for back in range(s.care_moment_window_days):
        day = today - timedelta(days=back)
        moment = ctx.calendar.member_moment(day, birth_date=m.birth_date, gender=m.gender, tier=m.tier,
                                            categories=categories, baby_birth=m.baby_birth)
        if moment is not None:
            planned[TaskReason.CARE_MOMENT] = (day, day + timedelta(days=s.care_moment_window_days), {
                "moment": moment.name, "moment_en": moment.name_en, "moment_code": moment.code,
                "advice": moment.advice}, {})
            break

    # revisit: exactly 48 hours after a ticket was resolved, due until three days later
    if m.resolved_ticket is not None:
        ticket_id, resolved_at = m.resolved_ticket
        due_exact = resolved_at + s.revisit_after_resolution
        if ctx.day_start(today) <= due_exact + timedelta(days=3) and ctx.local_date(due_exact) <= today:
            planned[TaskReason.REVISIT] = (due_exact, due_exact + timedelta(days=3), {}, {"ticket_id": ticket_id})

    return [_task(m, ctx, reason, *value) for reason, value in planned.items()]


def _orders(lines: Sequence[Line]) -> list[tuple[int, datetime, datetime | None]]:
    seen: dict[int, tuple[int, datetime, datetime | None]] = {}
    for l in lines:
        seen.setdefault(l.order_id, (l.order_id, l.ordered_at, l.delivered_at))
    return sorted(seen.values(), key=lambda o: o[1])


def _plan_churn(m, ctx: PlanContext, lines, orders, planned) -> None:
    s = ctx.settings
    days = sorted({ctx.local_date(o[1]) for o in orders})
    if len(days) >= s.churn_min_history:
        usual = statistics.median((b - a).days for a, b in zip(days, days[1:]))
    else:
        last = lines[-1]
        info = ctx.products.get(last.product_id)
        usual = ctx.category_gap.get(info.category, s.churn_default_gap_days) if info else s.churn_default_gap_days
    usual = max(1, int(round(usual)))
    due = days[-1] + timedelta(days=int(s.churn_factor * usual + 0.999))
    if due <= ctx.today < due + timedelta(days=30):
        planned[TaskReason.CHURN_RISK] = (due, due + timedelta(days=30), {
            "days_since": (ctx.today - days[-1]).days, "usual_gap": usual}, {})


def _plan_cadence(m, ctx: PlanContext, orders, planned) -> None:
    s = ctx.settings
    recent = sum(1 for o in orders if ctx.local_date(o[1]) > ctx.today - timedelta(days=180))
    high = recent >= s.cadence_high_min_orders
    interval = s.cadence_high_days if high else s.cadence_low_days
    if m.last_contact_at is not None:
        anchor = ctx.local_date(m.last_contact_at) + timedelta(days=interval)
    else:
        # Never called: spread first calls over the cycle by member id, not all on one day.
        anchor = ctx.local_date(orders[0][1]) + timedelta(days=interval + m.id % interval)
    if anchor > ctx.today:
        return
    due = anchor + timedelta(days=((ctx.today - anchor).days // interval) * interval)
    window = min(interval, 14)
    if ctx.today < due + timedelta(days=window):
        planned[TaskReason.CADENCE] = (due, due + timedelta(days=window), {"segment": "high" if high else "low"}, {})


def _task(m: MemberFacts, ctx: PlanContext, reason: str, due, until, detail, refs) -> PlannedTask:
    due_at = due if isinstance(due, datetime) else ctx.day_start(due)
    due_until = until if isinstance(until, datetime) or until is None else ctx.day_start(until)
    assigned = handoff = None
    if m.owner_id is not None and m.tier in ctx.settings.vip_tiers:
        # A VIP's care manager has the member alone through the end of the due day.
        assigned = m.owner_id
        due_day = ctx.local_date(due_at)
        handoff = ctx.day_start(due_day + timedelta(days=1 + ctx.settings.owner_handoff_days))
    priority = stored_priority(reason, tier=m.tier, total_spent_fen=m.total_spent_fen,
                               urgent_complaint=m.urgent_complaint, severe_reaction=m.medical_flag,
                               days_left=detail.get("days_left"))
    return PlannedTask(reason=str(reason), due_at=due_at, due_until=due_until, detail=detail, priority=priority,
                       assigned_agent_id=assigned, owner_only_until=handoff, **refs)

"""Which tasks one member should have open today: the generation rules of issue 3 over
plain rows (no database), so the daily build and the one-member rebuild share them.

Every due date is a date counted from the order date (CONTRACTS.md), turned into the start
of that day in the workstation's zone; "48 hours after resolution" is an exact instant.
A task is planned only while today is inside its due window, so a rule never needs to
remember what it planned yesterday: the window is the memory.

This runs for every member in the daily build, so days are plain ordinals here and each
order line's local date is worked out once, when it is read.

Each rule also tells `Soon` the days on which its answer can change by time alone (its
window opens or closes, a planned value moves): the first of them is the day the nightly
build plans the member again (app.data.queue_replan); events re-plan them sooner.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cached_property, lru_cache
from typing import Any, NamedTuple

from app.domain.care_calendar import CareCalendar, Moment, age_on, birthday_in
from app.domain.churn import churn_due, lost_day, supply_end
from app.domain.codes import TaskReason
from app.domain.priority import stored_priority
from app.domain.queue_settings import QueueSettings
from app.domain.runout import runout_ordinal


@dataclass(frozen=True)
class ProductInfo:
    name: str
    name_en: str
    category: str
    pack_days: int


class Line(NamedTuple):
    """One order line, with the order's local dates as ordinals (date.toordinal())."""

    order_id: int
    day: int
    delivered_day: int | None
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
    # The build reads lines in the order they were placed (instant, then id), so by day;
    # other callers' lines are sorted by (day, order id) here.
    lines_sorted: bool = False
    baby_birth: date | None = None
    last_contact_at: datetime | None = None
    resolved_ticket: tuple[int, datetime, str] | None = None  # (ticket id, resolved_at, category)
    reported: "Reported | None" = None  # the latest remaining quantity a member told us
    # Refills the member declined on a call: product id (None: the call named none) -> the
    # local day (ordinal) of the latest decline. Not asked again until a newer purchase.
    declined: dict[int | None, int] = field(default_factory=dict)


@dataclass
class Reported:
    """What a member said is left (a call's `remaining_days`): run-out = the call's local
    day + remaining days, as app.services.calls books it. It replaces the order-based
    estimate for that product until an order placed after the call (`superseded`)."""

    runout: int  # day ordinal
    product_id: int | None
    superseded: bool = False
    day: int | None = None  # the call's local day: a refill due by then was the call's to ask


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


# Bump when a rule below changes: every member is planned again by the next build.
PLAN_VERSION = 1
# A member nothing is due for is planned again within about a year anyway: it bounds the
# look-ahead for care moments (a birthday is always inside it).
HORIZON_DAYS = 370


class Soon:
    """The first day after today on which a rule's answer may change by time alone."""

    __slots__ = ("today", "day")

    def __init__(self, today: int):
        self.today = today
        self.day = today + HORIZON_DAYS

    def at(self, day: int) -> None:
        if self.today < day < self.day:
            self.day = day

    def tomorrow(self) -> None:
        self.day = min(self.day, self.today + 1)


@dataclass(frozen=True)
class PlanContext:
    today: date
    now: datetime
    tz: tzinfo
    settings: QueueSettings
    products: dict[int, ProductInfo]
    category_gap: dict[str, int]
    calendar: CareCalendar

    @cached_property
    def key(self) -> str:
        """What the plan depends on besides the member and the day (rules, products, zone,
        calendar, this code's version), short: a member planned under another key is planned again."""
        text = repr((PLAN_VERSION, self.settings, sorted(self.products.items()), sorted(self.category_gap.items()),
                     getattr(self.tz, "key", str(self.tz)), self.calendar.fingerprint))
        return hashlib.sha1(text.encode()).hexdigest()[:16]

    @cached_property
    def today_o(self) -> int:
        return self.today.toordinal()

    @cached_property
    def pack_days(self) -> dict[int, int]:
        """Each product's pack length: the churn rule's supply, for every member planned."""
        return {pid: info.pack_days for pid, info in self.products.items()}

    @cached_property
    def fixed_offset(self) -> timedelta | None:
        """The zone's offset when it has no DST around now (Asia/Shanghai): a fast path."""
        offsets = {datetime(self.today.year + dy, month, 1, tzinfo=UTC).astimezone(self.tz).utcoffset()
                   for dy in (-2, -1, 0) for month in (1, 4, 7, 10)}
        return offsets.pop() if len(offsets) == 1 else None

    @cached_property
    def _day_starts(self) -> dict[int, datetime]:
        return {}  # a build asks for the same few hundred days a million times

    def day_start(self, day: date | int) -> datetime:
        """The UTC instant the local day starts."""
        o = day if isinstance(day, int) else day.toordinal()
        start = self._day_starts.get(o)
        if start is None:
            start = self._day_starts[o] = datetime.combine(date.fromordinal(o), time(0), tzinfo=self.tz).astimezone(UTC)
        return start

    def local_date(self, instant: datetime) -> date:
        off = self.fixed_offset
        if off is not None:  # a UTC instant (aware, or naive as the build reads it): shift
            return (instant + off).date()
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=UTC)
        return instant.astimezone(self.tz).date()

    def local_ordinal(self, instant: datetime) -> int:
        return self.local_date(instant).toordinal()

    @cached_property
    def moment_days(self) -> dict[int, bool]:
        """Days in the care-moment window and whether the calendar has anything on them."""
        days = {}
        for back in range(self.settings.care_moment_window_days):
            day = self.today - timedelta(days=back)
            days[day.toordinal()] = bool(self.calendar.moments_on(day))
        return days

    @property
    def upcoming_moments(self) -> tuple[tuple[int, tuple[Moment, ...]], ...]:
        """(day ordinal, calendar moments) of the days after today that have any, ascending."""
        return _upcoming(self.calendar, self.today)

    @cached_property
    def birthday_keys(self) -> set[tuple[int, int]]:
        keys = set()
        for o in self.moment_days:
            d = date.fromordinal(o)
            keys.add((d.month, d.day))
            if (d.month, d.day) == (2, 28):
                keys.add((2, 29))  # leap-day birthdays are kept on 28 February
        return keys


@lru_cache(maxsize=8)
def _upcoming(calendar: CareCalendar, today: date) -> tuple[tuple[int, tuple[Moment, ...]], ...]:
    # Once per day, not per re-planned member (refresh_members makes a context per event).
    found = []
    for ahead in range(1, HORIZON_DAYS + 1):
        day = today + timedelta(days=ahead)
        moments = calendar.moments_on(day)
        if moments:
            found.append((day.toordinal(), tuple(moments)))
    return tuple(found)


def plan_member(m: MemberFacts, ctx: PlanContext, soon: Soon | None = None) -> list[PlannedTask]:
    """The tasks this member should have open today (at most one per reason); `soon` learns
    the first later day on which time alone may change them."""
    soon = soon if soon is not None else Soon(ctx.today_o)
    planned: dict[str, tuple] = {}
    s, products = ctx.settings, ctx.products
    known = [l for l in m.lines if l.product_id in products]
    # From here on lines are in day order (then order placed); the rules below rely on it.
    lines = known if m.lines_sorted else sorted(known, key=lambda l: (l.day, l.order_id))
    reported = m.reported if m.reported is not None and not m.reported.superseded else None
    if lines or reported is not None:
        _plan_products(ctx, lines, planned, reported, m.declined, soon)
    if lines:
        _plan_orders(m, ctx, lines, planned, soon)

    # care_moment: the latest moment in the last few days (birthday first on a day)
    birthday = m.birth_date is not None and (m.birth_date.month, m.birth_date.day) in ctx.birthday_keys
    if birthday or m.baby_birth is not None or any(ctx.moment_days.values()):
        categories = {products[l.product_id].category for l in lines}
        for o in ctx.moment_days:  # today first, then back
            day = date.fromordinal(o)
            moment = ctx.calendar.member_moment(day, birth_date=m.birth_date, gender=m.gender, tier=m.tier,
                                                categories=categories, baby_birth=m.baby_birth)
            if moment is not None:
                planned[TaskReason.CARE_MOMENT] = (o, o + s.care_moment_window_days, {
                    "moment": moment.name, "moment_en": moment.name_en, "moment_code": moment.code,
                    "advice": moment.advice}, {})
                soon.at(o + s.care_moment_window_days)
                break
    _next_moment(m, ctx, lines, soon)

    # revisit: exactly 48 hours after a ticket was resolved, due until three days later;
    # booked from the resolution on (tickets.resolve refreshes the member), like a callback
    if m.resolved_ticket is not None:
        ticket_id, resolved_at, category = m.resolved_ticket
        due_exact = resolved_at + s.revisit_after_resolution
        if ctx.now < due_exact + timedelta(days=3):
            planned[TaskReason.REVISIT] = (due_exact, due_exact + timedelta(days=3),
                                           {"ticket_id": ticket_id, "category": category}, {"ticket_id": ticket_id})
            # gone on the first build at or after that instant: its day, or tomorrow
            soon.at(max(ctx.local_ordinal(due_exact + timedelta(days=3)), ctx.today_o + 1))

    return [_task(m, ctx, reason, *value) for reason, value in planned.items()]


def _next_moment(m: MemberFacts, ctx: PlanContext, lines: list[Line], soon: Soon) -> None:
    """The next day a care moment of this member enters the window (member_moment's rules:
    birthday, baby milestone, a calendar day meant for them)."""
    today = ctx.today
    if m.birth_date is not None:
        for year in (today.year, today.year + 1):
            o = birthday_in(m.birth_date, year).toordinal()
            if o > ctx.today_o:
                soon.at(o)
                break
    if m.baby_birth is not None:
        for o in ctx.calendar.milestone_days(m.baby_birth):
            soon.at(o)
    categories = None
    for o, moments in ctx.upcoming_moments:
        if o >= soon.day:
            break
        if categories is None:
            categories = tuple({ctx.products[l.product_id].category for l in lines})
        age = age_on(m.birth_date, date.fromordinal(o))
        if any(x.is_for(tier=m.tier, gender=m.gender, age=age, categories=categories) for x in moments):
            soon.at(o)
            break


def _plan_products(ctx: PlanContext, lines: list[Line], planned: dict, reported: Reported | None,
                   declined: dict[int | None, int], soon: Soon) -> None:
    """refill (the product closest to running out) and effect_check (first cycle).

    A reported remaining quantity replaces the order-based run-out of its product (the
    latest product ordered when the call named none, as calls.py picks it). Its refill
    task is booked ahead by calls.py, so it stays planned before its due day too, unless
    another product's refill is due now (one refill task per member: the due one wins).
    """
    today, s, products = ctx.today_o, ctx.settings, ctx.products
    by_product: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        by_product[line.product_id].append(line)
    rep_pid = None
    if reported is not None:
        rep_pid = reported.product_id if reported.product_id is not None or not lines else lines[-1].product_id
        by_product.setdefault(rep_pid, [])
    best = ahead = None
    for pid, plines in by_product.items():
        if pid == rep_pid:
            end = reported.runout
        elif plines:
            pack = products[pid].pack_days
            end = runout_ordinal([(l.day, l.quantity * pack) for l in plines])
        else:
            end = None
        if end is None:
            continue
        due = end - s.refill_lead_days
        soon.at(due)
        soon.at(due + s.refill_window_days)
        last = plines[-1] if plines else None
        if _declined_this_cycle(ctx, declined, pid, last, soon):
            pass  # asked and declined: not again until the next purchase (or the hold setting)
        elif pid == rep_pid and reported.day is not None and due <= reported.day:
            pass  # run-out so near the call that the call was the refill call: none this cycle
        elif due <= today < due + s.refill_window_days and (best is None or end < best[0]):
            best = (end, pid, last)
        elif pid == rep_pid and today < due:
            ahead = (end, pid, last)
        if not plines:
            continue
        info = products[pid]
        # effect_check: inside the first cycle of a product new to this member
        first = plines[0]
        check = first.day + s.effect_check_day
        until = first.day + first.quantity * info.pack_days - s.refill_lead_days
        soon.at(check)
        soon.at(until)
        if check <= today < until:
            planned[TaskReason.EFFECT_CHECK] = (check, until, {"product_name": info.name, "product_name_en": info.name_en},
                                                {"product_id": pid, "order_id": first.order_id})
    best = best or ahead
    if best is not None:
        end, pid, last = best
        due = end - s.refill_lead_days
        detail: dict[str, Any] = {"runout": date.fromordinal(end).isoformat(), "days_left": end - today}
        info = products.get(pid)
        if info is not None:
            detail.update(product_name=info.name, product_name_en=info.name_en)
        if pid == rep_pid:
            detail["reported"] = True
        soon.tomorrow()  # days_left, and the priority with it, move every day
        planned[TaskReason.REFILL] = (due, due + s.refill_window_days, detail,
                                      {"product_id": pid, "order_id": last.order_id if last else None})


def _declined_this_cycle(ctx: PlanContext, declined: dict[int | None, int], pid: int, last: Line | None,
                         soon: Soon) -> bool:
    days = [d for d in (declined.get(pid), declined.get(None)) if d is not None]
    if not days:
        return False
    day = max(days)
    hold = ctx.settings.refill_decline_hold_days
    if hold is not None:
        soon.at(day + hold)
    return (last is None or day >= last.day) and (hold is None or ctx.today_o < day + hold)


def _plan_orders(m: MemberFacts, ctx: PlanContext, lines: list[Line], planned: dict, soon: Soon) -> None:
    """new_customer, delivery_survey, churn_risk and cadence: rules over whole orders."""
    today, s = ctx.today_o, ctx.settings
    orders: dict[int, Line] = {}
    for l in lines:
        orders.setdefault(l.order_id, l)
    ordered = list(orders.values())  # each order's first line, in line order: sorted already
    first = ordered[0]
    if first.delivered_day is not None:  # about 3 days after the first order arrives
        due = first.delivered_day + s.new_customer_after_arrival_days
        soon.at(due)
        soon.at(due + 7)
        if due <= today < due + 7:
            planned[TaskReason.NEW_CUSTOMER] = (due, due + 7, {}, {"order_id": first.order_id})
    latest = max((o for o in ordered[1:] if o.delivered_day is not None), key=lambda o: o.delivered_day, default=None)
    if latest is not None:  # every later delivery gets a satisfaction call
        due = latest.delivered_day + s.delivery_survey_after.days
        soon.at(due)
        soon.at(due + 7)
        if due <= today < due + 7:
            planned[TaskReason.DELIVERY_SURVEY] = (due, due + 7, {}, {"order_id": latest.order_id})

    # churn_risk: days since the last purchase beyond churn_factor x the usual gap
    days = list(dict.fromkeys(o.day for o in ordered))  # distinct, in order
    fallback = ctx.category_gap.get(ctx.products[lines[-1].product_id].category, s.churn_default_gap_days)
    lasts = supply_end([(l.day, l.product_id, l.quantity) for l in lines], ctx.pack_days)
    due, usual = churn_due(days, fallback, s, supply_end=lasts)
    # Flagged until they buy again (a newer order moves days[-1]) or a call is recorded
    # since the flag came up: a late first build or a long weekend never loses them.
    called = m.last_contact_at is not None and ctx.local_ordinal(m.last_contact_at) >= due
    soon.at(due)
    if due <= today and not called:
        lost = lost_day(days, usual, s)
        # No "days since" stored: it grows every day (the ranking works it out for today), and
        # a stored count would rewrite every flagged member's task every night.
        planned[TaskReason.CHURN_RISK] = (due, None, {
            "usual_gap": usual, "last_purchase": date.fromordinal(days[-1]).isoformat(),
            "lost_from": date.fromordinal(lost).isoformat()}, {})

    # cadence: high-frequency members twice a month, the others once a quarter
    recent = sum(1 for d in days if d > today - 180)
    oldest_recent = next((d for d in days if d > today - 180), None)
    if oldest_recent is not None:
        soon.at(oldest_recent + 180)  # drops out of the count: the segment may change
    high = recent >= s.cadence_high_min_orders
    interval = s.cadence_high_days if high else s.cadence_low_days
    if m.last_contact_at is not None:
        anchor = ctx.local_ordinal(m.last_contact_at) + interval
    else:
        # Never called: spread first calls over the cycle by member id, not all on one day.
        anchor = days[0] + interval + m.id % interval
    soon.at(anchor)
    if anchor <= today:
        due = anchor + ((today - anchor) // interval) * interval
        window = min(interval, 14)
        soon.at(due + interval)
        soon.at(due + window)
        if today < due + window:
            planned[TaskReason.CADENCE] = (due, due + window, {"segment": "high" if high else "low"}, {})


def _task(m: MemberFacts, ctx: PlanContext, reason: str, due, until, detail, refs) -> PlannedTask:
    due_at = due if isinstance(due, datetime) else ctx.day_start(due)
    due_until = until if isinstance(until, datetime) or until is None else ctx.day_start(until)
    assigned = handoff = None
    if m.owner_id is not None and m.tier in ctx.settings.vip_tiers:
        # A VIP's care manager has the member alone through the end of the due day
        # (owner_holds then lines up all of the member's due tasks on one hand-off).
        assigned = m.owner_id
        handoff = ctx.day_start(fell_due_day(ctx, due_at, ctx.now) + 1 + ctx.settings.owner_handoff_days)
    priority = stored_priority(reason, tier=m.tier, total_spent_fen=m.total_spent_fen,
                               severe_reaction=m.medical_flag,
                               days_left=detail.get("days_left"))
    return PlannedTask(reason=str(reason), due_at=due_at, due_until=due_until, detail=detail, priority=priority,
                       assigned_agent_id=assigned, owner_only_until=handoff, **refs)


def fell_due_day(ctx: PlanContext, due_at: datetime, created_at: datetime) -> int:
    """The local day (ordinal) a task fell due in the queue: its due day, or the day it was
    created when that is later (a task first planned late still has its owner's day)."""
    return max(ctx.local_ordinal(due_at), ctx.local_ordinal(created_at))


def owner_holds(ctx: PlanContext, tasks: list[tuple[datetime, datetime]]) -> list[datetime]:
    """owner_only_until for each of a VIP member's tasks, given as (due_at, created_at).

    A member is in one queue at a time, as a whole: the tasks due now share one hand-off,
    the end of the latest day one of them fell due (plus the hand-off days), so they pass
    to the pool together; a task not due yet is held through its own due day."""
    extra = 1 + ctx.settings.owner_handoff_days
    due = [fell_due_day(ctx, d, c) for d, c in tasks if d <= ctx.now]
    together = ctx.day_start(max(due) + extra) if due else None
    return [together if together is not None and d <= ctx.now else ctx.day_start(fell_due_day(ctx, d, c) + extra)
            for d, c in tasks]

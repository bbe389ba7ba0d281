"""What supervisors measure of the member programme over a period, as one plain dict the
KPI module (console, `kpi --json`, summary PDF) includes: repurchase rate and median
interval by category, members in churn warning and lost and how many were won back after
a call, points issued / redeemed / expired, tier movements and the tier discounts given."""

from collections import defaultdict
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Date, Integer, case, cast, distinct, exists, func, literal, select
from sqlalchemy.orm import Session, aliased

from app.data.loyalty import MemberChange
from app.data.tables import Call, Member, Order, OrderLine, PointsEntry, Product
from app.domain.codes import Disposition, LifecycleStage
from app.domain.loyalty.ledger import Kind


def loyalty_measures(session: Session, start: datetime, end: datetime) -> dict[str, Any]:
    """Measures for orders, entries and movements in [start, end) (UTC-aware instants).

    repurchase_rate: of the members who ordered a category in the period, the share who
    bought it again in the period; the interval is the median days between those orders.
    won_back_after_call: members who left churn warning or lost for a buying stage in the
    period with a reached call between entering the warning and leaving it.
    """
    buyers, medians = _repurchase(session, start, end)
    all_buyers, all_repeat = buyers.pop(None, (0, 0))
    categories = {cat: {"buyers": n, "repeat_buyers": repeat, "repurchase_rate": round(repeat / n, 4),
                        "median_interval_days": medians.get(cat)} for cat, (n, repeat) in sorted(buyers.items())}
    stages = dict(session.execute(select(Member.lifecycle_stage, func.count()).group_by(Member.lifecycle_stage)).all())
    points = dict(session.execute(select(PointsEntry.kind, func.sum(PointsEntry.delta))
                                  .where(PointsEntry.created_at >= start, PointsEntry.created_at < end)
                                  .group_by(PointsEntry.kind)).all())
    issued = sum(int(points.get(k) or 0) for k in (Kind.EARNED, Kind.BONUS)) + max(0, int(points.get(Kind.ADJUSTED) or 0))
    tiers = defaultdict(int)
    for old, new, n in session.execute(select(MemberChange.old, MemberChange.new, func.count())
                                       .where(MemberChange.field == "tier", MemberChange.at >= start,
                                              MemberChange.at < end)
                                       .group_by(MemberChange.old, MemberChange.new)):
        tiers[f"{old}->{new}"] += n
    discounts = {tier: {"orders": int(n), "discount_fen": int(fen or 0)} for tier, n, fen in session.execute(
        select(Order.member_tier, func.count(), func.sum(Order.tier_discount_fen))
        .where(Order.ordered_at >= start, Order.ordered_at < end, Order.tier_discount_fen > 0)
        .group_by(Order.member_tier).order_by(Order.member_tier))}
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "repurchase": {"buyers": all_buyers, "repeat_buyers": all_repeat,
                       "repurchase_rate": round(all_repeat / all_buyers, 4) if all_buyers else None,
                       "median_interval_days": medians.get(None),
                       "by_category": categories},
        "members_churn_warning": int(stages.get(LifecycleStage.CHURN_WARNING.value, 0)),
        "members_lost": int(stages.get(LifecycleStage.LOST.value, 0)),
        "won_back_after_call": _won_back(session, start, end),
        "points": {"issued": issued, "redeemed": -int(points.get(Kind.REDEEMED) or 0),
                   "expired": -int(points.get(Kind.EXPIRED) or 0),
                   "reversed": -int(points.get(Kind.REVERSED) or 0)},
        "tier_movements": dict(sorted(tiers.items())),
        "tier_discounts": discounts,  # by the tier the orders were bought at (benefits.py)
    }


AT_RISK = (LifecycleStage.CHURN_WARNING.value, LifecycleStage.LOST.value)


def _order_days(session: Session, start: datetime, end: datetime):
    """(member, category, day) once each for the non-refunded order lines of the span; the
    day is the order's UTC date as an integer, so that day differences are whole days."""
    at = Order.ordered_at
    if session.get_bind().dialect.name == "postgresql":
        day = func.timezone("UTC", at).cast(Date) - literal(date(1, 1, 1), Date)
    else:  # stored as UTC text: its first ten characters are the date
        day = cast(func.julianday(func.substr(at, 1, 10)), Integer)
    return (select(Order.member_id.label("mid"), Product.category.label("cat"), day.label("day"))
            .join(OrderLine, OrderLine.order_id == Order.id).join(Product, Product.id == OrderLine.product_id)
            .where(at >= start, at < end, Order.refunded_fen < Order.amount_fen).distinct().subquery("d"))


def _repurchase(session: Session, start: datetime, end: datetime):
    """({category or None for all: (buyers, repeat buyers)}, {category or None: median days
    between a member's orders of the category}), set-based: each member's gaps come from a
    window function, and the medians from the histogram of gaps (a few hundred rows)."""
    d = _order_days(session, start, end)
    g = select(d.c.mid, d.c.cat, (d.c.day - func.lag(d.c.day).over(partition_by=(d.c.cat, d.c.mid),
                                                                   order_by=d.c.day)).label("gap")).subquery("g")
    repeat = func.count(distinct(case((g.c.gap.is_not(None), g.c.mid))))
    buyers = {cat: (int(n), int(r)) for cat, n, r in session.execute(
        select(g.c.cat, func.count(distinct(g.c.mid)), repeat).group_by(g.c.cat))}
    n, r = session.execute(select(func.count(distinct(g.c.mid)), repeat)).one()
    if n:
        buyers[None] = (int(n), int(r))
    histogram: dict[str | None, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for cat, gap, count in session.execute(select(g.c.cat, g.c.gap, func.count()).where(g.c.gap.is_not(None))
                                           .group_by(g.c.cat, g.c.gap)):
        histogram[cat][int(gap)] += int(count)
        histogram[None][int(gap)] += int(count)
    return buyers, {cat: median_of(counts) for cat, counts in histogram.items()}


def median_of(counts: dict[int, int]) -> float | None:
    """statistics.median of the values that `counts` holds ({value: times}): the middle
    value, or the mean of the two middle ones."""
    total = sum(counts.values())
    lo, hi = (total - 1) // 2, total // 2  # the middle positions, from 0
    seen, low = 0, None
    for value in sorted(counts):
        seen += counts[value]
        if low is None and seen > lo:
            low = value
        if seen > hi:
            return low if lo == hi else (low + value) / 2
    return None


def _won_back(session: Session, start: datetime, end: datetime) -> int:
    """One statement: the members whose last entry into an at-risk stage before leaving it
    in the span was followed by a reached call before they left."""
    back = aliased(MemberChange)
    went = aliased(MemberChange)
    since = (select(func.max(went.at)).where(went.member_id == back.member_id, went.field == "lifecycle",
                                             went.new.in_(AT_RISK), went.at < back.at)
             .correlate(back).scalar_subquery())
    reached = exists().where(Call.member_id == back.member_id, Call.disposition == Disposition.REACHED.value,
                             Call.started_at >= since, Call.started_at <= back.at)
    return int(session.scalar(
        select(func.count(distinct(back.member_id)))
        .where(back.field == "lifecycle", back.old.in_(AT_RISK), back.new.not_in(AT_RISK), back.at >= start,
               back.at < end, reached)) or 0)


def day_range(first: date, last: date, tz) -> tuple[datetime, datetime]:
    """[start of `first`, start of the day after `last`) in the workstation's zone."""
    from datetime import timedelta

    return (datetime.combine(first, time(0), tzinfo=tz),
            datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz))

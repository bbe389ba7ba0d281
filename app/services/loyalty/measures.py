"""What supervisors measure of the member programme over a period, as one plain dict the
KPI module (console, `kpi --json`, summary PDF) includes: repurchase rate and median
interval by category, members in churn warning and lost and how many were won back after
a call, points issued / redeemed / expired, tier movements and the tier discounts given."""

import statistics
from collections import defaultdict
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

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
    by_cat: dict[str, dict[int, list[date]]] = defaultdict(lambda: defaultdict(list))
    for mid, at, category in session.execute(
            select(Order.member_id, Order.ordered_at, Product.category)
            .join(OrderLine, OrderLine.order_id == Order.id).join(Product, Product.id == OrderLine.product_id)
            .where(Order.ordered_at >= start, Order.ordered_at < end, Order.refunded_fen < Order.amount_fen)):
        by_cat[category][mid].append(at.date())
    categories = {}
    all_buyers, all_repeat, all_gaps = set(), set(), []
    for category, members in sorted(by_cat.items()):
        gaps = []
        repeat = 0
        for mid, days in members.items():
            days = sorted(set(days))
            all_buyers.add(mid)
            if len(days) > 1:
                repeat += 1
                all_repeat.add(mid)
                gaps += [(b - a).days for a, b in zip(days, days[1:])]
        all_gaps += gaps
        categories[category] = {"buyers": len(members), "repeat_buyers": repeat,
                                "repurchase_rate": round(repeat / len(members), 4),
                                "median_interval_days": statistics.median(gaps) if gaps else None}
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
        "repurchase": {"buyers": len(all_buyers), "repeat_buyers": len(all_repeat),
                       "repurchase_rate": round(len(all_repeat) / len(all_buyers), 4) if all_buyers else None,
                       "median_interval_days": statistics.median(all_gaps) if all_gaps else None,
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


def _won_back(session: Session, start: datetime, end: datetime) -> int:
    backs = session.execute(select(MemberChange.member_id, MemberChange.at)
                            .where(MemberChange.field == "lifecycle", MemberChange.old.in_(AT_RISK),
                                   MemberChange.new.not_in(AT_RISK), MemberChange.at >= start,
                                   MemberChange.at < end)).all()
    won = set()
    for mid, back_at in backs:
        since = session.scalar(select(func.max(MemberChange.at)).where(
            MemberChange.member_id == mid, MemberChange.field == "lifecycle", MemberChange.new.in_(AT_RISK),
            MemberChange.at < back_at))
        if since is None:
            continue
        reached = session.scalar(select(Call.id).where(
            Call.member_id == mid, Call.disposition == Disposition.REACHED.value, Call.started_at >= since,
            Call.started_at <= back_at).limit(1))
        if reached is not None:
            won.add(mid)
    return len(won)


def day_range(first: date, last: date, tz) -> tuple[datetime, datetime]:
    """[start of `first`, start of the day after `last`) in the workstation's zone."""
    from datetime import timedelta

    return (datetime.combine(first, time(0), tzinfo=tz),
            datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz))

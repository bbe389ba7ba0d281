"""The member programme: points ledger, tiers, referrals, lifecycle and segments, the
daily jobs and what supervisors measure. The rules are the "loyalty" settings section."""

from sqlalchemy.orm import Session

from app.domain.clock import Clock
from app.domain.loyalty.settings import DEFAULT_LOYALTY, check_loyalty
from app.services.settings import Section, register_section

register_section(Section("loyalty", DEFAULT_LOYALTY, check_loyalty))

from app.services.loyalty.benefits import (  # noqa: E402
    add_trial_offers, with_quarterly_reports,
)
from app.services.loyalty.earning import earn_on_order, earn_on_orders  # noqa: E402
from app.services.loyalty.daily import DailyReport, DailyStep, run_daily  # noqa: E402
from app.services.loyalty.fraud import fraud_flags, review_flag  # noqa: E402
from app.services.loyalty.jobs import update_lifecycle  # noqa: E402
from app.services.loyalty.measures import loyalty_measures  # noqa: E402
from app.data.member_rows import MemberRows  # noqa: E402
from app.services.loyalty.orders import OrderEarning, refund_order  # noqa: E402
from app.services.loyalty.points import (  # noqa: E402
    PointsView, Programme, Redemption, adjust, award_survey_points, loyalty_settings, member_programme, redeem,
    show_points,
)
from app.services.loyalty.referrals import ReferralRow, refer, refer_in  # noqa: E402

__all__ = [
    "add_trial_offers", "earn_on_orders", "with_quarterly_reports",
    "DailyReport", "DailyStep", "OrderEarning", "PointsView", "Programme", "Redemption", "ReferralRow", "adjust",
    "award_survey_points", "earn_on_order", "fraud_flags", "loyalty_measures", "loyalty_settings",
    "member_programme", "redeem", "refer", "refer_in", "refund_order", "review_flag", "run_daily", "show_points",
    "after_import", "update_lifecycle",
]


def after_import(session: Session, clock: Clock, member_ids: list[int], *, order_ids: list[int] | None = None,
                 members: MemberRows | None = None, lines: list[tuple] | None = None) -> dict:
    """What an import calls in its transaction once its rows are written: the new orders'
    tier benefits, points, tier upgrades and referral rewards (`order_ids`, earn_on_orders),
    then the lifecycle stage and segments of the members it touched. With `members`, the
    member rows' changes are gathered there for the import to write once; else written now.
    `lines`: the members' order lines as the queue's refresh read them (update_lifecycle)."""
    from app.services.settings import queue_settings

    s = loyalty_settings(session)
    gather = MemberRows() if members is None else members
    earned = earn_on_orders(session, clock, order_ids, s, members=gather) if order_ids else []
    result = update_lifecycle(session, clock, s, queue_settings(session), member_ids=member_ids, members=gather,
                              lines=lines)
    if members is None:
        gather.write(session, clock.now())
    return {**result, "orders_earned": sum(1 for e in earned if e.points or e.bonus),
            "points_earned": sum(e.points + e.bonus for e in earned)}

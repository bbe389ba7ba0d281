"""Tier benefits where they act: the tier and its discount written on each order (for the
statistics), the diamond new-product trial offers added to the call script, and the diamond
members who get a care report from the premium batch every quarter.

Earning an order records its tier and discount (app.services.loyalty.earning, and the
import at insert); the call script calls `add_trial_offers`; the premium batch calls
`with_quarterly_reports`.
"""

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.data.tables import Member, Order, OrderLine, Product
from app.domain.clock import Clock
from app.domain.loyalty.benefits import closes_quarter, is_new_product
from app.domain.loyalty.settings import LoyaltySettings
from app.domain.periods import Period
from app.domain.scripts import RenderedLine, RenderedScript, RenderedSection, SectionKind

# --- diamond: new-product trials on the call ------------------------------------------------

def trial_products(session: Session, clock: Clock, member: Member, s: LoyaltySettings) -> list[Product]:
    """Products launched in the last `trial_new_days` that this member has not bought, for
    members of `trial_tiers` (diamond); newest first, at most three."""
    if member.tier not in s.trial_tiers:
        return []
    bought = exists().where(OrderLine.product_id == Product.id, OrderLine.order_id == Order.id,
                            Order.member_id == member.id)
    rows = session.scalars(select(Product).where(Product.launched_on.is_not(None), ~bought)
                           .order_by(Product.launched_on.desc(), Product.id)).all()
    today = clock.today()
    return [p for p in rows if is_new_product(p.launched_on, today, s)][:3]


def add_trial_offers(session: Session, clock: Clock, member: Member, script: RenderedScript,
                     s: LoyaltySettings | None = None) -> RenderedScript:
    """The rendered call script with a "new-product trial" section before its closing, when
    the member is diamond and there is something new they have not bought; unchanged else."""
    from app.services.loyalty.points import loyalty_settings

    s = s or loyalty_settings(session)
    products = trial_products(session, clock, member, s)
    if not products:
        return script
    en = script.language == "en"
    lines = []
    for p in products:
        name = (p.name_en or p.name) if en else p.name
        lines.append(RenderedLine(
            f"As a diamond member you can try our new {name} free of charge: shall we send you a trial pack?"
            if en else f"作为钻石会员，您可以免费试用我们的新品{name}，需要为您寄一份试用装吗？"))
    section = RenderedSection("trial_offer", SectionKind.OPEN.value,
                              "New-product trial" if en else "新品试用", tuple(lines))
    sections = list(script.sections)
    closing = next((i for i, sec in enumerate(sections) if sec.kind == SectionKind.CLOSING.value), len(sections))
    sections.insert(closing, section)
    return replace(script, sections=tuple(sections))


# --- diamond: a care report every quarter ---------------------------------------------------

def with_quarterly_reports(session: Session, member_ids: Sequence[int], period: Period,
                           s: LoyaltySettings | None = None) -> list[int]:
    """The premium batch's members for `period`, plus, in the month that closes a quarter,
    every member of `quarterly_report_tiers` (diamond) whether or not they were active:
    each of them gets a care report at least once a quarter."""
    from app.services.loyalty.points import loyalty_settings

    if period.is_week or not closes_quarter(period.start, period.end):
        return list(member_ids)
    s = s or loyalty_settings(session)
    quarterly = session.scalars(select(Member.id).where(Member.tier.in_(s.quarterly_report_tiers)))
    return sorted(set(member_ids) | set(quarterly))

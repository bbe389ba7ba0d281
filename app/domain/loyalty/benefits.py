"""Tier benefits as pure rules: the discount a tier gave on an order, which products count
as new for the diamond trial offers, and which month closes a quarter (the quarterly
care report)."""

from datetime import date, timedelta

from app.domain.loyalty.settings import LoyaltySettings


def tier_discount_fen(paid_fen: int, tier: str | None, s: LoyaltySettings) -> int:
    """What the member saved: the amount paid is after the tier's discount, so the list
    price was paid / (1 - pct) and the discount the difference (whole fen, rounded down)."""
    if tier not in s.discount_tiers or paid_fen <= 0 or s.silver_discount_pct <= 0:
        return 0
    return paid_fen * s.silver_discount_pct // (100 - s.silver_discount_pct)


def is_new_product(launched_on: date | None, today: date, s: LoyaltySettings) -> bool:
    """Launched within the last `trial_new_days` (and not announced for later)."""
    return launched_on is not None and today - timedelta(days=s.trial_new_days) <= launched_on <= today


def closes_quarter(start: date, end: date) -> bool:
    """A month period that is the last month of a calendar quarter (March, June, ...)."""
    return start.day == 1 and start.month == end.month and end.month % 3 == 0 \
        and (end + timedelta(days=1)).month != end.month

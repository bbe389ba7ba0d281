"""Segment tags from a member's orders: purchase frequency (the queue's cadence rule),
average order value, promotion sensitivity and main category. Stored comma-separated."""

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from app.domain.loyalty.settings import LoyaltySettings, promo_windows
from app.domain.queue_settings import QueueSettings

RECENT_DAYS = 180  # the queue's cadence counts orders in the last 180 days


class OrderFact(NamedTuple):
    day: int  # local date ordinal
    paid_fen: int  # amount less refunds
    category: str | None  # the order's main category


def in_promotion(day: int, windows) -> bool:
    d = date.fromordinal(day)
    return any(a <= (d.month, d.day) <= b for a, b in windows)


class PromoDays(dict):
    """in_promotion by day ordinal, memoised: a nightly run asks about the same few hundred days."""

    def __init__(self, windows) -> None:
        super().__init__()
        self.windows = windows

    def __missing__(self, day: int) -> bool:
        value = self[day] = in_promotion(day, self.windows)
        return value


def segment_tags(orders: Sequence[OrderFact], today: int, q: QueueSettings, s: LoyaltySettings,
                 promo: "PromoDays | None" = None) -> str:
    if not orders:
        return ""
    promo = PromoDays(promo_windows(s)) if promo is None else promo
    tags = []
    since = today - RECENT_DAYS
    recent = len({o.day for o in orders if o.day > since})
    tags.append("high_frequency" if recent >= q.cadence_high_min_orders else "low_frequency")
    aov = sum(o.paid_fen for o in orders) // len(orders)
    tags.append("high_value" if aov >= s.aov_high_fen else "low_value" if aov < s.aov_low_fen else "mid_value")
    if len(orders) >= s.promo_min_orders:
        if sum(1 for o in orders if promo[o.day]) >= s.promo_share * len(orders):
            tags.append("promotion_sensitive")
    categories = Counter(o.category for o in orders if o.category)
    if categories:
        top = max(categories.items(), key=lambda kv: (kv[1], kv[0]))[0]
        tags.append(f"cat:{top}")
    return ",".join(tags)


def tags_change_on(days: Sequence[int], today: int, q: QueueSettings) -> int | None:
    """The first later day on which time alone changes the tags (None: only a purchase can).
    Only the frequency tag moves with time: it drops to low_frequency on the day the count of
    order days in the last RECENT_DAYS falls below the threshold; `days` distinct, ascending."""
    need = q.cadence_high_min_orders
    recent = [d for d in days if d > today - RECENT_DAYS]
    if need <= 0 or len(recent) < need:
        return None
    return recent[len(recent) - need] + RECENT_DAYS

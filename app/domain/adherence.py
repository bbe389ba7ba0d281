"""Adherence as the proportion of days covered (PDC) by purchases: a pure rule, no I/O.

A purchase of `quantity` packs of `pack_days` covers that many days from its order date
(CONTRACTS.md counts from the order date). Supplies bought early are carried forward
rather than double counted, the usual PDC convention. The window is the `window_days`
days ending on `end`, but starts no earlier than the first purchase, so a new customer
is measured from the day they began. Adherent means PDC >= 80%.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

PDC_WINDOW_DAYS = 180
ADHERENT_THRESHOLD = 0.80


@dataclass(frozen=True)
class Fill:
    """One purchase of a product: the day it was ordered and how many days it lasts."""

    day: date
    days_supply: int


def pdc(fills: Iterable[Fill], *, end: date, window_days: int = PDC_WINDOW_DAYS) -> float | None:
    """Proportion of days covered in the window ending on `end` (inclusive), or None.

    None when there is nothing to measure: no purchase on or before `end`.
    """
    if window_days <= 0:
        raise ValueError("window_days must be positive")
    ordered = sorted((f for f in fills if f.day <= end and f.days_supply > 0), key=lambda f: f.day)
    if not ordered:
        return None
    window_start = max(end - timedelta(days=window_days - 1), ordered[0].day)
    covered = 0
    supply_until = None  # first day not yet covered by earlier purchases
    for fill in ordered:
        start = fill.day if supply_until is None else max(fill.day, supply_until)
        stop = start + timedelta(days=fill.days_supply)  # exclusive
        supply_until = stop
        lo, hi = max(start, window_start), min(stop, end + timedelta(days=1))
        if hi > lo:
            covered += (hi - lo).days
    days = (end - window_start).days + 1
    return min(1.0, covered / days)


def is_adherent(value: float | None) -> bool | None:
    """PDC of at least 80%; None when PDC could not be measured."""
    return None if value is None else value >= ADHERENT_THRESHOLD

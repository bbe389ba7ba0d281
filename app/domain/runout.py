"""When a member's supply of a product runs out, from their orders (a pure rule, no I/O).

CONTRACTS.md counts from the order DATE: `quantity` packs of `pack_days` cover that many
days starting on the order day, whatever the hour. Several packs last longer, and an order
placed before the previous supply ran out extends it (carried forward, as PDC does), so a
30-day pack ordered on 1 June runs out on 1 July and, with a 5-day lead, is due on 26 June.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Purchase:
    day: date
    packs: int
    pack_days: int

    @property
    def days_supply(self) -> int:
        return max(0, self.packs) * max(0, self.pack_days)


def runout_date(purchases: Iterable[Purchase]) -> date | None:
    """The first day not covered by any purchase (None without a purchase that lasts)."""
    end = runout_ordinal((p.day.toordinal(), p.days_supply) for p in purchases)
    return None if end is None else date.fromordinal(end)


def runout_ordinal(fills: Iterable[tuple[int, int]]) -> int | None:
    """runout_date over (day ordinal, days of supply) pairs: the same rule in plain ints,
    for the daily build that runs it for a million members."""
    supply_until: int | None = None
    for day, supply in sorted(fills):
        if supply <= 0:
            continue
        start = day if supply_until is None or day > supply_until else supply_until
        supply_until = start + supply
    return supply_until


def remaining_days(purchases: Iterable[Purchase], today: date) -> int | None:
    """Days of supply left on `today` (negative once it ran out), None without a purchase."""
    end = runout_date(purchases)
    return None if end is None else (end - today).days


def refill_due(purchases: Iterable[Purchase], *, lead_days: int) -> date | None:
    """The day the refill call falls due: `lead_days` before the supply runs out."""
    end = runout_date(purchases)
    return None if end is None else end - timedelta(days=lead_days)


def first_cycle(purchases: Iterable[Purchase]) -> tuple[date, date] | None:
    """[first day, run-out day) of the first purchase: the window for an effect check."""
    items = sorted((p for p in purchases if p.days_supply > 0), key=lambda p: p.day)
    if not items:
        return None
    first = items[0]
    return first.day, first.day + timedelta(days=first.days_supply)

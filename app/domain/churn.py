"""The churn rule, once: a member is overdue when the days since the last purchase pass
churn_factor x their own usual gap (the median gap once they have enough orders, else the
category's usual gap). The queue plans its churn_risk call from it and the member programme
derives the lifecycle stage from it, so the two can never disagree: churn warning from
the due day, lost (a win-back call) from churn_lost_factor x the usual gap."""

from collections.abc import Iterable, Mapping, Sequence

from app.domain.queue_settings import QueueSettings
from app.domain.runout import runout_ordinal

def usual_gap(days: Sequence[int], fallback_gap: float, settings: QueueSettings) -> int:
    """The member's usual days between purchases; `days` are distinct order days, ascending."""
    if len(days) >= settings.churn_min_history:
        gaps = sorted(b - a for a, b in zip(days, days[1:]))
        mid = len(gaps) // 2
        usual: float = gaps[mid] if len(gaps) % 2 else (gaps[mid - 1] + gaps[mid]) / 2
    else:
        usual = fallback_gap
    return max(1, int(round(usual)))


def churn_due(days: Sequence[int], fallback_gap: float, settings: QueueSettings, *,
              supply_end: int | None = None) -> tuple[int, int]:
    """(the day ordinal the churn warning starts, the usual gap) for non-empty `days`.

    A member who bought several packs at once is not churning while the supply lasts
    (`supply_end`: the day their stock runs out, when known).
    """
    usual = usual_gap(days, fallback_gap, settings)
    due = days[-1] + int(settings.churn_factor * usual + 0.999)
    if supply_end is not None:
        due = max(due, supply_end + int((settings.churn_factor - 1) * usual + 0.999))
    return due, usual


def lost_day(days: Sequence[int], usual: int, settings: QueueSettings) -> int:
    """The day ordinal from which a silent member counts as lost (win-back, not churn warning)."""
    return days[-1] + int(settings.churn_lost_factor * usual + 0.999)


def supply_end(lines: Iterable[tuple[int, int, int]], pack_days: Mapping[int, int]) -> int | None:
    """The last day any product bought lasts: `lines` are (day ordinal, product id, packs)."""
    fills: dict[int, list[tuple[int, int]]] = {}
    for day, product_id, quantity in lines:
        days = pack_days.get(product_id)
        if days:
            fills.setdefault(product_id, []).append((day, (quantity or 1) * days))
    return max((end for end in map(runout_ordinal, fills.values()) if end is not None), default=None)

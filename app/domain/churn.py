"""The churn rule, once: a member is overdue when the days since the last purchase pass
churn_factor x their own usual gap (the median gap once they have enough orders, else the
category's usual gap). The queue plans its churn_risk call from it and the member programme
derives the lifecycle stage from it, so the two can never disagree."""

from collections.abc import Sequence

from app.domain.queue_settings import QueueSettings

CHURN_WINDOW_DAYS = 30  # how long a churn warning lasts before the member counts as lost


def usual_gap(days: Sequence[int], fallback_gap: float, settings: QueueSettings) -> int:
    """The member's usual days between purchases; `days` are distinct order days, ascending."""
    if len(days) >= settings.churn_min_history:
        gaps = sorted(b - a for a, b in zip(days, days[1:]))
        mid = len(gaps) // 2
        usual: float = gaps[mid] if len(gaps) % 2 else (gaps[mid - 1] + gaps[mid]) / 2
    else:
        usual = fallback_gap
    return max(1, int(round(usual)))


def churn_due(days: Sequence[int], fallback_gap: float, settings: QueueSettings) -> tuple[int, int]:
    """(the day ordinal the churn warning starts, the usual gap) for non-empty `days`."""
    usual = usual_gap(days, fallback_gap, settings)
    return days[-1] + int(settings.churn_factor * usual + 0.999), usual

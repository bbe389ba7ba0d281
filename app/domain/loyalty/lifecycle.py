"""The lifecycle stage from the member's own purchase rhythm, on the queue's churn rule
(app.domain.churn): churn warning from the day the queue plans a churn_risk call, lost
from the day that call becomes a win-back, until a purchase."""

from collections.abc import Sequence
from datetime import date

from app.domain.churn import churn_due, lost_day
from app.domain.codes import BabyStage, LifecycleStage
from app.domain.loyalty.settings import LoyaltySettings
from app.domain.queue_settings import QueueSettings


def lifecycle_stage(days: Sequence[int], today: int, fallback_gap: float, q: QueueSettings,
                    s: LoyaltySettings, *, supply_end: int | None = None) -> LifecycleStage:
    """`days`: the member's distinct order days (ordinals, ascending, refunded orders left out);
    `supply_end`: the day what they bought runs out (app.domain.churn.supply_end)."""
    return stage_until(days, today, fallback_gap, q, s, supply_end=supply_end)[0]


def stage_until(days: Sequence[int], today: int, fallback_gap: float, q: QueueSettings,
                s: LoyaltySettings, *, supply_end: int | None = None) -> tuple[LifecycleStage, int | None]:
    """The stage today and the first later day on which time alone changes it (None: only a
    purchase can), so the nightly job derives a member again only on that day."""
    if not days:
        return LifecycleStage.NEW, None
    due, usual = churn_due(days, fallback_gap, q, supply_end=supply_end)
    lost = max(due, lost_day(days, usual, q))
    if today >= lost:
        return LifecycleStage.LOST, None
    if today >= due:
        return LifecycleStage.CHURN_WARNING, lost
    if len(days) < s.stable_min_orders:
        return LifecycleStage.NEW, due
    return LifecycleStage.STABLE, due


def baby_stage(baby_birth: date | None, today: date, current: str | None) -> str | None:
    """The baby's stage moves on with its age; before a birth date is known it stays as told."""
    if baby_birth is None:
        return current
    if baby_birth > today:
        return BabyStage.PREGNANCY.value
    months = (today.year - baby_birth.year) * 12 + today.month - baby_birth.month - (today.day < baby_birth.day)
    if months < 6:
        return BabyStage.MONTHS_0_6.value
    if months < 12:
        return BabyStage.MONTHS_6_12.value
    return BabyStage.COMPLEMENTARY.value

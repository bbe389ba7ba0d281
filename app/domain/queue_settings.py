"""The queue's tunable rules in one plain dataclass, so the UI's declared settings and the
CLI feed the headless core the same values (no QSettings below ui/)."""

from dataclasses import dataclass, field
from datetime import time, timedelta

from app.domain.public_holidays import DEFAULT_NO_CALL_HOLIDAYS


@dataclass(frozen=True)
class QueueSettings:
    # Calling window in the member's own time zone, and the slots used to spread retries
    # when the member gave no best times of their own.
    window_start: time = time(9, 0)
    window_end: time = time(21, 0)
    default_slots: str = "09:00-12:00;14:00-17:30;18:30-21:00"
    # Public holiday groups (app.domain.public_holidays codes) on which nobody is called.
    no_call_holidays: tuple[str, ...] = DEFAULT_NO_CALL_HOLIDAYS
    # Refill: call this many days before the supply runs out (30-day pack -> day 25).
    refill_lead_days: int = 5
    refill_window_days: int = 10  # how long an unworked refill task stays due
    refill_decline_hold_days: int | None = None  # a declined refill: None = not again this cycle
    effect_check_day: int = 10  # inside the first cycle of a new product
    delivery_survey_after: timedelta = timedelta(days=1)
    new_customer_after_arrival_days: int = 3
    revisit_after_resolution: timedelta = timedelta(hours=48)
    # Churn: days since the last purchase beyond this multiple of the member's median gap.
    churn_factor: float = 1.5
    churn_lost_factor: float = 3.0  # past this multiple the member is lost: a win-back call
    churn_min_history: int = 3  # orders needed before the member's own gaps count
    churn_default_gap_days: int = 60  # category default when the history is short
    # Cadence: high-frequency (>= this many orders in 180 days) twice a month, others quarterly.
    cadence_high_min_orders: int = 4
    cadence_high_days: int = 15
    cadence_low_days: int = 90
    care_moment_lead_days: int = 0  # festivals and birthdays: call on the day (window below)
    care_moment_window_days: int = 3
    # Contact pressure: at most `cap_calls` reached calls in `cap_period`, and a gap between calls.
    cap_calls: int = 2
    cap_period: timedelta = timedelta(days=7)
    min_gap: timedelta = timedelta(hours=24)
    max_attempts: int = 3
    retry_min_delay: timedelta = timedelta(hours=1)
    callback_handoff: timedelta = timedelta(minutes=30)  # own callback passes to anyone after
    owner_handoff_days: int = 0  # VIP owner keeps a task until the end of its due day + this
    lease: timedelta = timedelta(minutes=15)
    vip_tiers: tuple[str, ...] = field(default=("gold", "diamond"))


DEFAULT_SETTINGS = QueueSettings()

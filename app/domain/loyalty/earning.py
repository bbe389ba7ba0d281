"""What an order, a refund, a survey or a referral earns: pure arithmetic over the rules."""

from dataclasses import dataclass
from datetime import date

from app.domain.loyalty.settings import LoyaltySettings


@dataclass(frozen=True)
class OrderPoints:
    base: int  # points for the money paid (doubled in a birthday month)
    bonus: int  # the monthly repurchase bonus, or 0
    birthday: bool


def order_points(paid_fen: int, *, order_day: date, previous_order_day: date | None, tier: str,
                 birth_date: date | None, s: LoyaltySettings) -> OrderPoints:
    """1 point per whole yuan paid; double in a gold/diamond member's birthday month; +50
    when the previous order was at most `repurchase_within_days` before this one."""
    base = max(0, paid_fen) // 100 * s.points_per_yuan
    birthday = (birth_date is not None and tier in s.birthday_tiers and birth_date.month == order_day.month)
    if birthday:
        base *= s.birthday_multiplier
    repurchase = (previous_order_day is not None
                  and 0 <= (order_day - previous_order_day).days <= s.repurchase_within_days)
    return OrderPoints(base=base, bonus=s.repurchase_bonus if repurchase and base > 0 else 0, birthday=birthday)


def refund_reversal(earned: int, bonus: int, *, amount_fen: int, refunded_fen: int) -> int:
    """Points to take back when `refunded_fen` of an order of `amount_fen` is refunded: the
    same share of its points; a full refund takes the repurchase bonus too."""
    if amount_fen <= 0 or refunded_fen <= 0:
        return 0
    if refunded_fen >= amount_fen:
        return earned + bonus
    return earned * refunded_fen // amount_fen


def referral_points(first_order_fen: int, s: LoyaltySettings) -> int:
    """What each side gets back for the referee's first order: 10% of it, as points."""
    return max(0, first_order_fen) // 100 * s.points_per_yuan * s.referral_pct // 100

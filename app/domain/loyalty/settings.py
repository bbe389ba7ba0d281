"""The member programme's rules as data: the source documents' examples are the defaults,
and admins change them through the "loyalty" settings section (app.services.settings)."""

from dataclasses import dataclass, field

from app.domain.settings_values import SettingError


@dataclass(frozen=True)
class LoyaltySettings:
    # Earning: 1 point per yuan paid; +50 for a repurchase within a month of the last
    # order; +20 for a completed survey; gold (and diamond, which has every gold benefit)
    # earn double on orders in their birthday month.
    points_per_yuan: int = 1
    repurchase_bonus: int = 50
    repurchase_within_days: int = 30
    survey_points: int = 20
    # A re-visit's compensation points (app/domain/remedies); the documents give no figure:
    # 200 points is 10 yuan at the catalogue's 1,000 = 50 yuan. In team mode the server caps
    # an agent's survey and remedy credits by these two stored values (0018_server_guards).
    remedy_points: int = 200
    birthday_tiers: tuple[str, ...] = field(default=("gold", "diamond"))
    birthday_multiplier: int = 2
    # Every entry expires on a rolling 12 months; high-value members' points are frozen
    # (kept) instead of expiring.
    expiry_days: int = 365
    freeze_tiers: tuple[str, ...] = field(default=("diamond",))
    expiring_soon_days: int = 30
    # Redemption catalogue: 500 a gift, 1,000 = 50 yuan off, 3,000 a private health consultant.
    gift_points: int = 500
    coupon_points: int = 1000
    coupon_value_fen: int = 5000
    consultant_points: int = 3000
    # Tiers by rolling 12-month spend (fen); upgraded at once, reviewed for downgrade once a
    # year from the last tier change, with a grace period to earn the tier back.
    silver_min_fen: int = 100_000
    gold_min_fen: int = 500_000
    diamond_min_fen: int = 2_000_000
    tier_grace_days: int = 90
    # Tier benefits: silver's 10% off (gold and diamond keep it) recorded on each order for
    # the statistics; diamond members are offered products launched in the last
    # trial_new_days on their calls, and get a care report every quarter.
    silver_discount_pct: int = 10
    discount_tiers: tuple[str, ...] = field(default=("silver", "gold", "diamond"))
    trial_tiers: tuple[str, ...] = field(default=("diamond",))
    trial_new_days: int = 90
    quarterly_report_tiers: tuple[str, ...] = field(default=("diamond",))
    # Referrals: both sides get this share of the referee's first order back as points.
    referral_pct: int = 10
    # Lifecycle: a member is "new" (in nurture) until this many distinct order days.
    stable_min_orders: int = 2
    # Segments: average order value bands (fen) and promotion sensitivity (share of
    # orders placed inside the promotion periods, MM-DD:MM-DD, given enough orders).
    aov_high_fen: int = 50_000
    aov_low_fen: int = 15_000
    promo_periods: tuple[str, ...] = field(default=("06-01:06-18", "11-01:11-11", "12-10:12-12"))
    promo_share: float = 0.5
    promo_min_orders: int = 2
    # Fraud audit: this many members on one phone or one address; this many points earned
    # within fraud_bulk_days before a redemption.
    fraud_phone_members: int = 3
    fraud_address_members: int = 3
    fraud_bulk_points: int = 2000
    fraud_bulk_days: int = 3


DEFAULT_LOYALTY = LoyaltySettings()


def promo_windows(s: LoyaltySettings) -> tuple[tuple[tuple[int, int], tuple[int, int]], ...]:
    """The promotion periods as ((month, day), (month, day)) pairs; SettingError if malformed."""
    windows = []
    for text in s.promo_periods:
        try:
            start, end = text.split(":")
            a = tuple(int(x) for x in start.split("-"))
            b = tuple(int(x) for x in end.split("-"))
            if len(a) != 2 or len(b) != 2 or not (1 <= a[0] <= 12 and 1 <= b[0] <= 12 and 1 <= a[1] <= 31
                                                   and 1 <= b[1] <= 31) or a > b:
                raise ValueError
        except ValueError:
            raise SettingError(f"promo_periods: {text!r} is not MM-DD:MM-DD within one year") from None
        windows.append((a, b))
    return tuple(windows)  # type: ignore[return-value]


def check_loyalty(s: LoyaltySettings) -> None:
    """What an admin may not set (the settings service refuses it with this message)."""
    if not 0 < s.silver_min_fen < s.gold_min_fen < s.diamond_min_fen:
        raise SettingError("tier thresholds must rise: 0 < silver_min_fen < gold_min_fen < diamond_min_fen")
    if min(s.gift_points, s.coupon_points, s.consultant_points) < 1:
        raise SettingError("catalogue prices must be at least 1 point")
    if min(s.points_per_yuan, s.repurchase_bonus, s.survey_points, s.remedy_points) < 0 or s.birthday_multiplier < 1:
        raise SettingError("earning rules must not be negative (birthday_multiplier at least 1)")
    if not 0 <= s.silver_discount_pct < 100 or s.trial_new_days < 0:
        raise SettingError("silver_discount_pct 0..99, trial_new_days >= 0")
    if min(s.fraud_phone_members, s.fraud_address_members) < 2:
        raise SettingError("fraud_phone_members and fraud_address_members must be at least 2")
    if s.expiry_days < 1 or s.tier_grace_days < 0 or not 0 <= s.referral_pct <= 100:
        raise SettingError("expiry_days >= 1, tier_grace_days >= 0, referral_pct 0..100")
    promo_windows(s)

"""The redemption catalogue: what an agent can redeem on the call, priced by the settings."""

from dataclasses import dataclass

from app.domain.loyalty.settings import LoyaltySettings


@dataclass(frozen=True)
class Reward:
    code: str
    points: int
    name: str
    name_en: str


def catalogue(s: LoyaltySettings) -> tuple[Reward, ...]:
    yuan = s.coupon_value_fen // 100
    return (
        Reward("gift", s.gift_points, "积分礼品", "A gift"),
        Reward("coupon", s.coupon_points, f"{yuan}元抵扣券", f"{yuan} yuan off"),
        Reward("consultant", s.consultant_points, "私人健康顾问服务一次", "A private health consultant session"),
    )


def reward(code: str, s: LoyaltySettings) -> Reward | None:
    return next((r for r in catalogue(s) if r.code == code), None)

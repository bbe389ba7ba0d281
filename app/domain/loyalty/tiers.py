"""Tiers by rolling 12-month spend: upgraded at once, reviewed for downgrade once a year
(from the last tier change) with a grace period to earn the tier back."""

from dataclasses import dataclass
from datetime import date, timedelta

from app.domain.loyalty.settings import LoyaltySettings

ORDER = ("standard", "silver", "gold", "diamond")
YEAR = timedelta(days=365)


def rank(tier: str) -> int:
    return ORDER.index(tier) if tier in ORDER else 0


def tier_for_spend(spend_fen: int, s: LoyaltySettings) -> str:
    if spend_fen >= s.diamond_min_fen:
        return "diamond"
    if spend_fen >= s.gold_min_fen:
        return "gold"
    if spend_fen >= s.silver_min_fen:
        return "silver"
    return "standard"


def next_tier(tier: str, spend_fen: int, s: LoyaltySettings) -> tuple[str, int] | None:
    """The next tier up and the spend (fen) still needed for it; None at the top."""
    if rank(tier) >= len(ORDER) - 1:
        return None
    up = ORDER[rank(tier) + 1]
    need = {"silver": s.silver_min_fen, "gold": s.gold_min_fen, "diamond": s.diamond_min_fen}[up]
    return up, max(0, need - spend_fen)


@dataclass(frozen=True)
class TierState:
    tier: str
    review_on: date | None  # the next yearly review
    grace_until: date | None  # set while the member is below their tier's threshold


def review(state: TierState, spend_fen: int, today: date, s: LoyaltySettings) -> TierState:
    """Today's decision: an upgrade at once; at the yearly review a member below their tier
    gets `tier_grace_days`; at the end of the grace they move to the tier their spend earns."""
    earned = tier_for_spend(spend_fen, s)
    if rank(earned) > rank(state.tier):
        return TierState(earned, today + YEAR, None)
    if state.grace_until is not None:
        if rank(earned) >= rank(state.tier):  # earned it back within the grace
            return TierState(state.tier, today + YEAR, None)
        if today >= state.grace_until:
            return TierState(earned, today + YEAR, None)
        return state
    if state.tier != "standard" and state.review_on is not None and today >= state.review_on:
        if rank(earned) >= rank(state.tier):
            return TierState(state.tier, today + YEAR, None)
        if s.tier_grace_days == 0:
            return TierState(earned, today + YEAR, None)
        return TierState(state.tier, state.review_on, today + timedelta(days=s.tier_grace_days))
    if state.tier != "standard" and state.review_on is None:
        return TierState(state.tier, today + YEAR, None)  # a tier from before the programme: review in a year
    return state

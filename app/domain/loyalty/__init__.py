"""The member programme's pure rules: points, tiers, referrals, lifecycle and segments."""

from app.domain.loyalty.settings import DEFAULT_LOYALTY, LoyaltySettings, check_loyalty

__all__ = ["DEFAULT_LOYALTY", "LoyaltySettings", "check_loyalty"]

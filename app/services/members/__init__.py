"""Members: the member 360 view and the versioned edit of contact preferences and consent."""

from app.services.members.edit import ContactPreferences, load_contact_preferences, save_contact_preferences
from app.services.members.view import (
    CallRow, EffectPoint, Health, Indicator, MemberView, OpenTask, Profile, PurchaseLine, Supply, member_view,
)

__all__ = [
    "CallRow", "ContactPreferences", "EffectPoint", "Health", "Indicator", "MemberView", "OpenTask", "Profile",
    "PurchaseLine", "Supply", "load_contact_preferences", "member_view", "save_contact_preferences",
]

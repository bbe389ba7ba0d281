"""Members: the member 360 view, search across every member, an owner's own members, and the
versioned edit of contact preferences and consent."""

from app.services.members.edit import ContactPreferences, load_contact_preferences, save_contact_preferences
from app.services.members.owned import OwnedMemberRow, owned_members
from app.services.members.search import MatchedBy, MemberHit, search_members
from app.services.members.view import (
    CallRow, EffectPoint, Health, Indicator, MemberView, OpenTask, Profile, PurchaseLine, Supply, member_view,
)

__all__ = [
    "MatchedBy", "MemberHit", "OwnedMemberRow", "owned_members", "search_members",
    "CallRow", "ContactPreferences", "EffectPoint", "Health", "Indicator", "MemberView", "OpenTask", "Profile",
    "PurchaseLine", "Supply", "load_contact_preferences", "member_view", "save_contact_preferences",
]

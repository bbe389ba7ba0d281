"""Who may refer whom: never oneself (same member or same phone), never in a loop, a
referee is a new customer (no order yet) and is referred only once."""

from collections.abc import Mapping


def referral_refusal(referrer_id: int, referee_id: int, *, referrer_phone: str | None, referee_phone: str | None,
                     referred_by: Mapping[int, int], referee_has_orders: bool) -> str | None:
    """Why this referral is refused, or None. `referred_by` maps referee -> referrer for the
    existing referrals (enough of them to walk the referrer's chain upwards)."""
    if referrer_id == referee_id or (referrer_phone and referrer_phone == referee_phone):
        return "self_referral"
    if referee_id in referred_by:
        return "already_referred"
    seen = set()
    up = referrer_id
    while up in referred_by and up not in seen:  # the referrer's own referrers
        seen.add(up)
        up = referred_by[up]
        if up == referee_id:
            return "referral_loop"
    if referee_has_orders:
        return "not_a_new_customer"
    return None

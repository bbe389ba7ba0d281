"""Without a SIP account: hand the number to the system's softphone as a tel: or sip: link.

No events come back from a hand-off, so the call is logged by hand as before; the dialer
still checks the door and audits the dial first.
"""

from urllib.parse import quote


def handoff_uri(number: str, *, sip_domain: str | None = None) -> str:
    """`tel:+8613812345678`, or `sip:+8613812345678@pbx.example` when a SIP domain is known."""
    if sip_domain:
        return f"sip:{quote(number, safe='+')}@{sip_domain}"
    return f"tel:{quote(number, safe='+')}"

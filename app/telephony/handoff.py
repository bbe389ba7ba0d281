"""Without a SIP account: hand the number to the system's softphone as a tel: or sip: link.

No events come back from a hand-off, so the call ends at once with no proposal and the
agent logs it by hand as before; the dialer still checks the door and audits the dial.
"""

import time
from collections.abc import Callable
from urllib.parse import quote

from app.domain.telephony import (
    CallEvent, CallEventKind, DialRequest, EventSink, HungUpBy, PhoneStatus, TelephonyUnavailable,
)


def handoff_uri(number: str, *, sip_domain: str | None = None) -> str:
    """`tel:+8613812345678`, or `sip:+8613812345678@pbx.example` when a SIP domain is known."""
    if sip_domain:
        return f"sip:{quote(number, safe='+')}@{sip_domain}"
    return f"tel:{quote(number, safe='+')}"


class HandoffPhone:
    """The `Telephony` port as a link hand-off; `open_uri` is the desktop's URL opener."""

    def __init__(self, open_uri: Callable[[str], bool], *, sip_domain: str | None = None,
                 now: Callable[[], float] = time.monotonic) -> None:
        self._open_uri = open_uri
        self._sip_domain = sip_domain
        self._now = now

    @property
    def status(self) -> PhoneStatus:
        return PhoneStatus.READY

    def dial(self, request: DialRequest, on_event: EventSink) -> None:
        on_event(CallEvent(CallEventKind.DIALLING, self._now(), call_ref=request.call_ref))
        if not self._open_uri(handoff_uri(request.number, sip_domain=self._sip_domain)):
            raise TelephonyUnavailable("no application on this computer opens tel: or sip: links")
        on_event(CallEvent(CallEventKind.ENDED, self._now(), call_ref=request.call_ref,
                           hung_up_by=None, reason="handed off to the system's softphone"))

    def hang_up(self, *, by: HungUpBy = HungUpBy.AGENT) -> None:
        """The system's softphone has the call now; nothing to hang up here."""

    def close(self) -> None:
        """Nothing was started."""

"""Telephony adapters for the port in app.domain.telephony: baresip over ctrl_tcp, and the
tel:/sip: link hand-off when no SIP account is set. An Asterisk AMI or cloud CTI adapter
goes beside them, implementing the same `Telephony` protocol."""

from app.telephony.baresip import BaresipPhone
from app.telephony.baresip_config import SIP_TRUNK_ENV, AudioSetup, SipAccount, free_port, free_sip_port
from app.telephony.handoff import HandoffPhone, handoff_uri

__all__ = ["SIP_TRUNK_ENV", "BaresipPhone", "AudioSetup", "SipAccount", "free_port", "free_sip_port", "handoff_uri", "HandoffPhone"]

"""The phone a workstation gets: baresip with the agent's SIP account from the settings
(password from the system keyring, read here at the UI edge), else a tel:/sip: hand-off.

CAREDESK_SIP_TRUNK (HOST:PORT) sets the trunk as it does for `caredesk-admin dial`.
"""

import logging
import os

import keyring
from PySide6.QtCore import QT_TRANSLATE_NOOP, QUrl
from PySide6.QtGui import QDesktopServices

from app.domain.telephony import DEFAULT_NO_ANSWER_SECONDS, StatusSink, Telephony
from app.telephony import SIP_TRUNK_ENV, AudioSetup, BaresipPhone, HandoffPhone, SipAccount
from ui.connection.credentials import keyring_available
from ui.settings import Option, Settings

log = logging.getLogger(__name__)

KEYRING_SERVICE = "CareDesk SIP"

SIP_USER = Option[str]("phone/sip_user", str, "", QT_TRANSLATE_NOOP("Settings", "SIP user (empty: hand calls to the system's phone app)"))
SIP_DOMAIN = Option[str]("phone/sip_domain", str, "", QT_TRANSLATE_NOOP("Settings", "SIP registrar or trunk host"))
SIP_TRUNK = Option[str]("phone/sip_trunk", str, "", QT_TRANSLATE_NOOP("Settings", "SIP trunk HOST:PORT calls go to (empty: the registrar)"))
SIP_REGISTER = Option[bool]("phone/sip_register", bool, True, QT_TRANSLATE_NOOP("Settings", "Register with the SIP server"))
NO_ANSWER_SECONDS = Option[int]("phone/no_answer_seconds", int, int(DEFAULT_NO_ANSWER_SECONDS),
                                QT_TRANSLATE_NOOP("Settings", "Hang up a call still ringing after (seconds)"))
PHONE_OPTIONS = (SIP_USER, SIP_DOMAIN, SIP_TRUNK, SIP_REGISTER, NO_ANSWER_SECONDS)


def sip_password(user: str, domain: str) -> str:
    if not keyring_available():
        return ""
    try:
        return keyring.get_password(KEYRING_SERVICE, f"{user}@{domain}") or ""
    except Exception as exc:  # noqa: BLE001 - a locked keyring: register without a password
        log.warning("could not read the SIP password from the keyring: %s", exc)
        return ""


def sip_account(settings: Settings, environ: dict[str, str] | None = None) -> SipAccount | None:
    """The agent's account from the settings, or None when no SIP user is set."""
    env = os.environ if environ is None else environ
    user, domain = settings.get(SIP_USER).strip(), settings.get(SIP_DOMAIN).strip()
    trunk = env.get(SIP_TRUNK_ENV) or settings.get(SIP_TRUNK).strip() or None
    if not user:
        return None
    domain = domain or (trunk.rpartition(":")[0] if trunk else "")
    if not domain:
        return None
    return SipAccount(user=user, domain=domain, password=sip_password(user, domain),
                      register=settings.get(SIP_REGISTER), trunk=trunk)


def build_phone(settings: Settings, environ: dict[str, str] | None = None, *,
                on_status: StatusSink | None = None) -> tuple[Telephony, str]:
    """(phone, adapter name). baresip starts on the first dial, not here; `on_status` is
    normally `CallControl.report_status`."""
    account = sip_account(settings, environ)
    if account is None:
        return HandoffPhone(lambda uri: QDesktopServices.openUrl(QUrl(uri))), "handoff"
    # The agent talks through the system's sound card (headless runs use silence instead).
    return BaresipPhone(account, audio=AudioSetup(), on_status=on_status), "baresip"

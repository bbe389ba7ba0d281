"""The phone a workstation gets: baresip with the agent's SIP account from the settings
(password from the system keyring, read here at the UI edge), else a tel:/sip: hand-off.

CAREDESK_SIP_TRUNK (HOST:PORT) sets the trunk as it does for `caredesk-admin dial`.
"""

import logging
import os
from collections.abc import Mapping

import keyring
from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from app.domain.telephony import StatusSink, Telephony
from app.telephony import SIP_TRUNK_ENV, AudioSetup, BaresipPhone, HandoffPhone, SipAccount
from ui.connection.credentials import keyring_available
from ui.settings import PHONE_OPTIONS, SIP_DOMAIN, SIP_REGISTER, SIP_TRUNK, SIP_USER, Settings

log = logging.getLogger(__name__)

KEYRING_SERVICE = "CareDesk SIP"
__all__ = ["PHONE_OPTIONS", "build_phone", "sip_account", "sip_password", "store_sip_password"]


def _user_and_domain(settings: Settings, env: Mapping[str, str]) -> tuple[str, str]:
    """The account's user and host; without a host the trunk's host stands in."""
    user, domain = settings.get(SIP_USER).strip(), settings.get(SIP_DOMAIN).strip()
    trunk = env.get(SIP_TRUNK_ENV) or settings.get(SIP_TRUNK).strip()
    return user, domain or (trunk.rpartition(":")[0] if trunk else "")


def sip_password(user: str, domain: str) -> str:
    if not keyring_available():
        return ""
    try:
        return keyring.get_password(KEYRING_SERVICE, f"{user}@{domain}") or ""
    except Exception as exc:  # noqa: BLE001 - a locked keyring: register without a password
        log.warning("could not read the SIP password from the keyring: %s", exc)
        return ""


def store_sip_password(settings: Settings, password: str, environ: Mapping[str, str] | None = None) -> bool:
    """Keep the password under the account the phone reads it from; False without a keyring."""
    user, domain = _user_and_domain(settings, os.environ if environ is None else environ)
    if not (user and domain and password) or not keyring_available():
        return False
    try:
        keyring.set_password(KEYRING_SERVICE, f"{user}@{domain}", password)
    except Exception as exc:  # noqa: BLE001 - locked or denied keyring: nothing stored
        log.warning("could not store the SIP password in the keyring: %s", exc)
        return False
    return True


def sip_account(settings: Settings, environ: Mapping[str, str] | None = None, *,
                agent: str = "") -> SipAccount | None:
    """The agent's account from the settings; without a SIP user, CAREDESK_SIP_TRUNK alone
    gives what `caredesk-admin dial --sip-trunk` uses (the agent's name, no registration);
    None when neither is set."""
    env = os.environ if environ is None else environ
    user, domain = _user_and_domain(settings, env)
    trunk = env.get(SIP_TRUNK_ENV) or settings.get(SIP_TRUNK).strip() or None
    if not user and env.get(SIP_TRUNK_ENV) and agent:
        return SipAccount.for_trunk(agent, env[SIP_TRUNK_ENV])
    if not user or not domain:
        return None
    return SipAccount(user=user, domain=domain, password=sip_password(user, domain),
                      register=settings.get(SIP_REGISTER), trunk=trunk)


class UrlOpener(QObject):
    """Opens a tel:/sip: link on the GUI thread: the dial runs on the database thread, and the
    desktop's URL handler is a GUI call. Made on the GUI thread; the dial waits for the answer."""

    _request = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._opened = False
        self._request.connect(self._open, Qt.ConnectionType.BlockingQueuedConnection)

    def _open(self, uri: str) -> None:
        self._opened = QDesktopServices.openUrl(QUrl(uri))

    def __call__(self, uri: str) -> bool:
        if QThread.currentThread() is self.thread():
            self._open(uri)
        else:
            self._request.emit(uri)
        return self._opened


def build_phone(settings: Settings, environ: Mapping[str, str] | None = None, *,
                on_status: StatusSink | None = None, agent: str = "") -> tuple[Telephony, str]:
    """(phone, adapter name). baresip starts on the first dial, not here; `on_status` is
    normally `CallControl.report_status`; `agent` names the caller on a bare trunk."""
    account = sip_account(settings, environ, agent=agent)
    if account is None:
        # A SIP host without a user of ours: a sip: link to that host, else a tel: link.
        return HandoffPhone(UrlOpener(), sip_domain=settings.get(SIP_DOMAIN).strip() or None), "handoff"
    # The agent talks through the system's sound card (headless runs use silence instead).
    return BaresipPhone(account, audio=AudioSetup(), on_status=on_status), "baresip"

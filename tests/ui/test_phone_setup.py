"""The workstation's phone from the settings: baresip with the agent's SIP account, the
trunk from CAREDESK_SIP_TRUNK when set, and a tel: hand-off when no SIP user is set."""

from PySide6.QtCore import QSettings

from app.telephony import BaresipPhone, HandoffPhone
from ui.settings import Settings
from ui.telephony.setup import SIP_DOMAIN, SIP_REGISTER, SIP_TRUNK, SIP_USER, build_phone, sip_account


def settings(tmp_path, **values) -> Settings:
    s = Settings(QSettings(str(tmp_path / "t.ini"), QSettings.Format.IniFormat))
    for option, value in values.items():
        s.set({"user": SIP_USER, "domain": SIP_DOMAIN, "trunk": SIP_TRUNK, "register": SIP_REGISTER}[option], value)
    return s


def test_no_sip_user_hands_calls_to_the_system_phone(tmp_path):
    phone, adapter = build_phone(settings(tmp_path), environ={})
    assert isinstance(phone, HandoffPhone) and adapter == "handoff"


def test_sip_account_from_the_settings_and_the_trunk_from_the_environment(tmp_path):
    s = settings(tmp_path, user="li", domain="pbx.example", register=False)
    account = sip_account(s, environ={})
    assert (account.user, account.domain, account.register, account.trunk) == ("li", "pbx.example", False, None)
    assert account.dial_uri("+8613812345678") == "sip:+8613812345678@pbx.example"
    account = sip_account(s, environ={"CAREDESK_SIP_TRUNK": "10.0.0.5:5060"})
    assert account.dial_uri("+8613812345678") == "sip:+8613812345678@10.0.0.5:5060"
    phone, adapter = build_phone(s, environ={})
    assert isinstance(phone, BaresipPhone) and adapter == "baresip" and phone.status == "dead"


def test_the_password_never_shows_in_the_account_repr(tmp_path):
    from app.telephony import SipAccount

    account = SipAccount(user="li", domain="pbx.example", password="s3cret")
    assert "s3cret" not in repr(account) and "auth_pass=s3cret" in account.aor_line()


def test_the_trunk_from_the_environment_alone_dials_as_the_cli_does(tmp_path):
    env = {"CAREDESK_SIP_TRUNK": "10.0.0.5:5060"}
    assert sip_account(settings(tmp_path), environ=env) is None  # nobody to call as
    account = sip_account(settings(tmp_path), environ=env, agent="li")
    assert (account.user, account.domain, account.register) == ("li", "10.0.0.5", False)
    assert account.dial_uri("+8613812345678") == "sip:+8613812345678@10.0.0.5:5060"
    phone, adapter = build_phone(settings(tmp_path), environ=env, agent="li")
    assert isinstance(phone, BaresipPhone) and adapter == "baresip"


def test_the_hand_off_opens_its_link_on_the_gui_thread(qtbot, tmp_path, monkeypatch):
    import threading

    from PySide6.QtCore import QThread
    from PySide6.QtGui import QDesktopServices

    from app.domain.telephony import DialRequest

    opened: list[tuple[str, bool]] = []
    gui = QThread.currentThread()
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append((url.toString(), QThread.currentThread() is gui)) or True))
    s = settings(tmp_path, domain="pbx.example")
    phone, adapter = build_phone(s, environ={})
    events = []
    worker = threading.Thread(target=lambda: phone.dial(DialRequest(call_ref="r1", task_id=1, number="+8613812345678"),
                                                        events.append))
    worker.start()  # as the database thread does
    qtbot.waitUntil(lambda: not worker.is_alive(), timeout=5000)
    assert adapter == "handoff" and opened == [("sip:+8613812345678@pbx.example", True)]
    assert [e.kind for e in events] == ["dialling", "ended"]

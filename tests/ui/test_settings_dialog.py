"""Settings in one dialog: the language switches at run time (menus, labels, the queue's
language all follow), the telephony account is saved with its password in the keyring, and
admin pages are for administrators only; scripts and the knowledge base follow the language."""

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QLabel

from app.domain.codes import Tier
from ui.i18n import Translations, day_note, label
from ui.session import Session
from ui.settings import LANGUAGE, NO_ANSWER_SECONDS, SIP_DOMAIN, SIP_REGISTER, SIP_USER, Settings
from ui.telephony import setup as phone_setup
from ui.settings_dialog import SettingsDialog


@pytest.fixture
def translations(qapp):
    t = Translations(qapp, "en")
    yield t
    t.switch("en")
    QLocale.setDefault(QLocale("en"))


def _file_menu(window) -> str:
    return window.menuBar().actions()[0].text()


def test_switching_language_in_settings_rebuilds_the_window_in_chinese(qtbot, seeded, make_ctx, translations):
    session = Session(make_ctx(seeded.agent, language="en"), translations)
    first = session.open()
    qtbot.addWidget(first)
    assert _file_menu(first) == "&File" and label(Tier, "gold") == "Gold"
    dialog = SettingsDialog(session.ctx, first)
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.accept()
    second = session.window
    qtbot.addWidget(second)
    assert second is not first and not first.isVisible() and second.isVisible()
    assert _file_menu(second) == "文件(&F)"
    assert label(Tier, "gold") == "金卡"
    assert session.ctx.language == "zh_CN" and session.ctx.settings.get(LANGUAGE) == "zh_CN"
    assert QLocale().name() == "zh_CN"  # dates and numbers follow
    assert QLocale().toString(1234567) == "1,234,567" and QLocale().monthName(2) == "二月"
    assert second.agent_label.text().startswith("当前用户：")  # the status bar too
    assert session.switch_language("en") and _file_menu(session.window) == "&File"
    qtbot.addWidget(session.window)


def test_choosing_english_in_settings_takes_effect_at_once_and_at_the_next_start(qtbot, seeded, make_ctx,
                                                                               translations):
    from ui.i18n import resolve_language

    translations.switch("zh_CN")
    session = Session(make_ctx(seeded.agent, language="zh_CN"), translations)
    first = session.open()
    qtbot.addWidget(first)
    assert _file_menu(first) == "文件(&F)"
    dialog = SettingsDialog(session.ctx, first)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.accept()
    second = session.window
    qtbot.addWidget(second)
    assert second is not first and _file_menu(second) == "&File" and label(Tier, "gold") == "Gold"
    assert second.agent_label.text().startswith("Signed in:")
    assert resolve_language(Settings().get(LANGUAGE)) == "en"  # what the next start reads (no --lang)


def test_settings_save_the_telephony_account_with_the_password_in_the_keyring(qtbot, seeded, make_ctx, monkeypatch):
    saved: dict[tuple[str, str], str] = {}

    class FakeKeyring:
        @staticmethod
        def set_password(service, user, password):
            saved[(service, user)] = password

        @staticmethod
        def get_password(service, user):
            return saved.get((service, user))

    monkeypatch.setattr(phone_setup, "keyring", FakeKeyring)
    monkeypatch.setattr(phone_setup, "keyring_available", lambda: True)
    ctx = make_ctx(seeded.agent)
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.editors[SIP_DOMAIN.key].setText("sip.example.cn")
    dialog.editors[SIP_USER.key].setText("agent1")
    dialog.editors[SIP_REGISTER.key].setChecked(False)
    dialog.editors[NO_ANSWER_SECONDS.key].setValue(25)
    dialog.sip_password.setText("s3cret")
    dialog.accept()
    assert ctx.settings.get(SIP_DOMAIN) == "sip.example.cn" and ctx.settings.get(NO_ANSWER_SECONDS) == 25
    assert saved == {("CareDesk SIP", "agent1@sip.example.cn"): "s3cret"}
    # The phone the workstation builds reads the same account and password back.
    account = phone_setup.sip_account(ctx.settings, environ={})
    assert (account.user, account.domain, account.register, account.password) == (
        "agent1", "sip.example.cn", False, "s3cret")


def test_admin_pages_are_for_administrators_only(qtbot, seeded, make_ctx):
    dialog = SettingsDialog(make_ctx(seeded.agent))
    qtbot.addWidget(dialog)
    assert not dialog.add_admin_page("Calling rules", QLabel("rules"))
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == ["General", "Database", "Telephony", "Reports"]


def test_the_agents_day_names_holidays_and_make_up_working_days(translations):
    from datetime import date

    from app.domain.public_holidays import day_info
    from app.services.calls.agent_day import AgentDay

    assert day_note(AgentDay(0, 0, day_info(date(2026, 10, 1)), True)) == " · National Day (no calls today)"
    assert day_note(AgentDay(0, 0, day_info(date(2026, 2, 28)), False)) == " · Make-up working day"
    assert day_note(AgentDay(0, 0, day_info(date(2026, 3, 3)), False)) == ""
    translations.switch("zh_CN")
    assert day_note(AgentDay(0, 0, day_info(date(2026, 10, 1)), True)) == " · 国庆节（今日不外呼）"
    assert QApplication.instance() is not None


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _script_and_knowledge(qtbot, window) -> tuple[str, str, str]:
    """(script language, script title on screen, first knowledge-base question) of the next call.

    The window is the session's: a switch deletes it, so qtbot is not given it to close."""
    from PySide6.QtCore import Qt

    from tests.ui.conftest import activate
    from tests.ui.test_workstation_calls import next_call, press

    activate(qtbot, window)
    ws = window.workstation
    ws.calls.confirm = lambda _text: True
    qtbot.waitUntil(lambda: ws.queue.model.rowCount() > 0)
    call = next_call(qtbot, ws)
    shown = " ".join(label.text() for label in ws.script.view.findChildren(QLabel))
    assert call.rendered.title in shown
    press(qtbot, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: ws.knowledge.results.count() > 0)
    question = ws.knowledge.results.item(0).text()
    press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # give the member back
    qtbot.waitUntil(lambda: ws.call is None)
    return call.rendered.language, call.rendered.title, question


def test_scripts_and_the_knowledge_base_follow_a_language_switch(qtbot, queue_seed, make_ctx, translations):
    session = Session(make_ctx(queue_seed.agent, language="en"), translations)
    language, title, question = _script_and_knowledge(qtbot, session.open())
    assert language == "en" and not _cjk(title) and not _cjk(question)
    assert session.switch_language("zh_CN")
    qtbot.addWidget(session.window)
    language, title, question = _script_and_knowledge(qtbot, session.window)
    assert language == "zh" and _cjk(title) and _cjk(question)

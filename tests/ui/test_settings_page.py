"""Admins edit the centre's queue settings in the app; others see them read-only."""

from app.services import settings
from tests.support.call_world import build_world
from tests.support.factories import make_user
from ui.forms.settings_page import SettingsPage

WAIT = 10_000


def _admin(db, clock):
    with db.session(write=True) as s:
        return make_user(s, "root", role="admin", at=clock.now())


def test_an_admin_narrows_the_calling_hours_for_every_workstation(qtbot, db, clock, make_ctx):
    page = SettingsPage(make_ctx(_admin(db, clock)))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.start()
    assert page.edits["window_end"].text() == "21:00" and page.save_button.isVisibleTo(page)
    page.edits["window_end"].setText("20:00")
    page.edits["cap_calls"].setText("3")
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        page.save()
    loaded = settings.load_queue_settings(db)
    assert (f"{loaded.window_end:%H:%M}", loaded.cap_calls) == ("20:00", 3)


def test_a_bad_value_is_refused_with_the_services_message(qtbot, db, clock, make_ctx):
    page = SettingsPage(make_ctx(_admin(db, clock)))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.start()
    page.edits["min_gap"].setText("soon")
    page.save()
    qtbot.waitUntil(lambda: "min_gap" in page.status.text(), timeout=WAIT)
    assert settings.load_queue_settings(db).min_gap.total_seconds() == 86400


def test_a_supervisor_sees_the_settings_read_only(qtbot, db, clock, make_ctx):
    w = build_world(db, clock)
    page = SettingsPage(make_ctx(w.supervisor))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.start()
    assert page.edits["window_start"].isReadOnly() and not page.save_button.isVisibleTo(page)


def test_the_settings_dialog_carries_the_queue_rules_for_administrators(qtbot, db, clock, make_ctx, monkeypatch):
    from ui.mainwindow import MainWindow
    from ui.settings_dialog import SettingsDialog

    shown: list[SettingsDialog] = []
    monkeypatch.setattr(SettingsDialog, "exec", lambda self: shown.append(self) or 0)
    for actor, expected in ((_admin(db, clock), True), (build_world(db, clock).supervisor, False)):
        window = MainWindow(make_ctx(actor))
        qtbot.addWidget(window)
        window.open_settings()
        tabs = shown[-1].tabs
        titles = [tabs.tabText(i) for i in range(tabs.count())]
        assert ("Queue rules" in titles) is expected


def test_an_admin_chooses_the_no_call_holidays_by_code_and_a_typo_is_refused(qtbot, db, clock, make_ctx):
    page = SettingsPage(make_ctx(_admin(db, clock)))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.start()
    edit = page.edits["no_call_holidays"]
    assert edit.text() == "spring_festival, national_day"
    assert "dragon_boat: Dragon Boat Festival" in edit.toolTip()  # the codes, named
    edit.setText("spring_festival, national_day, dragon boat")
    page.save()
    qtbot.waitUntil(lambda: "unknown holiday dragon boat" in page.status.text(), timeout=WAIT)
    assert settings.load_queue_settings(db).no_call_holidays == ("spring_festival", "national_day")
    edit.setText("spring_festival, national_day, dragon_boat")
    with qtbot.waitSignal(page.saved, timeout=WAIT):
        page.save()
    assert settings.load_queue_settings(db).no_call_holidays == ("spring_festival", "national_day", "dragon_boat")

"""The supervisor console and the report preview fit a 1366x768 laptop screen: every button
(on every tab of the console) lies inside the visible area, in both languages, with the
data loaded (pytest-qt, real task runner, both engines)."""

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QTabWidget, QWidget

from app.reports.member import render_member_report
from app.services.reports import member_report_data
from app.services.users import SYSTEM
from tests.reports.builders import rich_member
from tests.support.floor_data import seed_floor
from ui.i18n import install_translators
from ui.reports.preview_dialog import PreviewDialog
from ui.supervisor.window import SupervisorWindow

SCREEN = QRect(0, 0, 1366, 768)


@pytest.fixture(params=["en", "zh_CN"])
def language(request, qapp: QApplication) -> Iterator[str]:
    installed = install_translators(qapp, request.param)
    yield request.param
    for translator in installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(QLocale("en"))


def off_screen_buttons(window: QWidget, visible: QRect) -> list[str]:
    """Buttons shown but not wholly inside `visible` (window coordinates)."""
    problems = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or not button.isVisible():
            continue
        box = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        if not visible.contains(box):
            problems.append(f"{button.objectName() or button.text()!r} at {box.getRect()}")
    return problems


def test_every_console_button_is_on_screen_at_1366x768(qtbot, make_ctx, db, clock, language):
    floor = seed_floor(db, clock)
    ctx = make_ctx(floor.supervisor, language=language)
    window = SupervisorWindow(ctx)
    qtbot.addWidget(window)
    window.resize(SCREEN.size())
    window.show()
    with qtbot.waitSignal(window.console.loaded, timeout=20_000):
        window.console.reload()
    assert window.size() == SCREEN.size(), "the console's layout needs more than the screen"
    assert window.minimumSizeHint().width() <= SCREEN.width()
    assert window.minimumSizeHint().height() <= SCREEN.height()
    tabs = window.console.findChildren(QTabWidget)
    assert tabs
    for tab_widget in tabs:
        for index in range(tab_widget.count()):
            tab_widget.setCurrentIndex(index)
            qtbot.wait(10)
            qtbot.waitUntil(lambda: not ctx.runner.busy, timeout=20_000)  # each tab's rows are in
            assert off_screen_buttons(window, window.rect()) == [], tab_widget.tabText(index)
    window.close()
    qtbot.waitUntil(lambda: not ctx.runner.busy, timeout=20_000)


def test_every_preview_button_is_on_screen_at_1366x768(qtbot, db, clock, language):
    with db.session(write=True) as s:
        member_id = rich_member(s, clock, name="王秀英", phone="+8613812345678").id
    pdf = render_member_report(member_report_data(db, SYSTEM, clock, member_id))
    dialog = PreviewDialog(pdf, "report.pdf", "王秀英")
    qtbot.addWidget(dialog)
    dialog.fit_to(SCREEN)
    dialog.show()
    qtbot.waitUntil(dialog.isVisible)
    assert SCREEN.contains(dialog.geometry())
    assert dialog.height() <= SCREEN.height() - 40 and dialog.width() <= SCREEN.width()
    assert off_screen_buttons(dialog, dialog.rect()) == []
    assert dialog.save_button.isVisible()

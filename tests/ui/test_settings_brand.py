"""The Reports tab of the Settings dialog edits the centre's brand in the database: an admin's
name and logo are what the next report prints (read back from the PDF); others see them
read-only; a logo the service refuses keeps the dialog open and says why."""

import pytest
from PySide6.QtWidgets import QDialog

from app.reports.member import render_member_report
from app.services import settings
from app.services.reports import member_report_data
from app.services.users import SYSTEM
from tests.reports.builders import LOGO_SIZE, logo_png
from tests.reports.pdfcheck import image_sizes, pdf_text
from tests.support.factories import make_user
from ui.settings_dialog import SettingsDialog


@pytest.fixture
def admin(db, clock):
    with db.session(write=True) as s:
        return make_user(s, "admin1", role="admin", at=clock.now())


def _open(qtbot, ctx) -> SettingsDialog:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.brand._stored is not None)
    return dialog


def test_an_admin_sets_the_brand_in_the_reports_tab_and_the_next_report_prints_it(
        qtbot, db, clock, seeded, admin, make_ctx, tmp_path):
    dialog = _open(qtbot, make_ctx(admin))
    page = dialog.brand
    assert dialog.tabs.tabText(dialog.tabs.indexOf(page)) == "Reports" and page.editable
    page.name_zh.setText("康宁健康管理")
    page.name_en.setText("Kangning Health")
    (tmp_path / "logo.png").write_bytes(logo_png())
    assert page.set_logo_file(tmp_path / "logo.png")
    assert not page.preview.pixmap().isNull()
    assert not page.set_logo_file(tmp_path / "missing.png") and "Could not read" in page.status.text()
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
    stored = settings.show_brand(db, SYSTEM)
    assert (stored.name_zh, stored.name_en, stored.logo) == ("康宁健康管理", "Kangning Health", logo_png())
    with db.session() as s:
        from app.data.tables import Member

        member_id = s.query(Member.id).filter(Member.name == seeded.own_member_names[0]).scalar()
    pdf = render_member_report(member_report_data(db, SYSTEM, clock, member_id))
    assert "康宁健康管理" in pdf_text(pdf) and LOGO_SIZE in image_sizes(pdf)


def test_others_see_the_brand_read_only_and_cannot_change_it(qtbot, db, clock, seeded, make_ctx):
    settings.update_brand(db, SYSTEM, clock, name_zh="康宁健康管理", name_en="", logo=logo_png())
    dialog = _open(qtbot, make_ctx(seeded.supervisor))
    page = dialog.brand
    assert page.name_zh.text() == "康宁健康管理" and not page.preview.pixmap().isNull()
    assert page.name_zh.isReadOnly() and page.name_en.isReadOnly()
    assert not page.choose_button.isEnabled() and not page.packaged_button.isEnabled()
    assert "Only administrators" in page.note.text()
    page.name_zh.setText("我的中心")  # even if a text slipped in, nothing is sent
    assert not page.has_changes()
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert settings.show_brand(db, SYSTEM).name_zh == "康宁健康管理"


def test_a_refused_logo_keeps_the_dialog_open_on_the_reports_tab_with_the_reason(
        qtbot, db, admin, make_ctx, tmp_path):
    dialog = _open(qtbot, make_ctx(admin))
    dialog.show()
    dialog.tabs.setCurrentIndex(0)
    (tmp_path / "logo.gif").write_bytes(b"GIF89a" + b"\0" * 40)
    assert dialog.brand.set_logo_file(tmp_path / "logo.gif")
    dialog.accept()
    qtbot.waitUntil(lambda: "not saved" in dialog.brand.status.text())
    assert "not a JPEG or PNG" in dialog.brand.status.text()
    assert dialog.isVisible() and dialog.tabs.currentWidget() is dialog.brand
    assert settings.show_brand(db, SYSTEM) == settings.SECTIONS["brand"].defaults

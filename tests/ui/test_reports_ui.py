"""The desktop report actions: a care report previewed and saved, and the premium batch export.

Real runners (DB and PDF threads, the batch's worker processes), real databases, real PDFs
read back with pypdf.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton
from sqlalchemy import select

from app.data.tables import Member
from app.data.uow import Database
from app.domain.clock import Clock
from app.services.users import Actor
from app.services.members import member_view
from tests.reports.pdfcheck import flat, pdf_text
from tests.support.factories import make_member, make_order, make_product, make_user
from ui.mainwindow import MainWindow
from ui.reports.batch_dialog import BatchExport, BatchExportDialog
from ui.reports.preview_dialog import PreviewDialog

WAIT = 60_000  # ms; generous: the batch spawns worker processes


def _open_preview(qtbot, window: MainWindow) -> PreviewDialog:
    with qtbot.waitSignal(window.reports.preview_opened, timeout=WAIT) as blocker:
        window.workstation.member.care_report_button.click()
    dialog = blocker.args[0]
    qtbot.addWidget(dialog)
    return dialog


def test_care_report_button_previews_and_saves_the_members_pdf(qtbot, db, clock, seeded, make_ctx, tmp_path):
    window = MainWindow(make_ctx(seeded.agent))
    qtbot.addWidget(window)
    assert not window.workstation.member.care_report_button.isEnabled()
    with db.session() as s:
        member_id = s.scalar(select(Member.id).where(Member.name == "王秀英"))
    window.workstation.member.show_member(member_view(db, seeded.agent, clock, member_id))
    assert window.workstation.member.care_report_button.isEnabled()

    dialog = _open_preview(qtbot, window)
    qtbot.waitUntil(lambda: dialog.document.pageCount() > 0, timeout=WAIT)
    assert dialog.pdf.startswith(b"%PDF")
    assert dialog.pages.text() == f"{dialog.document.pageCount()} pages"
    text = flat(pdf_text(dialog.pdf))
    assert "王秀英" in text
    assert not any(name in text for name in ("李娜", "张伟", "赵敏"))
    target = tmp_path / "out" / "report.pdf"
    target.parent.mkdir()
    assert dialog.save_to(target)
    assert target.read_bytes() == dialog.pdf


def test_care_report_menu_action_without_a_member_says_so(qtbot, seeded, make_ctx):
    window = MainWindow(make_ctx(seeded.agent))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.reports.message, timeout=WAIT) as blocker:
        window.reports.care_report.trigger()
    assert blocker.args == ["Open a member first."]


def test_export_action_only_for_users_with_reports_permission(qtbot, seeded, make_ctx):
    agent_window = MainWindow(make_ctx(seeded.agent))
    qtbot.addWidget(agent_window)
    assert agent_window.reports.export_premium is None
    supervisor_window = MainWindow(make_ctx(seeded.supervisor))
    qtbot.addWidget(supervisor_window)
    assert supervisor_window.reports.export_premium is not None
    assert supervisor_window.reports.export_premium in supervisor_window.menuBar().actions()[0].menu().actions()


def _premium_seed(db: Database, clock: Clock, count: int) -> tuple[Actor, list[str]]:
    """`count` gold members with an order in June 2026, a silver one, and a supervisor."""
    now = clock.now()
    with db.session(write=True) as s:
        supervisor = make_user(s, "super1", role="supervisor", at=now)
        oil = make_product(s, "FO-500")
        external_ids = []
        for i in range(count):
            member = make_member(s, at=now, name=f"会员{i:02d}", tier="gold", phone=f"+86137{i:04d}1234",
                                 external_id=f"M{i:03d}")
            make_order(s, member, oil, ordered_at=now - timedelta(days=1))
            external_ids.append(member.external_id)
        silver = make_member(s, at=now, name="白银", tier="silver", phone="+8613911112222", external_id="S001")
        make_order(s, silver, oil, ordered_at=now - timedelta(days=1))
    return supervisor, external_ids


def _filled_dialog(ctx, folder: Path) -> BatchExportDialog:
    dialog = BatchExportDialog(ctx)
    dialog.period_edit.setText("2026-06")
    dialog.folder_edit.setText(str(folder))
    return dialog


@pytest.mark.slow
def test_batch_export_writes_one_pdf_per_premium_member_with_progress(qtbot, db, clock, make_ctx, tmp_path):
    supervisor, external_ids = _premium_seed(db, clock, 3)
    window = MainWindow(make_ctx(supervisor))
    qtbot.addWidget(window)
    dialog = _filled_dialog(window._ctx, tmp_path / "june")
    qtbot.addWidget(dialog)
    seen: list[tuple[int, int]] = []
    window.reports.export_started.connect(lambda export: export.progressed.connect(lambda d, t: seen.append((d, t))))

    export = window.reports.start_export(dialog, workers=2)
    with qtbot.waitSignal(export.finished, timeout=WAIT) as blocker:
        pass
    result = blocker.args[0]
    assert not result.failed and not result.cancelled and result.total == 3
    qtbot.waitUntil(lambda: seen[-1:] == [(3, 3)], timeout=WAIT)
    assert [d for d, _ in seen] == [1, 2, 3]
    files = sorted(p.name for p in (tmp_path / "june").glob("*.pdf"))
    assert files == [f"care-report-2026-06-{x}.pdf" for x in external_ids]
    texts = {flat(pdf_text(p.read_bytes())) for p in (tmp_path / "june").glob("*.pdf")}
    assert all(any(f"会员{i:02d}" in t for t in texts) for i in range(3))
    assert not any("白银" in t for t in texts)
    assert export.last_message == f"3 of 3 reports written to {tmp_path / 'june'}"
    assert isinstance(export.message_box, QMessageBox) and export.message_box.text() == export.last_message


@pytest.mark.slow
def test_cancel_stops_the_batch_early(qtbot, db, clock, make_ctx, tmp_path):
    supervisor, _ = _premium_seed(db, clock, 24)
    ctx = make_ctx(supervisor)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    dialog = _filled_dialog(ctx, tmp_path)
    qtbot.addWidget(dialog)

    def cancel_on_first_report(export: BatchExport) -> None:
        # As the user would: press the progress dialog's Cancel once the first report is in.
        export.progressed.connect(lambda done, total: export.progress.findChild(QPushButton).click())

    window.reports.export_started.connect(cancel_on_first_report)
    export = window.reports.start_export(dialog, workers=1)
    with qtbot.waitSignal(export.finished, timeout=WAIT) as blocker:
        pass
    result = blocker.args[0]
    assert export.stopping and result.cancelled
    assert 1 <= len(result.written) < 24
    assert sorted(tmp_path.glob("*.pdf")) == result.written
    assert export.last_message.startswith("Export cancelled:")


def test_report_strings_come_in_chinese(qtbot, qapp, seeded, make_ctx):
    from PySide6.QtCore import QLocale

    from ui.i18n import install_translators

    installed = install_translators(qapp, "zh_CN")
    try:
        window = MainWindow(make_ctx(seeded.supervisor, language="zh_CN"))
        qtbot.addWidget(window)
        assert window.reports.care_report.text() == "关怀报告(&C)..."
        assert window.reports.export_premium.text() == "导出高端会员关怀报告(&E)..."
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        QLocale.setDefault(QLocale("en"))


def test_progress_arriving_while_the_dialog_paints_reaches_listeners_in_order(qtbot, seeded, make_ctx):
    # A modal progress dialog runs the event loop when its value changes; progress already
    # queued must not overtake the figure being shown.
    window = MainWindow(make_ctx(seeded.supervisor))
    qtbot.addWidget(window)
    window.show()
    export = BatchExport(window._ctx, window)
    export.progress.show()
    seen: list[int] = []
    export.progressed.connect(lambda done, _total: seen.append(done))
    for done in (1, 2, 3):
        QTimer.singleShot(0, lambda done=done: export.progressed.emit(done, 3))
    qtbot.waitUntil(lambda: len(seen) == 3, timeout=WAIT)
    assert seen == [1, 2, 3]
    qtbot.waitUntil(lambda: export.progress.value() == 3, timeout=WAIT)
    assert export.progress.labelText() == "Written 3 of 3 reports"
    export.progress.close()

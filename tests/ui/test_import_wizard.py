"""The import wizard on a real task runner: detected encoding and columns, a saved mapping,
the preview with problems marked, the import with its report, and a cancel that writes nothing."""

import csv

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from app.data.tables import Member, Order
from app.services import imports
from tests.support.factories import make_user
from ui.imports.model import PROBLEM
from ui.imports.wizard import ImportWizard

MEMBERS = ("会员编号,姓名,手机号码,会员等级,备注二\n"
           "C001,王秀英,138 1234 5678,金卡会员,x\n"
           "C002,曾志伟,12345,银卡,y\n"
           "C003,李娜,13912345670,,z\n")


@pytest.fixture
def admin_ctx(db, clock, make_ctx):
    with db.session(write=True) as s:
        admin = make_user(s, "admin1", role="admin", at=clock.now())
    return make_ctx(admin)


def start(qtbot, ctx, kind: str, path) -> ImportWizard:
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.files.kind.setCurrentIndex(wizard.files.kind.findData(kind))
    wizard.files.path.setText(str(path))
    assert wizard.files.isComplete()
    return wizard


def test_the_wizard_imports_a_gbk_file_and_reports_the_bad_row(qtbot, qtmodeltester, admin_ctx, db, tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes(MEMBERS.encode("gbk"))
    wizard = start(qtbot, admin_ctx, "members", path)
    wizard.next()
    columns = wizard.columns
    qtbot.waitUntil(columns.isComplete)
    assert "gb18030" in columns.detected.text() and "5 column(s)" in columns.detected.text()
    assert columns.mapping() == {"会员编号": "external_id", "姓名": "name", "手机号码": "phone", "会员等级": "tier",
                                 "备注二": ""}  # an unknown column is ignored unless mapped
    columns.save_mapping_to(tmp_path / "mapping.json")
    assert imports.load_mapping(tmp_path / "mapping.json") == columns.mapping()

    wizard.next()
    preview = wizard.preview
    qtbot.waitUntil(preview.isComplete)
    model = preview.model
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and "1 of the first 3 rows have problems" in preview.summary.text()
    phone_column = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())].index("phone")
    bad = model.index(1, phone_column)
    assert model.data(bad) == "12345" and model.data(bad, Qt.ItemDataRole.BackgroundRole) == PROBLEM
    assert "not a valid phone number" in model.data(bad, Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, phone_column), Qt.ItemDataRole.BackgroundRole) is None
    with db.session() as s:  # the preview wrote nothing
        assert s.scalar(select(func.count()).select_from(Member)) == 0

    wizard.next()
    run = wizard.run
    qtbot.waitUntil(lambda: not run.running, timeout=20_000)
    assert "2 created" in run.status.text() and "1 failed" in run.status.text()
    qtmodeltester.check(run.errors)
    assert run.errors.rowCount() == 1 and run.errors.data(run.errors.index(0, 1)) == "phone"
    run.save_report_to(tmp_path / "report.csv")
    with open(tmp_path / "report.csv", encoding="utf-8-sig", newline="") as fh:
        assert [r["row"] for r in csv.DictReader(fh)] == ["3"]
    with db.session() as s:
        assert sorted(s.scalars(select(Member.external_id))) == ["C001", "C003"]


def test_cancel_stops_the_import_and_writes_nothing(qtbot, admin_ctx, db, clock, tmp_path):
    (tmp_path / "p.csv").write_text("sku,name,category,pack_days\nFO-500,鱼油,fish_oil,30\n", encoding="utf-8")
    (tmp_path / "m.csv").write_text("external_id,name,phone\nC001,王秀英,13812345678\n", encoding="utf-8")
    imports.import_file(db, admin_ctx.actor, clock, kind="products", path=tmp_path / "p.csv")
    imports.import_file(db, admin_ctx.actor, clock, kind="members", path=tmp_path / "m.csv")
    path = tmp_path / "orders.csv"
    path.write_text("订单编号,会员编号,商品编码,数量,实付金额,下单时间\n"
                    + "".join(f"O{i},C001,FO-500,1,198,2026-06-01 09:30\n" for i in range(6000)), encoding="utf-8")
    wizard = start(qtbot, admin_ctx, "orders", path)
    wizard.next()
    qtbot.waitUntil(wizard.columns.isComplete)
    wizard.next()
    qtbot.waitUntil(wizard.preview.isComplete)
    run = wizard.run
    run.batch_rows = 100
    seen: list[int] = []

    def on_progress(rows: int, fraction: float) -> None:
        seen.append(rows)
        if len(seen) == 1:
            qtbot.mouseClick(run.cancel_button, Qt.MouseButton.LeftButton)

    run._signals.progressed.connect(on_progress)
    wizard.next()
    qtbot.waitUntil(lambda: not run.running, timeout=20_000)
    assert seen and seen[0] < 6000
    assert "Cancelled: nothing was imported." == run.status.text()
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Order)) == 0


REASONS = {  # the wizard's language -> what its preview, errors table and summary say
    "zh_CN": ("phone 不是有效的电话号码：12345", "external_id C001 已在第 2 行出现", "读取 4 行，新增 2，更新 0，未变 0，失败 2"),
    "en": ("phone: not a valid phone number: '12345'", "external_id C001 is already on row 2",
           "4 rows read, 2 created, 0 updated, 0 unchanged, 2 failed"),
}


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_row_reasons_are_shown_in_the_language_of_the_interface(qtbot, qapp, db, clock, make_ctx, tmp_path,
                                                                  language):
    from PySide6.QtCore import QLocale

    from ui.i18n import install_translators

    with db.session(write=True) as s:
        admin = make_user(s, "admin1", role="admin", at=clock.now())
    path = tmp_path / "members.csv"
    path.write_text(MEMBERS + "C001,王秀英,13912345671,,w\n", encoding="utf-8")
    installed = install_translators(qapp, language)
    try:
        wizard = start(qtbot, make_ctx(admin, language=language), "members", path)
        wizard.next()
        qtbot.waitUntil(wizard.columns.isComplete)
        wizard.next()
        preview = wizard.preview
        qtbot.waitUntil(preview.isComplete)
        model = preview.model
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        phone, repeated, summary = REASONS[language]
        assert model.data(model.index(1, headers.index("phone")), Qt.ItemDataRole.ToolTipRole) == phone
        assert model.data(model.index(3, headers.index("external_id")), Qt.ItemDataRole.ToolTipRole) == repeated

        wizard.next()
        run = wizard.run
        qtbot.waitUntil(lambda: not run.running, timeout=20_000)
        assert run.status.text() == summary
        assert [run.errors.data(run.errors.index(r, 3)) for r in range(run.errors.rowCount())] == [phone, repeated]
        run.save_report_to(tmp_path / "report.csv")  # the report file stays in English whatever the screen says
        with open(tmp_path / "report.csv", encoding="utf-8-sig", newline="") as fh:
            assert [r["reason"] for r in csv.DictReader(fh)] == list(REASONS["en"][:2])
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
        QLocale.setDefault(QLocale("en"))

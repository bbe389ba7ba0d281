"""The centre's brand ("brand" settings section) on both engines: set once by an admin, it is
what every report prints (name read back from the PDF, the logo image inside it) and what the
call scripts say; anything else is refused and changes nothing."""

import io
import json
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from app.cli.main import main
from app.data.tables import AuditEntry
from app.reports.member import render_member_report
from app.reports.summary import render_summary_report
from app.services import settings
from app.services.calls.scripts import script_for_task
from app.services.errors import PermissionDenied, ValidationError
from app.services.queue import upsert_task
from app.services.reports import member_report_data, parse_period, summary_report_data
from app.services.users import SYSTEM
from tests.reports.builders import LOGO_SIZE, logo_png, rich_member
from tests.reports.pdfcheck import image_sizes, pdf_text, reader
from tests.support.factories import make_member, make_order, make_product, make_user

def test_member_and_summary_reports_print_the_name_and_logo_set_in_settings(db, clock):
    with db.session() as s:
        member_id = rich_member(s, clock, name="王秀英").id
    before = render_member_report(member_report_data(db, SYSTEM, clock, member_id))
    assert "安康会员关怀中心" in pdf_text(before) and (256, 256) in image_sizes(before)

    settings.update_brand(db, SYSTEM, clock, name_zh="康宁健康管理", name_en="Kangning Health", logo=logo_png())

    zh = render_member_report(member_report_data(db, SYSTEM, clock, member_id))
    assert "康宁健康管理" in pdf_text(zh) and "安康会员关怀中心" not in pdf_text(zh)
    assert LOGO_SIZE in image_sizes(zh) and (256, 256) not in image_sizes(zh)
    assert reader(zh).metadata.author == "康宁健康管理"
    en = render_member_report(member_report_data(db, SYSTEM, clock, member_id, language="en"))
    assert "KangningHealth" in pdf_text(en)
    summary = render_summary_report(summary_report_data(db, SYSTEM, clock, parse_period("2026-06")))
    assert "康宁健康管理" in pdf_text(summary) and LOGO_SIZE in image_sizes(summary)


def test_one_name_serves_both_languages_and_an_empty_logo_keeps_the_packaged_one(db, clock):
    with db.session() as s:
        member_id = rich_member(s, clock).id
    settings.update_brand(db, SYSTEM, clock, name_zh="康宁健康管理", name_en="", logo=b"")
    en = render_member_report(member_report_data(db, SYSTEM, clock, member_id, language="en"))
    assert "康宁健康管理" in pdf_text(en) and "AnKangMemberCare" not in pdf_text(en)
    assert (256, 256) in image_sizes(en)


def test_call_scripts_say_the_brand_name_set_in_settings(db, clock):
    now = clock.now()
    with db.session(write=True) as s:
        agent = make_user(s, "li", at=now)
        product = make_product(s, "FO1", name="深海鱼油软胶囊 500mg", daily_dose="1粒", dosage="500mg，每日1粒")
        member = make_member(s, at=now, name="欧阳娜娜")
        order = make_order(s, member, product, ordered_at=now - timedelta(days=25))
        task = upsert_task(s, clock, member_id=member.id, reason="refill", due_at=now, product_id=product.id,
                           order_id=order.id, detail={"days_left": 5})
    settings.update_brand(db, SYSTEM, clock, name_zh="康宁健康管理", name_en="Kangning Health", logo=b"")
    zh = script_for_task(db, agent, clock, task.id)
    assert zh.rendered.sections[0].items[0].text.startswith("欧阳女士您好，我是康宁健康管理的健康顾问li，")
    en = script_for_task(db, agent, clock, task.id, lang="en")
    assert "this is li from Kangning Health" in en.rendered.sections[0].items[0].text


@pytest.mark.parametrize("logo, message", [
    (b"GIF89a" + b"\0" * 40, "not a JPEG or PNG"),
    (logo_png()[:40], "not a readable image"),  # a PNG signature on a cut-off file
    (b"\x89PNG\r\n\x1a\n" + b"\0" * (600 * 1024), "at most 512 KB"),
])
def test_a_logo_that_is_no_usable_jpeg_or_png_is_refused_and_nothing_changes(db, clock, logo, message):
    with pytest.raises(ValidationError) as exc:
        settings.update_brand(db, SYSTEM, clock, name_zh="康宁", name_en="", logo=logo)
    assert message in str(exc.value.errors)
    assert settings.show_brand(db, SYSTEM) == settings.SECTIONS["brand"].defaults


def test_only_admins_set_the_brand_and_the_audit_keeps_the_logos_digest_not_its_bytes(db, clock):
    now = clock.now()
    with db.session(write=True) as s:
        supervisor = make_user(s, "boss", role="supervisor", at=now)
        agent = make_user(s, "li", at=now)
    with pytest.raises(PermissionDenied):
        settings.update_brand(db, supervisor, clock, name_zh="我的中心", name_en="", logo=b"")
    settings.update_brand(db, SYSTEM, clock, name_zh="康宁健康管理", name_en="", logo=logo_png())
    shown = settings.show_brand(db, agent)  # everyone may see it (the Reports tab, read-only)
    assert shown.name_zh == "康宁健康管理" and Image.open(io.BytesIO(shown.logo)).size == LOGO_SIZE
    with db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == "brand")).one()
    assert entry.detail["changes"]["logo"].startswith(f"{len(logo_png())} bytes, sha256 ")


def test_the_cli_sets_the_logo_from_a_file_and_shows_the_section(db, db_url, tmp_path, capsys):
    path = tmp_path / "logo.png"
    path.write_bytes(logo_png())
    assert main(["settings", "set", "brand", "name_zh=康宁健康管理", f"logo=@{path}", "--db", db_url]) == 0
    capsys.readouterr()
    assert main(["settings", "show", "brand", "--json", "--db", db_url]) == 0
    assert json.loads(capsys.readouterr().out)["name_zh"] == "康宁健康管理"
    assert settings.show_brand(db, SYSTEM).logo == logo_png()
    assert main(["settings", "set", "brand", f"logo=@{tmp_path / 'none.png'}", "--db", db_url]) == 1
    assert "cannot read" in capsys.readouterr().err

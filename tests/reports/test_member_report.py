"""The member care report: the snapshot exactly, and the PDF read back."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.data.tables import AuditEntry
from app.domain.codes import Role
from app.reports.member import render_member_report
from app.services.auth import SYSTEM, Actor
from app.services.errors import NotFound, PermissionDenied
from app.services.reports import ReportPurpose, member_report_data
from tests.reports.builders import NOTES, add_call, add_indicator, rich_member
from tests.reports.pdfcheck import assert_fonts_embedded, flat, pdf_text, reader
from tests.support.factories import make_member, make_order, make_product, make_user


@pytest.fixture
def two_members(db, clock):
    with db.session() as s:
        member = rich_member(s, clock, name="王秀英", phone="+8613812345678")
        other = rich_member(s, clock, name="赵德柱", phone="+8613987654321", owner_name="孙经理",
                            product_names=["乳清蛋白粉 900g 香草味"])
        add_indicator(s, other, "ferritin", 30.0, "ng/mL", clock.now() - timedelta(days=20))
        return member.id, other.id


def test_snapshot_holds_regimen_ratings_and_next_contact(db, clock, two_members):
    member_id, _ = two_members
    data = member_report_data(db, SYSTEM, clock, member_id)
    assert data.member_name == "王秀英"
    assert data.masked_phone == "138****5678"
    assert data.tier == "gold" and data.care_manager == "李慧"
    assert data.period_end == date(2026, 6, 15) and data.period_start == date(2025, 12, 18)
    assert [line.product_name for line in data.regimen] == ["深海鱼油软胶囊 500mg", "益生菌固体饮料（儿童及成人适用）每盒30袋"]
    fish = data.regimen[0]
    # Six back-to-back 30-day packs from 14 Dec cover up to 11 Jun: 176 of the 180 days to 15 Jun.
    assert fish.since == date(2025, 12, 14) and fish.last_purchase == date(2026, 5, 13)
    assert fish.pdc == pytest.approx(176 / 180) and fish.adherent is True
    probiotics = data.regimen[1]
    assert probiotics.adherent is False  # bought every other month
    assert {s.key for s in data.effect_series} == {"energy", "sleep", "mood"}
    assert all(len(s.points) == 6 for s in data.effect_series)
    assert [p.value for p in data.satisfaction] == [7.0, 9.0, 8.0, 7.0, 9.0, 8.0]
    assert data.next_contact is not None and data.next_contact.reason == "refill"
    assert data.next_contact.due == date(2026, 6, 21)
    assert data.recommendations[0].text == NOTES[1] and data.recommendations[0].agent == "李慧"
    assert data.health_included and [s.key for s in data.health_series] == ["hemoglobin"]
    assert data.language == "zh"


def test_chinese_pdf_shows_member_products_and_masked_phone_only(db, clock, two_members):
    member_id, _ = two_members
    pdf = render_member_report(member_report_data(db, SYSTEM, clock, member_id))
    text = pdf_text(pdf)
    for expected in ["王秀英", "深海鱼油软胶囊500mg", flat("益生菌固体饮料（儿童及成人适用）每盒30袋"), "138****5678",
                     "个人营养关怀报告", "金卡会员", "李慧", "预约一对一营养师", "血红蛋白", "续购提醒",
                     "第1页/共", "机密"]:
        assert expected in text, expected
    assert "13812345678" not in text
    for foreign in ["赵德柱", "孙经理", "乳清蛋白粉", "13987654321", "987654321", "铁蛋白"]:
        assert foreign not in text, foreign
    assert_fonts_embedded(pdf)


def test_english_report_by_member_language_or_flag(db, clock):
    with db.session() as s:
        member_id = rich_member(s, clock, name="Mary Chen 陈美丽", language="en").id
    data = member_report_data(db, SYSTEM, clock, member_id)
    assert data.language == "en"
    text = pdf_text(render_member_report(data))
    for expected in ["PersonalNutritionCareReport", "MaryChen陈美丽", "Gold", "Book", "Page1of", "Hemoglobin"]:
        assert expected in text, expected
    zh = pdf_text(render_member_report(member_report_data(db, SYSTEM, clock, member_id, language="zh")))
    assert "个人营养关怀报告" in zh


def test_little_history_gives_a_short_report_without_empty_charts(db, clock):
    with db.session() as s:
        member = make_member(s, at=clock.now(), name="刘新客", tier="gold")
        make_order(s, member, make_product(s), ordered_at=clock.now() - timedelta(days=10))
        add_call(s, member, at=clock.now() - timedelta(days=3), effects={"energy": 6}, satisfaction=9)
        member_id = member.id
    data = member_report_data(db, SYSTEM, clock, member_id)
    pdf = render_member_report(data)
    text = pdf_text(pdf)
    assert len(reader(pdf).pages) == 1
    assert "暂无足够的效果评分" in text and "暂无足够的健康指标记录" in text
    assert "平均满意度9.0/10" in text
    assert "暂无计划中的回访" in text
    assert data.regimen[0].pdc == 1.0


def test_long_history_and_notes_break_over_pages_with_numbering(db, clock):
    long_note = "会员详细描述了服用后的感受以及家人的观察，" * 12
    with db.session() as s:
        member = rich_member(s, clock, name="欧阳慕容雪" * 6, months=11,
                             product_names=[f"超长名称的复合维生素矿物质片（第{i}代）配方升级装" * 2 for i in range(6)])
        for i in range(5):
            add_call(s, member, at=clock.now() - timedelta(days=1, hours=i), notes=long_note)
        member_id = member.id
    pdf = render_member_report(member_report_data(db, SYSTEM, clock, member_id))
    pages = len(reader(pdf).pages)
    assert pages >= 3
    text = pdf_text(pdf)
    assert f"第{pages}页/共{pages}页" in text
    assert flat(long_note) in text  # wrapped inside its cell, not cut off
    assert_fonts_embedded(pdf)


def test_health_indicators_need_permission_and_purpose(db, clock, two_members):
    member_id, _ = two_members
    with db.session() as s:
        agent = make_user(s, "agent_plain", at=clock.now())
        nurse = make_user(s, "agent_health", can_view_health=True, at=clock.now())
    plain = member_report_data(db, agent, clock, member_id)
    assert not plain.health_included and plain.health_series == ()
    assert "血红蛋白" not in pdf_text(render_member_report(plain))
    shared = member_report_data(db, nurse, clock, member_id, purpose=ReportPurpose.SHARED)
    assert not shared.health_included
    allowed = member_report_data(db, nurse, clock, member_id)
    assert allowed.health_included and allowed.health_series
    with db.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action == "report_health_read")).all()
        assert [(e.user_id, e.entity_id) for e in entries] == [(nurse.id, str(member_id))]


def test_unknown_member_is_not_found(db, clock):
    with pytest.raises(NotFound):
        member_report_data(db, SYSTEM, clock, 999_999)


def test_member_report_needs_view_members(db, clock, monkeypatch):
    from app.services import auth

    monkeypatch.setitem(auth._ROLE_PERMISSIONS, Role.AGENT, set())
    with pytest.raises(PermissionDenied):
        member_report_data(db, Actor(id=None, username="x", role=Role.AGENT), clock, 1)

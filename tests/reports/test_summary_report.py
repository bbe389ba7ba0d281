"""The supervisor summary: exact figures for a small month, the PDF read back, and permissions."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.clock import Clock
from app.reports.summary import render_summary_report
from app.services.errors import PermissionDenied, ValidationError
from app.services.reports import parse_period, summary_report_data
from app.services.dashboard import attribute_refills
from tests.reports.builders import add_call, add_refill, add_ticket
from tests.reports.pdfcheck import assert_fonts_embedded, pdf_text, reader
from tests.support.factories import make_member, make_order, make_product, make_user

SH = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int = 10, month: int = 6) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=SH)


@pytest.fixture
def clock() -> Clock:
    """The last evening of June: the month is measured whole (a period is cut at now)."""
    return Clock.fixed(date(2026, 6, 30), time(20, 0), tz=SH)


@pytest.fixture
def month(db, clock):
    with db.session() as s:
        zhang = make_user(s, "张三", at=clock.now())
        li = make_user(s, "李四", at=clock.now())
        boss = make_user(s, "boss", role="supervisor", at=clock.now())
        product = make_product(s)
        m1, m2, m3, m4 = (make_member(s, at=clock.now(), name=n, phone=f"+861381234{i:04d}", tier="gold")
                          for i, n in enumerate(["甲", "乙", "丙", "丁"]))
        c1 = add_call(s, m1, at=at(2), agent_id=zhang.id, satisfaction=8, complaint_category="logistics")
        add_call(s, m2, at=at(3), agent_id=zhang.id, satisfaction=9)
        add_call(s, m3, at=at(9), agent_id=zhang.id, satisfaction=6, complaint_category="quality", wrap_seconds=120)
        add_call(s, m4, at=at(10), agent_id=zhang.id, disposition="no_answer")
        add_call(s, m4, at=at(10, 15), agent_id=li.id, satisfaction=10)
        add_call(s, m1, at=at(16), agent_id=li.id, satisfaction=7)
        add_call(s, m3, at=at(17), agent_id=li.id, disposition="busy")
        add_call(s, m3, at=at(17, 19), agent_id=li.id, disposition="no_answer")
        add_call(s, m2, at=at(28, month=5), agent_id=li.id, satisfaction=1)  # May: not in June's summary
        make_order(s, m2, product, ordered_at=at(10))  # 7 days after m2's reached call on 3 June
        add_refill(s, m4, at=at(20))  # 10 days after m4's call
        make_order(s, m1, product, ordered_at=at(30, month=7) - timedelta(days=20))  # 10 Jul: 24 days after 16 Jun
        add_ticket(s, m1, opened_at=at(2, 11), call_id=c1.id, resolved_after=timedelta(hours=5))
        add_ticket(s, m2, opened_at=at(4), category="logistics", resolved_after=timedelta(hours=30), repeat=True)
        add_ticket(s, m3, opened_at=at(9, 11), category="quality", department="quality", severity="urgent")
        add_ticket(s, m4, opened_at=clock.now() - timedelta(hours=1), category="service", department="service")
        s.flush()
        attribute_refills(s, None)  # orders and requests went in directly: credit the calls as the writers would
        return {"boss": boss, "agent": zhang}


def test_month_figures(db, clock, month):
    data = summary_report_data(db, month["boss"], clock, parse_period("2026-06"))
    assert (data.attempts, data.reached) == (8, 5)
    assert data.connect_rate == pytest.approx(5 / 8)
    assert (data.members_attempted, data.members_reached) == (4, 4)
    assert data.satisfaction_avg == pytest.approx(8.0) and data.satisfaction_count == 5
    # Complaints are complaint tickets: m3's call complaint opened no ticket of its own here.
    assert [(r.key, r.count) for r in data.complaints] == [("logistics", 2), ("quality", 1), ("service", 1)]
    assert (data.complaints_total, data.tickets_opened) == (4, 4)
    assert data.sla_met_rate == pytest.approx(1 / 3)
    assert [(r.key, r.count, r.detail) for r in data.recurring] == [("logistics/logistics", 2, "2/1")]
    sla = {r.severity: (r.tickets, r.on_time, r.breached, r.pending) for r in data.sla}
    assert sla == {"normal": (3, 1, 1, 1), "urgent": (1, 0, 1, 0)}
    assert data.reached_calls_with_refill == 2  # m2 (order after 7 days) and m4 (request after 10 days)
    agents = {a.name: (a.calls, a.reached, a.complaints, a.refills_after) for a in data.agents}
    assert agents == {"张三": (4, 3, 1, 1), "李四": (4, 2, 0, 1)}
    # ISO-week buckets, the first clamped to 1 June.
    assert [p.day for p in data.connect_trend] == [date(2026, 6, 1), date(2026, 6, 8), date(2026, 6, 15)]
    assert [p.value for p in data.connect_trend] == [1.0, pytest.approx(2 / 3), pytest.approx(1 / 3)]


def test_week_summary_buckets_by_day(db, clock, month):
    data = summary_report_data(db, month["boss"], clock, parse_period("2026-W24"))
    assert (data.period_start, data.period_end) == (date(2026, 6, 8), date(2026, 6, 14))
    assert data.attempts == 3
    assert [p.day for p in data.connect_trend] == [date(2026, 6, 9), date(2026, 6, 10)]


def test_summary_pdf_has_charts_tables_and_embedded_fonts(db, clock, month):
    pdf = render_summary_report(summary_report_data(db, month["boss"], clock, parse_period("2026-06")))
    text = pdf_text(pdf)
    for expected in ["回访运营汇总报告2026-06", "接通率", "62%", "目标75%", "未达标", "物流（延误/破损）",
                     "张三", "李四", "响应时效达标", "回访后复购", "2/5"]:
        assert expected in text, expected
    assert "第1页/共" in text
    assert_fonts_embedded(pdf)
    assert len(reader(pdf).pages) >= 1


def test_agent_cannot_run_the_summary(db, clock, month):
    with pytest.raises(PermissionDenied):
        summary_report_data(db, month["agent"], clock, parse_period("2026-06"))


def test_empty_period_gives_a_short_summary(db, clock, month):
    data = summary_report_data(db, month["boss"], clock, parse_period("2025-01"))
    assert data.attempts == 0 and data.connect_rate is None
    text = pdf_text(render_summary_report(data))
    assert "本期无投诉" in text and "本期无通话记录" in text


@pytest.mark.parametrize("bad", ["2026-13", "2026/06", "June", "2026-W54", ""])
def test_bad_periods_are_refused(bad):
    with pytest.raises(ValidationError):
        parse_period(bad)


def test_periods_parse_months_and_weeks():
    assert parse_period("2026-02").end == date(2026, 2, 28)
    assert parse_period("2026-12").end == date(2026, 12, 31)
    assert parse_period("2026-w01").label == "2026-W01"


CODES = ["quality", "usage", "logistics", "service", "stock_out", "counterfeit", "supply_chain", "technology",
         "medical", "adverse_reaction", "urgent", "normal", "reached", "no_answer"]


def test_summary_pdf_prints_labels_never_raw_codes(db, clock):
    from tests.reports.builders import DEPARTMENT

    with db.session() as s:
        boss = make_user(s, "boss2", role="supervisor", at=clock.now())
        member = make_member(s, at=clock.now(), name="甲")
        for i, (category, department) in enumerate([*DEPARTMENT.items(), ("adverse_reaction", "medical")]):
            for repeat in (False, True):  # twice each: every pair is a recurring issue too
                add_ticket(s, member, opened_at=at(3 + i), category=category, department=department,
                           severity="urgent" if i % 2 else "normal", repeat=repeat)
        add_call(s, member, at=at(3), agent_id=boss.id, satisfaction=8)
    data = summary_report_data(db, boss, clock, parse_period("2026-06"))
    assert data.tickets_opened == 14 and data.complaints_total == 12  # a severe reaction is no complaint
    zh = pdf_text(render_summary_report(data))
    assert [code for code in CODES if code in zh] == []
    en = pdf_text(render_summary_report(summary_report_data(db, boss, clock, parse_period("2026-06"), language="en")))
    assert [code for code in CODES if "_" in code or code in ("urgent", "normal") if code in en] == []
    assert "Supplychain" in en and "Urgent(2h)" in en


def test_units_read_naturally_in_both_languages():
    from app.reports.labels import quantity

    assert quantity("en", 1, "day") == "1 day" and quantity("en", 14, "day") == "14 days"
    assert quantity("en", 1, "care_call") == "1 care call" and quantity("en", 0, "call") == "0 calls"
    assert quantity("zh", 1, "day") == "1天" and quantity("zh", 14, "day") == "14天"

"""The member programme's figures in the one KPI definition: the same numbers from
`measure_programme`, `caredesk-admin kpi --json` (new keys beside the old ones) and the
summary PDF read back in Chinese and English, on both engines."""

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.data.loyalty import MemberChange
from app.data.tables import PointsEntry
from app.domain.clock import Clock
from app.domain.periods import range_period
from app.reports.summary import render_summary_report
from app.services import dashboard
from app.services.reports import summary_report_data
from app.services.users import SYSTEM
from tests.reports.pdfcheck import pdf_text
from tests.support.factories import make_member, make_order, make_product, make_user
from tests.support.floor_data import add_call

JUNE = datetime(2026, 5, 31, 16, tzinfo=UTC)  # 1 June 00:00 in Shanghai
OLD_KEYS = {"from", "to", "calls", "reached", "connect_rate", "members_called", "members_reached", "contact_rate",
            "satisfaction_avg", "satisfaction_count", "tickets_opened", "complaints", "sla_met", "sla_breached",
            "sla_pending", "sla_met_rate", "refills", "refill_rate", "refill_window_days", "churn_reached"}


def seed_programme(db) -> None:
    """In June: fish oil bought twice by one member (8 days apart), once by another;
    probiotics once; points earned, redeemed, expired; one tier move; a member won back after
    a reached call; one member in churn warning and one lost now."""
    with db.session(write=True) as s:
        agent = make_user(s, "agent1", at=JUNE)
        oil = make_product(s, category="fish_oil")
        probiotic = make_product(s, category="probiotics")
        a, b, c, d, e = (make_member(s, at=JUNE - timedelta(days=200), phone=f"+86138000000{i}") for i in range(5))
        make_order(s, a, oil, ordered_at=JUNE + timedelta(days=2))
        make_order(s, a, oil, ordered_at=JUNE + timedelta(days=10))
        make_order(s, b, oil, ordered_at=JUNE + timedelta(days=3))
        make_order(s, b, probiotic, ordered_at=JUNE + timedelta(days=4))
        make_order(s, c, oil, ordered_at=JUNE - timedelta(days=40))  # before the period: not counted
        d.lifecycle_stage, e.lifecycle_stage = "churn_warning", "lost"
        for member, delta, kind in ((a, 396, "earned"), (a, 50, "bonus"), (b, -500, "redeemed"),
                                    (c, -120, "expired"), (c, 999, "earned")):
            s.add(PointsEntry(member_id=member.id, delta=delta, kind=kind, source="order", reason="purchase",
                              created_at=JUNE + timedelta(days=5) if delta != 999 else JUNE - timedelta(days=3)))
        s.add(MemberChange(member_id=a.id, at=JUNE + timedelta(days=10), field="tier", old="standard", new="silver"))
        # c: churn warning in May, reached on 6 June, back to stable on 12 June.
        s.add(MemberChange(member_id=c.id, at=JUNE - timedelta(days=10), field="lifecycle", old="stable",
                           new="churn_warning"))
        add_call(s, c, at=JUNE + timedelta(days=5), agent_id=agent.id)
        s.add(MemberChange(member_id=c.id, at=JUNE + timedelta(days=11), field="lifecycle", old="churn_warning",
                           new="stable"))


def test_programme_figures_of_the_period(db):
    seed_programme(db)
    with db.session() as s:
        p = dashboard.measure_programme(s, JUNE, JUNE + timedelta(days=30))
    assert (p.buyers, p.repeat_buyers, p.repurchase_rate, p.median_interval_days) == (2, 1, 0.5, 8.0)
    assert {c.category: (c.buyers, c.repeat_buyers, c.repurchase_rate, c.median_interval_days)
            for c in p.by_category} == {"fish_oil": (2, 1, 0.5, 8.0), "probiotics": (1, 0, 0.0, None)}
    assert (p.members_churn_warning, p.members_lost, p.won_back_after_call) == (1, 1, 1)
    assert (p.points_issued, p.points_redeemed, p.points_expired) == (446, 500, 120)
    assert p.tier_movements == (("standard", "silver", 1),)


def _kpi_json(db_url: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "app", "kpi", "--from", "2026-06-01", "--to", "2026-06-30", "--json", "--db", db_url,
         "--today", "2026-07-01", "--at", "10:00"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "TZ": "Asia/Shanghai"},
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_kpi_json_adds_the_programme_keys_and_keeps_the_old_ones(db, db_url):
    seed_programme(db)
    data = _kpi_json(db_url)
    assert OLD_KEYS <= set(data)
    assert (data["calls"], data["reached"], data["refills"]) == (1, 1, 0)
    assert data["repurchase_rate"] == 0.5 and data["median_repurchase_interval_days"] == 8.0
    assert data["repurchase_by_category"]["fish_oil"] == {"buyers": 2, "repeat_buyers": 1, "repurchase_rate": 0.5,
                                                          "median_interval_days": 8.0}
    assert (data["members_churn_warning"], data["members_lost"], data["won_back_after_call"]) == (1, 1, 1)
    assert (data["points_issued"], data["points_redeemed"], data["points_expired"]) == (446, 500, 120)
    assert data["tier_movements"] == {"standard->silver": 1}


def test_the_summary_pdf_shows_the_programme_with_labels_not_codes(db):
    seed_programme(db)
    clock = Clock.fixed(date(2026, 7, 1), time(10), tz=ZoneInfo("Asia/Shanghai"))
    supervisor = SYSTEM
    period = range_period(date(2026, 6, 1), date(2026, 6, 30))
    zh = pdf_text(render_summary_report(summary_report_data(db, supervisor, clock, period, language="zh")))
    assert "会员计划" in zh and "复购率50%" in zh and "复购间隔中位数8天" in zh
    assert "鱼油" in zh and "益生菌" in zh and "普通会员→银卡会员1" in zh
    assert "发放积分446" in zh and "兑换积分500" in zh and "过期积分120" in zh and "回访后挽回会员1人" in zh
    assert "fish_oil" not in zh and "churn_warning" not in zh
    en = pdf_text(render_summary_report(summary_report_data(db, supervisor, clock, period, language="en")))
    assert "Memberprogramme" in en and "Repurchaserate50%" in en and "Medianrepurchaseinterval8days" in en
    assert "Fishoil" in en and "Standard→Silver1" in en and "Pointsexpired120" in en

"""caredesk-admin report member|premium|summary, end to end through app.cli.main.main."""

from datetime import timedelta

import pytest

from app.cli.main import main
from tests.reports.builders import add_call, rich_member
from tests.reports.pdfcheck import assert_fonts_embedded, pdf_text
from tests.support.factories import make_member

TODAY = ["--today", "2026-06-15"]


@pytest.fixture
def members(db, clock):
    with db.session() as s:
        vip = rich_member(s, clock, name="王秀英", tier="diamond")
        vip_en = rich_member(s, clock, name="Lily Wu", tier="gold", language="en", phone="+8613911112222")
        quiet_vip = make_member(s, at=clock.now(), name="钱静", tier="gold", phone="+8613700001111")
        silver = make_member(s, at=clock.now(), name="孙银", tier="silver", phone="+8613700002222")
        add_call(s, silver, at=clock.now() - timedelta(days=3), satisfaction=8)
        return {"vip": vip.id, "vip_en": vip_en.id, "quiet": quiet_vip.id, "silver": silver.id}


def test_member_report_to_file(db_url, members, tmp_path, capsys):
    out = tmp_path / "r.pdf"
    assert main(["report", "member", str(members["vip"]), "-o", str(out), "--db", db_url, *TODAY]) == 0
    pdf = out.read_bytes()
    assert "王秀英" in pdf_text(pdf) and "138****5678" in pdf_text(pdf)
    assert_fonts_embedded(pdf)
    assert "wrote" in capsys.readouterr().out


def test_member_report_language_flag(db_url, members, tmp_path):
    out = tmp_path / "en.pdf"
    assert main(["report", "member", str(members["vip"]), "-o", str(out), "--lang", "en", "--db", db_url, *TODAY]) == 0
    assert "PersonalNutritionCareReport" in pdf_text(out.read_bytes())


def test_unknown_member_and_bad_period_are_clear_errors(db_url, members, tmp_path, capsys):
    assert main(["report", "member", "424242", "-o", str(tmp_path / "x.pdf"), "--db", db_url]) == 1
    assert "no member with id 424242" in capsys.readouterr().err
    assert main(["report", "summary", "--period", "2026-13", "-o", str(tmp_path / "s.pdf"), "--db", db_url]) == 1
    assert "period: not a period" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "s.pdf").exists()


def test_summary_to_file(db_url, members, tmp_path):
    out = tmp_path / "s.pdf"
    assert main(["report", "summary", "--period", "2026-06", "-o", str(out), "--db", db_url, *TODAY]) == 0
    text = pdf_text(out.read_bytes())
    assert "回访运营汇总报告2026-06" in text
    assert_fonts_embedded(out.read_bytes())


@pytest.mark.slow
def test_premium_batch_writes_one_report_per_active_vip(db_url, members, tmp_path, capsys):
    out_dir = tmp_path / "batch"
    code = main(["report", "premium", "--period", "2026-06", "--out-dir", str(out_dir), "--workers", "2",
                 "--db", db_url, *TODAY])
    assert code == 0
    files = sorted(out_dir.glob("*.pdf"))
    assert len(files) == 2  # the two VIPs with calls in June; not the quiet VIP, not the silver member
    texts = {f.name: pdf_text(f.read_bytes()) for f in files}
    assert sum("王秀英" in t for t in texts.values()) == 1
    assert sum("LilyWu" in t and "PersonalNutritionCareReport" in t for t in texts.values()) == 1
    assert all(name.startswith("care-report-2026-06-") for name in texts)
    output = capsys.readouterr().out
    assert "1/2" in output and "2/2" in output and "2 of 2 premium reports" in output


def test_no_health_flag_leaves_indicators_out(db_url, members, tmp_path):
    shared, own = tmp_path / "shared.pdf", tmp_path / "own.pdf"
    assert main(["report", "member", str(members["vip"]), "-o", str(shared), "--no-health", "--db", db_url, *TODAY]) == 0
    assert main(["report", "member", str(members["vip"]), "-o", str(own), "--db", db_url, *TODAY]) == 0
    assert "血红蛋白" not in pdf_text(shared.read_bytes())
    assert "血红蛋白" in pdf_text(own.read_bytes())

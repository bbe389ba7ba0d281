"""caredesk-admin points show|redeem|adjust, member refer and daily on both engines."""

import json
from datetime import date

from app.cli.main import main
from tests.loyalty.world import World


def run(db_url, *args, today="2026-06-15") -> int:
    return main([*args, "--db", db_url, "--today", today])


def test_points_show_redeem_and_adjust(db_url, db, capsys):
    w = World(db)
    m = w.member()
    w.order(m, date(2026, 6, 1), quantity=15)
    assert run(db_url, "points", "redeem", str(m), "coupon", "--key", "k1", "--as", "agent1", "--json") == 0
    done = json.loads(capsys.readouterr().out)
    assert (done["points"], done["balance"], done["duplicate"]) == (1000, 500, False)
    assert run(db_url, "points", "redeem", str(m), "coupon", "--key", "k1", "--as", "agent1") == 0
    assert capsys.readouterr().out.startswith("already redeemed")
    assert run(db_url, "points", "redeem", str(m), "coupon", "--as", "agent1") == 1  # 500 left
    assert "balance is 500" in capsys.readouterr().err
    assert run(db_url, "points", "adjust", str(m), "+30", "--reason", "goodwill", "--as", "agent1") == 1
    assert run(db_url, "points", "adjust", str(m), "30", "--reason", "goodwill", "--as", "admin1") == 0
    assert "balance 530" in capsys.readouterr().out
    assert run(db_url, "points", "show", str(m), "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["programme"]["balance"] == shown["ledger_sum"] == 530
    assert [e["kind"] for e in shown["entries"]] == ["adjusted", "redeemed", "earned"]


def test_member_refer_records_and_refuses(db_url, db, capsys):
    w = World(db)
    a, b = w.member(phone="+8613800000001"), w.member(phone="+8613800000002")
    assert run(db_url, "member", "refer", str(a), str(b), "--as", "agent1") == 0
    assert json.loads(capsys.readouterr().out)["status"] == "pending"
    assert run(db_url, "member", "refer", str(b), str(a)) == 1
    assert "referral" in capsys.readouterr().err


def test_daily_runs_every_job_with_a_line_each_and_twice_changes_nothing(db_url, db, capsys):
    w = World(db)
    m = w.member()
    w.order(m, date(2025, 6, 15), quantity=3)
    assert run(db_url, "daily") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["escalation", "expiry", "tiers", "lifecycle", "queue", "fraud",
                                                            "retention"]
    assert "expired_points 300" in lines[1]
    assert run(db_url, "daily", "--json") == 0
    again = json.loads(capsys.readouterr().out)
    assert again["expiry"]["expired_points"] == 0 and again["lifecycle"]["changed"] == 0
    assert again["queue"]["created"] == 0 and again["tiers"] == {"up": 0, "down": 0, "grace": 0, "seconds":
                                                                   again["tiers"]["seconds"]}

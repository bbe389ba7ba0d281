"""caredesk-admin queue build / show: the CLI contract of issue 3, on both engines."""

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.cli.main import main
from app.data.uow import Database
from tests.support.factories import make_member, make_order, make_product, make_user

SH = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 6, 15)


def _seed(url: str) -> None:
    db = Database.from_url(url)
    at = datetime.combine(TODAY, time(10), tzinfo=SH)
    with db.session(write=True) as s:
        make_user(s, "zhang", at=at)
        fish = make_product(s, name="深海鱼油 500mg")
        gold = make_member(s, at=at, tier="gold", external_id="M-GOLD", phone="+8613812345678")
        make_order(s, gold, fish, ordered_at=datetime.combine(TODAY - timedelta(days=26), time(9), tzinfo=SH))
        plain = make_member(s, at=at, external_id="M-PLAIN", phone="+8613900001111")
        make_order(s, plain, fish, ordered_at=datetime.combine(TODAY - timedelta(days=25), time(9), tzinfo=SH))
        make_member(s, at=at, external_id="M-DNC", phone="+8613900002222", do_not_call=True)
    db.dispose()


def test_queue_build_then_show_json_carries_the_contract_keys(db_url, capsys):
    _seed(db_url)
    assert main(["--db", db_url, "queue", "build", "--today", "2026-06-15"]) == 0
    assert "tasks created" in capsys.readouterr().out
    assert main(["queue", "build", "--today", "2026-06-15", "--db", db_url]) == 0
    assert " 0 tasks created" in capsys.readouterr().out  # idempotent
    assert main(["--db", db_url, "queue", "show", "--agent", "zhang", "--today", "2026-06-15", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["member_external_id"] for i in items] == ["M-GOLD", "M-PLAIN"]
    first = items[0]
    for key in ("task_id", "member_id", "member_external_id", "phone_masked", "reasons", "score", "why"):
        assert key in first
    assert first["phone_masked"] == "138****5678" and first["reasons"] == ["refill"]
    assert first["why"] == "深海鱼油 500mg 还剩 4 天用完；金卡会员"
    assert isinstance(first["score"], int) and first["score"] > items[1]["score"]


def test_queue_show_limit_table_and_language(db_url, capsys):
    _seed(db_url)
    main(["--db", db_url, "queue", "build", "--today", "2026-06-15"])
    capsys.readouterr()
    assert main(["--db", db_url, "queue", "show", "--agent", "zhang", "--today", "2026-06-15", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "M-GOLD" in out and "M-PLAIN" not in out
    assert main(["--db", db_url, "queue", "show", "--agent", "zhang", "--today", "2026-06-15", "--json",
                 "--lang", "en", "--at", "10:30"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert items[0]["why"].endswith("runs out in 4 days; gold member")


def test_queue_show_for_an_unknown_agent_is_a_clear_error(db_url, capsys):
    _seed(db_url)
    assert main(["--db", db_url, "queue", "show", "--agent", "nobody"]) == 1
    assert "no active user named 'nobody'" in capsys.readouterr().err


def test_queue_next_claims_what_show_lists_first_with_the_same_keys(db_url, capsys):
    _seed(db_url)
    main(["--db", db_url, "queue", "build", "--today", "2026-06-15"])
    capsys.readouterr()
    common = ["--db", db_url, "--today", "2026-06-15", "--at", "10:30"]
    assert main(["queue", "show", "--agent", "zhang", "--json", *common]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert main(["queue", "next", "--agent", "zhang", "--json", *common]) == 0
    claimed = json.loads(capsys.readouterr().out)
    assert set(claimed) == set(shown[0])
    assert claimed["member_external_id"] == shown[0]["member_external_id"] == "M-GOLD"
    assert claimed["claimed_by"] is not None and claimed["score"] == shown[0]["score"]
    assert main(["queue", "next", "--agent", "zhang", "--json", *common]) == 0
    assert json.loads(capsys.readouterr().out)["member_external_id"] == "M-PLAIN"
    assert main(["queue", "next", "--agent", "zhang", "--json", *common]) == 0
    assert json.loads(capsys.readouterr().out) is None

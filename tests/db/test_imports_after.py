"""What an import leaves behind for the members it touched, scattered among others: each
member row written once with everything the steps after the rows decide (order facts, points,
tier, lifecycle), and a queue the daily build finds nothing to change in."""

from datetime import date, time
from pathlib import Path

from sqlalchemy import func, select

from app.data.tables import FollowUpTask, Member, PointsEntry
from app.domain.clock import Clock
from app.services import imports, queue
from app.services.settings import queue_settings
from app.services.users import SYSTEM
from tests.conftest import SHANGHAI
from tests.db.test_imports_rows import write

CLOCK = Clock.fixed(date(2026, 6, 26), time(10), tz=SHANGHAI)
MEMBERS = 40  # every other one orders: 20 runs of one id, past refresh_members' few ranges
HEADER = "order_id,member_external_id,sku,quantity,amount,ordered_at,delivered_at,channel,batch\n"


def _setup(db, tmp_path: Path) -> None:
    people = "external_id,name,phone,tier,consent\n" + "".join(
        f"C{i:03d},王秀英,138123456{i:02d},standard,yes\n" for i in range(MEMBERS))
    products = "sku,name,category,pack_days\nFO-500,深海鱼油,fish_oil,30\nPB-30,益生菌粉,probiotics,30\n"
    for kind, text in (("products", products), ("members", people)):
        result = imports.import_file(db, SYSTEM, CLOCK, kind=kind, path=write(tmp_path, f"{kind}.csv", text))
        assert result.failed == 0, result.errors


def _orders() -> str:
    rows = []
    for i in range(1, MEMBERS, 2):  # two orders each, the second 25 days ago (a refill is due)
        for n, (day, amount) in enumerate((("2026-04-20", 3000 + 100 * i), ("2026-06-01", 198))):
            rows.append(f"SO{i:03d}{n},C{i:03d},FO-500,1,{amount}.00,{day} 09:30,,tmall,\n")
            rows.append(f"SO{i:03d}{n},C{i:03d},PB-30,1,100.00,{day} 09:30,,tmall,\n")
    return HEADER + "".join(rows)


def _members(db) -> dict[str, tuple]:
    with db.session() as s:
        return {r[0]: tuple(r[1:]) for r in s.execute(select(
            Member.external_id, Member.version, Member.first_order_at, Member.last_order_at, Member.total_spent_fen,
            Member.points_balance, Member.tier, Member.lifecycle_stage, Member.segment_tags,
            Member.lifecycle_next_on))}


def test_each_touched_member_row_holds_what_every_step_decided_and_moved_one_version(db, tmp_path):
    _setup(db, tmp_path)
    before = _members(db)
    result = imports.import_file(db, SYSTEM, CLOCK, kind="orders", path=write(tmp_path, "o.csv", _orders()))
    assert result.failed == 0 and len(result.member_ids) == MEMBERS // 2
    after = _members(db)
    with db.session() as s:
        ledger = dict(s.execute(select(Member.external_id, func.sum(PointsEntry.delta))
                                .join(PointsEntry, PointsEntry.member_id == Member.id).group_by(Member.external_id)).all())
    for i in range(MEMBERS):
        key = f"C{i:03d}"
        if i % 2 == 0:
            assert after[key] == before[key]  # untouched members are not rewritten
            continue
        version, first, last, spent, points, tier, stage, tags, next_on = after[key]
        assert version == before[key][0] + 1  # the order facts changed: one edit
        assert (first.date(), last.date()) == (date(2026, 4, 20), date(2026, 6, 1))
        assert spent == (3000 + 100 * i + 100 + 198 + 100) * 100
        assert points == ledger[key] > 0
        assert next_on is not None  # derived in the import's transaction (the points step cleared it)
    assert any(after[f"C{i:03d}"][5] != "standard" for i in range(1, MEMBERS, 2))  # some upgraded at once
    # The lifecycle the import wrote is what a derivation of these members now gives.
    from app.services import loyalty
    from app.services.loyalty import jobs

    with db.session(write=True) as s:
        ids = sorted(result.member_ids)
        report = jobs.update_lifecycle(s, CLOCK, loyalty.loyalty_settings(s), queue_settings(s), member_ids=ids)
        assert report["changed"] == 0 and report["moved"] == 0


def test_the_queue_of_scattered_touched_members_is_what_the_daily_build_plans(db, tmp_path):
    _setup(db, tmp_path)
    imports.import_file(db, SYSTEM, CLOCK, kind="orders", path=write(tmp_path, "o.csv", _orders()))
    with db.session() as s:
        planned = set(s.execute(select(FollowUpTask.member_id, FollowUpTask.reason, FollowUpTask.due_at,
                                       FollowUpTask.priority).where(FollowUpTask.status == "open")))
    assert {reason for _, reason, _, _ in planned} >= {"refill"}
    with db.session(write=True) as s:
        summary = queue.build_all(s, CLOCK, queue_settings(s))
    assert (summary.created, summary.updated, summary.withdrawn) == (0, 0, 0)
    with db.session() as s:
        assert set(s.execute(select(FollowUpTask.member_id, FollowUpTask.reason, FollowUpTask.due_at,
                                    FollowUpTask.priority).where(FollowUpTask.status == "open"))) == planned


def test_an_orders_category_is_its_first_line_by_product_on_either_engine(db, tmp_path):
    # The lines of an order came in the join plan's order on PostgreSQL: the file's second
    # product first gave another main category than SQLite's index order, now never.
    _setup(db, tmp_path)
    text = HEADER + ("SO1,C001,PB-30,1,100.00,2026-06-01 09:30,,tmall,\n"
                     "SO1,C001,FO-500,1,100.00,2026-06-01 09:30,,tmall,\n")
    imports.import_file(db, SYSTEM, CLOCK, kind="orders", path=write(tmp_path, "o.csv", text))
    with db.session() as s:
        tags = s.scalar(select(Member.segment_tags).where(Member.external_id == "C001"))
        refs = set(s.execute(select(FollowUpTask.reason, FollowUpTask.product_id).where(FollowUpTask.status == "open")))
    assert tags.split(",")[-1] == "cat:fish_oil"  # FO-500 was imported first: the lower product id
    from app.services import loyalty
    from app.services.loyalty import jobs

    with db.session(write=True) as s:
        ids = list(s.scalars(select(Member.id).where(Member.external_id == "C001")))
        report = jobs.update_lifecycle(s, CLOCK, loyalty.loyalty_settings(s), queue_settings(s), member_ids=ids)
        assert report["changed"] == 0  # the nightly derivation reads the same first line
        summary = queue.build_all(s, CLOCK, queue_settings(s))
    assert (summary.created, summary.updated, summary.withdrawn) == (0, 0, 0)
    with db.session() as s:
        assert set(s.execute(select(FollowUpTask.reason, FollowUpTask.product_id)
                             .where(FollowUpTask.status == "open"))) == refs

"""After an import, in its transaction: a new order earns its points, a refund in the file
takes them back, a re-import posts nothing twice, and the member's refill task is there at
once (no nightly build in between)."""

from datetime import date, time
from pathlib import Path

from sqlalchemy import select

from app.data.tables import FollowUpTask, Member, Order, PointsEntry
from app.domain.clock import Clock
from app.services import imports
from app.services.users import SYSTEM
from tests.db.test_imports_rows import write
from tests.conftest import SHANGHAI

PRODUCTS = "sku,name,category,pack_days\nFO-500,深海鱼油,fish_oil,30\n"
MEMBERS = "external_id,name,phone,tier,consent\nC001,王秀英,13812345678,standard,yes\n"
HEADER = "order_id,member_external_id,sku,quantity,amount,ordered_at,delivered_at,channel,batch,refunded\n"
# Two lines of one order, 198 + 100 yuan, ordered 25 days before the clock's today.
ORDER = "SO1,C001,FO-500,1,198.00,2026-06-01 09:30,2026-06-03 15:00,tmall,,{refund}\n" \
        "SO1,C001,PB-30,1,100.00,2026-06-01 09:30,2026-06-03 15:00,tmall,,{refund}\n"
CLOCK = Clock.fixed(date(2026, 6, 26), time(10), tz=SHANGHAI)


def _setup(db, tmp_path: Path) -> None:
    products = PRODUCTS + "PB-30,益生菌粉,probiotics,30\n"
    for kind, text in (("products", products), ("members", MEMBERS)):
        result = imports.import_file(db, SYSTEM, CLOCK, kind=kind, path=write(tmp_path, f"{kind}.csv", text))
        assert result.failed == 0, result.errors


def _orders(db, tmp_path: Path, refund: str, name: str) -> imports.ImportResult:
    path = write(tmp_path, name, HEADER + ORDER.format(refund=refund))
    return imports.import_file(db, SYSTEM, CLOCK, kind="orders", path=path)


def _points(db) -> tuple[int, list[tuple[str, int]]]:
    with db.session() as s:
        member = s.scalars(select(Member).where(Member.external_id == "C001")).one()
        entries = s.execute(select(PointsEntry.kind, PointsEntry.delta).where(PointsEntry.member_id == member.id)
                            .order_by(PointsEntry.id)).all()
        return member.points_balance, [(k, d) for k, d in entries]


def test_an_imported_order_earns_its_points_and_a_refund_in_a_later_file_takes_them_back(db, tmp_path):
    _setup(db, tmp_path)
    first = _orders(db, tmp_path, "", "o1.csv")
    assert first.created == 2 and first.failed == 0
    assert _points(db) == (298, [("earned", 298)])  # 1 point a yuan, one entry for the whole order

    again = _orders(db, tmp_path, "", "o1-again.csv")
    assert again.unchanged == 2 and _points(db) == (298, [("earned", 298)])

    refunded = _orders(db, tmp_path, "298.00", "o2.csv")
    assert refunded.failed == 0
    balance, entries = _points(db)
    assert balance == 0 and entries == [("earned", 298), ("reversed", -298)]
    with db.session() as s:
        assert s.scalar(select(Order.refunded_fen).where(Order.external_id == "SO1")) == 29_800

    once_more = _orders(db, tmp_path, "298.00", "o2-again.csv")
    assert once_more.failed == 0 and _points(db) == (0, [("earned", 298), ("reversed", -298)])


def test_a_partial_refund_takes_back_its_share_of_the_points(db, tmp_path):
    _setup(db, tmp_path)
    _orders(db, tmp_path, "", "o1.csv")
    _orders(db, tmp_path, "149.00", "o2.csv")
    balance, entries = _points(db)
    assert entries[0] == ("earned", 298) and entries[1][0] == "reversed" and entries[1][1] == -149
    assert balance == 149


def test_an_order_refunded_in_the_file_that_brings_it_earns_nothing_net(db, tmp_path):
    _setup(db, tmp_path)
    result = _orders(db, tmp_path, "298.00", "o.csv")
    assert result.created == 2
    balance, entries = _points(db)
    assert balance == 0 and sum(d for _, d in entries) == 0


def test_the_refill_task_of_an_imported_order_is_in_the_queue_at_once(db, tmp_path):
    _setup(db, tmp_path)
    with db.session() as s:
        member_id = s.scalar(select(Member.id).where(Member.external_id == "C001"))
        assert not s.scalars(select(FollowUpTask.reason).where(FollowUpTask.member_id == member_id)).all()
    result = _orders(db, tmp_path, "", "o.csv")
    assert member_id in result.member_ids
    with db.session() as s:
        reasons = set(s.scalars(select(FollowUpTask.reason).where(FollowUpTask.member_id == member_id)))
    assert "refill" in reasons  # a 30-day pack ordered 25 days ago is due for its refill call


def test_a_preview_and_a_rolled_back_import_earn_nothing(db, tmp_path):
    _setup(db, tmp_path)
    bad = HEADER + ORDER.format(refund="") + "SO2,C404,FO-500,1,10.00,2026-06-01 09:30,,app,,\n"
    path = write(tmp_path, "bad.csv", bad)
    imports.preview_file(db, SYSTEM, CLOCK, kind="orders", path=path)
    result = imports.import_file(db, SYSTEM, CLOCK, kind="orders", path=path, all_or_nothing=True)
    assert result.rolled_back
    assert _points(db) == (0, [])


def test_an_imported_order_records_the_tier_discount_and_members_share_an_address_the_fraud_check_sees(db, tmp_path):
    _setup(db, tmp_path)
    members = ("会员编号,姓名,手机号,会员等级,收货地址\n"
               "C002,李娜,13900000001,silver,上海市  浦东新区 世纪大道１号\n"
               "C003,张伟,13900000002,standard,上海市 浦东新区 世纪大道1号\n")
    result = imports.import_file(db, SYSTEM, CLOCK, kind="members", path=write(tmp_path, "m2.csv", members))
    assert result.failed == 0, result.errors
    path = write(tmp_path, "o2.csv", HEADER + "SO2,C002,FO-500,1,180.00,2026-06-01 09:30,,tmall,,\n")
    assert imports.import_file(db, SYSTEM, CLOCK, kind="orders", path=path).failed == 0
    with db.session() as s:
        addresses = dict(s.execute(select(Member.external_id, Member.address)
                                   .where(Member.external_id.in_(["C002", "C003"]))).all())
        order = s.scalars(select(Order).where(Order.external_id == "SO2")).one()
    # Stored cleaned (NFKC, one space): the two spellings are one address for the fraud check.
    assert addresses == {"C002": "上海市 浦东新区 世纪大道1号", "C003": "上海市 浦东新区 世纪大道1号"}
    assert order.member_tier == "silver" and order.tier_discount_fen == 2000  # 180 yuan paid = 200 less 10%


def test_orders_after_an_upgrade_in_the_same_file_record_the_new_tier(db, tmp_path):
    """The importer writes each order with the member's tier at import; the earning that
    follows records the tier each order was really bought at (silver from 1,000 yuan)."""
    _setup(db, tmp_path)
    rows = ("SO7,C001,FO-500,6,1200.00,2026-06-01 09:30,,tmall,,\n"     # standard; brings silver
            "SO8,C001,FO-500,1,180.00,2026-06-10 09:30,,tmall,,\n"      # bought as silver
            "SO8,C001,PB-30,1,90.00,2026-06-10 09:30,,tmall,,\n")       # its second line, next batch
    result = imports.import_file(db, SYSTEM, CLOCK, kind="orders", path=write(tmp_path, "o7.csv", HEADER + rows),
                                 batch_rows=2)
    assert result.failed == 0, result.errors
    with db.session() as s:
        orders = {o.external_id: (o.member_tier, o.tier_discount_fen, o.amount_fen)
                  for o in s.scalars(select(Order).where(Order.external_id.in_(["SO7", "SO8"])))}
        tier = s.scalars(select(Member.tier).where(Member.external_id == "C001")).one()
    assert tier == "silver"
    assert orders == {"SO7": ("standard", 0, 120_000), "SO8": ("silver", 3_000, 27_000)}  # 270 paid = 300 less 10%

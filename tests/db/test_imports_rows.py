"""Every row is checked on its own and a refused row is reported (row, column, value,
reason) in the --report file and by the exit code; valid rows go in, in one transaction, or
none with --all-or-nothing; a member known by phone is merged; a re-import changes nothing."""

import csv
from pathlib import Path

from sqlalchemy import func, select

from app.cli.main import main
from app.data.tables import ImportRun, Member, Order, OrderLine
from app.services import imports
from app.services.users import SYSTEM
from app.services.exports import neutralize
from tests.db.test_imports import snapshot

PRODUCTS = "sku,name,category,pack_days\nFO-500,深海鱼油,fish_oil,30\n"
MEMBERS = "external_id,name,phone\nC001,王秀英,13812345678\nC002,曾志伟,13912345679\n"
HEADER = "order_id,member_external_id,sku,quantity,amount,ordered_at,delivered_at,channel,batch\n"
GOOD = "G1,C001,FO-500,1,198.00,2026-06-01 09:30,,app,\n"
BAD_ORDERS = [
    ("B1,C001,FO-500,1,198.00,0001-01-01 00:00,,app,", "ordered_at", "0001-01-01 00:00", "is outside 1900..2027"),
    ("B2,C001,FO-500,1,198.00,9999-12-31,,app,", "ordered_at", "9999-12-31", "is outside 1900..2027"),
    ("B3,C001,FO-500,1,198.00,2026-06-01 09:30,9999-12-31 23:59,app,", "delivered_at", "9999-12-31 23:59",
     "is outside 1900..2027"),
    ("B4,C001,FO-500,1,198.00,2026-02-30,,app,", "ordered_at", "2026-02-30", "is not a real date or time"),
    ("B5,C001,FO-500,1,198.00,2026-12-01 09:00,,app,", "ordered_at", "2026-12-01 09:00", "is in the future"),
    ("B6,C0\x0001,FO-500,1,198.00,2026-06-01 09:30,,app,", "member_external_id", "C0\x0001", "contains a NUL byte"),
    ("B7,C001,FO-500,1,-5,2026-06-01 09:30,,app,", "amount", "-5", "is negative"),
    ("B8,C001,FO-500,1,1.2.3,2026-06-01 09:30,,app,", "amount", "1.2.3", "is not yuan with at most two decimals"),
    ("B9,C001,FO-500,一,198.00,2026-06-01 09:30,,app,", "quantity", "一", "is not a whole number"),
    ("B10,C404,FO-500,1,198.00,2026-06-01 09:30,,app,", "member_external_id", "C404", "no member with external_id"),
    ("B11,C001,NOPE,1,198.00,2026-06-01 09:30,,app,", "sku", "NOPE", "no product with sku"),
    ("B12,C001,FO-500,1,198.00,yesterday,,app,", "ordered_at", "yesterday", "is not a date or time"),
    ("B13,C001,FO-500,1,198.00,2026-06-01 09:30,,app", "", "", "expected 9 fields, found 8"),
    ("B14,C001,FO-500,1,198.00,2026-06-01 09:30,,ebay,", "channel", "ebay", "is not one of"),
    (",C001,FO-500,1,198.00,2026-06-01 09:30,,app,", "order_id", "", "order_id is empty"),
]


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return str(path)


def setup_reference(db_url: str, tmp_path: Path) -> None:
    assert main(["--db", db_url, "--today", "2026-06-15", "import", "products", write(tmp_path, "p.csv", PRODUCTS)]) == 0
    assert main(["--db", db_url, "--today", "2026-06-15", "import", "members", write(tmp_path, "m.csv", MEMBERS)]) == 0


def read_report(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_kind_of_bad_order_row_is_reported_and_the_good_ones_go_in(db, db_url, tmp_path, capsys):
    setup_reference(db_url, tmp_path)
    text = HEADER + GOOD + "".join(row + "\n" for row, *_ in BAD_ORDERS)
    report = tmp_path / "rejected.csv"
    code = main(["--db", db_url, "--today", "2026-06-15", "import", "orders", write(tmp_path, "o.csv", text), "--report", str(report)])
    assert code == 1
    rows = read_report(report)
    assert list(rows[0]) == ["row", "column", "value", "reason"]
    assert [int(r["row"]) for r in rows] == list(range(3, 3 + len(BAD_ORDERS)))
    for got, (_, column, value, reason) in zip(rows, BAD_ORDERS):
        assert got["column"] == column, got
        assert got["value"] == neutralize(value.replace("\x00", "\\0")), got  # '-5: no formula
        assert reason in got["reason"], got
    assert f"16 rows read, 1 created, 0 updated, 0 unchanged, {len(BAD_ORDERS)} failed" in capsys.readouterr().out
    with db.session() as s:
        assert s.scalars(select(Order.external_id)).all() == ["G1"]
        wang = s.scalar(select(Member).where(Member.external_id == "C001"))
    assert wang.last_order_at.year == 2026 and wang.total_spent_fen == 19800


def test_all_or_nothing_writes_nothing_when_a_row_is_bad(db, db_url, tmp_path, capsys):
    setup_reference(db_url, tmp_path)
    before = snapshot(db)
    path = write(tmp_path, "o.csv", HEADER + GOOD + BAD_ORDERS[0][0] + "\n")
    assert main(["--db", db_url, "--today", "2026-06-15", "import", "orders", path, "--all-or-nothing"]) == 1
    out = capsys.readouterr()
    assert "nothing imported (--all-or-nothing)" in out.out and "row 3: ordered_at" in out.err
    assert snapshot(db) == before
    with db.session() as s:  # the run is still logged
        assert s.execute(select(ImportRun.rows_read, ImportRun.rows_imported, ImportRun.rows_failed)
                         .order_by(ImportRun.id.desc())).first() == (2, 0, 1)
    assert main(["--db", db_url, "--today", "2026-06-15", "import", "orders", write(tmp_path, "ok.csv", HEADER + GOOD), "--all-or-nothing"]) == 0
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(OrderLine)) == 1


def test_a_member_known_by_phone_is_updated_not_duplicated(db, clock, tmp_path):
    imports.import_file(db, SYSTEM, clock, kind="members", path=write(tmp_path, "a.csv", MEMBERS))
    tmall = "会员ID,姓名,手机号,会员等级\nTM-88,王秀英,+86 138-1234-5678,金卡\nTM-89,李娜,13712345670,\n"
    result = imports.import_file(db, SYSTEM, clock, kind="members", path=write(tmp_path, "tmall.csv", tmall))
    assert (result.created, result.updated, result.merged, result.failed) == (1, 1, 1, 0)
    with db.session() as s:
        rows = s.execute(select(Member.id, Member.external_id, Member.phone_e164, Member.tier, Member.version)
                         .order_by(Member.id)).all()
    assert [tuple(r)[1:] for r in rows] == [("C001", "+8613812345678", "gold", 2), ("C002", "+8613912345679",
                                                                                     "standard", 1),
                                            ("TM-89", "+8613712345670", "standard", 1)]
    assert result.member_ids == {rows[0].id, rows[2].id}
    again = imports.import_file(db, SYSTEM, clock, kind="members", path=write(tmp_path, "tmall.csv", tmall))
    assert (again.created, again.updated, again.unchanged, again.member_ids) == (0, 0, 2, set())


def test_a_reimport_changes_nothing_and_touches_no_member(db, clock, tmp_path):
    imports.import_file(db, SYSTEM, clock, kind="products", path=write(tmp_path, "p.csv", PRODUCTS))
    imports.import_file(db, SYSTEM, clock, kind="members", path=write(tmp_path, "m.csv", MEMBERS))
    path = write(tmp_path, "o.csv", HEADER + GOOD + "G2,C002,FO-500,2,396,2026-06-02,,jd,B1\n")
    first = imports.import_file(db, SYSTEM, clock, kind="orders", path=path)
    assert first.created == 2 and len(first.member_ids) == 2
    before = snapshot(db)
    again = imports.import_file(db, SYSTEM, clock, kind="orders", path=path)
    assert (again.created, again.updated, again.unchanged, again.member_ids) == (0, 0, 2, set())
    assert snapshot(db) == before


def test_orders_split_across_batches_are_checked_against_their_first_row(db, clock, tmp_path):
    imports.import_file(db, SYSTEM, clock, kind="products",
                        path=write(tmp_path, "p.csv", PRODUCTS + "PB-30,益生菌,probiotics,30\n"))
    imports.import_file(db, SYSTEM, clock, kind="members", path=write(tmp_path, "m.csv", MEMBERS))
    text = (HEADER + GOOD + "G1,C001,PB-30,1,100,2026-06-01 09:30,,app,\n"
            "G1,C002,PB-30,1,100,2026-06-01 09:30,,app,\n" + GOOD)
    result = imports.import_file(db, SYSTEM, clock, kind="orders", path=write(tmp_path, "o.csv", text), batch_rows=1)
    assert [str(e) for e in result.errors] == ["row 4: order G1 has another member or ordered_at on row 2",
                                               "row 5: order G1 already has sku FO-500 on row 2"]
    with db.session() as s:
        assert s.scalar(select(Order.amount_fen).where(Order.external_id == "G1")) == 29800


def test_undecodable_bytes_are_a_row_error(db, clock, tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(PRODUCTS.encode() + "".join(f"P{i},益生菌粉{i},probiotics,30\n" for i in range(10)).encode()
                     + b"VT-1,\xe7\x9b\xff\xfe,vitamins,30\n")  # a UTF-8 file with one broken row
    result = imports.import_file(db, SYSTEM, clock, kind="products", path=path)
    assert result.encoding == "utf-8" and result.created == 11 and [e.column for e in result.errors] == ["name"]
    assert "not text in the file's encoding" in result.errors[0].reason


def test_the_queue_follows_the_imported_orders_at_once(db, clock, tmp_path):
    from app.data.tables import FollowUpTask

    imports.import_file(db, SYSTEM, clock, kind="products", path=write(tmp_path, "p.csv", PRODUCTS))
    consenting = "external_id,name,phone,consent\nC001,王秀英,13812345678,yes\n"
    imports.import_file(db, SYSTEM, clock, kind="members", path=write(tmp_path, "m.csv", consenting))
    # A 30-day pack ordered 2026-05-20 runs out around 2026-06-19: a refill call is due now (06-15).
    path = write(tmp_path, "o.csv", HEADER + "R1,C001,FO-500,1,198,2026-05-20 10:00,2026-05-22 10:00,app,\n")
    result = imports.import_file(db, SYSTEM, clock, kind="orders", path=path)
    assert result.created == 1
    with db.session() as s:
        tasks = s.execute(select(FollowUpTask.member_id, FollowUpTask.reason, FollowUpTask.status)).all()
        wang = s.scalar(select(Member.id).where(Member.external_id == "C001"))
    assert (wang, "refill", "open") in [tuple(t) for t in tasks]
    assert {t.member_id for t in tasks} <= result.member_ids
    before = snapshot(db), sorted(tuple(t) for t in tasks)
    imports.import_file(db, SYSTEM, clock, kind="orders", path=path)
    with db.session() as s:
        after = sorted(tuple(t) for t in s.execute(select(FollowUpTask.member_id, FollowUpTask.reason,
                                                                FollowUpTask.status)))
    assert (snapshot(db), after) == before


def test_a_file_without_optional_columns_keeps_the_stored_values(db, clock, tmp_path):
    imports.import_file(db, SYSTEM, clock, kind="products", path=write(tmp_path, "p.csv", PRODUCTS))
    imports.import_file(db, SYSTEM, clock, kind="members",
                        path=write(tmp_path, "m.csv", "external_id,name,phone,tier,consent\nC001,王秀英,13812345678,gold,yes\n"))
    imports.import_file(db, SYSTEM, clock, kind="orders", path=write(tmp_path, "o.csv", HEADER + GOOD.replace(",,app,", ",2026-06-03,jd,B7")))
    before = snapshot(db)
    slim_members = imports.import_file(db, SYSTEM, clock, kind="members",
                                       path=write(tmp_path, "m2.csv", "会员编号,姓名,手机号\nC001,王秀英,13812345678\n"))
    slim_orders = imports.import_file(db, SYSTEM, clock, kind="orders", path=write(
        tmp_path, "o2.csv", "订单编号,会员编号,商品编码,数量,下单时间\nG1,C001,FO-500,1,2026-06-01 09:30\n"))
    assert slim_members.unchanged == 1 and slim_orders.unchanged == 1
    assert snapshot(db) == before  # tier, consent, amount, delivery, channel and batch kept


def test_many_changes_at_once_are_written_right(db, clock, tmp_path):
    """Hundreds of updates take the bulk path (COPY and UPDATE ... FROM on PostgreSQL)."""
    rows = "".join(f"M{i},王{i},139{i:08d},standard,yes\n" for i in range(300))
    head = "external_id,name,phone,tier,consent\n"
    imports.import_file(db, SYSTEM, clock, kind="members", path=write(tmp_path, "a.csv", head + rows))
    changed = imports.import_file(db, SYSTEM, clock, kind="members",
                                  path=write(tmp_path, "b.csv", head + rows.replace(",standard,", ",金卡,")))
    assert changed.updated == 300
    with db.session() as s:
        assert set(s.execute(select(Member.tier, Member.version))) == {("gold", 2)}


def test_a_changed_order_time_applies_to_all_its_lines(db, clock, tmp_path):
    imports.import_file(db, SYSTEM, clock, kind="products",
                        path=write(tmp_path, "p.csv", PRODUCTS + "PB-30,益生菌,probiotics,30\n"))
    imports.import_file(db, SYSTEM, clock, kind="members", path=write(tmp_path, "m.csv", MEMBERS))
    two_lines = HEADER + GOOD + "G1,C001,PB-30,1,100,2026-06-01 09:30,,app,\n"
    imports.import_file(db, SYSTEM, clock, kind="orders", path=write(tmp_path, "o.csv", two_lines))
    moved = two_lines.replace("2026-06-01 09:30", "2026-06-02 10:00")
    result = imports.import_file(db, SYSTEM, clock, kind="orders", path=write(tmp_path, "o2.csv", moved))
    assert result.failed == 0 and result.updated == 1 and result.unchanged == 1, result.errors
    with db.session() as s:
        assert s.scalar(select(Order.ordered_at).where(Order.external_id == "G1")).day == 2

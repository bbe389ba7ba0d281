"""caredesk-admin import products|members|orders: good rows in, bad rows reported by line,
exit code 1 on any bad row, and a second import of the same file changes nothing."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli.main import main
from app.data.tables import ImportRun, Member, Order, OrderLine, Product
from app.data.uow import Database
from app.services import imports
from app.services.users import SYSTEM, Actor
from app.domain.codes import Role
from app.services.errors import PermissionDenied, ValidationError
from tests.support.factories import make_user

PRODUCTS = """sku,name,category,pack_days,daily_dose,dosage
FO-500,深海鱼油软胶囊 500mg,fish_oil,30,1粒,"每粒500mg，每日1粒，随餐服用"
PB-30,益生菌粉,probiotics,30,1袋,每日1袋
VT-C,维生素C,vitamins,thirty,1片,
,无编号,other,30,,
IF-1,婴儿奶粉1段,formula,30,,
"""

MEMBERS = """external_id,name,gender,birth_date,phone,region,tier,consent,best_times,owner
C001,王秀英,F,1980-03-14,138 1234 5678,上海市,gold,yes,12:00-13:30;19:00-21:00,agent1
C002,曾志伟,M,,+86 139-1234-5679,北京市,standard,no,,
C003,李娜,F,1990-1-1,13912345670,,standard,yes,,
C004,张伟,M,,12345,,standard,yes,,
C005,刘洋,M,,13712345671,,platinum,yes,,
C006,陈静,F,,13712345672,,,maybe,,
C007,赵敏,F,,13712345673,,,yes,21:00-19:00,
C008,孙丽,F,,13712345674,,,yes,,nobody
C001,王秀英,F,1980-03-14,13812345678,上海市,gold,yes,,agent1
"""

ORDERS = """order_id,member_external_id,sku,quantity,amount,ordered_at,delivered_at,channel,batch
SO1,C001,FO-500,2,396.00,2026-06-01 09:30,2026-06-03 15:00,tmall,B2605A
SO1,C001,PB-30,1,198.50,2026-06-01 09:30,2026-06-03 15:00,tmall,B2604C
SO2,C001,FO-500,1,198.00,2026-06-10 20:15,,app,
SO3,C002,PB-30,1,198,2026-05-01 08:00,2026-05-02 10:00,jd,
SO4,C009,FO-500,1,198.00,2026-06-10 09:30,,app,
SO5,C002,NOPE,1,198.00,2026-06-10 09:30,,app,
SO6,C002,FO-500,1,198.001,2026-06-10 09:30,,app,
SO7,C002,FO-500,1,198.00,2026/06/10 09:30,,app,
SO8,C002,FO-500,0,198.00,2026-06-10 09:30,,app,
SO9,C002,FO-500,1,198.00,2026-06-10 09:30,2026-06-09 09:30,app,
SO10,C002,FO-500,1,198.00,2026-06-10 09:30,,ebay,
SO1,C002,VT-C,1,10.00,2026-06-01 09:30,,tmall,
SO2,C002,PB-30,1,198.00,2026-06-10 20:15,,app,
"""


def write(tmp_path: Path, name: str, text: str, *, bom: bool = False) -> str:
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return str(path)


def snapshot(db: Database) -> dict[str, list[tuple]]:
    with db.session() as s:
        return {model.__tablename__: [tuple(r) for r in s.execute(select(model.__table__).order_by(model.__table__.c.id))]
                for model in (Product, Member, Order, OrderLine)}


def run(db_url: str, kind: str, path: str, capsys) -> tuple[int, str, str]:
    code = main(["--db", db_url, "import", kind, path])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def team(db, clock):
    with db.session() as s:
        make_user(s, "agent1", at=clock.now())


def test_products_import_reports_bad_rows_and_reimport_changes_nothing(db, db_url, tmp_path, capsys):
    path = write(tmp_path, "products.csv", PRODUCTS, bom=True)
    code, out, err = run(db_url, "products", path, capsys)
    assert code == 1
    assert err.splitlines() == [
        "row 4: pack_days 'thirty' is not a whole number",
        "row 5: sku is empty",
        "row 6: category 'formula' is not one of fish_oil|vitamins|protein_powder|probiotics|infant_formula|baby_food|other",
    ]
    assert "5 rows read, 2 created, 0 updated, 0 unchanged, 3 failed" in out
    with db.session() as s:
        fish = s.scalar(select(Product).where(Product.sku == "FO-500"))
        assert (fish.name, fish.category, fish.pack_days, fish.daily_dose, fish.dosage) == (
            "深海鱼油软胶囊 500mg", "fish_oil", 30, "1粒", "每粒500mg，每日1粒，随餐服用")
    before = snapshot(db)
    code, out, _ = run(db_url, "products", path, capsys)
    assert code == 1 and "0 created, 0 updated, 2 unchanged, 3 failed" in out
    assert snapshot(db) == before


def test_products_import_updates_a_changed_product(db, db_url, tmp_path, capsys):
    run(db_url, "products", write(tmp_path, "a.csv", PRODUCTS), capsys)
    changed = PRODUCTS.replace("PB-30,益生菌粉,probiotics,30", "PB-30,益生菌粉 新包装,probiotics,60")
    code, out, _ = run(db_url, "products", write(tmp_path, "b.csv", changed), capsys)
    assert "1 updated, 1 unchanged" in out
    with db.session() as s:
        assert s.scalar(select(Product.pack_days).where(Product.sku == "PB-30")) == 60


def test_members_import_validates_each_row(db, db_url, team, tmp_path, capsys):
    path = write(tmp_path, "members.csv", MEMBERS)
    code, out, err = run(db_url, "members", path, capsys)
    assert code == 1
    assert err.splitlines() == [
        "row 5: phone: not a valid phone number: '12345'",
        "row 6: tier 'platinum' is not one of standard|silver|gold|diamond",
        "row 7: consent 'maybe' is not one of yes|no",
        "row 8: best_times slot '21:00-19:00' ends before it starts",
        "row 9: owner 'nobody' is not an active agent's user name",
        "row 10: external_id C001 is already on row 2",
    ]
    assert "9 rows read, 3 created" in out
    with db.session() as s:
        wang = s.scalar(select(Member).where(Member.external_id == "C001"))
        zeng = s.scalar(select(Member).where(Member.external_id == "C002"))
        owner_id = s.scalar(select(func.min(Member.owner_id)))
    assert (wang.name_initials, wang.phone_e164, wang.tier, wang.birth_date) == ("wxy", "+8613812345678", "gold", date(1980, 3, 14))
    assert wang.consent and not wang.do_not_call and wang.best_times == "12:00-13:30;19:00-21:00"
    assert wang.owner_id == owner_id is not None and wang.timezone == "Asia/Shanghai"
    assert zeng.name_initials == "zzw" and zeng.do_not_call and not zeng.consent and zeng.owner_id is None
    assert zeng.phone_e164 == "+8613912345679" and zeng.gender == "M" and zeng.birth_date is None

    before = snapshot(db)
    code, out, _ = run(db_url, "members", path, capsys)
    assert code == 1 and "0 created, 0 updated, 3 unchanged, 6 failed" in out
    assert snapshot(db) == before  # versions and updated_at included


def test_orders_import_groups_lines_converts_times_and_updates_members(db, db_url, team, tmp_path, capsys):
    run(db_url, "products", write(tmp_path, "p.csv", PRODUCTS), capsys)
    run(db_url, "members", write(tmp_path, "m.csv", MEMBERS), capsys)
    path = write(tmp_path, "orders.csv", ORDERS)
    code, out, err = run(db_url, "orders", path, capsys)
    assert code == 1
    assert err.splitlines() == [
        "row 6: no member with external_id 'C009'",
        "row 7: no product with sku 'NOPE'",
        "row 8: amount '198.001' is not yuan with at most two decimals (e.g. 198.00)",
        "row 10: quantity must be between 1 and 9999",
        "row 11: delivered_at is before ordered_at",
        "row 12: channel 'ebay' is not one of store|app|tmall|jd|wechat|phone",
        "row 13: no product with sku 'VT-C'",
        "row 14: order SO2 has another member or ordered_at on row 4",
    ]
    assert "13 rows read, 5 created" in out
    with db.session() as s:
        so1 = s.scalar(select(Order).where(Order.external_id == "SO1"))
        lines = s.scalars(select(OrderLine).where(OrderLine.order_id == so1.id).order_by(OrderLine.amount_fen)).all()
        wang = s.scalar(select(Member).where(Member.external_id == "C001"))
        zeng = s.scalar(select(Member).where(Member.external_id == "C002"))
    # 09:30 in Shanghai is 01:30 UTC.
    assert so1.ordered_at == datetime(2026, 6, 1, 1, 30, tzinfo=UTC)
    assert so1.delivered_at == datetime(2026, 6, 3, 7, 0, tzinfo=UTC)
    assert so1.channel == "tmall" and so1.amount_fen == 39600 + 19850
    assert [(ln.quantity, ln.amount_fen, ln.batch_no) for ln in lines] == [(1, 19850, "B2604C"), (2, 39600, "B2605A")]
    assert wang.total_spent_fen == 39600 + 19850 + 19800
    assert wang.first_order_at == datetime(2026, 6, 1, 1, 30, tzinfo=UTC)
    assert wang.last_order_at == datetime(2026, 6, 10, 12, 15, tzinfo=UTC)
    assert zeng.total_spent_fen == 19800 + 19800  # SO3, and SO7 (2026/06/10 is a date now)

    before = snapshot(db)
    code, out, _ = run(db_url, "orders", path, capsys)
    assert code == 1 and "0 created, 0 updated, 5 unchanged, 8 failed" in out
    assert snapshot(db) == before
    with db.session() as s:
        runs = s.execute(select(ImportRun.kind, ImportRun.rows_read, ImportRun.rows_imported, ImportRun.rows_failed)
                         .order_by(ImportRun.id)).all()
    assert [tuple(r) for r in runs[-2:]] == [("orders", 13, 5, 8), ("orders", 13, 5, 8)]
    assert len(runs) == 4


def test_a_clean_file_exits_zero(db_url, tmp_path, capsys):
    path = write(tmp_path, "p.csv", "sku,name,category,pack_days,daily_dose,dosage\nX1,鱼油,fish_oil,30,1粒,\n")
    code, out, err = run(db_url, "products", path, capsys)
    assert code == 0 and err == "" and "1 created" in out


def test_a_missing_column_or_file_is_a_clear_error(sqlite_url, tmp_path, capsys):
    path = write(tmp_path, "p.csv", "sku,name,category\nX1,鱼油,fish_oil\n")
    assert main(["--db", sqlite_url, "import", "products", path]) == 1
    assert "missing column(s): pack_days (expected sku,name,category,pack_days,daily_dose,dosage)" in (
        capsys.readouterr().err)
    assert main(["--db", sqlite_url, "import", "orders", str(tmp_path / "none.csv")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_only_administrators_may_import(db, clock, tmp_path):
    path = write(tmp_path, "p.csv", PRODUCTS)
    agent = Actor(id=None, username="li", role=Role.AGENT)
    with pytest.raises(PermissionDenied):
        imports.import_file(db, agent, clock, kind="products", path=path)
    with pytest.raises(ValidationError):
        imports.import_file(db, SYSTEM, clock, kind="coupons", path=path)


def test_best_times_are_normalized():
    assert imports.parse_best_times(" 12:00-13:30 ; 19:00-21:00 ") == "12:00-13:30;19:00-21:00"
    assert imports.parse_best_times("") == ""
    with pytest.raises(imports.RowInvalid):
        imports.parse_best_times("12-13")
    with pytest.raises(imports.RowInvalid):
        imports.parse_best_times("24:00-25:00")


def test_a_changed_file_updates_lines_orders_and_member_totals(db, db_url, team, tmp_path, capsys):
    run(db_url, "products", write(tmp_path, "p.csv", PRODUCTS), capsys)
    run(db_url, "members", write(tmp_path, "m.csv", MEMBERS), capsys)
    run(db_url, "orders", write(tmp_path, "o.csv", ORDERS), capsys)
    with db.session() as s:
        version = s.scalar(select(Member.version).where(Member.external_id == "C001"))
    changed = ("order_id,member_external_id,sku,quantity,amount,ordered_at,delivered_at,channel,batch\n"
               "SO2,C001,FO-500,3,594.00,2026-06-10 20:15,2026-06-12 10:00,app,B9\n")
    code, out, err = run(db_url, "orders", write(tmp_path, "o2.csv", changed), capsys)
    assert code == 0 and err == "" and "1 updated" in out
    with db.session() as s:
        so2 = s.scalar(select(Order).where(Order.external_id == "SO2"))
        wang = s.scalar(select(Member).where(Member.external_id == "C001"))
    assert so2.amount_fen == 59400 and so2.delivered_at == datetime(2026, 6, 12, 2, 0, tzinfo=UTC)
    assert wang.total_spent_fen == 39600 + 19850 + 59400 and wang.version == version + 1

    members = MEMBERS.replace("C002,曾志伟,M,,+86 139-1234-5679,北京市,standard,no", "C002,曾志伟,M,,+86 139-1234-5679,北京市,silver,yes")
    code, out, _ = run(db_url, "members", write(tmp_path, "m2.csv", members), capsys)
    assert "1 updated, 2 unchanged" in out
    with db.session() as s:
        zeng = s.scalar(select(Member).where(Member.external_id == "C002"))
    assert zeng.tier == "silver" and zeng.consent and not zeng.do_not_call

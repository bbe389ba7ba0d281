"""Files as shops export them: encodings (UTF-8 with and without BOM, GBK, Big5), XLSX with
numeric phones and date cells, sniffed delimiters, Chinese headers, mapping files, and the
header errors that stop a file before any row is read."""

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import xlsxwriter
from sqlalchemy import select

from app.cli.main import main
from app.data.tables import Member, Order, OrderLine, Product
from app.services import imports
from app.services.users import SYSTEM
from app.services.errors import ValidationError

PRODUCTS = "sku,name,category,pack_days,daily_dose,dosage\nFO-500,深海鱼油,fish_oil,30,1粒,\nPB-30,益生菌,probiotics,30,1袋,\n"
ZH_MEMBERS = ("会员编号,姓名,手机号码,会员等级,性别,生日\n"
              "C001,王秀英,138 1234 5678,金卡会员,女,1980年3月14日\n"
              "C002,曾志伟,+86-139-1234-5679,银卡,男,1975/8/1\n")
BIG5_MEMBERS = ("會員編號,姓名,手機號碼,會員等級\n"
                "C001,王秀英,13812345678,金卡會員\n"
                "C002,張偉明,13912345679,鑽石會員\n")


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def members_of(db) -> list[tuple]:
    with db.session() as s:
        return [tuple(r) for r in s.execute(select(Member.external_id, Member.name, Member.phone_e164, Member.tier)
                                            .order_by(Member.external_id))]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_simplified_chinese_files_in_each_encoding(db, clock, tmp_path, encoding):
    path = write(tmp_path, "members.csv", ZH_MEMBERS, encoding)
    result = imports.import_file(db, SYSTEM, clock, kind="members", path=path)
    assert result.failed == 0 and result.created == 2, result.errors
    assert members_of(db) == [("C001", "王秀英", "+8613812345678", "gold"), ("C002", "曾志伟", "+8613912345679", "silver")]
    with db.session() as s:
        wang = s.scalar(select(Member).where(Member.external_id == "C001"))
    assert (wang.gender, wang.birth_date) == ("F", date(1980, 3, 14))
    assert result.encoding in ({"utf-8-sig"} if encoding == "utf-8-sig" else {"utf-8"} if encoding == "utf-8"
                               else {"gb18030"})


def test_big5_is_not_read_as_gb18030(db, clock, tmp_path):
    path = write(tmp_path, "members.csv", BIG5_MEMBERS, "big5")
    result = imports.import_file(db, SYSTEM, clock, kind="members", path=path)
    assert result.encoding.startswith("big5") and result.failed == 0
    assert members_of(db) == [("C001", "王秀英", "+8613812345678", "gold"), ("C002", "張偉明", "+8613912345679", "diamond")]


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_delimiters_are_sniffed(db, clock, tmp_path, delimiter):
    path = write(tmp_path, "p.csv", PRODUCTS.replace(",", delimiter))
    result = imports.import_file(db, SYSTEM, clock, kind="products", path=path)
    assert result.created == 2 and result.failed == 0
    with db.session() as s:
        assert s.scalar(select(Product.name).where(Product.sku == "FO-500")) == "深海鱼油"


def _xlsx(path: Path, rows: list[list], date_cells: dict[tuple[int, int], datetime] | None = None) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if (r, c) in (date_cells or {}):
                sheet.write_datetime(r, c, date_cells[r, c], when)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    book.close()
    return path


def test_xlsx_keeps_phones_and_ids_as_text_and_reads_date_cells(db, clock, tmp_path):
    imports.import_file(db, SYSTEM, clock, kind="products", path=write(tmp_path, "p.csv", PRODUCTS))
    members = _xlsx(tmp_path / "m.xlsx", [["会员ID", "姓名", "手机号"], [10001, "王秀英", 13812345678],
                                          [10002, "李娜", 13912345679]])
    result = imports.import_file(db, SYSTEM, clock, kind="members", path=members)
    assert result.format == "xlsx" and result.failed == 0, result.errors
    assert members_of(db) == [("10001", "王秀英", "+8613812345678", "standard"),
                              ("10002", "李娜", "+8613912345679", "standard")]
    orders = _xlsx(tmp_path / "o.xlsx", [
        ["订单编号", "会员ID", "商品编码", "数量", "实付金额", "下单时间", "收货时间", "渠道"],
        [2026060100001, 10001, "FO-500", 2, 396, "", 46176, "天猫"],   # a date cell; serial day 46176 is 2026-06-03
        [2026060100002, 10002, "PB-30", 1, 198.5, "2026年6月2日 08:15", "", "京东"],
    ], date_cells={(1, 5): datetime(2026, 6, 1, 9, 30)})
    result = imports.import_file(db, SYSTEM, clock, kind="orders", path=orders)
    assert result.failed == 0 and result.created == 2, result.errors
    with db.session() as s:
        rows = s.execute(select(Order.external_id, Order.ordered_at, Order.delivered_at, Order.channel, Order.amount_fen)
                         .order_by(Order.external_id)).all()
    assert [tuple(r) for r in rows] == [
        ("2026060100001", datetime(2026, 6, 1, 1, 30, tzinfo=UTC), datetime(2026, 6, 2, 16, 0, tzinfo=UTC), "tmall",
         39600),
        ("2026060100002", datetime(2026, 6, 2, 0, 15, tzinfo=UTC), None, "jd", 19850),
    ]


def test_chinese_order_headers_and_shop_values(db, clock, tmp_path):
    imports.import_file(db, SYSTEM, clock, kind="products", path=write(tmp_path, "p.csv", PRODUCTS))
    imports.import_file(db, SYSTEM, clock, kind="members", path=write(tmp_path, "m.csv", ZH_MEMBERS))
    orders = ("订单编号,会员编号,商品名称,商品编码,数量,实付金额,付款时间,收货时间,渠道\n"
              "T1,C001,深海鱼油,FO-500,２,\"¥1,298.00\",2026/06/01 09:30,2026-06-03,门店\n"
              "T2,C002,益生菌,PB-30,1,￥１９８,2026年6月2日 20时15分,,小程序\n")
    result = imports.import_file(db, SYSTEM, clock, kind="orders", path=write(tmp_path, "o.csv", orders, "gb18030"))
    assert result.failed == 0 and result.created == 2, result.errors
    with db.session() as s:
        lines = s.execute(select(Order.external_id, Order.channel, OrderLine.quantity, OrderLine.amount_fen,
                                 Order.ordered_at).join(OrderLine).order_by(Order.external_id)).all()
    assert [tuple(r) for r in lines] == [
        ("T1", "store", 2, 129800, datetime(2026, 6, 1, 1, 30, tzinfo=UTC)),
        ("T2", "wechat", 1, 19800, datetime(2026, 6, 2, 12, 15, tzinfo=UTC)),
    ]


def test_a_mapping_file_covers_other_headers(db, db_url, clock, tmp_path, capsys):
    path = write(tmp_path, "p.csv", "货号,品名,分类,天数\nFO-500,深海鱼油,fish_oil,30\n")
    assert main(["--db", db_url, "import", "products", str(path)]) == 1
    assert "unknown column(s): 货号, 分类, 天数" in capsys.readouterr().err
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"货号": "sku", "分类": "category", "天数": "pack_days"}, ensure_ascii=False))
    assert main(["--db", db_url, "import", "products", str(path), "--mapping", str(mapping)]) == 0
    csv_mapping = write(tmp_path, "map.csv", "header,column\n货号,sku\n分类,category\n天数,pack_days\n")
    assert main(["--db", db_url, "import", "products", str(path), "--mapping", str(csv_mapping)]) == 0
    assert "0 created, 0 updated, 1 unchanged" in capsys.readouterr().out
    saved = tmp_path / "saved.json"
    imports.save_mapping(saved, {"货号": "sku", "分类": "category", "天数": "pack_days"})
    assert imports.load_mapping(saved) == {"货号": "sku", "分类": "category", "天数": "pack_days"}


@pytest.mark.parametrize("header, message", [
    ("sku,name,category,pack_days,name", "column 'name' appears twice (columns 2 and 5)"),
    ("sku,商品名称,category,pack_days,name", "columns 2 and 5 both fill name"),
    ("sku,name,category,pack_days,colour", "unknown column(s): colour"),
    ("sku,name,category", "missing column(s): pack_days"),
])
def test_header_errors_stop_the_file_before_any_row(db, clock, tmp_path, header, message):
    path = write(tmp_path, "p.csv", header + "\n" + ",".join(["X1", "鱼油", "fish_oil", "30", "鱼油"][:header.count(",") + 1])
                 + "\n")
    with pytest.raises(ValidationError) as info:
        imports.import_file(db, SYSTEM, clock, kind="products", path=path)
    assert message in info.value.errors["header"]
    with db.session() as s:
        assert s.scalar(select(Product.id)) is None


def test_an_unknown_mapping_target_is_refused(db, clock, tmp_path):
    path = write(tmp_path, "p.csv", PRODUCTS)
    with pytest.raises(ValidationError) as info:
        imports.import_file(db, SYSTEM, clock, kind="products", path=path, mapping={"name": "colour"})
    assert "unknown column(s) colour" in info.value.errors["mapping"]


def test_inspect_file_says_what_was_detected(tmp_path):
    info = imports.inspect_file(write(tmp_path, "m.csv", ZH_MEMBERS.replace(",", ";"), "gb18030"))
    assert (info.format, info.encoding, info.delimiter) == ("csv", "gb18030", ";")
    assert info.header == ["会员编号", "姓名", "手机号码", "会员等级", "性别", "生日"]
    assert [imports.guess("members", h) for h in info.header] == [
        "external_id", "name", "phone", "tier", "gender", "birth_date"]

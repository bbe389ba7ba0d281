"""The column contract of each import kind: the documented English names, the Chinese headers
shop exports use, and mapping files for the rest. A header is resolved before any row is
read: a duplicated, unknown or missing column is an error for the whole file."""

import csv
import json
from pathlib import Path

from app.services.errors import ValidationError

COLUMNS: dict[str, tuple[str, ...]] = {
    "products": ("sku", "name", "category", "pack_days", "daily_dose", "dosage"),
    "members": ("external_id", "name", "gender", "birth_date", "phone", "region", "tier", "consent", "best_times",
                "owner", "address", "referred_by"),
    "orders": ("order_id", "member_external_id", "sku", "quantity", "amount", "ordered_at", "delivered_at",
               "channel", "batch", "refunded"),
}
KINDS = tuple(COLUMNS)
# Columns a file may leave out: they read as empty.
OPTIONAL: dict[str, frozenset[str]] = {
    "products": frozenset({"daily_dose", "dosage"}),
    "members": frozenset({"gender", "birth_date", "region", "tier", "consent", "best_times", "owner", "address",
                          "referred_by"}),
    "orders": frozenset({"delivered_at", "channel", "batch", "amount", "refunded"}),
}

# Headers of the shops' own exports (their app, stores, Tmall, JD, Youzan), per kind.
CHINESE: dict[str, dict[str, str]] = {
    "products": {"商品编码": "sku", "商品编号": "sku", "商家编码": "sku", "商品名称": "name", "品名": "name",
                 "品类": "category", "类目": "category", "每盒天数": "pack_days", "服用天数": "pack_days",
                 "每日用量": "daily_dose", "用法用量": "dosage"},
    "members": {"会员编号": "external_id", "会员ID": "external_id", "会员id": "external_id", "客户编号": "external_id",
                "姓名": "name", "会员姓名": "name", "性别": "gender", "出生日期": "birth_date", "生日": "birth_date",
                "手机号": "phone", "手机号码": "phone", "手机": "phone", "联系电话": "phone", "地区": "region",
                "所在地区": "region", "会员等级": "tier", "等级": "tier", "同意回访": "consent",
                "方便接听时间": "best_times", "专属顾问": "owner", "收货地址": "address", "地址": "address",
                "详细地址": "address", "推荐人": "referred_by", "推荐人编号": "referred_by",
                "推荐人会员编号": "referred_by"},
    "orders": {"订单编号": "order_id", "订单号": "order_id", "会员编号": "member_external_id",
               "会员ID": "member_external_id", "会员id": "member_external_id", "商品编码": "sku", "商品编号": "sku",
               "商家编码": "sku", "数量": "quantity", "购买数量": "quantity", "实付金额": "amount",
               "实付款": "amount", "下单时间": "ordered_at", "付款时间": "ordered_at", "收货时间": "delivered_at",
               "签收时间": "delivered_at", "渠道": "channel", "来源渠道": "channel", "批号": "batch",
               "生产批号": "batch", "退款金额": "refunded", "已退款金额": "refunded"},
}
# Columns exports carry that the import does not need: read and ignored, never an error.
IGNORED: dict[str, frozenset[str]] = {
    "products": frozenset(),
    "members": frozenset(),
    "orders": frozenset({"商品名称", "订单状态", "备注"}),
}
SKIP = ""  # a mapping to "" means: read the column and ignore it

# Big5 files come from Taiwan and Hong Kong shops: their headers and tier names are written
# in traditional characters. Only the characters these headers and names use are listed.
_T2S = str.maketrans("會員編號機碼級單時間實額貨稱數訂區別顧問簽產類購買聯繫話電專屬聽帳鑽銀漢門絡東薦",
                     "会员编号机码级单时间实额货称数订区别顾问签产类购买联系话电专属听账钻银汉门络东荐")


def simplified(text: str) -> str:
    return text.translate(_T2S)


def _key(header: str) -> str:
    return header.replace("\ufeff", "").strip().lower()


def load_mapping(path: str | Path) -> dict[str, str]:
    """A mapping file: JSON {"file header": "column"} or a CSV with two columns (header, column)."""
    try:
        raw = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValidationError({"mapping": f"cannot read {path}: {exc.strerror or exc}"}) from exc
    except UnicodeDecodeError:
        raise ValidationError({"mapping": f"{path} is not UTF-8 text"}) from None
    if raw.lstrip().startswith("{"):
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ValidationError({"mapping": f"{path} is not valid JSON: {exc.msg}"}) from None
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
            raise ValidationError({"mapping": f"{path}: every entry must map a header to a column name"})
        return dict(data)
    rows = [r for r in csv.reader(raw.splitlines()) if r and any(c.strip() for c in r)]
    if rows and [_key(c) for c in rows[0][:2]] == ["header", "column"]:
        rows = rows[1:]
    if any(len(r) != 2 for r in rows):
        raise ValidationError({"mapping": f"{path}: each line must be: file header,column"})
    return {r[0].strip(): r[1].strip() for r in rows}


def save_mapping(path: str | Path, mapping: dict[str, str]) -> None:
    Path(path).write_text(json.dumps(mapping, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def guess(kind: str, header: str, mapping: dict[str, str] | None = None) -> str | None:
    """The column a file header stands for (SKIP to ignore it), or None when unknown."""
    mapping = {_key(k): v for k, v in (mapping or {}).items()}
    key = _key(header)
    if key in mapping:
        return mapping[key]
    if key in COLUMNS[kind]:
        return key
    chinese = CHINESE[kind].get(simplified(header.strip()))
    if chinese is not None:
        return chinese
    if header.strip() in IGNORED[kind] or not key:
        return SKIP
    return None


def resolve(kind: str, header: list[str], mapping: dict[str, str] | None = None) -> list[str]:
    """For each file column, the contract column it fills ("" = ignored); raises on a
    duplicated, unknown or missing column."""
    if kind not in COLUMNS:
        raise ValidationError({"kind": f"must be one of {', '.join(KINDS)}"})
    expected = COLUMNS[kind]
    bad_targets = sorted({v for v in (mapping or {}).values() if v and v not in expected})
    if bad_targets:
        raise ValidationError({"mapping": f"unknown column(s) {', '.join(bad_targets)} "
                                          f"(expected {','.join(expected)})"})
    seen_headers: dict[str, int] = {}
    targets: list[str] = []
    unknown: list[str] = []
    for index, name in enumerate(header, start=1):
        key = _key(name)
        if key and key in seen_headers:
            raise ValidationError({"header": f"column {name.strip()!r} appears twice "
                                             f"(columns {seen_headers[key]} and {index})"})
        seen_headers[key] = index
        target = guess(kind, name, mapping)
        if target is None:
            unknown.append(name.strip())
            target = SKIP
        targets.append(target)
    if unknown:
        raise ValidationError({"header": f"unknown column(s): {', '.join(unknown)} "
                                         f"(expected {','.join(expected)}; use --mapping FILE for others)"})
    filled: dict[str, int] = {}
    for index, target in enumerate(targets, start=1):
        if not target:
            continue
        if target in filled:
            raise ValidationError({"header": f"columns {filled[target]} and {index} both fill {target}"})
        filled[target] = index
    missing = [c for c in expected if c not in filled and c not in OPTIONAL[kind]]
    if missing:
        raise ValidationError({"header": f"missing column(s): {', '.join(missing)} (expected {','.join(expected)})"})
    return targets

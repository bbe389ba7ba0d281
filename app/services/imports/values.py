"""Values as shops write them, checked: each parser returns the value or raises RowInvalid
with the column, the value and the reason the user reads in the report.

Dates: 2026-11-23, 2026/11/23, 2026.11.23, 2026年11月23日, with or without a time, or an
Excel serial day number; only between 1900 and a year after today. Amounts: ¥/￥, thousands
separators, full-width digits, at most two decimals, stored in fen. Tiers and channels by
their code or Chinese name. Text may not hold a NUL byte or an undecodable byte.
"""

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from decimal import Decimal
from functools import lru_cache

from app.domain.codes import SalesChannel, Tier
from app.domain.limits import text_problem
from app.domain.phone import InvalidPhone, Phone, parse_phone
from app.services.imports.columns import simplified
from app.services.imports.reasons import reason_text
from app.services.imports.result import RowError
from app.services.imports.source import UNDECODABLE

EARLIEST = date(1900, 1, 1)
LATEST_AHEAD = timedelta(days=366)
# Full-width digits and punctuation (as typed with a Chinese IME) to ASCII.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，：－／　＋（）", "0123456789.,:-/ +()")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:[\sT]+(\d{1,2})\s*[:时点]\s*(\d{1,2})"
                   r"(?:\s*[:分]\s*(\d{1,2})(?:\.\d+)?\s*秒?|\s*分)?)?$")
_SERIAL = re.compile(r"^\d{1,6}(\.\d+)?$")
_AMOUNT = re.compile(r"^-?\d{1,12}(\.\d{1,2})?$")
PLAIN_AMOUNT = re.compile(r"\d{1,12}(\.\d{1,2})?\Z")
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?\Z")
_SLOT = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")

TIERS: dict[str, str] = {t.value: t.value for t in Tier} | {
    "普通会员": "standard", "普通": "standard", "注册会员": "standard", "银卡会员": "silver", "银卡": "silver",
    "金卡会员": "gold", "金卡": "gold", "钻石会员": "diamond", "钻石卡": "diamond", "钻石": "diamond",
    "黑金会员": "diamond"}
CHANNELS: dict[str, str] = {c.value: c.value for c in SalesChannel} | {
    "门店": "store", "线下门店": "store", "实体店": "store", "app": "app", "官方app": "app", "小程序": "wechat",
    "微信": "wechat", "微信小程序": "wechat", "有赞": "wechat", "天猫": "tmall", "淘宝": "tmall", "天猫旗舰店": "tmall",
    "京东": "jd", "京东自营": "jd", "电话": "phone", "电话订购": "phone"}


class RowInvalid(ValueError):
    """Why a row is refused: a reason code (reasons.py) with its values, the column and the
    cell's value; `reason` is the English phrase the report file holds."""

    def __init__(self, code: str, column: str = "", value: str = "", **params: object) -> None:
        self.code, self.column, self.value = code, column, value
        self.params = {"column": column, "value": value, **params}
        self.reason = reason_text(code, self.params)
        super().__init__(self.reason)

    def error(self, row: int) -> "RowError":
        return RowError(row, self.reason, self.column, self.value, self.code, tuple(self.params.items()))


def clean(values: dict[str, str], name: str) -> str:
    value = values.get(name, "")
    if "\x00" in value or UNDECODABLE in value:
        _refuse_text(name, value)
    return value.strip()


def _refuse_text(name: str, value: str) -> None:
    if "\x00" in value:
        raise RowInvalid("nul", name, value)
    raise RowInvalid("undecodable", name, value)


def text(values: dict[str, str], name: str, *, max_length: int, required: bool = False) -> str:
    value = values.get(name, "")
    if "\x00" in value or UNDECODABLE in value:  # clean(), inlined: this runs for every cell
        _refuse_text(name, value)
    value = value.strip()
    if required and not value:
        raise RowInvalid("empty", name, value)
    if len(value) > max_length:
        raise RowInvalid("too_long", name, value, max_length=max_length)
    if (problem := text_problem(value, max_length=max_length)) is not None:  # the rule of every door
        raise RowInvalid("bad_text", name, value, problem=problem)
    return value


def choice(values: dict[str, str], name: str, allowed: tuple[str, ...], *, default: str | None = None,
           names: dict[str, str] | None = None) -> str:
    raw = clean(values, name)
    if not raw and default is not None:
        return default
    value = raw.upper() if name == "gender" else raw.lower()
    if names is not None:
        value = names.get(value, names.get(simplified(raw), value))
    if value not in allowed:
        raise RowInvalid("not_one_of", name, raw, quoted=repr(raw), allowed="|".join(allowed))
    return value


_TIER_CODES = tuple(t.value for t in Tier)
_CHANNEL_CODES = tuple(c.value for c in SalesChannel)


def tier(values: dict[str, str], name: str = "tier") -> str:
    return choice(values, name, _TIER_CODES, default="standard", names=TIERS)


def channel(values: dict[str, str], name: str = "channel") -> str:
    raw = values.get(name, "")
    code = CHANNELS.get(raw)  # the common case: a code or name as written, nothing to clean
    return code if code is not None else choice(values, name, _CHANNEL_CODES, default="app", names=CHANNELS)


def whole(values: dict[str, str], name: str, *, low: int, high: int) -> int:
    raw = clean(values, name)
    digits = raw.translate(_FULL_WIDTH).replace(",", "")
    try:
        value = int(digits[:-2] if digits.endswith(".0") else digits)
    except ValueError:
        raise RowInvalid("not_whole", name, raw, quoted=repr(raw)) from None
    if not low <= value <= high:
        raise RowInvalid("out_of_bounds", name, raw, low=low, high=high)
    return value


def amount_fen(values: dict[str, str], name: str = "amount") -> int:
    """'¥1,298.00', '￥１２９８', '1298' -> 129800 fen."""
    raw = clean(values, name)
    if PLAIN_AMOUNT.match(raw):  # the usual "198.00": no Decimal, no clean-up
        whole_, _, cents = raw.partition(".")
        return int(whole_) * 100 + int((cents + "00")[:2])
    text_ = raw.translate(_FULL_WIDTH).replace("¥", "").replace("￥", "").replace("元", "").replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text_):
        text_ = text_.replace(",", "")
    if not _AMOUNT.match(text_):
        raise RowInvalid("not_amount", name, raw, quoted=repr(raw))
    fen = int(Decimal(text_) * 100)
    if fen < 0:
        raise RowInvalid("negative", name, raw, quoted=repr(raw))
    return fen


@lru_cache(maxsize=4096)
def _parse_local(raw: str) -> tuple[int, int, int, int, int, int, bool] | None:
    """(y, m, d, H, M, S, has_time) of a written date or time, None when it is not one."""
    if ISO_TIME.match(raw):  # the usual 2026-11-23 09:30: parsed in C
        try:
            m = datetime.fromisoformat(raw)
            return m.year, m.month, m.day, m.hour, m.minute, m.second, len(raw) > 10
        except ValueError:
            pass  # 2026-02-30: the slow path below says what is wrong
    value = raw.translate(_FULL_WIDTH).strip()
    match = _DATE.match(value)
    if match:
        y, m, d, hh, mm, ss = match.groups()
        return int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0), hh is not None
    if _SERIAL.match(value):
        serial = float(value)
        if not 1 <= serial < 2958466:  # Excel's last day is 9999-12-31
            return None
        moment = datetime(1899, 12, 30) + timedelta(days=serial)  # Excel's day 0 (its leap-year bug included)
        moment = moment.replace(microsecond=0)
        return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second,
                not float(serial).is_integer())
    return None


def _local(values: dict[str, str], name: str, today: date, what: str) -> tuple[datetime, bool] | None:
    raw = clean(values, name)
    if not raw:
        return None
    parts = _parse_local(raw)
    if parts is None:
        raise RowInvalid("not_date", name, raw, quoted=repr(raw), what=what)
    try:
        moment = datetime(*parts[:6])
    except ValueError:
        raise RowInvalid("not_real_date", name, raw, quoted=repr(raw), what=what) from None
    if not EARLIEST <= moment.date() <= today + LATEST_AHEAD:
        raise RowInvalid("date_range", name, raw, quoted=repr(raw), first=EARLIEST.year,
                         last=(today + LATEST_AHEAD).year)
    return moment, parts[6]


def day(values: dict[str, str], name: str, today: date) -> date | None:
    parsed = _local(values, name, today, "date")
    return None if parsed is None else parsed[0].date()


def instant(values: dict[str, str], name: str, today: date, tz: tzinfo) -> datetime | None:
    """A local time of the workstation's zone, as UTC; a date alone is its midnight."""
    raw = values.get(name, "")
    if not raw:
        return None
    try:
        return _utc_of(raw, name, today, tz)
    except RowInvalid as exc:  # a fresh copy: cached calls never share an exception
        raise RowInvalid(exc.code, exc.column, exc.value, **{k: v for k, v in exc.params.items()
                                                             if k not in ("column", "value")}) from None


@lru_cache(maxsize=8192)  # the lines of one order, and busy minutes, share their time
def _utc_of(raw: str, name: str, today: date, tz: tzinfo) -> datetime | None:
    parsed = _local({name: raw}, name, today, "date or time")
    return None if parsed is None else parsed[0].replace(tzinfo=tz).astimezone(UTC)


def phone(values: dict[str, str], name: str = "phone") -> Phone:
    raw = clean(values, name)
    try:
        return parse_phone(raw.translate(_FULL_WIDTH))
    except InvalidPhone as exc:
        raise RowInvalid("phone", name, raw, detail=str(exc)) from None


def best_times(text_: str) -> str:
    """'12:00-13:30; 19:00-21:00' -> '12:00-13:30;19:00-21:00'; each slot must end after it starts."""
    slots = [s.strip() for s in text_.translate(_FULL_WIDTH).replace("；", ";").split(";") if s.strip()]
    for slot in slots:
        if _SLOT.match(slot) is None:
            raise RowInvalid("slot_format", "best_times", text_, slot=repr(slot))
        if slot[:5] >= slot[6:]:
            raise RowInvalid("slot_order", "best_times", text_, slot=repr(slot))
    return ";".join(slots)


def yes_no(values: dict[str, str], name: str) -> bool | None:
    raw = clean(values, name)
    key = raw.lower()
    if key in ("yes", "y", "true", "1", "是", "同意"):
        return True
    if key in ("no", "n", "false", "0", "否", "不同意", "拒绝"):
        return False
    if not key:
        return None
    raise RowInvalid("not_one_of", name, raw, quoted=repr(raw), allowed="yes|no")


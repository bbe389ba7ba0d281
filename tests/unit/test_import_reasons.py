"""Every reason a row can be refused for has a Chinese and an English phrase, and the value
parsers fill both from the same values (no placeholder left, no KeyError at import time)."""

import string
from datetime import date
from zoneinfo import ZoneInfo

import pytest

from app.services.imports import values
from app.services.imports.reasons import REASONS, reason_text

TODAY = date(2026, 6, 15)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(REASONS))
def test_each_reason_has_a_chinese_phrase_with_no_value_the_english_lacks(code):
    zh, en = REASONS[code]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), zh
    assert _fields(zh) <= _fields(en) | {"column", "value"}


BAD = [
    (lambda: values.text({"c": "a\x00"}, "c", max_length=5), "nul", "c 含有 NUL 字节"),
    (lambda: values.text({"c": ""}, "c", max_length=5, required=True), "empty", "c 为空"),
    (lambda: values.text({"c": "abcdef"}, "c", max_length=5), "too_long", "c 超过 5 个字符"),
    (lambda: values.whole({"q": "一"}, "q", low=1, high=9), "not_whole", "q '一' 不是整数"),
    (lambda: values.whole({"q": "10"}, "q", low=1, high=9), "out_of_bounds", "q 必须在 1 到 9 之间"),
    (lambda: values.amount_fen({"amount": "-5"}), "negative", "amount '-5' 为负数"),
    (lambda: values.day({"d": "9999-12-31"}, "d", TODAY), "date_range", "d '9999-12-31' 超出 1900..2027 年的范围"),
    (lambda: values.instant({"t": "2026-02-30"}, "t", TODAY, ZoneInfo("Asia/Shanghai")), "not_real_date",
     "t '2026-02-30' 不是真实存在的日期或时间"),
    (lambda: values.phone({"phone": "12345"}), "phone", "phone 不是有效的电话号码：12345"),
    (lambda: values.best_times("21:00-19:00"), "slot_order", "best_times 时段 '21:00-19:00' 结束早于开始"),
    (lambda: values.yes_no({"consent": "maybe"}, "consent"), "not_one_of", "consent 'maybe' 不是 yes|no 之一"),
]


@pytest.mark.parametrize(("parse", "code", "zh"), BAD)
def test_a_refused_value_reads_in_both_languages(parse, code, zh):
    with pytest.raises(values.RowInvalid) as caught:
        parse()
    error = caught.value.error(7)
    assert (error.row, error.code) == (7, code)
    assert error.text("zh") == zh
    assert error.text("en") == error.reason == reason_text(code, dict(error.params))

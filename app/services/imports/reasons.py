"""Why a row was refused, as a code with its values and one phrase per language: the report
file and the CLI read the English, the wizard shows the language of the interface. A new
reason is one entry here; the code and its values are what the importer stores."""

from collections.abc import Mapping
from typing import Any

from app.services.loyalty.referrals import REFUSALS, REFUSALS_ZH

# code -> (zh, en); {column} and {value} are the refused cell, the rest the reason's own values.
REASONS: dict[str, tuple[str, str]] = {
    "fields": ("应有 {expected} 列，实际 {found} 列", "expected {expected} fields, found {found}"),
    "nul": ("{column} 含有 NUL 字节", "{column} contains a NUL byte"),
    "undecodable": ("{column} 含有无法按文件编码解读的字节", "{column} has bytes that are not text in the file's encoding"),
    "empty": ("{column} 为空", "{column} is empty"),
    "too_long": ("{column} 超过 {max_length} 个字符", "{column} is longer than {max_length} characters"),
    # app.domain.limits' rule of every door (control, direction or broken characters).
    "bad_text": ("{column} 含有不允许的字符（{problem}）", "{column}: {problem}"),
    "not_one_of": ("{column} {quoted} 不是 {allowed} 之一", "{column} {quoted} is not one of {allowed}"),
    "not_whole": ("{column} {quoted} 不是整数", "{column} {quoted} is not a whole number"),
    "out_of_bounds": ("{column} 必须在 {low} 到 {high} 之间", "{column} must be between {low} and {high}"),
    "not_amount": ("{column} {quoted} 不是最多两位小数的金额（如 198.00）",
                   "{column} {quoted} is not yuan with at most two decimals (e.g. 198.00)"),
    "negative": ("{column} {quoted} 为负数", "{column} {quoted} is negative"),
    "not_date": ("{column} {quoted} 不是日期或时间（如 2026-11-23 09:30、2026/11/23、2026年11月23日）",
                 "{column} {quoted} is not a {what} (e.g. 2026-11-23 09:30, 2026/11/23, 2026年11月23日)"),
    "not_real_date": ("{column} {quoted} 不是真实存在的日期或时间", "{column} {quoted} is not a real {what}"),
    "date_range": ("{column} {quoted} 超出 {first}..{last} 年的范围", "{column} {quoted} is outside {first}..{last}"),
    "future": ("{column} {quoted} 是将来的时间", "{column} {quoted} is in the future"),
    "not_past": ("{column} {shown} 不是过去的日期", "{column} {shown} is not a past date"),
    "delivered_before": ("delivered_at 早于 ordered_at", "delivered_at is before ordered_at"),
    "phone": ("{column} 不是有效的电话号码：{value}", "{column}: {detail}"),
    "slot_format": ("best_times 时段 {slot} 不是 HH:MM-HH:MM 格式", "best_times slot {slot} is not HH:MM-HH:MM"),
    "slot_order": ("best_times 时段 {slot} 结束早于开始", "best_times slot {slot} ends before it starts"),
    "repeated": ("{column} {shown} 已在第 {row} 行出现", "{column} {shown} is already on row {row}"),
    "no_owner": ("owner {quoted} 不是在职坐席的用户名", "owner {quoted} is not an active agent's user name"),
    "no_referrer": ("推荐人 {quoted} 不是已有会员，也不在本文件前面的行中",
                    "referred_by {quoted} is not a known member nor on an earlier row of this file"),
    "no_member": ("没有 external_id 为 {quoted} 的会员", "no member with external_id {quoted}"),
    "no_product": ("没有 sku 为 {quoted} 的商品", "no product with sku {quoted}"),
    "order_mismatch": ("订单 {order} 的会员或下单时间与第 {row} 行不同",
                       "order {order} has another member or ordered_at on row {row}"),
    "order_other_member": ("订单 {order} 已属于另一位会员", "order {order} already belongs to another member"),
    "line_repeated": ("订单 {order} 的商品 {sku} 已在第 {row} 行出现", "order {order} already has sku {sku} on row {row}"),
}
# The referral rule's refusals (app.services.loyalty.referrals), one reason each.
REASONS.update({f"referral_{code}": (f"推荐不成立：{REFUSALS_ZH[code]}", f"referral refused: {REFUSALS[code]}")
                for code in REFUSALS})
LANGUAGES = ("zh", "en")


def reason_text(code: str, params: Mapping[str, Any], *, lang: str = "en") -> str:
    """The phrase of `code` in `lang` ("zh" or "en"), its values filled in."""
    zh, en = REASONS[code]
    return (zh if lang == "zh" else en).format_map(params)


__all__ = ["LANGUAGES", "REASONS", "reason_text"]

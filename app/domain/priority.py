"""An explainable priority: a score from urgency, value, lateness and reason, plus the
one-line "why" an agent reads (e.g. "深海鱼油 500mg 还剩 4 天用完；金卡会员"). Pure rules.

The score has a stored part (reason, tier, spend, known urgency; kept on the task so the
queue can be read best-first from an index) and a live part added when the queue is shown
(lateness, a callback falling due, the member's best time slot).
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.domain.codes import TaskReason, Tier

REASON_WEIGHT: Mapping[str, int] = {
    TaskReason.CALLBACK: 100,
    TaskReason.REVISIT: 60,
    TaskReason.REFILL: 50,
    TaskReason.CHURN_RISK: 40,
    TaskReason.EFFECT_CHECK: 35,
    TaskReason.DELIVERY_SURVEY: 30,
    TaskReason.NEW_CUSTOMER: 30,
    TaskReason.CARE_MOMENT: 20,
    TaskReason.CADENCE: 15,
}
TIER_WEIGHT: Mapping[str, int] = {Tier.STANDARD: 0, Tier.SILVER: 5, Tier.GOLD: 15, Tier.DIAMOND: 25}
URGENT_COMPLAINT = 80
SEVERE_REACTION = 60
CALLBACK_DUE = 100
BEST_SLOT = 5
SECONDARY_REASON_SHARE = 0.25

_TIER_TEXT = {
    "zh": {Tier.SILVER: "银卡会员", Tier.GOLD: "金卡会员", Tier.DIAMOND: "钻石会员"},
    "en": {Tier.SILVER: "silver member", Tier.GOLD: "gold member", Tier.DIAMOND: "diamond member"},
}


def spend_points(total_spent_fen: int) -> int:
    """0..15: grows with the log of lifetime spend, so big spenders rise but do not dominate."""
    yuan = max(0, total_spent_fen) / 100
    return 0 if yuan < 100 else min(15, int(round(3 * math.log10(yuan / 10))))


def stored_priority(reason: str, *, tier: str = "standard", total_spent_fen: int = 0,
                    urgent_complaint: bool = False, severe_reaction: bool = False,
                    days_left: int | None = None) -> int:
    """The part of the score known when the task is written (kept in follow_up_tasks.priority)."""
    score = REASON_WEIGHT.get(reason, 10) + TIER_WEIGHT.get(tier, 0) + spend_points(total_spent_fen)
    if urgent_complaint:
        score += URGENT_COMPLAINT
    if severe_reaction:
        score += SEVERE_REACTION
    if days_left is not None and reason == TaskReason.REFILL:
        score += max(0, 10 - max(days_left, 0)) * 2  # the closer to running out, the sooner
    return score


@dataclass(frozen=True)
class TaskView:
    """What the live score needs of one open task."""

    reason: str
    priority: int
    due_at: datetime
    why: str


def live_score(tasks: Iterable[TaskView], *, now: datetime, in_best_slot: bool = False) -> int:
    """A member's score for one call: the best task, a share of the others, lateness and a
    callback that has fallen due on top."""
    items = sorted(tasks, key=lambda t: t.priority, reverse=True)
    if not items:
        return 0
    score = float(items[0].priority) + SECONDARY_REASON_SHARE * sum(t.priority for t in items[1:])
    earliest = min(t.due_at for t in items)
    late_days = max(0.0, (now - earliest).total_seconds() / 86400)
    score += min(30.0, 2 * late_days)
    if any(t.reason == TaskReason.CALLBACK and t.due_at <= now for t in items):
        score += CALLBACK_DUE
    if in_best_slot:
        score += BEST_SLOT
    return int(round(score))


def reason_text(reason: str, detail: Mapping[str, Any] | None = None, *, lang: str = "zh") -> str:
    """One short phrase for one reason, from the task's detail."""
    d = detail or {}
    product = d.get("product_name") or ("产品" if lang == "zh" else "product")
    if lang == "en":
        return _reason_text_en(reason, d, product)
    days = d.get("days_left")
    match reason:
        case TaskReason.REFILL:
            if days is None:
                return f"{product} 即将用完"
            return f"{product} 还剩 {days} 天用完" if days > 0 else f"{product} 已用完 {-days} 天"
        case TaskReason.EFFECT_CHECK:
            return f"{product} 首个周期效果回访"
        case TaskReason.DELIVERY_SURVEY:
            return "订单已签收，满意度回访"
        case TaskReason.CHURN_RISK:
            return f"{d.get('days_since', '?')} 天未复购（通常 {d.get('usual_gap', '?')} 天）"
        case TaskReason.REVISIT:
            return "投诉/工单已解决 48 小时，回访确认满意"
        case TaskReason.CADENCE:
            return "高频客户定期关怀" if d.get("segment") == "high" else "季度深度回访"
        case TaskReason.CARE_MOMENT:
            return f"关怀时刻：{d.get('moment', '节日')}"
        case TaskReason.CALLBACK:
            at = d.get("at_local")
            return f"约定回电 {at}" if at else "约定回电"
        case TaskReason.NEW_CUSTOMER:
            return "新客户首单到货回访"
    return str(reason)


def _reason_text_en(reason: str, d: Mapping[str, Any], product: str) -> str:
    product = d.get("product_name_en") or product
    days = d.get("days_left")
    match reason:
        case TaskReason.REFILL:
            if days is None:
                return f"{product} runs out soon"
            return f"{product} runs out in {days} days" if days > 0 else f"{product} ran out {-days} days ago"
        case TaskReason.EFFECT_CHECK:
            return f"{product}: effect check in the first cycle"
        case TaskReason.DELIVERY_SURVEY:
            return "order delivered: satisfaction survey"
        case TaskReason.CHURN_RISK:
            return f"no purchase for {d.get('days_since', '?')} days (usually {d.get('usual_gap', '?')})"
        case TaskReason.REVISIT:
            return "ticket resolved 48 h ago: confirm satisfaction"
        case TaskReason.CADENCE:
            return "regular care call" if d.get("segment") == "high" else "quarterly in-depth call"
        case TaskReason.CARE_MOMENT:
            return f"care moment: {d.get('moment_en') or d.get('moment', 'festival')}"
        case TaskReason.CALLBACK:
            at = d.get("at_local")
            return f"callback booked for {at}" if at else "callback booked"
        case TaskReason.NEW_CUSTOMER:
            return "new customer: first order arrived"
    return str(reason)


def why_line(phrases: Iterable[str], *, tier: str = "standard", urgent_complaint: bool = False,
             severe_reaction: bool = False, lang: str = "zh") -> str:
    """The member's one line: urgency first, then each reason's phrase, then the tier."""
    parts: list[str] = []
    if urgent_complaint:
        parts.append("有未结紧急投诉" if lang == "zh" else "open urgent complaint")
    if severe_reaction:
        parts.append("曾有严重不良反应" if lang == "zh" else "severe adverse reaction")
    parts.extend(p for p in phrases if p)
    tier_text = _TIER_TEXT["en" if lang == "en" else "zh"].get(tier)  # type: ignore[call-overload]
    if tier_text:
        parts.append(tier_text)
    return ("；" if lang == "zh" else "; ").join(parts)

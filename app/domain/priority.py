"""An explainable priority: a score from urgency, value, lateness and reason, plus the
one-line "why" an agent reads (e.g. "深海鱼油 500mg 还剩 4 天用完；金卡会员"). Pure rules.

The score has a stored part per task (reason, tier, spend, a severe reaction, days left)
and a live part per member worked out when the queue is ranked (the other reasons, lateness,
a callback falling due, an open urgent complaint (counted here only, once), ownership, the
member's best time slot). app/services/queue/rank.py mirrors live_score in SQL to rank every
due member; a change here changes it there.
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
OWNER_BONUS = 30  # a care manager sees their own VIPs first
LATENESS_PER_DAY = 2
LATENESS_CAP = 30
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
                    severe_reaction: bool = False, days_left: int | None = None) -> int:
    """The part of the score known when the task is written (kept in follow_up_tasks.priority).
    An open urgent complaint is the member's, not the task's: live_score adds it once."""
    score = REASON_WEIGHT.get(reason, 10) + TIER_WEIGHT.get(tier, 0) + spend_points(total_spent_fen)
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


def live_score(tasks: Iterable[TaskView], *, now: datetime, in_best_slot: bool = False,
               owned: bool = False, urgent_complaint: bool = False) -> int:
    """A member's score for one call: the best task, a share of the others, lateness, a
    callback that has fallen due, an open urgent complaint and ownership on top."""
    items = sorted(tasks, key=lambda t: t.priority, reverse=True)
    if not items:
        return 0
    score = float(items[0].priority) + SECONDARY_REASON_SHARE * sum(t.priority for t in items[1:])
    earliest = min(t.due_at for t in items)
    late_days = max(0.0, (now - earliest).total_seconds() / 86400)
    score += min(float(LATENESS_CAP), LATENESS_PER_DAY * late_days)
    if any(t.reason == TaskReason.CALLBACK and t.due_at <= now for t in items):
        score += CALLBACK_DUE
    if in_best_slot:
        score += BEST_SLOT
    if owned:
        score += OWNER_BONUS
    if urgent_complaint:
        score += URGENT_COMPLAINT
    return int(round(score))


# One phrase per reason and language; `_phrase_key` picks the variant a task's detail needs.
_PHRASES: dict[str, tuple[str, str]] = {
    "refill_soon": ("{product} 即将用完", "{product_en} runs out soon"),
    "refill_left": ("{product} 还剩 {days} 天用完", "{product_en} runs out in {days_en}"),
    "refill_today": ("{product} 今天用完", "{product_en} runs out today"),
    "refill_out": ("{product} 已用完 {overdue} 天", "{product_en} ran out {overdue_en} ago"),
    TaskReason.EFFECT_CHECK: ("{product} 首个周期效果回访", "{product_en}: effect check in the first cycle"),
    TaskReason.DELIVERY_SURVEY: ("订单已签收，满意度回访", "order delivered: satisfaction survey"),
    TaskReason.CHURN_RISK: ("{days_since} 天未复购（通常 {usual_gap} 天）",
                            "no purchase for {days_since_en} (usually {usual_gap})"),
    "churn_since": ("自 {last_purchase} 起未复购（通常 {usual_gap} 天）",
                    "no purchase since {last_purchase} (usually {usual_gap})"),
    "churn_lost": ("流失挽回：{days_since} 天未复购（通常 {usual_gap} 天）",
                   "win-back: no purchase for {days_since_en} (usually {usual_gap})"),
    TaskReason.REVISIT: ("投诉/工单已解决 48 小时，回访确认满意", "ticket resolved 48 h ago: confirm satisfaction"),
    "cadence_high": ("高频客户定期关怀", "regular care call"),
    "cadence_low": ("季度深度回访", "quarterly in-depth call"),
    TaskReason.CARE_MOMENT: ("关怀时刻：{moment}", "care moment: {moment_en}"),
    "callback_at": ("约定回电 {at}", "callback booked for {at}"),
    "callback": ("约定回电", "callback booked"),
    TaskReason.NEW_CUSTOMER: ("新客户首单到货回访", "new customer: first order arrived"),
}


def _phrase_key(reason: str, d: Mapping[str, Any]) -> str:
    if reason == TaskReason.REFILL:
        days = d.get("days_left")
        if days is None:
            return "refill_soon"
        return "refill_left" if days > 0 else "refill_today" if days == 0 else "refill_out"
    if reason == TaskReason.CADENCE:
        return "cadence_high" if d.get("segment") == "high" else "cadence_low"
    if reason == TaskReason.CALLBACK:
        return "callback_at" if d.get("at_local") else "callback"
    if reason == TaskReason.CHURN_RISK and d.get("stage") == "lost":
        return "churn_lost"
    if reason == TaskReason.CHURN_RISK and "days_since" not in d and d.get("last_purchase"):
        return "churn_since"  # the stored task's line: the count is worked out for today
    return reason


def _days_en(n: Any) -> str:
    """English days with the singular for one ("1 day", "3 days")."""
    if not isinstance(n, int):
        return "? days"
    return "1 day" if n == 1 else f"{n} days"


def reason_text(reason: str, detail: Mapping[str, Any] | None = None, *, lang: str = "zh") -> str:
    """One short phrase for one reason, from the task's detail."""
    d = detail or {}
    phrases = _PHRASES.get(_phrase_key(reason, d))
    if phrases is None:
        return str(reason)
    product = d.get("product_name") or ("产品" if lang == "zh" else "product")
    days = d.get("days_left")
    overdue = -days if days is not None else None
    return phrases[1 if lang == "en" else 0].format(
        product=product, product_en=d.get("product_name_en") or product,
        days=days, overdue=overdue, days_en=_days_en(days), overdue_en=_days_en(overdue),
        days_since=d.get("days_since", "?"), days_since_en=_days_en(d.get("days_since")),
        usual_gap=d.get("usual_gap", "?"), last_purchase=d.get("last_purchase"),
        moment=d.get("moment", "节日"), moment_en=d.get("moment_en") or d.get("moment", "festival"),
        at=d.get("at_local"),
    )


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

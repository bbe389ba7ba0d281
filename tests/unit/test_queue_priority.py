"""The explainable score and the one-line why."""

from datetime import UTC, datetime, timedelta

from app.domain.priority import TaskView, live_score, reason_text, stored_priority, why_line

NOW = datetime(2026, 6, 15, 2, 0, tzinfo=UTC)


def test_why_reads_like_the_issue_example():
    phrase = reason_text("refill", {"product_name": "深海鱼油 500mg", "days_left": 4})
    assert why_line([phrase], tier="gold") == "深海鱼油 500mg 还剩 4 天用完；金卡会员"


def test_why_in_english():
    phrase = reason_text("refill", {"product_name": "深海鱼油", "product_name_en": "Fish oil 500 mg", "days_left": 4},
                         lang="en")
    assert why_line([phrase], tier="gold", lang="en") == "Fish oil 500 mg runs out in 4 days; gold member"


def test_urgency_leads_the_why_and_standard_tier_is_not_mentioned():
    line = why_line(["约定回电 15:00"], tier="standard", urgent_complaint=True)
    assert line == "有未结紧急投诉；约定回电 15:00"


def test_every_reason_has_a_phrase():
    for reason in ("refill", "effect_check", "delivery_survey", "churn_risk", "revisit", "cadence",
                   "care_moment", "callback", "new_customer"):
        assert reason_text(reason, {}) and reason_text(reason, {}, lang="en")
    assert reason_text("refill", {"product_name": "鱼油", "days_left": -3}) == "鱼油 已用完 3 天"


def test_value_urgency_and_nearness_raise_the_stored_score():
    base = stored_priority("refill", days_left=8)
    assert stored_priority("refill", days_left=2) > base
    assert stored_priority("refill", days_left=8, tier="diamond") > stored_priority("refill", days_left=8, tier="gold") > base
    assert stored_priority("refill", days_left=8, total_spent_fen=5_000_000) > base
    assert live_score([TaskView("cadence", stored_priority("cadence"), NOW, "")], now=NOW, urgent_complaint=True) \
        > live_score([TaskView("revisit", stored_priority("revisit"), NOW, "")], now=NOW)
    assert stored_priority("callback") > stored_priority("revisit") > stored_priority("cadence")


def test_live_score_adds_lateness_other_reasons_a_due_callback_and_best_slot():
    refill = TaskView("refill", 60, NOW, "")
    late = TaskView("refill", 60, NOW - timedelta(days=5), "")
    assert live_score([late], now=NOW) == live_score([refill], now=NOW) + 10
    assert live_score([refill, TaskView("cadence", 20, NOW, "")], now=NOW) == 65
    callback = TaskView("callback", 100, NOW - timedelta(minutes=1), "")
    assert live_score([callback], now=NOW) == 200
    assert live_score([TaskView("callback", 100, NOW + timedelta(hours=1), "")], now=NOW) == 100
    assert live_score([refill], now=NOW, in_best_slot=True) == 65
    assert live_score([], now=NOW) == 0

"""Numbers and units read naturally in the lines an agent reads and the scripts say (issue
12): never "已用完 0 天" or "1 days", in both languages, for every count of days."""

import re

from hypothesis import given, strategies as st

from app.domain.priority import reason_text
from app.services.calls.scripts import _days


@given(st.integers(min_value=-400, max_value=400))
def test_refill_why_line_never_reads_zero_days_or_1_days(days):
    detail = {"product_name": "深海鱼油", "product_name_en": "Fish oil", "days_left": days}
    zh, en = reason_text("refill", detail), reason_text("refill", detail, lang="en")
    assert not re.search(r"(?<!\d)0 天", zh) and not re.search(r"(?<!\d)[01] days", en)
    if days == 0:
        assert (zh, en) == ("深海鱼油 今天用完", "Fish oil runs out today")
    elif days > 0:
        assert zh == f"深海鱼油 还剩 {days} 天用完"
        assert en == ("Fish oil runs out in 1 day" if days == 1 else f"Fish oil runs out in {days} days")
    else:
        assert zh == f"深海鱼油 已用完 {-days} 天"
        assert en == ("Fish oil ran out 1 day ago" if days == -1 else f"Fish oil ran out {-days} days ago")


def test_churn_line_uses_the_singular_for_one_day():
    assert reason_text("churn_risk", {"days_since": 1, "usual_gap": 30}, lang="en") == \
        "no purchase for 1 day (usually 30)"
    assert reason_text("churn_risk", {"days_since": 45, "usual_gap": 30}, lang="en") == \
        "no purchase for 45 days (usually 30)"
    assert reason_text("churn_risk", {"last_purchase": "2026-04-16", "usual_gap": 30}, lang="en") == \
        "no purchase since 2026-04-16 (usually 30)"  # the stored line; the queue's counts the days


@given(st.integers(min_value=0, max_value=3650))
def test_script_days_read_naturally(n):
    assert _days(n, "en") == ("1 day" if n == 1 else f"{n} days")
    assert _days(n, "zh") == f"{n}天"

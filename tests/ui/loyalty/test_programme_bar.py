"""The programme bar shows the member's programme from the real service and asks for a
redemption only of what the balance covers."""

from datetime import date

from app.services import loyalty
from tests.loyalty.world import World, clock_on
from ui.loyalty.programme_bar import ProgrammeBar


def test_bar_shows_balance_expiry_and_next_tier_and_redeems_what_is_affordable(qtbot, db):
    w = World(db)
    m = w.member(tier="silver")
    w.order(m, date(2025, 7, 1), quantity=3)
    w.order(m, date(2026, 6, 1), quantity=4)
    programme = loyalty.member_programme(db, w.agent, clock_on(date(2026, 6, 15)), m)
    bar = ProgrammeBar()
    qtbot.addWidget(bar)
    bar.set_programme(programme, language="en")
    text = bar.summary.text()
    assert "700 points" in text and "300 expire by 2026-06-30" in text and "4,300 yuan to" in text
    assert bar.rewards.count() == 3 and bar.redeem.isEnabled()  # the gift: 500 <= 700
    with qtbot.waitSignal(bar.redeem_requested) as signal:
        bar.redeem.click()
    assert signal.args == ["gift"]
    bar.rewards.setCurrentIndex(1)  # 1,000 points: more than the balance
    assert not bar.redeem.isEnabled()

"""The console's "Member programme" group shows the KPI module's programme figures (pytest-qt)."""

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate

from app.domain.clock import Clock
from app.domain.codes import Role
from app.domain.periods import range_period
from app.services import dashboard
from app.services.users import Actor
from tests.dashboard.test_programme_kpis import seed_programme
from ui.supervisor.console import SupervisorConsole

JUNE = range_period(date(2026, 6, 1), date(2026, 6, 30))


@pytest.fixture
def clock() -> Clock:
    return Clock.fixed(date(2026, 7, 1), time(10), tz=ZoneInfo("Asia/Shanghai"))


def test_the_programme_group_shows_the_periods_figures(qtbot, make_ctx, db, clock):
    seed_programme(db)
    supervisor = Actor(id=None, username="boss", role=Role.SUPERVISOR)
    console = SupervisorConsole(make_ctx(supervisor), live=False)
    qtbot.addWidget(console)
    console.show()
    console.range_from.setDate(QDate(2026, 6, 1))
    console.range_to.setDate(QDate(2026, 6, 30))
    console.period_kind.setCurrentIndex(console.period_kind.findData("range"))  # reloads
    qtbot.waitUntil(lambda: console.programme.shown is not None and console.programme.shown.buyers > 0, timeout=20_000)
    expected = dashboard.period_programme(db, supervisor, clock, JUNE)
    assert console.programme.shown == expected
    panel = console.programme
    assert panel.value_text("repurchase_rate") == "50.0% (1 / 2)"
    assert panel.value_text("median_interval") == "8 days"
    assert (panel.value_text("churn_warning"), panel.value_text("lost"), panel.value_text("won_back")) == ("1", "1", "1")
    assert (panel.value_text("points_issued"), panel.value_text("points_redeemed"),
            panel.value_text("points_expired")) == ("446", "500", "120")
    assert panel.value_text("tier_movements") == "Standard → Silver: 1"
    assert "Fish oil 50.0%, 8 days" in panel.by_category.text() and "fish_oil" not in panel.by_category.text()

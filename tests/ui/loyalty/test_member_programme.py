"""The member header on a call, on both engines with the real task runner: tier, balance,
points expiring soon and the next tier's distance; Redeem confirmed in a dialog and read
back to the member; Refer through the member search; refusals shown in the bar."""

from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from app.data.loyalty import Referral
from app.data.tables import Member, PointsEntry
from app.services import loyalty
from app.services.members import member_view
from tests.loyalty.world import World, clock_on
from tests.support.factories import make_member
from ui.member.panel import MemberPanel


@pytest.fixture
def world(db) -> World:
    return World(db)


@pytest.fixture
def member(world) -> int:
    """A silver member with 700 points, 300 of them expiring on 1 July 2026."""
    m = world.member(tier="silver")
    world.order(m, date(2025, 7, 1), quantity=3)
    world.order(m, date(2026, 6, 1), quantity=4)
    return m


def _panel(qtbot, make_ctx, world: World, member_id: int) -> MemberPanel:
    ctx = make_ctx(world.agent)
    panel = MemberPanel(ctx.clock, ctx=ctx)
    qtbot.addWidget(panel)
    panel.show()
    panel.show_member(member_view(world.db, world.agent, ctx.clock, member_id))
    qtbot.waitUntil(lambda: "points" in panel.programme_bar.summary.text() and panel.programme_bar.refer.isEnabled())
    return panel


def _ok(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_header_shows_tier_balance_expiring_points_and_the_next_tier(qtbot, make_ctx, world, member, clock):
    assert clock.today() == date(2026, 6, 15)
    panel = _panel(qtbot, make_ctx, world, member)
    text = panel.programme_bar.summary.text()
    assert text == "Silver · 700 points · 300 expire by 2026-06-30 · 4,300 yuan to Gold"
    assert "Points:" not in panel.header.text()  # one balance on screen, the live one
    assert "700 points" in panel.plain_text()


def test_redeem_is_confirmed_in_a_dialog_then_read_back_to_the_member(qtbot, make_ctx, world, member):
    panel = _panel(qtbot, make_ctx, world, member)
    bar, actions = panel.programme_bar, panel.programme
    bar.rewards.setCurrentIndex(0)  # the gift, 500 points
    bar.redeem.click()
    dialog = actions.dialog
    assert dialog.isVisible() and "500 points? 200 points will be left." in dialog.text.text()
    with qtbot.waitSignal(actions.changed, timeout=10_000):
        _ok(dialog)
    qtbot.waitUntil(lambda: "200 points" in bar.summary.text())
    assert bar.message.text() == "Read to the member: 已为您兑换积分礼品，使用500积分，剩余200积分。"
    assert not bar.redeem.isEnabled()  # nothing left the balance covers
    with world.db.session() as s:
        spent = [(e.kind, e.delta) for e in s.scalars(select(PointsEntry).where(PointsEntry.member_id == member,
                                                                              PointsEntry.delta < 0))]
    assert spent == [("redeemed", -500)]


def test_cancelling_the_dialog_redeems_nothing(qtbot, make_ctx, world, member):
    panel = _panel(qtbot, make_ctx, world, member)
    panel.programme_bar.redeem.click()
    panel.programme.dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert world.balance(member) == (700, 700)
    assert not panel.programme_bar.message.isVisible()


def test_a_redemption_the_balance_no_longer_covers_is_refused_on_the_bar(qtbot, make_ctx, world, member):
    panel = _panel(qtbot, make_ctx, world, member)
    # Someone else spent the points after the header was loaded.
    loyalty.redeem(world.db, world.agent, clock_on(date(2026, 6, 15)), member, "gift", client_key="elsewhere")
    panel.programme_bar.redeem.click()
    _ok(panel.programme.dialog)
    bar = panel.programme_bar
    qtbot.waitUntil(lambda: bar.message.isVisible() and "200 points" in bar.summary.text())
    assert bar.message.text() == "Not enough points: this needs 500, the balance is 200"
    assert "#fde7e9" in bar.message.styleSheet()  # shown as a refusal
    assert world.balance(member) == (200, 200)


def _referee(world: World, name: str, initials: str, phone: str) -> int:
    with world.db.session(write=True) as s:
        return make_member(s, at=clock_on(date(2026, 1, 1)).now(), name=name, name_initials=initials,
                           phone=phone).id


def _refer(qtbot, panel: MemberPanel, query: str) -> None:
    panel.programme_bar.refer.click()
    dialog = panel.programme.dialog
    assert not dialog.ok.isEnabled()  # nobody chosen yet
    dialog.search.query.setText(query)  # searched after the typing pause
    qtbot.waitUntil(lambda: dialog.search.results.count() == 1)
    dialog.search.results.setCurrentRow(0)
    assert dialog.ok.isEnabled() and query in dialog.chosen.text()
    _ok(dialog)


def test_refer_finds_the_new_customer_and_records_the_referral(qtbot, make_ctx, world, member):
    referee = _referee(world, "赵敏", "zm", "+8613900000001")
    panel = _panel(qtbot, make_ctx, world, member)
    with qtbot.waitSignal(panel.programme.changed, timeout=10_000):
        _refer(qtbot, panel, "赵敏")
    assert panel.programme_bar.message.text().startswith("Referral recorded")
    with world.db.session() as s:
        rows = [(r.referrer_id, r.referee_id, r.status) for r in s.scalars(select(Referral))]
    assert rows == [(member, referee, "pending")]
    # The referee's first order pays both sides (the service's rule, seen from the call).
    world.order(referee, date(2026, 6, 16), quantity=5)
    assert world.balance(referee)[0] == 550 and world.balance(member)[0] == 750


def test_referring_an_old_customer_is_refused_on_the_bar(qtbot, make_ctx, world, member):
    old = _referee(world, "钱多多", "qdd", "+8613900000002")
    world.order(old, date(2026, 5, 1))
    panel = _panel(qtbot, make_ctx, world, member)
    _refer(qtbot, panel, "钱多多")
    bar = panel.programme_bar
    qtbot.waitUntil(bar.message.isVisible)
    assert bar.message.text() == "Only new customers can be referred: this one has ordered before"
    with world.db.session() as s:
        assert s.scalars(select(Referral)).all() == []
        assert s.get(Member, member).points_balance == 700

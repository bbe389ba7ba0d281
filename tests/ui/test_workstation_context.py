"""The screen shows what the call is about, books callbacks that confirm themselves, lists my
callbacks, renews the claim while the call is open, and redraws panels from the save result."""

import uuid
from html import escape
from datetime import timedelta

import pytest
from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.data.tables import Call, FollowUpTask, Member, Ticket
from app.services.members.view import Supply
from tests.support.factories import make_order, make_product
from tests.ui.test_workstation_calls import open_window, press, save_and_next


def _row_of(ws, member_id):
    return next(r for r in ws.queue.model.rows() if r.item.member_id == member_id)


def _open(qtbot, ws, member_id):
    ws.queue.activated.emit(_row_of(ws, member_id))
    qtbot.waitUntil(lambda: ws.call is not None and ws.call.item.member_id == member_id)
    return ws.call


def test_the_header_leads_with_the_tasks_product_then_last_notes_and_open_tickets(qtbot, db, clock, queue_seed,
                                                                                 make_ctx):
    member_id = queue_seed.member_ids[0]
    now = clock.now()
    with db.session(write=True) as s:
        member = s.get(Member, member_id)
        # A product outgrown a year ago runs out earliest of all: it must not lead.
        old = make_product(s, "VC-100", name="维生素C咀嚼片", category="vitamins")
        make_order(s, member, old, ordered_at=now - timedelta(days=400))
        s.add(Call(client_id=str(uuid.uuid4()), member_id=member_id, started_at=now - timedelta(days=10),
                   saved_at=now - timedelta(days=10), disposition="reached", notes="prefers calls after 10am"))
        s.add(Ticket(member_id=member_id, category="delivery", severity="normal", department="logistics",
                     description="parcel late", opened_at=now - timedelta(days=2), sla_due_at=now + timedelta(days=1)))
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    call = _open(qtbot, ws, member_id)
    about = ws.member.about.text()
    first = about.split("<br>")[0]
    assert "鱼油" in first or "fish oil" in first.lower()
    assert "left" in first and "维生素" not in about
    assert call.item.why and escape(call.item.why) in about  # the queue's why, in full
    assert "prefers calls after 10am" in about
    assert "Open ticket #" in about
    assert ws.member.about.wordWrap()  # wrapped at any width, never cut


def test_a_call_with_no_product_lists_the_supplies_still_in_use_before_the_outgrown(qtbot, db, clock):
    """A churn or cadence call has no product of its own: the header never leads with a
    product used up a year ago (issue 12), it lists what runs out next, then the latest gone."""
    from app.services.members import member_view
    from app.services.users import SYSTEM
    from tests.support.factories import make_member
    from ui.member.panel import MemberPanel

    now = clock.now()
    with db.session(write=True) as s:
        member = make_member(s, at=now - timedelta(days=500))
        for name, days_ago in (("维生素C咀嚼片", 400), ("钙片", 45), ("深海鱼油", 20)):  # 30-day packs
            make_order(s, member, make_product(s, name=name), ordered_at=now - timedelta(days=days_ago))
        member_id = member.id
    panel = MemberPanel(clock)
    qtbot.addWidget(panel)
    panel.show_member(member_view(db, SYSTEM, clock, member_id), task_id=None)
    header = panel.header.text()
    assert header.index("深海鱼油") < header.index("钙片") < header.index("维生素C咀嚼片")


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["ran out 3 days ago", "ran out 1 day ago", "runs out today", "about 1 day left", "about 12 days left"]),
    ("zh_CN", ["已用完 3 天", "已用完 1 天", "今天用完", "约剩 1 天", "约剩 12 天"]),
])
def test_the_headers_supply_lines_read_naturally(qtbot, clock, language, expected):
    """Never "1 days", never "about 0 days left": the header an agent reads out from."""
    from ui.i18n import install_translators
    from ui.member.panel import MemberPanel

    installed = install_translators(QApplication.instance(), language)
    try:
        panel = MemberPanel(clock)
        qtbot.addWidget(panel)
        lines = [panel._supply_line(Supply(1, "Fish oil", "fish_oil", clock.today() + timedelta(days=days), days,
                                           None, None, None, None)) for days in (-3, -1, 0, 1, 12)]
    finally:
        for translator in installed:
            QApplication.instance().removeTranslator(translator)
        QLocale.setDefault(QLocale("en"))
    assert [line.split("'>")[1].split("</span>")[0] for line in lines] == expected


def test_a_callback_booking_confirms_itself_and_joins_my_callbacks(qtbot, db, clock, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    call = _open(qtbot, ws, queue_seed.member_ids[1])
    number = ws.form.bar.codes.index("callback") + 1
    press(qtbot, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.AltModifier)
    local = (clock.now() + timedelta(hours=4)).astimezone(clock.tz)
    ws.form.callback_at.setDateTime(QDateTime(local.date(), local.time().replace(minute=0, second=0, microsecond=0)))
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # save, stay
    qtbot.waitUntil(lambda: ws.call is None and not ws._saving)
    expected = f"Callback booked for {local:%m-%d} {local:%H}:00."
    assert expected in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: ws.callbacks.list.count() == 1)
    assert ws.callbacks.list.item(0).text().startswith(f"{local:%H}:00")
    assert call.item.member_name in ws.callbacks.list.item(0).text()


def test_the_callback_confirmation_reads_in_chinese(qapp):
    from ui.i18n import install_translators
    from ui.workstation.save_text import callback_text

    installed = install_translators(qapp, "zh_CN")
    try:
        text = callback_text({"disposition": "callback", "callback_at": "2026-12-03 14:00"})
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)
    assert text == "已预约 12-03 14:00 回电。"


def test_validation_messages_are_in_the_uis_language(qapp):
    from ui.call.messages import translated
    from ui.i18n import install_translators

    message = "must be a whole number from 1 to 10, got 11"
    assert translated(message) == "Enter a whole number from 1 to 10 (11 is not accepted)"
    installed = install_translators(qapp, "zh_CN")
    try:
        assert translated(message) == "请输入 1 到 10 的整数（11 不可接受）"
    finally:
        for translator in installed:
            qapp.removeTranslator(translator)


def test_the_claim_is_renewed_while_the_call_is_open(qtbot, db, clock, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    call = _open(qtbot, ws, queue_seed.member_ids[2])
    assert ws.calls.lease is not None
    with db.session(write=True) as s:  # as if the call had run long: a minute of lease left
        for task in s.scalars(select(FollowUpTask).where(FollowUpTask.id.in_(call.task_ids))):
            task.lease_until = clock.now() + timedelta(minutes=1)
    ws.calls.lease.tick()

    def lease_left():
        with db.session() as s:
            return s.get(FollowUpTask, call.task_id).lease_until - clock.now()

    qtbot.waitUntil(lambda: lease_left() > timedelta(minutes=5))
    press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: ws.call is None)
    assert ws.calls.lease is None  # no renewal after the call


def test_the_save_result_reaches_the_panels_through_the_hub(qtbot, db, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    heard: list[str] = []
    ws.hub.subscribe("tickets", lambda: heard.append("tickets"))
    ws.hub.subscribe("queue", lambda: heard.append("queue"))
    results = []
    ws.hub.saved.connect(results.append)
    call = _open(qtbot, ws, queue_seed.member_ids[0])
    ws.form.complaint_category.setCurrentIndex(1)
    ws.form.complaint_text.setText("capsules broken")
    press(qtbot, getattr(Qt.Key, "Key_1"), Qt.KeyboardModifier.AltModifier)
    save_and_next(qtbot, ws)
    assert len(results) == 1 and results[0].ticket_ids
    assert "tickets" in heard and "queue" in heard
    with db.session() as s:
        assert s.get(Ticket, results[0].ticket_ids[0]).member_id == call.item.member_id

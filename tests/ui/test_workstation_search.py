"""Find any member from the workstation; opening one for a call goes through the door."""

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.data.tables import FollowUpTask, Member
from tests.ui.test_workstation_calls import open_window, press, type_text


def _search(qtbot, ws, text: str) -> None:
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ws.search.query.hasFocus() and ws.left.currentWidget() is ws.search
    type_text(qtbot, text)
    qtbot.waitUntil(lambda: ws.search.results.count() >= 1)


def test_a_member_found_by_initials_opens_for_a_call(qtbot, db, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    _search(qtbot, ws, "ln")
    assert "李娜" in ws.search.results.item(0).text()
    press(qtbot, Qt.Key.Key_Return)  # to the first hit
    press(qtbot, Qt.Key.Key_Return)  # open it for a call
    qtbot.waitUntil(lambda: ws.call is not None)
    assert ws.call.item.member_name == "李娜"


def test_a_do_not_call_member_found_by_search_is_refused_with_the_rule(qtbot, db, queue_seed, make_ctx):
    member_id = queue_seed.member_ids[2]
    with db.session(write=True) as s:
        s.get(Member, member_id).do_not_call = True
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    _search(qtbot, ws, "zw")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ws.refusal.isVisible())
    assert "do-not-call" in ws.refusal.text() and ws.call is None
    with db.session() as s:
        assert all(t.status == "open" for t in s.scalars(select(FollowUpTask).where(FollowUpTask.member_id == member_id)))

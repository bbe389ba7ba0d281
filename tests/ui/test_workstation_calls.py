"""Whole calls driven from the keyboard only, on a seeded database (SQLite and PostgreSQL)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from app.data.tables import Call, FollowUpTask, PointsEntry, RefillRequest, Ticket
from tests.ui.conftest import activate
from ui.mainwindow import MainWindow


def open_window(qtbot, make_ctx, agent):
    window = MainWindow(make_ctx(agent))
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.reload()
    ws = window.workstation
    ws.calls.confirm = lambda _text: True  # leaving a call asks; these tests say yes (no modal dialog)
    qtbot.waitUntil(lambda: ws.queue.model.rowCount() > 0)
    return window, ws


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the focus is, as the agent's keyboard would send it."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    qtbot.keyClick(target, key, modifier)


def tab_to(qtbot, widget: QWidget, *, limit: int = 60) -> None:
    """Tab (keyboard only) until `widget` has the focus."""
    for _ in range(limit):
        if widget.hasFocus():
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget.objectName()}")


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def next_call(qtbot, ws):
    before = ws.call
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: ws.call is not None and ws.call is not before)
    return ws.call


def save_and_next(qtbot, ws):
    call = ws.call
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: ws.call is not call and not ws._saving and not ws._claiming)


def calls_for(db, task_id):
    with db.session() as s:
        return s.scalars(select(Call).where(Call.task_id == task_id)).all()


def test_a_reached_call_by_keyboard_saves_script_answers_and_opens_the_next(qtbot, db, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    call = next_call(qtbot, ws)
    first_task = call.task_id
    assert ws.member.view.profile.id == call.item.member_id
    assert ws.script.script_id == "refill_fish_oil"

    # The focus starts on the script's first question: "is one a day still right?" -> yes.
    assert QApplication.focusWidget() is ws.script.editor("dose_ok")
    press(qtbot, Qt.Key.Key_Down)
    tab_to(qtbot, ws.script.editor("satisfaction"))
    type_text(qtbot, "9")
    tab_to(qtbot, ws.script.editor("refill"))
    press(qtbot, Qt.Key.Key_Down)  # yes, refill now
    assert ws.form.satisfaction.value() == 9  # answers flow into the outcome form
    assert ws.form.refill_intent.currentData() is True

    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # reached
    assert ws.form.disposition == "reached"
    save_and_next(qtbot, ws)

    saved = calls_for(db, first_task)
    assert len(saved) == 1
    assert saved[0].disposition == "reached" and saved[0].satisfaction == 9
    assert saved[0].answers["dose_ok"] is True and saved[0].answers["refill"] is True
    assert saved[0].script_id == "refill_fish_oil"
    with db.session() as s:
        assert s.get(FollowUpTask, first_task).status == "done"
        assert s.scalar(select(func.count()).select_from(RefillRequest)) == 1
        assert s.scalar(select(func.count()).select_from(PointsEntry)) == 1  # +20 for the survey
    # Ctrl+Enter also opened the next member, and the form is fresh for them.
    assert ws.call is not None and ws.call.task_id != first_task
    assert ws.form.disposition is None and ws.form.satisfaction.value() is None
    qtbot.waitUntil(lambda: "1" in window.stats_label.text())


def test_a_complaint_in_the_script_opens_a_ticket(qtbot, db, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    call = next_call(qtbot, ws)
    tab_to(qtbot, ws.script.editor("satisfaction"))
    type_text(qtbot, "3")  # unhappy: the script branches to the complaint (Feel-Felt-Found)
    assert "complaint" in ws.script.visible_sections()
    tab_to(qtbot, ws.script.editor("complaint_category"))
    press(qtbot, Qt.Key.Key_Down)  # product quality
    tab_to(qtbot, ws.script.editor("complaint_detail"))
    type_text(qtbot, "capsules arrived broken")
    tab_to(qtbot, ws.script.editor("complaint_urgent"))
    press(qtbot, Qt.Key.Key_Down)  # yes: urgent
    assert ws.form.complaint_category.currentData() == "quality"
    assert ws.form.complaint_text.text() == "capsules arrived broken"
    assert ws.form.complaint_severity.currentData() == "urgent"

    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    save_and_next(qtbot, ws)

    with db.session() as s:
        tickets = s.scalars(select(Ticket)).all()
    assert len(tickets) == 1
    ticket = tickets[0]
    assert (ticket.member_id, ticket.category, ticket.severity, ticket.department) == (
        call.item.member_id, "quality", "urgent", "quality")
    assert calls_for(db, call.task_id)[0].complaint_category == "quality"


def test_no_answer_is_rescheduled_for_another_slot(qtbot, db, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    call = next_call(qtbot, ws)
    # The focus is on a choice box: a bare digit is no disposition there; Alt+2 is, from anywhere.
    press(qtbot, Qt.Key.Key_2)
    assert ws.form.disposition is None
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert ws.form.disposition == "no_answer"
    save_and_next(qtbot, ws)

    with db.session() as s:
        task = s.get(FollowUpTask, call.task_id)
        assert task.status == "open" and task.attempts == 1
        assert task.not_before is not None and task.not_before > ws._ctx.clock.now()
        assert task.claimed_by_id is None
    assert calls_for(db, call.task_id)[0].disposition == "no_answer"
    assert ws.call.item.member_id != call.item.member_id


def test_invalid_input_shows_the_field_message_and_writes_nothing(qtbot, db, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    call = next_call(qtbot, ws)
    tab_to(qtbot, ws.script.editor("satisfaction"))
    type_text(qtbot, "8")
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # no answer, yet a satisfaction score
    message = ws.form.error_text("satisfaction")
    assert "Cannot be recorded" in message  # shown beside the field as soon as it is wrong
    assert ws.form.findChild(QWidget, "error_satisfaction").isVisible()

    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not ws._saving)
    assert ws.call is call  # still on the same call
    assert ws.form.satisfaction.value() == 8 and ws.form.disposition == "no_answer"  # nothing typed is lost
    assert calls_for(db, call.task_id) == []
    with db.session() as s:
        assert s.get(FollowUpTask, call.task_id).status == "claimed"


def test_release_gives_the_member_back(qtbot, db, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    call = next_call(qtbot, ws)
    press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: ws.call is None)
    with db.session() as s:
        task = s.get(FollowUpTask, call.task_id)
        assert task.status == "open" and task.claimed_by_id is None
    assert calls_for(db, call.task_id) == []


def test_closing_the_window_releases_open_claims(qtbot, db, queue_seed, make_ctx, runner):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    call = next_call(qtbot, ws)
    window.close()
    qtbot.waitUntil(lambda: not runner.busy)
    with db.session() as s:
        assert s.get(FollowUpTask, call.task_id).status == "open"
        assert s.scalar(select(func.count()).where(FollowUpTask.claimed_by_id.is_not(None))) == 0


def test_next_is_refused_while_a_call_is_open(qtbot, db, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    call = next_call(qtbot, ws)
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)
    assert ws.call is call
    assert "first" in window.statusBar().currentMessage()

"""The workstation never freezes, keeps what was typed when a save fails, and raises callbacks."""

import threading
from datetime import timedelta

from PySide6.QtCore import Qt, QTimer
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from app.data.tables import Call
from app.services.queue import upsert_task
from tests.ui.conftest import activate
from tests.ui.test_workstation_calls import next_call, open_window, press, save_and_next
from ui.mainwindow import MainWindow
from ui.workstation import jobs


def test_the_gui_thread_keeps_turning_while_a_slow_load_runs(qtbot, queue_seed, make_ctx, monkeypatch):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    gate = threading.Event()
    real_claim = jobs.claim_next

    def slow_claim(ctx):
        gate.wait(timeout=30)  # the load is held until the test has seen the GUI work
        return real_claim(ctx)

    monkeypatch.setattr(jobs, "claim_next", slow_claim)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.busy.isVisibleTo(window)  # the busy indicator is on while the load runs
    # While the claim is still blocked in the worker, timers fire and input is handled.
    qtbot.waitUntil(lambda: len(ticks) >= 5)
    ws.queue.search.setFocus()
    qtbot.keyClicks(ws.queue.search, "ln")
    assert ws.queue.proxy.rowCount() == 1 and ws.call is None
    gate.set()
    qtbot.waitUntil(lambda: ws.call is not None)
    timer.stop()
    qtbot.waitUntil(lambda: not window.busy.isVisibleTo(window))


def test_a_failed_save_keeps_everything_typed_and_says_why(qtbot, db, queue_seed, make_ctx, monkeypatch):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    call = next_call(qtbot, ws)
    ws.form.notes.setFocus()
    qtbot.keyClicks(ws.form.notes, "member wants the large pack")
    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    real_record = jobs.record_outcome

    def unreachable(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(jobs, "record_outcome", unreachable)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not ws._saving)
    assert ws.call is call
    assert ws.form.notes.toPlainText() == "member wants the large pack"
    assert ws.form.disposition == "reached"
    assert "Not saved" in ws.form.general_error.text()
    assert "cannot be reached" in window.statusBar().currentMessage()

    # The same outcome (same client id) goes through once the database is back.
    monkeypatch.setattr(jobs, "record_outcome", real_record)
    save_and_next(qtbot, ws)
    with db.session() as s:
        saved = s.scalars(select(Call).where(Call.task_id == call.task_id)).all()
    assert len(saved) == 1 and saved[0].client_id == call.client_id
    assert saved[0].notes == "member wants the large pack"


def test_a_callback_falling_due_raises_a_visible_alert(qtbot, db, clock, queue_seed, make_ctx):
    member_id = queue_seed.member_ids[2]
    with db.session(write=True) as s:
        upsert_task(s, clock, member_id=member_id, reason="callback", due_at=clock.now() - timedelta(minutes=5),
                    assigned_agent_id=queue_seed.agent.id, detail={"at_local": "09:55"})
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    qtbot.waitUntil(ws.alert.isVisible)
    assert "张伟" in ws.alert.text.text()
    press(qtbot, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)  # take the callback
    qtbot.waitUntil(lambda: ws.call is not None)
    assert ws.call.item.member_id == member_id
    assert "callback" in ws.call.item.reasons


def test_splitter_sizes_persist_between_runs(qtbot, queue_seed, make_ctx):
    ctx = make_ctx(queue_seed.agent)
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    activate(qtbot, first)
    first.workstation.main_split.setSizes([300, 600, 400])
    sizes = first.workstation.main_split.sizes()
    first.close()
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    activate(qtbot, second)
    restored = second.workstation.main_split.sizes()
    # The offscreen screen may give the second window another width: the shares persist.
    shares = [round(x / sum(sizes), 2) for x in sizes]
    assert [round(x / sum(restored), 2) for x in restored] == shares


def test_knowledge_base_is_one_key_away(qtbot, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    next_call(qtbot, ws)
    press(qtbot, Qt.Key.Key_F1)
    assert ws.knowledge.query.hasFocus()
    qtbot.keyClicks(ws.knowledge.query, "yy")  # pinyin initials of 鱼油
    assert ws.knowledge.results.count() >= 1
    assert ws.knowledge.answer.toPlainText()


def test_saved_calls_count_in_the_status_bar(qtbot, db, queue_seed, make_ctx):
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    next_call(qtbot, ws)
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    save_and_next(qtbot, ws)
    press(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    save_and_next(qtbot, ws)
    qtbot.waitUntil(lambda: "2" in window.stats_label.text() and "50%" in window.stats_label.text())
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Call)) == 2


def _give_health_profiles(db, clock, member_ids) -> None:
    from app.data.tables import HealthProfile

    with db.session(write=True) as s:
        for member_id in member_ids:
            s.add(HealthProfile(member_id=member_id, conditions="高血压", allergies="海鲜过敏",
                                updated_at=clock.now()))


def test_health_data_is_hidden_from_an_agent_without_the_right(qtbot, db, clock, queue_seed, make_ctx):
    _give_health_profiles(db, clock, queue_seed.member_ids)
    window, ws = open_window(qtbot, make_ctx, queue_seed.agent)
    next_call(qtbot, ws)
    text = ws.member.health.toPlainText()
    assert "hidden" in text and "高血压" not in text
    assert "海鲜过敏" not in ws.member.plain_text()


def test_health_data_shows_for_a_user_allowed_to_see_it(qtbot, db, clock, queue_seed, make_ctx):
    from tests.support.factories import make_user

    _give_health_profiles(db, clock, queue_seed.member_ids)
    with db.session(write=True) as s:
        nurse = make_user(s, "nurse1", can_view_health=True, at=clock.now())
    window, ws = open_window(qtbot, make_ctx, nurse)
    next_call(qtbot, ws)
    assert "高血压" in ws.member.health.toPlainText()


def test_time_boxed_after_call_work_must_end_in_a_saved_form(qtbot, db, queue_seed, make_ctx):
    from ui.settings import AFTER_CALL_MODE, AFTER_CALL_SECONDS

    ctx = make_ctx(queue_seed.agent)
    ctx.settings.set(AFTER_CALL_MODE, "timeboxed")
    ctx.settings.set(AFTER_CALL_SECONDS, 1)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.reload()
    ws = window.workstation
    qtbot.waitUntil(lambda: ws.queue.model.rowCount() > 0)
    call = next_call(qtbot, ws)
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # no answer: after-call work starts
    qtbot.waitUntil(lambda: ws.timers.wrap_expired, timeout=5000)
    assert "left" in ws.timers.wrap_label.text()
    press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # release is refused now
    qtbot.wait(50)
    assert ws.call is call and "time is up" in window.statusBar().currentMessage()
    save_and_next(qtbot, ws)  # completing the form is the way on
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Call)) == 1


def test_on_a_no_call_holiday_next_names_the_holiday_and_where_it_is_set(qtbot, db, clock, queue_seed, make_ctx):
    """A newcomer on a holiday the centre closes for is told why nobody is callable, not just 'nobody'."""
    import dataclasses
    from datetime import date, time

    from app.domain.clock import Clock
    from app.services import settings
    from app.services.users import SYSTEM

    settings.update_settings(db, SYSTEM, clock, "queue", {"no_call_holidays": "dragon_boat"})
    dragon_boat = Clock.fixed(date(2026, 6, 19), time(10), tz=clock.tz)  # the refills are still due
    window = MainWindow(dataclasses.replace(make_ctx(queue_seed.agent), clock=dragon_boat))
    qtbot.addWidget(window)
    activate(qtbot, window)
    window.reload()
    ws = window.workstation
    qtbot.waitUntil(lambda: ws.queue.model.rowCount() > 0 and ws.today is not None)
    assert "Dragon Boat Festival (no calls today)" in window.stats_label.text()
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "no-call day" in ws.banner.text())
    assert ws.call is None
    assert ws.banner.text().startswith("Today is Dragon Boat Festival, a no-call day")
    assert "Settings, Queue rules" in ws.banner.text()

"""The task runner runs jobs off the GUI thread and brings results and errors back to it."""

import threading

import pytest
import shiboken6

from app.services.errors import NotFound
from ui.tasks import SyncRunner


def test_result_arrives_on_the_gui_thread_from_another_thread(qtbot, runner):
    gui = threading.get_ident()
    seen: dict[str, int] = {}

    def job() -> int:
        seen["job"] = threading.get_ident()
        return 42

    got: list[int] = []
    runner.run_db(job, on_success=lambda value: (got.append(value), seen.setdefault("callback", threading.get_ident())))
    qtbot.waitUntil(lambda: got == [42])
    assert seen["job"] != gui
    assert seen["callback"] == gui


def test_database_jobs_run_one_at_a_time_in_order(qtbot, runner):
    order: list[int] = []
    for i in range(5):
        runner.run_db(lambda i=i: i, on_success=order.append)
    qtbot.waitUntil(lambda: len(order) == 5)
    assert order == [0, 1, 2, 3, 4]


def test_errors_go_to_the_error_callback(qtbot, runner):
    errors: list[BaseException] = []

    def job() -> None:
        raise NotFound("no such member")

    runner.run_db(job, on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], NotFound)


def test_known_error_without_handler_is_reported_calmly(qtbot, runner):
    def job() -> None:
        raise NotFound("no such member")

    with qtbot.waitSignal(runner.known_error) as signal:
        runner.run_db(job)
    assert signal.args == ["no such member"]


def test_a_bug_without_handler_is_reported_with_its_traceback(qtbot, runner, caplog):
    def job() -> None:
        raise ZeroDivisionError("boom")

    with qtbot.waitSignal(runner.unhandled_error) as signal:
        runner.run_db(job)
    assert "ZeroDivisionError" in signal.args[1]


def test_busy_is_signalled_while_jobs_run(qtbot, runner):
    states: list[bool] = []
    runner.busy_changed.connect(states.append)
    release = threading.Event()
    runner.run_db(release.wait)
    assert runner.busy
    release.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert states == [True, False]


def test_cancelled_task_does_not_call_back(qtbot, runner):
    got: list[int] = []
    task = runner.run_db(lambda: 1, on_success=got.append)
    task.cancel()
    qtbot.waitUntil(lambda: task.done)
    assert got == []


def test_a_result_for_a_deleted_widget_is_dropped_not_raised(qtbot, runner):
    """A queue load still running when a language switch rebuilds the window lands on a
    panel whose Qt object is gone: nothing to show, and no exception in the event loop."""
    from PySide6.QtWidgets import QLabel

    gate = threading.Event()
    label = QLabel()
    task = runner.run_db(lambda: gate.wait(5) and "late", on_success=label.setText)
    shiboken6.delete(label)
    gate.set()
    qtbot.waitUntil(lambda: task.done)  # delivered and dropped; pytest-qt fails on an exception


def test_sync_runner_calls_back_at_once(qtbot):
    got: list[int] = []
    SyncRunner().run_db(lambda: 7, on_success=got.append)
    assert got == [7]
    with pytest.raises(ZeroDivisionError):
        SyncRunner().run_db(lambda: 1 / 0)


def test_long_job_reports_progress_on_the_gui_thread_and_stops_when_asked(qtbot, runner):
    from PySide6.QtCore import QThread

    gui = QThread.currentThread()
    seen: list[tuple[int, int, str, bool]] = []
    release = threading.Event()

    def job(control):
        for i in range(1, 1000):
            control.progress(i, 999, f"row {i}")
            if i == 3:
                release.wait(5)
            if control.stop_requested():
                return ("stopped", i)
        return ("done", 999)

    results: list = []
    task = runner.run_long(job, on_progress=lambda d, t, text: seen.append((d, t, text, QThread.currentThread() is gui)),
                           on_success=results.append, name="long")
    qtbot.waitUntil(lambda: len(seen) >= 3, timeout=5000)
    task.stop()
    assert task.stopping
    release.set()
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results[0][0] == "stopped" and results[0][1] < 999
    assert seen[0] == (1, 999, "row 1", True) and all(on_gui for *_, on_gui in seen)


def test_sync_runner_runs_a_long_job_with_its_progress():
    seen: list[tuple[int, int]] = []
    results: list = []
    SyncRunner().run_long(lambda control: (control.progress(1, 2), control.progress(2, 2), "ok")[-1],
                          on_progress=lambda d, t, _text: seen.append((d, t)), on_success=results.append)
    assert seen == [(1, 2), (2, 2)] and results == ["ok"]

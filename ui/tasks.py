"""One task runner so slow work never runs on the GUI thread (STYLE.md pattern 2).

Database jobs are serialized on a single worker thread (one writer, and SQLite connections
are never shared between two jobs at once); PDF jobs get their own pool so a long batch does
not hold up the queue. A job is a plain callable that calls services and returns plain data;
its result comes back to the GUI thread by a queued signal, where the callbacks run.
Long jobs (`run_long`: batch exports, imports, report previews) get a `Control` to report
progress and to see a stop request; progress reaches the GUI thread through the same bridge.
Tests inject `SyncRunner`, which has the same interface and runs jobs at once.
"""

import itertools
import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any, Protocol

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.services.errors import known_message

log = logging.getLogger(__name__)

Job = Callable[[], Any]
SuccessCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


ProgressCallback = Callable[[int, int, str], None]  # done, total, text


class Control:
    """What a long job sees of its task: report progress, look whether a stop was asked.

    `progress` may be called from the worker thread; `stop_requested` is a plain callable
    so services can poll it without knowing about Qt.
    """

    def __init__(self, report: ProgressCallback) -> None:
        self._stop = threading.Event()
        self._report = report

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._report(done, total, text)

    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def request_stop(self) -> None:
        self._stop.set()


class Task:
    """A handle on a submitted job; `cancel()` drops its callbacks (the job still finishes);
    `stop()` asks a long job to end early (it still reports what it did)."""

    def __init__(self, name: str, control: Control | None = None) -> None:
        self.name = name
        self.cancelled = False
        self.done = False
        self.control = control

    def cancel(self) -> None:
        self.cancelled = True

    def stop(self) -> None:
        if self.control is not None:
            self.control.request_stop()

    @property
    def stopping(self) -> bool:
        return self.control is not None and self.control.stop_requested()


class Runner(Protocol):
    """What widgets may rely on: both runners below satisfy it."""

    def run_db(self, fn: Job, *, on_success: SuccessCallback | None = None,
               on_error: ErrorCallback | None = None, name: str = "") -> Task: ...

    def run_pdf(self, fn: Job, *, on_success: SuccessCallback | None = None,
                on_error: ErrorCallback | None = None, name: str = "") -> Task: ...

    def run_long(self, fn: Callable[[Control], Any], *, on_progress: ProgressCallback | None = None,
                 on_success: SuccessCallback | None = None, on_error: ErrorCallback | None = None,
                 name: str = "") -> Task: ...


class _Bridge(QObject):
    """Lives on the GUI thread; workers emit on it and Qt queues the call back to this thread.

    One long-lived bridge instead of a QObject per job: nothing Qt-owned is created or
    deleted on a worker thread, so no job can outlive the object it reports to.
    """

    finished = Signal(int, bool, object, str)  # job id, ok, result or exception, traceback
    progressed = Signal(int, int, int, str)  # job id, done, total, text


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Job, bridge: _Bridge) -> None:
        super().__init__()
        # The runner keeps this object until its result is delivered and drops it on the GUI
        # thread; Qt must not delete it on the worker thread under Python's feet.
        self.setAutoDelete(False)
        self._job_id = job_id
        self._fn = fn
        self._bridge = bridge

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the GUI thread
            self._bridge.finished.emit(self._job_id, False, exc, traceback.format_exc())
        else:
            self._bridge.finished.emit(self._job_id, True, result, "")


class _Pending:
    __slots__ = ("task", "job", "on_success", "on_error", "on_progress")

    def __init__(self, task: Task, job: _Job, on_success: SuccessCallback | None,
                 on_error: ErrorCallback | None, on_progress: ProgressCallback | None = None) -> None:
        self.task = task
        self.job = job
        self.on_success = on_success
        self.on_error = on_error
        self.on_progress = on_progress


class TaskRunner(QObject):
    """The application's runner. `busy_changed` drives the busy indicator.

    `unhandled_error(message, traceback)` is emitted for a bug (an exception that is not a
    CareDeskError and that no `on_error` took); `known_error(message)` for a known error
    without its own handler. The main window shows the first in a crash dialog and the
    second calmly in the status bar.
    """

    busy_changed = Signal(bool)
    known_error = Signal(str)
    unhandled_error = Signal(str, str)

    def __init__(self, parent: QObject | None = None, *, pdf_threads: int = 2) -> None:
        super().__init__(parent)
        self._db_pool = QThreadPool(self)
        self._db_pool.setMaxThreadCount(1)
        self._pdf_pool = QThreadPool(self)
        self._pdf_pool.setMaxThreadCount(max(1, pdf_threads))
        # Long jobs (a batch export blocking on its worker processes, an import) get their own
        # threads so the database thread and the PDF previews stay free.
        self._long_pool = QThreadPool(self)
        self._long_pool.setMaxThreadCount(2)
        self._bridge = _Bridge(self)
        self._bridge.finished.connect(self._deliver)
        self._bridge.progressed.connect(self._progress)
        self._pending: dict[int, _Pending] = {}
        self._ids = itertools.count(1)

    # --- submitting -------------------------------------------------------------------

    def run_db(self, fn: Job, *, on_success: SuccessCallback | None = None,
               on_error: ErrorCallback | None = None, name: str = "") -> Task:
        return self._submit(self._db_pool, fn, on_success, on_error, name)

    def run_pdf(self, fn: Job, *, on_success: SuccessCallback | None = None,
                on_error: ErrorCallback | None = None, name: str = "") -> Task:
        return self._submit(self._pdf_pool, fn, on_success, on_error, name)

    def run_long(self, fn: Callable[[Control], Any], *, on_progress: ProgressCallback | None = None,
                 on_success: SuccessCallback | None = None, on_error: ErrorCallback | None = None,
                 name: str = "") -> Task:
        """A long job with progress and stop: `fn(control)` runs on a long-job thread."""
        job_id = next(self._ids)
        bridge = self._bridge
        control = Control(lambda done, total, text: bridge.progressed.emit(job_id, done, total, text))
        return self._submit(self._long_pool, lambda: fn(control), on_success, on_error,
                            name or getattr(fn, "__name__", "job"), job_id=job_id, control=control,
                            on_progress=on_progress)

    def _submit(self, pool: QThreadPool, fn: Job, on_success: SuccessCallback | None,
                on_error: ErrorCallback | None, name: str, *, job_id: int | None = None,
                control: Control | None = None, on_progress: ProgressCallback | None = None) -> Task:
        task = Task(name or getattr(fn, "__name__", "job"), control)
        job_id = next(self._ids) if job_id is None else job_id
        job = _Job(job_id, fn, self._bridge)
        was_idle = not self._pending
        self._pending[job_id] = _Pending(task, job, on_success, on_error, on_progress)
        if was_idle:
            self.busy_changed.emit(True)
        pool.start(job)
        return task

    @Slot(int, bool, object, str)
    def _deliver(self, job_id: int, ok: bool, payload: object, trace: str) -> None:
        pending = self._pending.pop(job_id, None)
        if pending is None:
            return
        try:
            if pending.task.cancelled or _receiver_gone(pending.on_success if ok else pending.on_error):
                return  # cancelled, or the widget it was for was deleted meanwhile (a language switch)
            if ok:
                if pending.on_success is not None:
                    pending.on_success(payload)
            else:
                assert isinstance(payload, BaseException)
                self.report_error(payload, trace, pending.on_error)
        finally:
            pending.task.done = True
            if not self._pending:
                self.busy_changed.emit(False)

    @Slot(int, int, int, str)
    def _progress(self, job_id: int, done: int, total: int, text: str) -> None:
        pending = self._pending.get(job_id)
        if pending is not None and pending.on_progress is not None and not pending.task.cancelled:
            pending.on_progress(done, total, text)

    # --- state ------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def report_error(self, exc: BaseException, trace: str, on_error: ErrorCallback | None) -> None:
        if on_error is not None:
            on_error(exc)
        elif (message := known_message(exc)) is not None:  # CareDeskError, a full or read-only disk
            self.known_error.emit(message)
        else:
            log.error("background job failed:\n%s", trace)
            self.unhandled_error.emit(str(exc) or type(exc).__name__, trace)

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Let running jobs finish (a save in flight must land) before the app exits."""
        for pending in list(self._pending.values()):
            pending.task.stop()  # long jobs end early and keep what they did
        for pool in (self._db_pool, self._pdf_pool, self._long_pool):
            pool.clear()
        for pool in (self._db_pool, self._pdf_pool, self._long_pool):
            pool.waitForDone(timeout_ms)


class SyncRunner(QObject):
    """Runs each job at once on the calling thread; for tests that want no waiting."""

    busy_changed = Signal(bool)
    known_error = Signal(str)
    unhandled_error = Signal(str, str)

    busy = False

    def run_db(self, fn: Job, *, on_success: SuccessCallback | None = None,
               on_error: ErrorCallback | None = None, name: str = "") -> Task:
        task = Task(name or getattr(fn, "__name__", "job"))
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001 - same routing as the threaded runner
            if on_error is not None:
                on_error(exc)
            elif (message := known_message(exc)) is not None:
                self.known_error.emit(message)
            else:
                raise
        else:
            if on_success is not None:
                on_success(result)
        task.done = True
        return task

    run_pdf = run_db

    def run_long(self, fn: Callable[[Control], Any], *, on_progress: ProgressCallback | None = None,
                 on_success: SuccessCallback | None = None, on_error: ErrorCallback | None = None,
                 name: str = "") -> Task:
        control = Control(on_progress or (lambda done, total, text: None))
        return self.run_db(lambda: fn(control), on_success=on_success, on_error=on_error, name=name)

    def shutdown(self, timeout_ms: int = 0) -> None:
        """Nothing runs in the background."""


def _receiver_gone(callback) -> bool:
    """A bound method of a Qt object whose C++ side is deleted: nothing is left to show it."""
    owner = getattr(callback, "__self__", None)
    return isinstance(owner, QObject) and not shiboken6.isValid(owner)

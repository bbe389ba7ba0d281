"""One task runner so slow work never runs on the GUI thread (STYLE.md pattern 2).

Database jobs are serialized on a single worker thread (one writer, and SQLite connections
are never shared between two jobs at once); PDF jobs get their own pool so a long batch does
not hold up the queue. A job is a plain callable that calls services and returns plain data;
its result comes back to the GUI thread by a queued signal, where the callbacks run.
Tests inject `SyncRunner`, which has the same interface and runs jobs at once.
"""

import logging
import traceback
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.services.errors import CareDeskError

log = logging.getLogger(__name__)

Job = Callable[[], Any]
SuccessCallback = Callable[[Any], None]
ErrorCallback = Callable[[BaseException], None]


class Task:
    """A handle on a submitted job; `cancel()` drops its callbacks (the job still finishes)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.cancelled = False
        self.done = False

    def cancel(self) -> None:
        self.cancelled = True


class Runner(Protocol):
    """What widgets may rely on: both runners below satisfy it."""

    def run_db(self, fn: Job, *, on_success: SuccessCallback | None = None,
               on_error: ErrorCallback | None = None, name: str = "") -> Task: ...

    def run_pdf(self, fn: Job, *, on_success: SuccessCallback | None = None,
                on_error: ErrorCallback | None = None, name: str = "") -> Task: ...


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the call back to this thread."""

    succeeded = Signal(object)
    failed = Signal(object, str)

    def __init__(self, runner: "TaskRunner", task: Task, on_success: SuccessCallback | None,
                 on_error: ErrorCallback | None) -> None:
        super().__init__(runner)
        self._runner = runner
        self._task = task
        self._on_success = on_success
        self._on_error = on_error
        self.succeeded.connect(self._deliver_success)
        self.failed.connect(self._deliver_error)

    @Slot(object)
    def _deliver_success(self, result: object) -> None:
        try:
            if not self._task.cancelled and self._on_success is not None:
                self._on_success(result)
        finally:
            self._finish()

    @Slot(object, str)
    def _deliver_error(self, exc: object, trace: str) -> None:
        try:
            if not self._task.cancelled:
                assert isinstance(exc, BaseException)
                self._runner.report_error(exc, trace, self._on_error)
        finally:
            self._finish()

    def _finish(self) -> None:
        self._task.done = True
        self._runner.job_finished(self)


class _Job(QRunnable):
    def __init__(self, fn: Job, relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the GUI thread
            self._relay.failed.emit(exc, traceback.format_exc())
        else:
            self._relay.succeeded.emit(result)


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
        self._relays: set[_Relay] = set()

    # --- submitting -------------------------------------------------------------------

    def run_db(self, fn: Job, *, on_success: SuccessCallback | None = None,
               on_error: ErrorCallback | None = None, name: str = "") -> Task:
        return self._submit(self._db_pool, fn, on_success, on_error, name)

    def run_pdf(self, fn: Job, *, on_success: SuccessCallback | None = None,
                on_error: ErrorCallback | None = None, name: str = "") -> Task:
        return self._submit(self._pdf_pool, fn, on_success, on_error, name)

    def _submit(self, pool: QThreadPool, fn: Job, on_success: SuccessCallback | None,
                on_error: ErrorCallback | None, name: str) -> Task:
        task = Task(name or getattr(fn, "__name__", "job"))
        relay = _Relay(self, task, on_success, on_error)
        was_idle = not self._relays
        self._relays.add(relay)
        if was_idle:
            self.busy_changed.emit(True)
        pool.start(_Job(fn, relay))
        return task

    # --- state ------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def job_finished(self, relay: _Relay) -> None:
        self._relays.discard(relay)
        relay.deleteLater()
        if not self._relays:
            self.busy_changed.emit(False)

    def report_error(self, exc: BaseException, trace: str, on_error: ErrorCallback | None) -> None:
        if on_error is not None:
            on_error(exc)
        elif isinstance(exc, CareDeskError):
            self.known_error.emit(str(exc))
        else:
            log.error("background job failed:\n%s", trace)
            self.unhandled_error.emit(str(exc) or type(exc).__name__, trace)

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Let running jobs finish (a save in flight must land) before the app exits."""
        self._db_pool.clear()
        self._pdf_pool.clear()
        self._db_pool.waitForDone(timeout_ms)
        self._pdf_pool.waitForDone(timeout_ms)


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
            elif isinstance(exc, CareDeskError):
                self.known_error.emit(str(exc))
            else:
                raise
        else:
            if on_success is not None:
                on_success(result)
        task.done = True
        return task

    run_pdf = run_db

    def shutdown(self, timeout_ms: int = 0) -> None:
        """Nothing runs in the background."""

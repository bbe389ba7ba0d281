"""Runs team mode's background work for the window, never on the GUI thread.

`SyncController` owns the pusher loop (a daemon thread: push, back off while the server is
away, flush when it is back) and relays its reports to the GUI thread as a Qt signal.
`ChangeWatcher` polls the change feed on its own thread (woken early by LISTEN/NOTIFY on
PostgreSQL) and emits `changed(topics)` so panels refresh within seconds of another
workstation's claim, a new urgent task, a ticket change or a reassignment.

Both only ever report through signals; a failure is a state shown in the status bar, not
a message box, so an outage cannot pile up dialogs.
"""

import logging
import threading

from PySide6.QtCore import QObject, Signal

from ui.context import Database
from app.domain.clock import Clock
from app.sync.change_feed import ChangeFeed, ChangeListener, enable_notify
from app.sync.server_check import describe, is_unreachable
from app.sync.journal import Journal
from app.sync.outbox import OutcomeSaver, server_save
from app.sync.pusher import Backoff, PushLoop, Pusher, PushReport

log = logging.getLogger(__name__)

WATCH_INTERVAL_S = 2.0  # the promise is 5 s; a poll every 2 s keeps it with room for a slow read


class SyncController(QObject):
    """Journal + pusher for one signed-in window; `report(PushReport)` arrives on the GUI thread."""

    report = Signal(object)

    def __init__(self, db: Database, clock: Clock, *, journal: Journal | None = None, save=None,
                 idle_seconds: float = 5.0, backoff: Backoff | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.journal = journal or Journal()
        # A user's own server login sends that user's outcomes only (the server refuses others).
        self.pusher = Pusher(self.journal, save or server_save(db), agent=db.login_user)
        self._loop = PushLoop(self.pusher, idle_seconds=idle_seconds, backoff=backoff or Backoff(),
                              on_report=self.report.emit)
        self.saver = OutcomeSaver(db, clock, journal=self.journal, wake=self._loop.wake)

    def start(self) -> None:
        """Start pushing; what a killed session left in the journal goes first."""
        self._loop.start()

    def wake(self) -> None:
        self._loop.wake()

    @property
    def last_report(self) -> PushReport | None:
        return self._loop.last_report

    def stop(self, timeout: float = 10.0) -> None:
        """At close: stop the loop (a push in flight finishes); pending entries wait for next start."""
        self._loop.stop(timeout)
        self.journal.close()


class ChangeWatcher(QObject):
    """Polls the change feed off the GUI thread; `changed(frozenset[str])` names the topics."""

    changed = Signal(object)
    online_changed = Signal(bool)

    def __init__(self, db: Database, *, interval_s: float = WATCH_INTERVAL_S, listen: bool = True,
                 ignore_user_id: int | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._interval = interval_s
        self._ignore_user = ignore_user_id
        self._listener: ChangeListener | None = None
        if listen and not db.is_embedded:
            enable_notify()
            self._listener = ChangeListener(db.engine.url.render_as_string(hide_password=False))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._feed: ChangeFeed | None = None
        self.online = True

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="change-watcher", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._listener is not None:
            self._listener.close()

    def _set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.online_changed.emit(online)

    def _run(self) -> None:
        backoff = Backoff(initial=self._interval, maximum=30.0)
        while not self._stop.is_set():
            try:
                if self._feed is None:
                    self._feed = ChangeFeed(self._db)
                batch = self._feed.poll()
            except Exception as exc:  # noqa: BLE001 - sorted: outage is a state, anything else logged
                if not is_unreachable(exc):
                    log.exception("change feed poll failed")
                else:
                    log.info("change feed unreachable: %s", describe(exc))
                self._set_online(False)
                self._stop.wait(backoff.next())
                continue
            backoff.reset()
            self._set_online(True)
            topics = frozenset(c.topic for c in batch.changes if self._ignore_user is None
                               or c.user_id != self._ignore_user)
            if topics:
                self.changed.emit(topics)
            if self._listener is not None:
                self._listener.wait(self._interval)  # returns early on NOTIFY
            else:
                self._stop.wait(self._interval)

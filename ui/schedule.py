"""Scheduled background jobs of a signed-in session, each through the task runner.

Ticket escalation is a write of its own, never part of a read: a supervisor's workstation
escalates the tickets past their SLA every few minutes (as `caredesk-admin tickets
escalate-overdue` does from cron), and tells the open windows by the change feed.

The embedded workstation's daily queue build is a job here too, never part of start-up:
events keep the queue current (refresh_members), so the app opens on the tasks it has and
the build, a while later and at most once a day (build_if_due), adds what time alone
changed. A server's build is its administrator's (`caredesk-admin queue build` from cron).
"""

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from app.services.errors import CareDeskError
from app.services.tickets import escalate_overdue
from app.services.users import Permission
from ui.context import AppContext
from ui.startup import build_queue_when_due

log = logging.getLogger(__name__)
ESCALATION_EVERY_MS = 5 * 60 * 1000
BUILD_FIRST_MS = 3 * 60 * 1000  # after sign-in: the first screens and claims go first
BUILD_EVERY_MS = 30 * 60 * 1000  # a check; the build itself runs once a day


class ScheduledJobs(QObject):
    escalated = Signal(list)  # ticket ids escalated by the last run
    built = Signal(object)  # the daily build's BuildSummary, when one ran

    def __init__(self, ctx: AppContext, parent: QObject | None = None, *,
                 every_ms: int = ESCALATION_EVERY_MS, build_first_ms: int = BUILD_FIRST_MS,
                 build_every_ms: int = BUILD_EVERY_MS) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._running = False
        self._building = False
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.escalate_now)
        if ctx.actor.may(Permission.SUPERVISE):
            self.timer.start()
        self.build_timer = QTimer(self)
        self.build_timer.setInterval(build_first_ms)
        self.build_timer.timeout.connect(self.build_now)
        self._build_every_ms = build_every_ms
        if ctx.db.is_embedded:
            self.build_timer.start()

    def build_now(self) -> None:
        self.build_timer.setInterval(self._build_every_ms)
        if self._building:
            return
        self._building = True
        ctx = self._ctx
        ctx.runner.run_db(lambda: build_queue_when_due(ctx.db, ctx.clock), on_success=self._built,
                          on_error=self._build_failed, name="queue-build")

    def _built(self, summary) -> None:
        self._building = False
        if summary is not None:
            self.built.emit(summary)

    def _build_failed(self, exc: BaseException) -> None:
        self._building = False
        if not isinstance(exc, CareDeskError):
            raise exc
        log.warning("the daily queue build did not run: %s", exc)

    @property
    def active(self) -> bool:
        return self.timer.isActive()

    def escalate_now(self) -> None:
        if self._running:
            return  # the last run is still on the database thread
        self._running = True
        ctx = self._ctx
        ctx.runner.run_db(lambda: escalate_overdue(ctx.db, ctx.actor, ctx.clock), on_success=self._done,
                          on_error=self._failed, name="escalate_overdue")

    def _done(self, ids: list[int]) -> None:
        self._running = False
        if ids:
            self.escalated.emit(ids)

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        if not isinstance(exc, CareDeskError):
            raise exc  # a bug: the runner's crash reporting takes it
        log.warning("ticket escalation did not run: %s", exc)  # e.g. the server is away; next turn

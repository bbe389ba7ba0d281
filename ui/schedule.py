"""Scheduled background jobs of a signed-in session, each through the task runner.

Ticket escalation is a write of its own, never part of a read: a supervisor's workstation
escalates the tickets past their SLA every few minutes (as `caredesk-admin tickets
escalate-overdue` does from cron), and tells the open windows by the change feed.
"""

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from app.services.errors import CareDeskError
from app.services.tickets import escalate_overdue
from app.services.users import Permission
from ui.context import AppContext

log = logging.getLogger(__name__)
ESCALATION_EVERY_MS = 5 * 60 * 1000


class ScheduledJobs(QObject):
    escalated = Signal(list)  # ticket ids escalated by the last run

    def __init__(self, ctx: AppContext, parent: QObject | None = None, *,
                 every_ms: int = ESCALATION_EVERY_MS) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._running = False
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.escalate_now)
        if ctx.actor.may(Permission.SUPERVISE):
            self.timer.start()

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
